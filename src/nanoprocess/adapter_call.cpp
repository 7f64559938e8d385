// One call across a link: lower the importer's arguments out of its memory and lift them
// into the exporter's, call the export, copy the results back, and turn every failure into
// the importer's trap or the interface's `trapped` error (see Link in nanoprocess.h).
#include <cstring>

#include <fmt/format.h>

#include "nanoprocess/link_plan.h"
#include "nanoprocess/value_copy.h"
#include "runtime/exec.h"
#include "runtime/watchdog.h"

namespace nanoproc::api {

namespace {

bool is_realloc_type(const FuncType& t) {
  return t.params.size() == 4 && t.results.size() == 1 && t.results[0] == kI32 &&
         std::all_of(t.params.begin(), t.params.end(), [](nanoproc::ValType v) { return v == kI32; });
}

// The importer's memory and allocator, looked up once per calling instance.
void resolve_caller(AdapterEnv& env, nanoproc::Instance* caller) {
  env.caller = caller;
  env.caller_memory = nullptr;
  env.caller_realloc = nullptr;
  env.caller_realloc_problem = "it does not export cabi_realloc";
  if (!caller) return;
  if (const nanoproc::Extern* m = caller->find_export("memory"); m && m->kind == ExternKind::Memory)
    env.caller_memory = m->memory();
  if (const nanoproc::Extern* r = caller->find_export("cabi_realloc"); r && r->kind == ExternKind::Func) {
    if (is_realloc_type(*r->func()->type)) env.caller_realloc = r->func();
    else env.caller_realloc_problem = "its cabi_realloc is not (i32 i32 i32 i32) -> (i32)";
  }
}

// Return areas are a few bytes: no memset call.
void zero(uint8_t* p, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    p[i] = 0;
    asm("" : "+r"(p));
  }
}

}  // namespace

TrapKind adapter_entry(HostCall& hc, void* env_ptr, uint64_t* slots) {
  AdapterEnv& env = *static_cast<AdapterEnv*>(env_ptr);
  Link::Plan& p = *env.plan;
  LinkFunc& lf = *env.func;
  const witx::Func& wf = *lf.wf;

  auto importer_fault = [&](std::string_view msg) {
    hc.detail = fmt::format("{}: {}", lf.qualified, msg);
    return TrapKind::HostError;
  };
  // The exporter ends; the importer gets the `trapped` error, or traps.
  auto exporter_fault = [&](std::string_view msg) {
    p.exporter->end(std::string(msg));
    if (lf.trapped_code >= 0) {
      slots[0] = static_cast<uint64_t>(lf.trapped_code);
      return TrapKind::None;
    }
    hc.detail = fmt::format("{}: nanoprocess \"{}\" failed: {}", lf.qualified, p.options.exporter_name, msg);
    return TrapKind::HostError;
  };

  if (p.exporter->ended()) [[unlikely]] {
    if (!p.options.respawn) return exporter_fault(fmt::format("it has ended ({})", p.exporter->end_reason()));
    auto fresh = p.options.respawn();
    if (!fresh) return exporter_fault("it had ended and could not be respawned: " + fresh.error().message());
    *p.exporter = std::move(*fresh);
  }
  if (p.exporter->store().impl().interrupt != p.resolved_for) [[unlikely]] {
    if (auto st = resolve_exports(p); !st) return exporter_fault("respawned, " + st.error().message());
  }

  nanoproc::Store& es = p.exporter->store().impl();
  // One deadline for all the exporter runs for this call: allocations, the export, cabi_post.
  DeadlineScope deadline(es.interrupt, p.exporter->limits().timeout);
  // A trap in the exporter (call_function's result): it ends, the importer learns why.
  auto exporter_trapped = [&] {
    end_exporter(*p.exporter, es);
    return exporter_fault(es.last_trap.message());
  };

  MemSide imp;
  imp.who = Blame::Importer;
  imp.role = "importer";
  imp.store = &hc.store;
  MemSide exp;
  exp.who = Blame::Exporter;
  exp.role = "exporter";
  exp.mem = p.memory;
  exp.np = p.exporter;
  exp.store = &es;
  exp.realloc = p.realloc;
  if (p.needs_memory) {
    if (env.caller != hc.caller || !env.caller) [[unlikely]]
      resolve_caller(env, hc.caller);
    if (!env.caller_memory) return importer_fault("the importer does not export `memory`");
    imp.mem = env.caller_memory;
    imp.realloc = env.caller_realloc;
  }

  // Core arguments for the export: the same signature as the import.
  const size_t nslots = std::max(wf.core.params.size(), wf.core.results.size()) + 2;
  uint64_t small[16];
  std::vector<uint64_t> big;
  uint64_t* cs = small;
  if (nslots > 16) {
    big.resize(nslots);
    cs = big.data();
  }

  Transfer in(imp, exp);
  auto transfer_fault = [&](Transfer& t) {
    return t.fault_blame == Blame::Importer ? importer_fault(t.fault) : exporter_fault(t.fault);
  };
  for (size_t i = 0; i < wf.params.size(); ++i) {
    const witx::Param& prm = wf.params[i];
    const witx::LoweredParam& lp = wf.core.lowered[i];
    const witx::Type& t = *lf.param_types[i];
    in.ctx_kind = "argument";
    in.ctx_name = prm.name;
    switch (lp.how) {
      case witx::Lowering::Value:
        if (t.is_enum() && slots[lp.first] >= t.cases.size())
          return importer_fault(fmt::format("argument `{}`: {} is not a case of the enum (it has {})", prm.name,
                                            slots[lp.first], t.cases.size()));
        cs[lp.first] = slots[lp.first];
        break;
      case witx::Lowering::List: {
        uint32_t out = 0;
        if (!in.copy_list(t, static_cast<uint32_t>(slots[lp.first]),
                          static_cast<uint32_t>(slots[lp.first + 1]), &out))
          return transfer_fault(in);
        cs[lp.first] = out;
        cs[lp.first + 1] = static_cast<uint32_t>(slots[lp.first + 1]);
        break;
      }
      case witx::Lowering::Address: {
        uint32_t addr = static_cast<uint32_t>(slots[lp.first]), out = 0;
        if (!in.check(imp, addr, t.size, "value") || !in.alloc(t.align, t.size, &out) || !in.copy_value(t, addr, out))
          return transfer_fault(in);
        cs[lp.first] = out;
        break;
      }
    }
  }
  uint32_t area = 0;
  if (!lf.ret_offsets.empty()) {
    in.ctx_kind = "result";
    in.ctx_name = wf.results[0].name;
    for (size_t i = 0; i < lf.ret_offsets.size(); ++i)
      if (!in.check(imp, static_cast<uint32_t>(slots[wf.core.first_retptr + i]), lf.retptr_types[i]->size,
                    "return pointer"))
        return transfer_fault(in);
    if (!in.alloc(lf.ret_align, lf.ret_size, &area)) return transfer_fault(in);
    zero(exp.mem->data() + area, lf.ret_size);
    for (size_t i = 0; i < lf.ret_offsets.size(); ++i) cs[wf.core.first_retptr + i] = area + lf.ret_offsets[i];
  }

  if (call_function(es, lf.func, cs) != TrapKind::None) [[unlikely]]
    return exporter_trapped();

  switch (wf.core.shape) {
    case witx::ResultShape::None: break;
    case witx::ResultShape::Scalar: slots[0] = cs[0]; break;
    case witx::ResultShape::Expected: {
      const uint64_t code = cs[0];
      if (lf.err_enum_cases && code >= lf.err_enum_cases) [[unlikely]]
        return exporter_fault(fmt::format("it returned error code {}, not a case of `{}`", code,
                                          wf.results[0].type.type().err_type()->name));
      if (code == 0 && !lf.ret_offsets.empty()) {
        if (lf.results_need_realloc && !imp.realloc)
          return importer_fault(fmt::format("the result holds a list but the importer cannot allocate: {}",
                                            env.caller_realloc_problem));
        Transfer out(exp, imp);
        out.ctx_kind = "result";
        out.ctx_name = wf.results[0].name;
        for (size_t i = 0; i < lf.ret_offsets.size(); ++i)
          if (!out.copy_value(*lf.retptr_types[i], area + lf.ret_offsets[i],
                              static_cast<uint32_t>(slots[wf.core.first_retptr + i])))
            return transfer_fault(out);
      }
      slots[0] = code;
      break;
    }
  }
  if (lf.post) {
    uint64_t ps[2] = {0, 0};
    if (call_function(es, lf.post, ps) != TrapKind::None) [[unlikely]]
      return exporter_trapped();
  }
  return TrapKind::None;
}

}  // namespace nanoproc::api
