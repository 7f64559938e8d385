#include "cli/compose_file.h"

#include <filesystem>
#include <set>

#include <fmt/format.h>

// Errors as values: toml++ reports parse errors in its result instead of throwing.
#define TOML_EXCEPTIONS 0
#include <toml++/toml.h>

#include "util/file.h"

namespace nanoproc::cli {
namespace {

namespace fs = std::filesystem;

class Reader {
 public:
  Reader(std::string path) : path_(std::move(path)) { dir_ = fs::path(path_).parent_path(); }

  SourceLoc loc(const toml::source_region& r) const {
    SourceLoc l;
    l.file = path_;
    l.line = static_cast<uint32_t>(r.begin.line);
    l.column = static_cast<uint32_t>(r.begin.column);
    return l;
  }
  Error error(const toml::source_region& r, std::string msg) const { return Error(ErrorKind::Usage, std::move(msg), loc(r)); }

  // Paths in the file are relative to the file's directory.
  std::string resolve(const std::string& p) const {
    fs::path fp(p);
    if (fp.is_absolute() || dir_.empty()) return p;
    return (dir_ / fp).string();
  }

  Status known_keys(const toml::table& t, std::initializer_list<const char*> keys, const std::string& where) const {
    for (const auto& [k, v] : t) {
      bool ok = false;
      for (const char* n : keys) ok |= k.str() == n;
      if (!ok) {
        std::string list;
        for (const char* n : keys) list += (list.empty() ? "" : ", ") + std::string(n);
        return error(k.source(), fmt::format("unknown key `{}` in {} (known: {})", k.str(), where, list));
      }
    }
    return {};
  }

  Expected<std::string> string(const toml::node& n, std::string_view key) const {
    if (auto s = n.value<std::string>()) return *s;
    return error(n.source(), fmt::format("`{}` must be a string", key));
  }
  Expected<bool> boolean(const toml::node& n, std::string_view key) const {
    if (auto b = n.value<bool>()) return *b;
    return error(n.source(), fmt::format("`{}` must be true or false", key));
  }
  Expected<std::vector<std::string>> strings(const toml::node& n, std::string_view key) const {
    const toml::array* a = n.as_array();
    if (!a) return error(n.source(), fmt::format("`{}` must be an array of strings", key));
    std::vector<std::string> out;
    for (const toml::node& e : *a) out.push_back(NP_TRY(string(e, key)));
    return out;
  }
  // A count: a positive integer.
  Expected<uint64_t> count(const toml::node& n, std::string_view key) const {
    auto v = n.value<int64_t>();
    if (!v || *v <= 0) return error(n.source(), fmt::format("`{}` must be a positive integer", key));
    return static_cast<uint64_t>(*v);
  }
  // A size: an integer of bytes or a string such as "64MiB".
  Expected<uint64_t> size(const toml::node& n, std::string_view key) const {
    if (n.is_integer()) return count(n, key);
    auto s = n.value<std::string>();
    if (!s) return error(n.source(), fmt::format("`{}` must be a size such as \"64MiB\" or a number of bytes", key));
    auto b = parse_size(*s);
    if (!b) return error(n.source(), fmt::format("`{}`: {}", key, b.error().message()));
    if (*b == 0) return error(n.source(), fmt::format("`{}` must be larger than zero", key));
    return *b;
  }

  Expected<int> stdio(const toml::node& n, std::string_view key, int inherit_fd) const {
    std::string s = NP_TRY(string(n, key));
    if (s == "inherit") return inherit_fd;
    if (s == "closed") return -1;
    return error(n.source(), fmt::format("`{}` must be \"inherit\" or \"closed\", not \"{}\"", key, s));
  }

  Expected<api::ComposeProcess> process(const std::string& name, const toml::node& node, const Limits& defaults,
                                        bool is_entry) const {
    const toml::table* t = node.as_table();
    if (!t) return error(node.source(), fmt::format("[nanoprocess.{}] must be a table", name));
    std::string where = fmt::format("[nanoprocess.{}]", name);
    NP_CHECK(known_keys(*t,
                        {"module", "args", "env", "dirs", "stdin", "stdout", "stderr", "clocks", "random", "restart",
                         "fuel", "timeout", "max-memory", "max-table-elements", "max-stack"},
                        where));
    api::ComposeProcess p;
    p.name = name;
    p.loc = loc(node.source());
    const toml::node* m = t->get("module");
    if (!m) return error(node.source(), fmt::format("{} has no `module`", where));
    p.module_path = resolve(NP_TRY(string(*m, "module")));
    p.caps.args = {fs::path(p.module_path).filename().string()};
    // The entry talks to the terminal by default; libraries get nothing unless granted.
    if (is_entry) {
      p.caps.stdin_fd = 0;
      p.caps.stdout_fd = 1;
      p.caps.stderr_fd = 2;
    }
    p.limits.fuel = defaults.fuel;
    p.limits.timeout = defaults.timeout;
    p.limits.max_memory_bytes = defaults.store.max_memory_bytes;
    p.limits.max_table_elements = defaults.store.max_table_elements;
    p.limits.max_stack_bytes = defaults.store.stack_bytes;
    p.limits.max_call_depth = defaults.store.max_call_depth;
    for (const auto& [key, v] : *t) {
      const std::string k(key.str());
      if (k == "args") p.caps.args = NP_TRY(strings(v, k));
      else if (k == "env") {
        const toml::table* e = v.as_table();
        if (!e) return error(v.source(), "`env` must be a table of NAME = \"value\"");
        for (const auto& [ek, ev] : *e) p.caps.env.push_back(fmt::format("{}={}", ek.str(), NP_TRY(string(ev, ek.str()))));
      } else if (k == "dirs") {
        const toml::array* a = v.as_array();
        if (!a) return error(v.source(), "`dirs` must be an array of { host = \"...\", guest = \"...\", mode = \"ro\" }");
        for (const toml::node& d : *a) {
          const toml::table* dt = d.as_table();
          if (!dt) return error(d.source(), "each of `dirs` must be a table { host = \"...\", guest = \"...\", mode = \"ro\" }");
          NP_CHECK(known_keys(*dt, {"host", "guest", "mode"}, where + " dirs"));
          api::WasiDir wd;
          const toml::node* h = dt->get("host");
          if (!h) return error(d.source(), "a directory needs `host`");
          wd.host_path = resolve(NP_TRY(string(*h, "host")));
          wd.guest_path = dt->get("guest") ? NP_TRY(string(*dt->get("guest"), "guest")) : NP_TRY(string(*h, "host"));
          std::string mode = dt->get("mode") ? NP_TRY(string(*dt->get("mode"), "mode")) : "ro";
          if (mode != "ro" && mode != "rw")
            return error(dt->get("mode")->source(), fmt::format("`mode` must be \"ro\" or \"rw\", not \"{}\"", mode));
          wd.read_only = mode == "ro";
          p.caps.dirs.push_back(std::move(wd));
        }
      } else if (k == "stdin") p.caps.stdin_fd = NP_TRY(stdio(v, k, 0));
      else if (k == "stdout") p.caps.stdout_fd = NP_TRY(stdio(v, k, 1));
      else if (k == "stderr") p.caps.stderr_fd = NP_TRY(stdio(v, k, 2));
      else if (k == "clocks") p.caps.clocks = NP_TRY(boolean(v, k));
      else if (k == "random") p.caps.random = NP_TRY(boolean(v, k));
      else if (k == "restart") p.restart = NP_TRY(boolean(v, k));
      else if (k == "fuel") p.limits.fuel = NP_TRY(count(v, k));
      else if (k == "timeout") {
        std::string s = NP_TRY(string(v, k));
        auto d = parse_duration(s);
        if (!d) return error(v.source(), fmt::format("`timeout`: {}", d.error().message()));
        if (d->count() == 0) return error(v.source(), "`timeout` must be longer than zero");
        p.limits.timeout = *d;
      } else if (k == "max-memory") p.limits.max_memory_bytes = NP_TRY(size(v, k));
      else if (k == "max-table-elements") p.limits.max_table_elements = NP_TRY(count(v, k));
      else if (k == "max-stack") {
        uint64_t b = NP_TRY(size(v, k));
        if (b < 4096 || b > (4ull << 30)) return error(v.source(), "`max-stack` must be between 4KiB and 4GiB");
        p.limits.max_stack_bytes = b;
        p.limits.max_call_depth = static_cast<uint32_t>(std::min<uint64_t>(b / 64, 1'000'000));
      }
    }
    return p;
  }

  Expected<api::ComposeLink> link(const toml::node& node) const {
    const toml::table* t = node.as_table();
    if (!t) return error(node.source(), "each [[link]] must be a table");
    NP_CHECK(known_keys(*t, {"importer", "exporter", "interface", "module", "import-module"}, "[[link]]"));
    api::ComposeLink l;
    l.loc = loc(node.source());
    for (const char* req : {"importer", "exporter", "interface"})
      if (!t->get(req)) return error(node.source(), fmt::format("[[link]] has no `{}`", req));
    l.importer = NP_TRY(string(*t->get("importer"), "importer"));
    l.exporter = NP_TRY(string(*t->get("exporter"), "exporter"));
    l.interface_path = resolve(NP_TRY(string(*t->get("interface"), "interface")));
    if (const toml::node* m = t->get("module")) l.witx_module = NP_TRY(string(*m, "module"));
    if (const toml::node* m = t->get("import-module")) l.import_module = NP_TRY(string(*m, "import-module"));
    return l;
  }

 private:
  std::string path_;
  fs::path dir_;
};

}  // namespace

Expected<api::ComposeSpec> parse_compose_text(const std::string& text, const std::string& path, const Limits& defaults) {
  toml::parse_result parsed = toml::parse(text, path);
  if (!parsed) {
    const toml::parse_error& e = parsed.error();
    SourceLoc l;
    l.file = path;
    l.line = static_cast<uint32_t>(e.source().begin.line);
    l.column = static_cast<uint32_t>(e.source().begin.column);
    return Error(ErrorKind::Malformed, std::string(e.description()), l);
  }
  const toml::table& root = parsed.table();
  Reader r(path);
  NP_CHECK(r.known_keys(root, {"entry", "nanoprocess", "link"}, "the top level"));
  api::ComposeSpec spec;
  const toml::node* entry = root.get("entry");
  if (!entry) return r.error(root.source(), "no `entry = \"NAME\"`: which nanoprocess runs?");
  spec.entry = NP_TRY(r.string(*entry, "entry"));
  spec.entry_loc = r.loc(entry->source());
  const toml::node* procs = root.get("nanoprocess");
  if (!procs || !procs->as_table() || procs->as_table()->empty())
    return r.error(procs ? procs->source() : root.source(), "no nanoprocesses: add [nanoprocess.NAME] tables");
  for (const auto& [name, node] : *procs->as_table())
    spec.processes.push_back(NP_TRY(r.process(std::string(name.str()), node, defaults, name.str() == spec.entry)));
  if (const toml::node* links = root.get("link")) {
    const toml::array* a = links->as_array();
    if (!a) return r.error(links->source(), "`link` must be written as [[link]] tables");
    for (const toml::node& l : *a) spec.links.push_back(NP_TRY(r.link(l)));
  }
  return spec;
}

Expected<api::ComposeSpec> read_compose_file(const std::string& path, const Limits& defaults) {
  auto bytes = NP_TRY(read_file(path));
  return parse_compose_text(std::string(bytes.begin(), bytes.end()), path, defaults);
}

}  // namespace nanoproc::cli
