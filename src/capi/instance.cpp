// Externs (the four kinds of importable objects) and instances.
#include "capi/capi_internal.h"
#include "runtime/instantiate.h"

namespace nanoproc::capi {

wasm_extern_t* extern_handle(wasm_store_t* store, const Extern& e) {
  switch (e.kind) {
    case ExternKind::Func: return new wasm_func_t(store, e.func());
    case ExternKind::Global: return new wasm_global_t(store, e.global());
    case ExternKind::Table: return new wasm_table_t(store, e.table());
    case ExternKind::Memory: return new wasm_memory_t(store, e.memory());
    case ExternKind::Tag: return nullptr;
  }
  return nullptr;
}

bool extern_to_runtime(wasm_store_t* store, const wasm_extern_t* e, Extern* out, std::string* why) {
  if (!e) {
    *why = "is NULL";
    return false;
  }
  if (e->store != store) {
    *why = "belongs to another store";
    return false;
  }
  switch (e->kind) {
    case wasm_ref_t::Kind::Func: *out = {ExternKind::Func, e->obj}; return true;
    case wasm_ref_t::Kind::Global: *out = {ExternKind::Global, e->obj}; return true;
    case wasm_ref_t::Kind::Table: *out = {ExternKind::Table, e->obj}; return true;
    case wasm_ref_t::Kind::Memory: *out = {ExternKind::Memory, e->obj}; return true;
    default: *why = "is not an extern"; return false;
  }
}

wasm_instance_t* instantiate_with(wasm_store_t* store, const wasm_module_t* module, const std::vector<Extern>& imports,
                                  wasm_trap_t** trap) {
  const auto& cm = module->body->module.impl();
  if (&cm->engine() != &store->rt().engine()) {
    if (trap) *trap = make_trap("the module was compiled for another engine than the store's");
    return nullptr;
  }
  // A trap of a segment or the start function leaves its backtrace in last_trap.
  store->rt().last_trap = Trap{};
  auto inst = instantiate(store->rt(), cm, imports);
  if (inst) return new wasm_instance_t(store, *inst);
  if (trap) {
    if (store->rt().last_trap.kind != TrapKind::None) *trap = trap_from_last(store);
    else *trap = make_trap(inst.error().message());
  }
  return nullptr;
}

}  // namespace nanoproc::capi

using namespace nanoproc;
using namespace nanoproc::capi;

extern "C" {

wasm_externkind_t wasm_extern_kind(const wasm_extern_t* ext) {
  if (!ext) return WASM_EXTERN_FUNC;
  switch (ext->kind) {
    case wasm_ref_t::Kind::Global: return WASM_EXTERN_GLOBAL;
    case wasm_ref_t::Kind::Table: return WASM_EXTERN_TABLE;
    case wasm_ref_t::Kind::Memory: return WASM_EXTERN_MEMORY;
    default: return WASM_EXTERN_FUNC;
  }
}

wasm_externtype_t* wasm_extern_type(const wasm_extern_t* ext) {
  if (!ext) return nullptr;
  switch (ext->kind) {
    case wasm_ref_t::Kind::Func: return wasm_func_type(static_cast<const wasm_func_t*>(ext));
    case wasm_ref_t::Kind::Global: return wasm_global_type(static_cast<const wasm_global_t*>(ext));
    case wasm_ref_t::Kind::Table: return wasm_table_type(static_cast<const wasm_table_t*>(ext));
    case wasm_ref_t::Kind::Memory: return wasm_memory_type(static_cast<const wasm_memory_t*>(ext));
    default: return nullptr;
  }
}

#define NP_CAPI_EXTERN_VIEW(X, KIND)                                                               \
  wasm_extern_t* wasm_##X##_as_extern(wasm_##X##_t* x) { return x; }                              \
  const wasm_extern_t* wasm_##X##_as_extern_const(const wasm_##X##_t* x) { return x; }            \
  wasm_##X##_t* wasm_extern_as_##X(wasm_extern_t* e) {                                            \
    return e && e->kind == wasm_ref_t::Kind::KIND ? static_cast<wasm_##X##_t*>(e) : nullptr;      \
  }                                                                                               \
  const wasm_##X##_t* wasm_extern_as_##X##_const(const wasm_extern_t* e) {                        \
    return e && e->kind == wasm_ref_t::Kind::KIND ? static_cast<const wasm_##X##_t*>(e) : nullptr; \
  }

NP_CAPI_EXTERN_VIEW(func, Func)
NP_CAPI_EXTERN_VIEW(global, Global)
NP_CAPI_EXTERN_VIEW(table, Table)
NP_CAPI_EXTERN_VIEW(memory, Memory)

wasm_instance_t* wasm_instance_new(wasm_store_t* store, const wasm_module_t* module, const wasm_extern_vec_t* imports,
                                   wasm_trap_t** trap) {
  if (trap) *trap = nullptr;
  if (!store || !module) {
    if (trap) *trap = make_trap("wasm_instance_new: the store or module is NULL");
    return nullptr;
  }
  const Module& m = module->body->module.impl()->module();
  size_t given = imports ? imports->size : 0;
  if (given != m.imports.size() || (given && !imports->data)) {
    if (trap)
      *trap = make_trap("wasm_instance_new: the module has " + std::to_string(m.imports.size()) + " imports, " +
                        std::to_string(given) + " given");
    return nullptr;
  }
  std::vector<Extern> resolved;
  for (size_t i = 0; i < given; ++i) {
    const Import& imp = m.imports[i];
    std::string why;
    Extern e;
    if (imp.kind == ExternKind::Tag) why = "is a tag, which the C API cannot provide";
    else if (extern_to_runtime(store, imports->data[i], &e, &why)) {
      resolved.push_back(e);
      continue;
    }
    if (trap) *trap = make_trap("wasm_instance_new: import " + std::to_string(i) + " (" + imp.module + "." + imp.name + ") " + why);
    return nullptr;
  }
  return instantiate_with(store, module, resolved, trap);
}

void wasm_instance_exports(const wasm_instance_t* instance, wasm_extern_vec_t* out) {
  if (!out) return;
  if (!instance) return wasm_extern_vec_new_empty(out);
  std::vector<wasm_extern_t*> list;
  for (const Export& e : instance->inst()->module().exports) {
    const Extern* x = instance->inst()->find_export(e.name);
    if (!x || x->kind == ExternKind::Tag) continue;
    list.push_back(extern_handle(instance->store, *x));
  }
  wasm_extern_vec_new(out, list.size(), list.data());
}

}  // extern "C"
