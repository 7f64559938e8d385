// Functions: host functions from C callbacks, and calls into wasm with checked arguments.
#include "capi/capi_internal.h"
#include "runtime/exec.h"

namespace nanoproc::capi {
namespace {

void delete_refs(std::vector<wasm_val_t>& vals) {
  for (auto& v : vals) wasm_val_delete(&v);
}

// The runtime side of every C host function: slots -> C values, the callback, C values ->
// slots. A returned trap becomes a trap of the calling code with the trap's message.
TrapKind host_entry(HostCall& call, void* envp, uint64_t* slots) {
  auto* he = static_cast<HostFuncEnv*>(envp);
  wasm_store_t* store = he->store;
  const FuncType& ft = *he->type;

  std::vector<wasm_val_t> args(ft.params.size());
  unsigned at = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    val_from_slots(store, ft.params[i], slots + at, &args[i]);
    at += slot_count(ft.params[i]);
  }
  std::vector<wasm_val_t> results(ft.results.size());
  for (size_t i = 0; i < results.size(); ++i) {
    results[i].kind = valkind_of(ft.results[i], store->rt().engine().types());
    results[i].of.i64 = 0;
  }
  wasm_val_vec_t av{args.size(), args.empty() ? nullptr : args.data()};
  wasm_val_vec_t rv{results.size(), results.empty() ? nullptr : results.data()};
  wasm_trap_t* trap = he->callback ? he->callback(&av, &rv) : he->callback_env(he->env, &av, &rv);
  delete_refs(args);

  if (trap) {
    TrapKind k = TrapKind::HostError;
    call.detail = trap->body->message;
    if (trap->body->exit_code >= 0) {  // a nested call exited (WASI proc_exit): keep exiting
      k = TrapKind::Exit;
      call.exit_code = trap->body->exit_code;
      call.detail.clear();
    }
    wasm_trap_delete(trap);
    delete_refs(results);
    return k;
  }
  std::vector<uint64_t> out(2 * results.size() + 2, 0);
  unsigned rat = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    std::string why;
    if (!val_to_slots(store, results[i], ft.results[i], out.data() + rat, &why)) {
      call.detail = "host function result " + std::to_string(i) + ": " + why;
      delete_refs(results);
      return TrapKind::HostError;
    }
    rat += slot_count(ft.results[i]);
  }
  delete_refs(results);
  std::memcpy(slots, out.data(), rat * sizeof(uint64_t));
  return TrapKind::None;
}

wasm_func_t* new_host_func(wasm_store_t* store, const wasm_functype_t* type, wasm_func_callback_t cb,
                           wasm_func_callback_with_env_t cb_env, void* env, void (*finalizer)(void*)) {
  if (!store || (!cb && !cb_env)) return nullptr;
  FuncType ft;
  std::string why;
  if (!functype_from(type, &ft, &why)) return nullptr;
  auto he = std::make_unique<HostFuncEnv>();
  he->store = store;
  he->callback = cb;
  he->callback_env = cb_env;
  he->env = env;
  FuncInstance* f = store->rt().new_host_func(ft, host_entry, he.get(), "host");
  he->type = f->type;
  if (finalizer) store->info_slot(he.get()).replace(env, finalizer);
  store->host_funcs.push_back(std::move(he));
  return new wasm_func_t(store, f);
}

}  // namespace
}  // namespace nanoproc::capi

using namespace nanoproc;
using namespace nanoproc::capi;

extern "C" {

wasm_func_t* wasm_func_new(wasm_store_t* store, const wasm_functype_t* type, wasm_func_callback_t callback) {
  return new_host_func(store, type, callback, nullptr, nullptr, nullptr);
}

wasm_func_t* wasm_func_new_with_env(wasm_store_t* store, const wasm_functype_t* type,
                                    wasm_func_callback_with_env_t callback, void* env, void (*finalizer)(void*)) {
  return new_host_func(store, type, nullptr, callback, env, finalizer);
}

wasm_functype_t* wasm_func_type(const wasm_func_t* func) {
  if (!func) return nullptr;
  return functype_of(*func->fn()->type, func->store->rt().engine().types());
}

size_t wasm_func_param_arity(const wasm_func_t* func) { return func ? func->fn()->type->params.size() : 0; }
size_t wasm_func_result_arity(const wasm_func_t* func) { return func ? func->fn()->type->results.size() : 0; }

wasm_trap_t* wasm_func_call(const wasm_func_t* func, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  if (!func) return make_trap("wasm_func_call: the function is NULL");
  wasm_store_t* store = func->store;
  FuncInstance* f = func->fn();
  const FuncType& ft = *f->type;
  size_t nargs = args ? args->size : 0;
  size_t nresults = results ? results->size : 0;
  if (nargs != ft.params.size() || (nargs && !args->data))
    return make_trap("wasm_func_call: the function takes " + std::to_string(ft.params.size()) + " arguments, " +
                     std::to_string(nargs) + " given");
  if (nresults && !results->data) return make_trap("wasm_func_call: the result vector has no data");
  std::vector<uint64_t> slots(std::max(f->param_slots, f->result_slots) + 2, 0);
  unsigned at = 0;
  for (size_t i = 0; i < nargs; ++i) {
    std::string why;
    if (!val_to_slots(store, args->data[i], ft.params[i], slots.data() + at, &why))
      return make_trap("wasm_func_call: argument " + std::to_string(i) + ": " + why);
    at += slot_count(ft.params[i]);
  }
  for (ValType t : ft.results)
    if (t.kind == ValKind::V128) return make_trap("wasm_func_call: v128 results cannot be passed through the C API");
  if (call_function(store->rt(), f, slots.data()) != TrapKind::None) return trap_from_last(store);
  // Checked after the call, as other runtimes let a call with too few result slots report
  // its trap: the results are then dropped (references in them released).
  if (nresults != ft.results.size()) {
    at = 0;
    for (ValType t : ft.results) {
      wasm_val_t v;
      val_from_slots(store, t, slots.data() + at, &v);
      wasm_val_delete(&v);
      at += slot_count(t);
    }
    return make_trap("wasm_func_call: the function returned " + std::to_string(ft.results.size()) + " results, " +
                     std::to_string(nresults) + " slots given");
  }
  at = 0;
  for (size_t i = 0; i < nresults; ++i) {
    val_from_slots(store, ft.results[i], slots.data() + at, &results->data[i]);
    at += slot_count(ft.results[i]);
  }
  return nullptr;
}

}  // extern "C"
