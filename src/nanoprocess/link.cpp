// Making a Link: the plan of each witx function (core type, return area, failure code),
// checked against the exporter's exports, and the imports it defines for an importer.
#include <algorithm>

#include <fmt/format.h>

#include "nanoprocess/link_plan.h"
#include "nanoprocess/value_copy.h"
#include "witx/layout.h"

namespace nanoproc::api {

namespace {

std::string where(const SourceLoc& loc) {
  if (!loc.has_line()) return loc.file.empty() ? "the interface" : loc.file;
  return fmt::format("{}:{}:{}", loc.file, loc.line, loc.column);
}

nanoproc::ValType core_val(witx::CoreType t) {
  switch (t) {
    case witx::CoreType::I32: return kI32;
    case witx::CoreType::I64: return kI64;
    case witx::CoreType::F32: return kF32;
    case witx::CoreType::F64: return kF64;
  }
  return kI32;
}

ValType api_val(witx::CoreType t) {
  switch (t) {
    case witx::CoreType::I32: return ValType::I32;
    case witx::CoreType::I64: return ValType::I64;
    case witx::CoreType::F32: return ValType::F32;
    case witx::CoreType::F64: return ValType::F64;
  }
  return ValType::I32;
}

std::string sig_string(const std::vector<ValType>& params, const std::vector<ValType>& results) {
  auto list = [](const std::vector<ValType>& ts) {
    std::string out = "(";
    for (size_t i = 0; i < ts.size(); ++i) out += fmt::format("{}{}", i ? " " : "", val_type_name(ts[i]));
    return out + ")";
  };
  return list(params) + " -> " + list(results);
}

// Pointers and handles mean something only inside one nanoprocess.
const char* unsupported_in(const witx::Type& t) {
  switch (t.kind) {
    case witx::TypeKind::Pointer:
    case witx::TypeKind::ConstPointer: return "a pointer";
    case witx::TypeKind::Handle: return "a handle";
    case witx::TypeKind::List: return unsupported_in(t.elem->type());
    case witx::TypeKind::Record:
      for (const witx::Member& m : t.members)
        if (m.type)
          if (const char* u = unsupported_in(m.type->type())) return u;
      return nullptr;
    case witx::TypeKind::Variant:
      for (const witx::Case& c : t.cases)
        if (c.type)
          if (const char* u = unsupported_in(c.type->type())) return u;
      return nullptr;
    default: return nullptr;
  }
}

Expected<LinkFunc> plan_func(const witx::Module& wm, const witx::Func& f, Link::Plan& p) {
  LinkFunc lf;
  lf.wf = &f;
  lf.qualified = wm.name + "." + f.name;
  auto refuse = [&](const witx::Param& prm, const char* what) {
    return Error(ErrorKind::Unsupported,
                 fmt::format("{} cannot be linked between nanoprocesses: `{}` holds {} ({})", lf.qualified, prm.name,
                             what, where(prm.loc)));
  };
  for (const witx::Param& prm : f.params)
    if (const char* u = unsupported_in(prm.type.type())) return refuse(prm, u);
  for (const witx::Param& prm : f.results)
    if (const char* u = unsupported_in(prm.type.type())) return refuse(prm, u);
  for (const witx::Param& prm : f.params) lf.param_types.push_back(&prm.type.type());
  for (const witx::TypeRef* r : f.core.retptrs) lf.retptr_types.push_back(&r->type());
  for (auto t : f.core.params) lf.core.params.push_back(core_val(t));
  for (auto t : f.core.results) lf.core.results.push_back(core_val(t));
  for (const witx::LoweredParam& lp : f.core.lowered)
    if (lp.how != witx::Lowering::Value) p.needs_memory = p.needs_realloc = true;
  if (f.core.shape == witx::ResultShape::Expected) {
    uint32_t offset = 0;
    for (const witx::TypeRef* r : f.core.retptrs) {
      const witx::Type& t = r->type();
      offset = witx::align_to(offset, t.align);
      lf.ret_offsets.push_back(offset);
      offset += t.size;
      lf.ret_align = std::max(lf.ret_align, t.align);
      if (!is_flat(t)) lf.results_need_realloc = true;
    }
    lf.ret_size = witx::align_to(offset, lf.ret_align);
    if (!f.core.retptrs.empty()) p.needs_memory = p.needs_realloc = true;
    const witx::Type& result = f.results[0].type.type();
    if (const auto& err = result.err_type(); err && err->type().is_enum()) {
      const auto& cases = err->type().cases;
      lf.err_enum_cases = cases.size();
      for (size_t i = 0; i < cases.size(); ++i)
        if (cases[i].name == "trapped") lf.trapped_code = static_cast<int64_t>(i);
    }
  }
  return lf;
}

}  // namespace

Status resolve_exports(Link::Plan& p) {
  Instance& inst = p.exporter->instance();
  const std::string& who = p.options.exporter_name;
  for (LinkFunc& lf : p.funcs) {
    const witx::Func& f = *lf.wf;
    auto fn = inst.func(f.name);
    if (!fn)
      return make_error(ErrorKind::Unlinkable, "nanoprocess \"{}\" does not export function `{}` (interface function {} at {})",
                        who, f.name, lf.qualified, where(f.loc));
    std::vector<ValType> params, results;
    for (auto t : f.core.params) params.push_back(api_val(t));
    for (auto t : f.core.results) results.push_back(api_val(t));
    FuncSig sig = fn->signature();
    if (sig.params != params || sig.results != results)
      return make_error(ErrorKind::Unlinkable,
                        "interface mismatch: nanoprocess \"{}\" exports `{}` as {}, but the witx lowering of {} ({}) is {}",
                        who, f.name, sig_string(sig.params, sig.results), lf.qualified, where(f.loc),
                        sig_string(params, results));
    lf.func = fn->impl();
    auto post = inst.func("cabi_post_" + f.name);
    lf.post = post ? post->impl() : nullptr;
    if (post) {
      FuncSig ps = post->signature();
      if (!ps.params.empty() || !ps.results.empty())
        return make_error(ErrorKind::Unlinkable, "interface mismatch: nanoprocess \"{}\" exports `cabi_post_{}` as {}, not () -> ()",
                          who, f.name, sig_string(ps.params, ps.results));
    }
  }
  p.memory = nullptr;
  p.realloc = nullptr;
  p.resolved_for = p.exporter->store().impl().interrupt;
  if (p.needs_memory) {
    auto m = inst.memory("memory");
    if (!m)
      return make_error(ErrorKind::Unlinkable,
                        "nanoprocess \"{}\" does not export `memory`, which the interface {} needs (its values pass through memory)",
                        who, p.wm->name);
    p.memory = m->impl();
  }
  if (p.needs_realloc) {
    auto r = inst.func("cabi_realloc");
    if (!r)
      return make_error(ErrorKind::Unlinkable,
                        "nanoprocess \"{}\" does not export `cabi_realloc`, which the interface {} needs to pass it values",
                        who, p.wm->name);
    FuncSig rs = r->signature();
    const std::vector<ValType> i32x4(4, ValType::I32), i32x1(1, ValType::I32);
    if (rs.params != i32x4 || rs.results != i32x1)
      return make_error(ErrorKind::Unlinkable,
                        "interface mismatch: nanoprocess \"{}\" exports `cabi_realloc` as {}, not (i32 i32 i32 i32) -> (i32)",
                        who, sig_string(rs.params, rs.results));
    p.realloc = r->impl();
  }
  return {};
}

Expected<Link> Link::make(const Interface& iface, const std::string& witx_module, Nanoprocess& exporter,
                          LinkOptions options) {
  const witx::Module* wm = iface.document().find_module(witx_module);
  if (!wm) {
    std::string names;
    for (const auto& n : iface.module_names()) names += (names.empty() ? "" : ", ") + n;
    return make_error(ErrorKind::Unlinkable, "the interface has no module `{}` (its modules: {})", witx_module,
                      names.empty() ? "none" : names);
  }
  auto p = std::make_shared<Plan>(Plan{iface, wm, &exporter, std::move(options), {}, false, false, nullptr, nullptr, nullptr});
  if (p->options.import_module.empty()) p->options.import_module = wm->name;
  for (const witx::Func& f : wm->funcs) p->funcs.push_back(NP_TRY(plan_func(*wm, f, *p)));
  if (exporter.ended())
    return make_error(ErrorKind::Unlinkable, "nanoprocess \"{}\" has ended: {}", p->options.exporter_name,
                      exporter.end_reason());
  NP_CHECK(resolve_exports(*p));
  return Link(std::move(p));
}

void Link::define(Store& store, Linker& linker) const {
  nanoproc::Store& s = store.impl();
  for (size_t i = 0; i < plan_->funcs.size(); ++i) {
    const LinkFunc& lf = plan_->funcs[i];
    auto* env = new AdapterEnv{plan_, &plan_->funcs[i], nullptr, nullptr, nullptr, {}};
    s.own(env, [](void* e) { delete static_cast<AdapterEnv*>(e); });
    FuncInstance* f = s.new_host_func(lf.core, adapter_entry, env, lf.qualified);
    linker.define(plan_->options.import_module, lf.wf->name, Extern::from_raw(ExternType::Func, f));
  }
}

}  // namespace nanoproc::api
