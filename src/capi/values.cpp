// Values and references: wasm_val_t ownership, the reference operations every handle kind
// shares (copy, same, host info, views as wasm_ref_t), foreign objects, and conversions
// between C values and the runtime's slots.
#include <cstring>

#include "capi/capi_internal.h"
#include "runtime/type_registry.h"

namespace nanoproc::capi {
namespace {

// A new handle to the same object, of the same dynamic type.
wasm_ref_t* clone_handle(const wasm_ref_t* r) {
  if (!r) return nullptr;
  using K = wasm_ref_t::Kind;
  switch (r->kind) {
    case K::Func: return new wasm_func_t(r->store, static_cast<FuncInstance*>(r->obj));
    case K::Global: return new wasm_global_t(r->store, static_cast<GlobalInstance*>(r->obj));
    case K::Table: return new wasm_table_t(r->store, static_cast<TableInstance*>(r->obj));
    case K::Memory: return new wasm_memory_t(r->store, static_cast<LinearMemory*>(r->obj));
    case K::Instance: return new wasm_instance_t(r->store, static_cast<Instance*>(r->obj));
    case K::Foreign: return new wasm_foreign_t(r->store, r->obj);
    case K::Other: {
      auto* c = new wasm_ref_t(K::Other, r->store, r->obj);
      c->top = r->top;
      return c;
    }
    case K::Trap: return new wasm_trap_t(static_cast<const wasm_trap_t*>(r)->body);
    case K::Module: return new wasm_module_t(static_cast<const wasm_module_t*>(r)->body);
  }
  return nullptr;
}

const HostInfo* find_info(const wasm_ref_t* r) {
  if (!r) return nullptr;
  if (r->kind == wasm_ref_t::Kind::Trap) return &static_cast<const wasm_trap_t*>(r)->body->host_info;
  if (r->kind == wasm_ref_t::Kind::Module) return &static_cast<const wasm_module_t*>(r)->body->host_info;
  return r->store ? r->store->find_info(r->obj) : nullptr;
}

void set_info(wasm_ref_t* r, void* info, void (*finalizer)(void*)) {
  if (!r) return;
  if (r->kind == wasm_ref_t::Kind::Trap) return static_cast<wasm_trap_t*>(r)->body->host_info.replace(info, finalizer);
  if (r->kind == wasm_ref_t::Kind::Module)
    return static_cast<wasm_module_t*>(r)->body->host_info.replace(info, finalizer);
  if (r->store) r->store->info_slot(r->obj).replace(info, finalizer);
}

bool same(const wasm_ref_t* a, const wasm_ref_t* b) {
  if (!a || !b) return a == b;
  return a->obj == b->obj;
}

bool is_extern_kind(wasm_ref_t::Kind k) {
  using K = wasm_ref_t::Kind;
  return k == K::Func || k == K::Global || k == K::Table || k == K::Memory;
}

RefTop top_of_abs(AbsHeap h) {
  switch (h) {
    case AbsHeap::Func: return RefTop::Func;
    case AbsHeap::Extern: return RefTop::Extern;
    case AbsHeap::Exn: return RefTop::Exn;
    default: return RefTop::Any;
  }
}

const char* top_name(RefTop t) {
  switch (t) {
    case RefTop::Func: return "funcref";
    case RefTop::Extern: return "externref";
    case RefTop::Exn: return "exnref";
    case RefTop::Any: return "anyref";
  }
  return "ref";
}

const char* handle_kind_name(wasm_ref_t::Kind k) {
  using K = wasm_ref_t::Kind;
  switch (k) {
    case K::Func: return "function";
    case K::Global: return "global";
    case K::Table: return "table";
    case K::Memory: return "memory";
    case K::Instance: return "instance";
    case K::Foreign: return "foreign";
    case K::Other: return "reference";
    case K::Trap: return "trap";
    case K::Module: return "module";
  }
  return "?";
}

}  // namespace

std::string valkind_name(wasm_valkind_t k) {
  switch (k) {
    case WASM_I32: return "i32";
    case WASM_I64: return "i64";
    case WASM_F32: return "f32";
    case WASM_F64: return "f64";
    case WASM_V128: return "v128";
    case WASM_EXTERNREF: return "externref";
    case WASM_FUNCREF: return "funcref";
    case WASM_ANYREF: return "anyref";
  }
  return "kind " + std::to_string(k);
}

wasm_ref_t* ref_handle(wasm_store_t* store, Ref r, ValType t) {
  if (!r) return nullptr;
  RefTop top = top_of_abs(store->rt().engine().types().top_of(t.heap));
  if (top == RefTop::Func && !ref_is_i31(r) && ref_header(r)->kind == ObjKind::Func)
    return new wasm_func_t(store, static_cast<FuncInstance*>(r));
  if (top == RefTop::Extern && store->foreigns.count(r)) return new wasm_foreign_t(store, r);
  auto* h = new wasm_ref_t(wasm_ref_t::Kind::Other, store, r);
  h->top = top;
  return h;
}

bool ref_to_runtime(wasm_store_t* store, const wasm_ref_t* ref, ValType t, Ref* out, std::string* why) {
  if (!ref) {
    if (!t.nullable) {
      *why = "null reference for a non-nullable " + to_string(t);
      return false;
    }
    *out = nullptr;
    return true;
  }
  RefTop have;
  switch (ref->kind) {
    case wasm_ref_t::Kind::Func: have = RefTop::Func; break;
    case wasm_ref_t::Kind::Foreign: have = RefTop::Extern; break;
    case wasm_ref_t::Kind::Other: have = ref->top; break;
    default: *why = std::string("a ") + handle_kind_name(ref->kind) + " is not a reference value"; return false;
  }
  if (ref->store != store) {
    *why = std::string("the ") + handle_kind_name(ref->kind) + " belongs to another store";
    return false;
  }
  const TypeRegistry& types = store->rt().engine().types();
  RefTop want = top_of_abs(types.top_of(t.heap));
  if (have != want) {
    *why = std::string("a ") + top_name(have) + " where " + to_string(t) + " is expected";
    return false;
  }
  bool fits = true;
  if (!(t.heap.is_abstract() && top_of_abs(t.heap.abs()) == have && t.heap.abs() != AbsHeap::NoFunc &&
        t.heap.abs() != AbsHeap::NoExtern && t.heap.abs() != AbsHeap::NoExn)) {
    // A concrete or narrower abstract type: compare with the object's own type.
    Ref r = ref->obj;
    ValType actual;
    if (ref_is_i31(r)) actual = ValType::ref(AbsHeap::I31, false);
    else if (ref_header(r)->kind == ObjKind::Func || ref_header(r)->kind == ObjKind::Struct ||
             ref_header(r)->kind == ObjKind::Array)
      actual = ValType::ref(HeapType::index(ref_header(r)->type_id), false);
    else if (ref_header(r)->kind == ObjKind::Exn) actual = ValType::ref(AbsHeap::Exn, false);
    else actual = ValType::ref(AbsHeap::Extern, false);
    fits = types.is_subtype(actual, t);
  }
  if (!fits) {
    *why = "the reference does not match " + to_string(t);
    return false;
  }
  *out = ref->obj;
  return true;
}

void val_from_slots(wasm_store_t* store, ValType t, const uint64_t* slots, wasm_val_t* out) {
  out->kind = valkind_of(t, store->rt().engine().types());
  switch (t.kind) {
    case ValKind::I32: out->of.i32 = static_cast<int32_t>(static_cast<uint32_t>(slots[0])); break;
    case ValKind::I64: out->of.i64 = static_cast<int64_t>(slots[0]); break;
    case ValKind::F32: {
      uint32_t b = static_cast<uint32_t>(slots[0]);
      std::memcpy(&out->of.f32, &b, 4);
      break;
    }
    case ValKind::F64: std::memcpy(&out->of.f64, &slots[0], 8); break;
    case ValKind::Ref: out->of.ref = ref_handle(store, reinterpret_cast<Ref>(slots[0]), t); break;
    default: out->of.i64 = static_cast<int64_t>(slots[0]); break;  // v128: the low half only
  }
}

bool val_to_slots(wasm_store_t* store, const wasm_val_t& v, ValType t, uint64_t* slots, std::string* why) {
  wasm_valkind_t want = valkind_of(t, store->rt().engine().types());
  if (t.kind == ValKind::V128) {
    *why = "v128 values cannot be passed through the C API";
    return false;
  }
  // Any reference kind is accepted for a reference type (WASM_REF_VAL says externref for
  // every reference); the reference itself is checked against the type.
  bool ok = v.kind == want || (wasm_valkind_is_ref(v.kind) && wasm_valkind_is_ref(want));
  if (!ok) {
    *why = valkind_name(v.kind) + " where " + valkind_name(want) + " is expected";
    return false;
  }
  switch (t.kind) {
    case ValKind::I32: slots[0] = static_cast<uint32_t>(v.of.i32); return true;
    case ValKind::I64: slots[0] = static_cast<uint64_t>(v.of.i64); return true;
    case ValKind::F32: {
      uint32_t b;
      std::memcpy(&b, &v.of.f32, 4);
      slots[0] = b;
      return true;
    }
    case ValKind::F64: std::memcpy(&slots[0], &v.of.f64, 8); return true;
    case ValKind::Ref: {
      Ref r = nullptr;
      if (!ref_to_runtime(store, v.of.ref, t, &r, why)) return false;
      slots[0] = reinterpret_cast<uint64_t>(r);
      return true;
    }
    default: *why = "unsupported value type"; return false;
  }
}

}  // namespace nanoproc::capi

using namespace nanoproc;
using namespace nanoproc::capi;

extern "C" {

void wasm_val_delete(wasm_val_t* v) {
  if (v && wasm_valkind_is_ref(v->kind) && v->of.ref) {
    wasm_ref_delete(v->of.ref);
    v->of.ref = nullptr;
  }
}

void wasm_val_copy(wasm_val_t* out, const wasm_val_t* v) {
  if (!out || !v) return;
  *out = *v;
  if (wasm_valkind_is_ref(v->kind)) out->of.ref = clone_handle(v->of.ref);
}

void wasm_ref_delete(wasm_ref_t* ref) { delete ref; }
wasm_ref_t* wasm_ref_copy(const wasm_ref_t* ref) { return clone_handle(ref); }
bool wasm_ref_same(const wasm_ref_t* a, const wasm_ref_t* b) { return same(a, b); }
void* wasm_ref_get_host_info(const wasm_ref_t* ref) {
  const HostInfo* i = find_info(ref);
  return i ? i->info : nullptr;
}
void wasm_ref_set_host_info(wasm_ref_t* ref, void* info) { set_info(ref, info, nullptr); }
void wasm_ref_set_host_info_with_finalizer(wasm_ref_t* ref, void* info, void (*finalizer)(void*)) {
  set_info(ref, info, finalizer);
}

// The reference operations of each handle kind; `IS(kind)` says whether a wasm_ref_t of
// that kind is one of these.
#define NP_CAPI_REF(X, IS)                                                                          \
  void wasm_##X##_delete(wasm_##X##_t* x) { delete x; }                                             \
  wasm_##X##_t* wasm_##X##_copy(const wasm_##X##_t* x) { return static_cast<wasm_##X##_t*>(clone_handle(x)); } \
  bool wasm_##X##_same(const wasm_##X##_t* a, const wasm_##X##_t* b) { return same(a, b); }         \
  void* wasm_##X##_get_host_info(const wasm_##X##_t* x) { return wasm_ref_get_host_info(x); }       \
  void wasm_##X##_set_host_info(wasm_##X##_t* x, void* info) { set_info(x, info, nullptr); }        \
  void wasm_##X##_set_host_info_with_finalizer(wasm_##X##_t* x, void* info, void (*fin)(void*)) {   \
    set_info(x, info, fin);                                                                         \
  }                                                                                                 \
  wasm_ref_t* wasm_##X##_as_ref(wasm_##X##_t* x) { return x; }                                      \
  const wasm_ref_t* wasm_##X##_as_ref_const(const wasm_##X##_t* x) { return x; }                    \
  wasm_##X##_t* wasm_ref_as_##X(wasm_ref_t* r) { return r && IS(r->kind) ? static_cast<wasm_##X##_t*>(r) : nullptr; } \
  const wasm_##X##_t* wasm_ref_as_##X##_const(const wasm_ref_t* r) {                                \
    return r && IS(r->kind) ? static_cast<const wasm_##X##_t*>(r) : nullptr;                        \
  }

#define NP_CAPI_IS(K) [](wasm_ref_t::Kind k) { return k == wasm_ref_t::Kind::K; }
NP_CAPI_REF(trap, NP_CAPI_IS(Trap))
NP_CAPI_REF(foreign, NP_CAPI_IS(Foreign))
NP_CAPI_REF(module, NP_CAPI_IS(Module))
NP_CAPI_REF(func, NP_CAPI_IS(Func))
NP_CAPI_REF(global, NP_CAPI_IS(Global))
NP_CAPI_REF(table, NP_CAPI_IS(Table))
NP_CAPI_REF(memory, NP_CAPI_IS(Memory))
NP_CAPI_REF(instance, NP_CAPI_IS(Instance))
NP_CAPI_REF(extern, is_extern_kind)

wasm_foreign_t* wasm_foreign_new(wasm_store_t* store) {
  if (!store) return nullptr;
  ExternObject* o = store->rt().new_extern(0);
  store->foreigns.emplace(o, true);
  return new wasm_foreign_t(store, o);
}

}  // extern "C"
