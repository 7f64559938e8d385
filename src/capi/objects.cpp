// Globals, tables and memories: made by the host or exported by instances.
#include "capi/capi_internal.h"

namespace nanoproc::capi {
namespace {

constexpr uint64_t kMaxMemoryPages = 65536;  // 32-bit memories of 64 KiB pages

bool limits_ok(const wasm_limits_t& l, uint64_t cap) {
  if (l.max != wasm_limits_max_default && (l.min > l.max || l.max > cap)) return false;
  return l.min <= cap;
}

}  // namespace
}  // namespace nanoproc::capi

using namespace nanoproc;
using namespace nanoproc::capi;

extern "C" {

// ---------------------------------------------------------------- globals

wasm_global_t* wasm_global_new(wasm_store_t* store, const wasm_globaltype_t* type, const wasm_val_t* value) {
  if (!store || !type || !type->content || !value) return nullptr;
  GlobalType gt;
  if (!valtype_from_kind(type->content->kind, &gt.type) || gt.type.kind == ValKind::V128) return nullptr;
  gt.mut = type->mut == WASM_VAR;
  RawValue raw{};
  std::string why;
  if (!val_to_slots(store, *value, gt.type, raw.slots, &why)) return nullptr;
  return new wasm_global_t(store, store->rt().new_global(gt, raw));
}

wasm_globaltype_t* wasm_global_type(const wasm_global_t* global) {
  if (!global) return nullptr;
  const GlobalType& gt = global->g()->type;
  auto* content = wasm_valtype_new(valkind_of(gt.type, global->store->rt().engine().types()));
  return wasm_globaltype_new(content, gt.mut ? WASM_VAR : WASM_CONST);
}

void wasm_global_get(const wasm_global_t* global, wasm_val_t* out) {
  if (!global || !out) return;
  val_from_slots(global->store, global->g()->type.type, global->g()->value.slots, out);
}

void wasm_global_set(wasm_global_t* global, const wasm_val_t* value) {
  if (!global || !value || !global->g()->type.mut) return;
  RawValue raw{};
  std::string why;
  if (val_to_slots(global->store, *value, global->g()->type.type, raw.slots, &why)) global->g()->value = raw;
}

// ---------------------------------------------------------------- tables

wasm_table_t* wasm_table_new(wasm_store_t* store, const wasm_tabletype_t* type, wasm_ref_t* init) {
  if (!store || !type || !type->element || !limits_ok(type->limits, UINT32_MAX)) return nullptr;
  TableType tt;
  if (!valtype_from_kind(type->element->kind, &tt.elem) || !tt.elem.is_ref()) return nullptr;
  tt.limits = limits_from(type->limits);
  Ref r = nullptr;
  std::string why;
  if (!ref_to_runtime(store, init, tt.elem, &r, &why)) return nullptr;
  auto t = store->rt().new_table(tt, r);
  if (!t) return nullptr;
  return new wasm_table_t(store, *t);
}

wasm_tabletype_t* wasm_table_type(const wasm_table_t* table) {
  if (!table) return nullptr;
  const TableType& tt = table->t()->type();
  auto* elem = wasm_valtype_new(valkind_of(tt.elem, table->store->rt().engine().types()));
  wasm_limits_t l = limits_of(tt.limits, table->t()->size());
  return wasm_tabletype_new(elem, &l);
}

wasm_ref_t* wasm_table_get(const wasm_table_t* table, wasm_table_size_t index) {
  if (!table || index >= table->t()->size()) return nullptr;
  return ref_handle(table->store, table->t()->get(index), table->t()->type().elem);
}

bool wasm_table_set(wasm_table_t* table, wasm_table_size_t index, wasm_ref_t* ref) {
  if (!table || index >= table->t()->size()) return false;
  Ref r = nullptr;
  std::string why;
  if (!ref_to_runtime(table->store, ref, table->t()->type().elem, &r, &why)) return false;
  table->t()->set(index, r);
  return true;
}

wasm_table_size_t wasm_table_size(const wasm_table_t* table) {
  if (!table) return 0;
  uint64_t n = table->t()->size();
  return n > UINT32_MAX ? UINT32_MAX : static_cast<wasm_table_size_t>(n);
}

bool wasm_table_grow(wasm_table_t* table, wasm_table_size_t delta, wasm_ref_t* init) {
  if (!table) return false;
  Ref r = nullptr;
  std::string why;
  if (!ref_to_runtime(table->store, init, table->t()->type().elem, &r, &why)) return false;
  return table->t()->grow(delta, r) >= 0;
}

// ---------------------------------------------------------------- memories

wasm_memory_t* wasm_memory_new(wasm_store_t* store, const wasm_memorytype_t* type) {
  if (!store || !type || !limits_ok(type->limits, kMaxMemoryPages)) return nullptr;
  MemoryType mt;
  mt.limits = limits_from(type->limits);
  auto m = store->rt().new_memory(mt);
  if (!m) return nullptr;
  return new wasm_memory_t(store, *m);
}

wasm_memorytype_t* wasm_memory_type(const wasm_memory_t* memory) {
  if (!memory) return nullptr;
  wasm_limits_t l = limits_of(memory->m()->type().limits, memory->m()->pages());
  return wasm_memorytype_new(&l);
}

byte_t* wasm_memory_data(wasm_memory_t* memory) {
  return memory ? reinterpret_cast<byte_t*>(memory->m()->data()) : nullptr;
}

size_t wasm_memory_data_size(const wasm_memory_t* memory) { return memory ? memory->m()->size_bytes() : 0; }

wasm_memory_pages_t wasm_memory_size(const wasm_memory_t* memory) {
  if (!memory) return 0;
  uint64_t p = memory->m()->pages();
  return p > UINT32_MAX ? UINT32_MAX : static_cast<wasm_memory_pages_t>(p);
}

bool wasm_memory_grow(wasm_memory_t* memory, wasm_memory_pages_t delta) {
  return memory && memory->m()->grow(delta) >= 0;
}

}  // extern "C"
