#include "nanoprocess/compose.h"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "nanoprocess/link_plan.h"
#include "witx/ast.h"

namespace nanoproc::api {

struct Composition::Proc {
  const ComposeProcess* spec = nullptr;
  std::optional<Module> module;
  std::unique_ptr<Nanoprocess> np;
  std::vector<size_t> imports_from;  // indexes of spec_.links where this is the importer
};

Composition::~Composition() = default;

namespace {

Error at(const SourceLoc& loc, ErrorKind kind, std::string msg) { return Error(kind, std::move(msg), loc); }

bool is_wasi_module(const std::string& m) { return m == "wasi_snapshot_preview1" || m == "wasi_unstable"; }

// Whether calls of `wm` pass values through the importer's memory, and allocate in it.
void importer_needs(const witx::Module& wm, bool* memory, bool* realloc) {
  for (const witx::Func& f : wm.funcs) {
    for (const witx::LoweredParam& lp : f.core.lowered)
      if (lp.how != witx::Lowering::Value) *memory = true;
    for (const witx::TypeRef* r : f.core.retptrs) {
      *memory = true;
      if (!is_flat(r->type())) *realloc = true;
    }
  }
}

}  // namespace

Nanoprocess* Composition::find(const std::string& name) {
  for (auto& p : procs_)
    if (p->spec->name == name) return p->np.get();
  return nullptr;
}

Status Composition::check_imports(size_t index) const {
  const Proc& p = *procs_[index];
  const ComposeProcess& ps = *p.spec;
  // Linked import modules of this nanoprocess, and what their interfaces declare.
  std::map<std::string, const witx::Module*> linked;
  for (size_t li : p.imports_from) {
    const ComposeLink& l = spec_.links[li];
    const witx::Module* wm = interfaces_.at(l.interface_path).document().find_module(l.witx_module);
    linked[l.import_module.empty() ? l.witx_module : l.import_module] = wm;
  }
  for (const auto& imp : p.module->imports()) {
    if (is_wasi_module(imp.module)) continue;  // WASI is always there, limited to the granted capabilities
    auto it = linked.find(imp.module);
    if (it == linked.end())
      return at(ps.loc, ErrorKind::Unlinkable,
                fmt::format("nanoprocess \"{}\" imports \"{}\" \"{}\", which was not granted: no [[link]] with importer = "
                            "\"{}\" provides module \"{}\"",
                            ps.name, imp.module, imp.name, ps.name, imp.module));
    if (imp.kind != ExternType::Func || !it->second->find_func(imp.name))
      return at(ps.loc, ErrorKind::Unlinkable,
                fmt::format("nanoprocess \"{}\" imports \"{}\" \"{}\", which interface module `{}` does not declare",
                            ps.name, imp.module, imp.name, it->second->name));
  }
  // The importer side of each link: its memory and allocator.
  for (const auto& [mod, wm] : linked) {
    bool memory = false, realloc = false;
    importer_needs(*wm, &memory, &realloc);
    bool has_memory = false, has_realloc = false;
    for (const auto& e : p.module->exports()) {
      if (e.name == "memory" && e.kind == ExternType::Memory) has_memory = true;
      if (e.name == "cabi_realloc" && e.kind == ExternType::Func) has_realloc = true;
    }
    if ((memory && !has_memory) || (realloc && !has_realloc))
      return at(ps.loc, ErrorKind::Unlinkable,
                fmt::format("nanoprocess \"{}\" must export `{}`: interface module `{}` passes {} through its memory",
                            ps.name, memory && !has_memory ? "memory" : "cabi_realloc", wm->name,
                            memory && !has_memory ? "values" : "lists it receives"));
  }
  return {};
}

Expected<Nanoprocess> Composition::spawn_one(size_t index) {
  Proc& p = *procs_[index];
  const ComposeProcess& ps = *p.spec;
  std::vector<Link> links;
  for (size_t li : p.imports_from) {
    const ComposeLink& l = spec_.links[li];
    size_t ei = 0;
    while (procs_[ei]->spec->name != l.exporter) ++ei;
    LinkOptions opts;
    opts.import_module = l.import_module;
    opts.exporter_name = l.exporter;
    if (procs_[ei]->spec->restart)
      opts.respawn = [this, ei] {
        if (log_)
          log_(fmt::format("nanoprocess \"{}\" ended ({}); respawning it", procs_[ei]->spec->name,
                           procs_[ei]->np->end_reason()));
        return spawn_one(ei);
      };
    auto link = Link::make(interfaces_.at(l.interface_path), l.witx_module, *procs_[ei]->np, std::move(opts));
    if (!link) return at(l.loc, link.error().kind(), link.error().message());
    links.push_back(std::move(*link));
  }
  auto np = Nanoprocess::spawn(*engine_, *p.module, ps.caps, ps.limits, [&](Store& s, Linker& linker) {
    for (const Link& l : links) l.define(s, linker);
  });
  if (!np) return at(ps.loc, np.error().kind(), fmt::format("nanoprocess \"{}\": {}", ps.name, np.error().message()));
  if (ps.name != spec_.entry && np->instance().func("_initialize")) {
    if (auto r = np->call("_initialize", {}); !r)
      return at(ps.loc, r.error().kind(), fmt::format("nanoprocess \"{}\": _initialize: {}", ps.name, r.error().message()));
  }
  return np;
}

Expected<std::unique_ptr<Composition>> Composition::start(const Engine& engine, const ComposeSpec& spec, Log log) {
  std::unique_ptr<Composition> c(new Composition());
  c->log_ = std::move(log);
  c->engine_.emplace(engine);
  c->spec_ = spec;
  const ComposeSpec& s = c->spec_;
  auto index_of = [&](const std::string& name) -> std::optional<size_t> {
    for (size_t i = 0; i < s.processes.size(); ++i)
      if (s.processes[i].name == name) return i;
    return std::nullopt;
  };
  for (const ComposeProcess& ps : s.processes) {
    auto p = std::make_unique<Proc>();
    p->spec = &ps;
    c->procs_.push_back(std::move(p));
  }
  if (!index_of(s.entry))
    return at(s.entry_loc, ErrorKind::Usage, fmt::format("the entry \"{}\" is not a declared nanoprocess", s.entry));

  for (size_t li = 0; li < s.links.size(); ++li) {
    const ComposeLink& l = s.links[li];
    auto imp = index_of(l.importer), exp = index_of(l.exporter);
    if (!imp) return at(l.loc, ErrorKind::Usage, fmt::format("link: no nanoprocess \"{}\" (importer)", l.importer));
    if (!exp) return at(l.loc, ErrorKind::Usage, fmt::format("link: no nanoprocess \"{}\" (exporter)", l.exporter));
    if (*imp == *exp) return at(l.loc, ErrorKind::Usage, fmt::format("link: \"{}\" cannot import from itself", l.importer));
    if (!c->interfaces_.count(l.interface_path)) {
      auto iface = Interface::load(l.interface_path);
      if (!iface) {
        Error e = std::move(iface).error();
        if (!e.loc().has_line()) e.loc() = l.loc;
        return e;
      }
      c->interfaces_.emplace(l.interface_path, std::move(*iface));
    }
    const Interface& iface = c->interfaces_.at(l.interface_path);
    if (l.witx_module.empty()) {
      auto names = iface.module_names();
      if (names.size() != 1)
        return at(l.loc, ErrorKind::Usage,
                  fmt::format("link: {} declares {} modules; say which with `module = \"...\"`", l.interface_path,
                              names.size()));
      c->spec_.links[li].witx_module = names[0];
    } else if (!iface.document().find_module(l.witx_module)) {
      return at(l.loc, ErrorKind::Usage, fmt::format("link: {} declares no module `{}`", l.interface_path, l.witx_module));
    }
    for (size_t other : c->procs_[*imp]->imports_from) {
      const ComposeLink& o = s.links[other];
      auto name = [](const ComposeLink& k) { return k.import_module.empty() ? k.witx_module : k.import_module; };
      if (name(o) == name(s.links[li]))
        return at(l.loc, ErrorKind::Usage,
                  fmt::format("link: \"{}\" already imports module \"{}\" (from \"{}\")", l.importer, name(o), o.exporter));
    }
    c->procs_[*imp]->imports_from.push_back(li);
  }

  // Exporters before importers; a cycle has no such order.
  std::vector<size_t> order;
  std::vector<int> state(s.processes.size(), 0);  // 0 new, 1 visiting, 2 done
  std::function<Status(size_t)> visit = [&](size_t i) -> Status {
    if (state[i] == 2) return {};
    if (state[i] == 1)
      return at(s.processes[i].loc, ErrorKind::Usage,
                fmt::format("links form a cycle through nanoprocess \"{}\"", s.processes[i].name));
    state[i] = 1;
    for (size_t li : c->procs_[i]->imports_from) NP_CHECK(visit(*index_of(s.links[li].exporter)));
    state[i] = 2;
    order.push_back(i);
    return {};
  };
  for (size_t i = 0; i < s.processes.size(); ++i) NP_CHECK(visit(i));

  for (size_t i = 0; i < s.processes.size(); ++i) {
    auto m = Module::from_file(engine, s.processes[i].module_path);
    if (!m)
      return at(s.processes[i].loc, m.error().kind(),
                fmt::format("nanoprocess \"{}\": {}", s.processes[i].name, m.error().to_string()));
    c->procs_[i]->module.emplace(std::move(*m));
  }
  for (size_t i = 0; i < s.processes.size(); ++i) NP_CHECK(c->check_imports(i));
  const auto& entry_exports = c->procs_[*index_of(s.entry)]->module->exports();
  if (std::none_of(entry_exports.begin(), entry_exports.end(), [](const auto& e) { return e.name == "_start"; }))
    return at(s.processes[*index_of(s.entry)].loc, ErrorKind::Usage,
              fmt::format("the entry \"{}\" does not export `_start`", s.entry));

  for (size_t i : order) {
    auto np = c->spawn_one(i);
    if (!np) return std::move(np).error();
    c->procs_[i]->np = std::make_unique<Nanoprocess>(std::move(*np));
  }
  return c;
}

Expected<uint32_t> Composition::run() {
  Nanoprocess* entry = find(spec_.entry);
  auto r = entry->call("_start", {});
  if (r) return 0u;
  if (auto code = entry->exit_code()) return *code;
  return std::move(r).error();
}

}  // namespace nanoproc::api
