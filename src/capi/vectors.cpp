// Vectors: wasm_X_vec_new_empty/_new_uninitialized/_new/_copy/_delete for every element
// type. Vectors of pointers own their elements; vectors of values own the references in
// them.
#include <new>

#include "capi/capi_internal.h"

namespace nanoproc::capi {
namespace {

// Storage for `n` zeroed elements, or nullptr (for 0, or if it cannot be allocated: the
// vector is then empty rather than the process aborted).
template <class T>
T* alloc_elems(size_t n) {
  if (n == 0) return nullptr;
  return new (std::nothrow) T[n]();
}

template <class V, class T>
void vec_new_empty(V* out) {
  if (!out) return;
  out->size = 0;
  out->data = nullptr;
}

template <class V, class T>
void vec_new_uninitialized(V* out, size_t n) {
  if (!out) return;
  out->data = alloc_elems<T>(n);
  out->size = out->data ? n : 0;
}

// Moves the elements in (ownership passes to the vector).
template <class V, class T>
void vec_new(V* out, size_t n, const T* src) {
  vec_new_uninitialized<V, T>(out, n);
  if (!out || !out->data || !src) return;
  for (size_t i = 0; i < n; ++i) out->data[i] = src[i];
}

template <class V, class T, class CopyElem>
void vec_copy(V* out, const V* src, CopyElem copy) {
  if (!out) return;
  if (!src || !src->data) return vec_new_empty<V, T>(out);
  vec_new_uninitialized<V, T>(out, src->size);
  for (size_t i = 0; i < out->size; ++i) copy(&out->data[i], src->data[i]);
}

template <class V, class DeleteElem>
void vec_delete(V* vec, DeleteElem del) {
  if (!vec) return;
  if (vec->data)
    for (size_t i = 0; i < vec->size; ++i) del(vec->data[i]);
  delete[] vec->data;
  vec->data = nullptr;
  vec->size = 0;
}

}  // namespace

void name_from(wasm_name_t* out, std::string_view s) { wasm_byte_vec_new(out, s.size(), s.data()); }

void message_from(wasm_message_t* out, std::string_view s) {
  wasm_byte_vec_new_uninitialized(out, s.size() + 1);
  if (!out->data) return;
  std::memcpy(out->data, s.data(), s.size());
  out->data[s.size()] = 0;
}

}  // namespace nanoproc::capi

using namespace nanoproc::capi;

// Pointer vectors: elements are copied with wasm_X_copy and deleted with wasm_X_delete.
#define NP_CAPI_PTR_VEC(X)                                                                       \
  void wasm_##X##_vec_new_empty(wasm_##X##_vec_t* out) { vec_new_empty<wasm_##X##_vec_t, wasm_##X##_t*>(out); } \
  void wasm_##X##_vec_new_uninitialized(wasm_##X##_vec_t* out, size_t n) {                       \
    vec_new_uninitialized<wasm_##X##_vec_t, wasm_##X##_t*>(out, n);                              \
  }                                                                                              \
  void wasm_##X##_vec_new(wasm_##X##_vec_t* out, size_t n, wasm_##X##_t* const src[]) {          \
    vec_new<wasm_##X##_vec_t, wasm_##X##_t*>(out, n, src);                                      \
  }                                                                                              \
  void wasm_##X##_vec_copy(wasm_##X##_vec_t* out, const wasm_##X##_vec_t* src) {                 \
    vec_copy<wasm_##X##_vec_t, wasm_##X##_t*>(out, src, [](wasm_##X##_t** d, wasm_##X##_t* s) {  \
      *d = s ? wasm_##X##_copy(s) : nullptr;                                                     \
    });                                                                                          \
  }                                                                                              \
  void wasm_##X##_vec_delete(wasm_##X##_vec_t* vec) {                                            \
    vec_delete(vec, [](wasm_##X##_t* e) {                                                        \
      if (e) wasm_##X##_delete(e);                                                               \
    });                                                                                          \
  }

extern "C" {

void wasm_byte_vec_new_empty(wasm_byte_vec_t* out) { vec_new_empty<wasm_byte_vec_t, wasm_byte_t>(out); }
void wasm_byte_vec_new_uninitialized(wasm_byte_vec_t* out, size_t n) {
  vec_new_uninitialized<wasm_byte_vec_t, wasm_byte_t>(out, n);
}
void wasm_byte_vec_new(wasm_byte_vec_t* out, size_t n, const wasm_byte_t src[]) {
  vec_new<wasm_byte_vec_t, wasm_byte_t>(out, n, src);
}
void wasm_byte_vec_copy(wasm_byte_vec_t* out, const wasm_byte_vec_t* src) {
  vec_copy<wasm_byte_vec_t, wasm_byte_t>(out, src, [](wasm_byte_t* d, wasm_byte_t s) { *d = s; });
}
void wasm_byte_vec_delete(wasm_byte_vec_t* vec) {
  vec_delete(vec, [](wasm_byte_t) {});
}

void wasm_val_vec_new_empty(wasm_val_vec_t* out) { vec_new_empty<wasm_val_vec_t, wasm_val_t>(out); }
void wasm_val_vec_new_uninitialized(wasm_val_vec_t* out, size_t n) {
  vec_new_uninitialized<wasm_val_vec_t, wasm_val_t>(out, n);
}
void wasm_val_vec_new(wasm_val_vec_t* out, size_t n, const wasm_val_t src[]) {
  vec_new<wasm_val_vec_t, wasm_val_t>(out, n, src);
}
void wasm_val_vec_copy(wasm_val_vec_t* out, const wasm_val_vec_t* src) {
  vec_copy<wasm_val_vec_t, wasm_val_t>(out, src, [](wasm_val_t* d, const wasm_val_t& s) { wasm_val_copy(d, &s); });
}
void wasm_val_vec_delete(wasm_val_vec_t* vec) {
  vec_delete(vec, [](wasm_val_t& v) { wasm_val_delete(&v); });
}

NP_CAPI_PTR_VEC(frame)
NP_CAPI_PTR_VEC(extern)
NP_CAPI_PTR_VEC(valtype)
NP_CAPI_PTR_VEC(functype)
NP_CAPI_PTR_VEC(globaltype)
NP_CAPI_PTR_VEC(tabletype)
NP_CAPI_PTR_VEC(memorytype)
NP_CAPI_PTR_VEC(externtype)
NP_CAPI_PTR_VEC(importtype)
NP_CAPI_PTR_VEC(exporttype)

}  // extern "C"
