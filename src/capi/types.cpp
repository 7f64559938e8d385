// Type objects (valtype, functype, globaltype, tabletype, memorytype, externtype,
// importtype, exporttype) and their conversions from and to the runtime's types.
#include "capi/capi_internal.h"
#include "runtime/type_registry.h"

namespace nanoproc::capi {
namespace {

wasm_valkind_t ref_kind(AbsHeap top) {
  switch (top) {
    case AbsHeap::Func: return WASM_FUNCREF;
    case AbsHeap::Extern: return WASM_EXTERNREF;
    default: return WASM_ANYREF;
  }
}

wasm_valkind_t num_kind(ValKind k) {
  switch (k) {
    case ValKind::I32: return WASM_I32;
    case ValKind::I64: return WASM_I64;
    case ValKind::F32: return WASM_F32;
    case ValKind::F64: return WASM_F64;
    default: return WASM_V128;
  }
}

wasm_valtype_t* new_valtype(wasm_valkind_t k) { return new wasm_valtype_t{k}; }

template <class Kind>
wasm_functype_t* make_functype(const FuncType& ft, Kind kind_of) {
  auto* t = new wasm_functype_t();
  wasm_valtype_vec_new_uninitialized(&t->params, ft.params.size());
  for (size_t i = 0; i < t->params.size; ++i) t->params.data[i] = new_valtype(kind_of(ft.params[i]));
  wasm_valtype_vec_new_uninitialized(&t->results, ft.results.size());
  for (size_t i = 0; i < t->results.size; ++i) t->results.data[i] = new_valtype(kind_of(ft.results[i]));
  return t;
}

}  // namespace

wasm_valkind_t valkind_of(ValType t, const TypeRegistry& types) {
  if (!t.is_ref()) return num_kind(t.kind);
  return ref_kind(t.heap.is_index() ? types.top_of(t.heap) : abs_heap_top(t.heap.abs()));
}

wasm_valkind_t valkind_of(ValType t, const Module& m) {
  if (!t.is_ref()) return num_kind(t.kind);
  if (t.heap.is_abstract()) return ref_kind(abs_heap_top(t.heap.abs()));
  bool is_func = t.heap.index() < m.types.size() && m.types[t.heap.index()].composite.kind == CompositeKind::Func;
  return is_func ? WASM_FUNCREF : WASM_ANYREF;
}

bool valtype_from_kind(wasm_valkind_t k, ValType* out) {
  switch (k) {
    case WASM_I32: *out = kI32; return true;
    case WASM_I64: *out = kI64; return true;
    case WASM_F32: *out = kF32; return true;
    case WASM_F64: *out = kF64; return true;
    case WASM_V128: *out = kV128; return true;
    case WASM_EXTERNREF: *out = kExternRef; return true;
    case WASM_FUNCREF: *out = kFuncRef; return true;
    case WASM_ANYREF: *out = ValType::ref(AbsHeap::Any, true); return true;
    default: return false;
  }
}

wasm_limits_t limits_of(const Limits& l, uint64_t current_min) {
  auto clamp = [](uint64_t v) { return v > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(v); };
  return {clamp(current_min), l.has_max ? clamp(l.max) : wasm_limits_max_default};
}

Limits limits_from(const wasm_limits_t& l) {
  Limits out;
  out.min = l.min;
  out.has_max = l.max != wasm_limits_max_default;
  out.max = out.has_max ? l.max : 0;
  return out;
}

wasm_functype_t* functype_of(const FuncType& ft, const TypeRegistry& types) {
  return make_functype(ft, [&](ValType t) { return valkind_of(t, types); });
}

wasm_functype_t* functype_of(const FuncType& ft, const Module& m) {
  return make_functype(ft, [&](ValType t) { return valkind_of(t, m); });
}

bool functype_from(const wasm_functype_t* t, FuncType* out, std::string* why) {
  if (!t) {
    *why = "function type is NULL";
    return false;
  }
  auto convert = [&](const wasm_valtype_vec_t& v, std::vector<ValType>* dst, const char* what) {
    for (size_t i = 0; i < v.size; ++i) {
      ValType vt;
      if (!v.data[i] || !valtype_from_kind(v.data[i]->kind, &vt)) {
        *why = std::string(what) + " " + std::to_string(i) + " has no valid type";
        return false;
      }
      if (vt.kind == ValKind::V128) {
        *why = std::string(what) + " " + std::to_string(i) + " is v128, which host functions cannot take";
        return false;
      }
      dst->push_back(vt);
    }
    return true;
  };
  return convert(t->params, &out->params, "parameter") && convert(t->results, &out->results, "result");
}

wasm_externtype_t* externtype_of(const Module& m, ExternKind kind, uint32_t index, const Import* imp) {
  switch (kind) {
    case ExternKind::Func: {
      uint32_t ti = imp ? imp->func_type : m.func_type_index(index);
      if (ti >= m.types.size()) return nullptr;
      return functype_of(m.types[ti].composite.func, m);
    }
    case ExternKind::Global: {
      GlobalType g = imp ? imp->global : m.global_type(index);
      return new wasm_globaltype_t(new_valtype(valkind_of(g.type, m)), g.mut ? WASM_VAR : WASM_CONST);
    }
    case ExternKind::Table: {
      TableType t = imp ? imp->table : m.table_type(index);
      return new wasm_tabletype_t(new_valtype(valkind_of(t.elem, m)), limits_of(t.limits, t.limits.min));
    }
    case ExternKind::Memory: {
      MemoryType t = imp ? imp->memory : m.memory_type(index);
      return new wasm_memorytype_t(limits_of(t.limits, t.limits.min));
    }
    case ExternKind::Tag: return nullptr;
  }
  return nullptr;
}

}  // namespace nanoproc::capi

using namespace nanoproc;
using namespace nanoproc::capi;

wasm_functype_t::~wasm_functype_t() {
  wasm_valtype_vec_delete(&params);
  wasm_valtype_vec_delete(&results);
}
wasm_importtype_t::~wasm_importtype_t() {
  wasm_byte_vec_delete(&module);
  wasm_byte_vec_delete(&name);
  delete type;
}
wasm_exporttype_t::~wasm_exporttype_t() {
  wasm_byte_vec_delete(&name);
  delete type;
}

extern "C" {

// ---------------------------------------------------------------- valtype

wasm_valtype_t* wasm_valtype_new(wasm_valkind_t kind) {
  ValType t;
  return valtype_from_kind(kind, &t) ? new_valtype(kind) : nullptr;
}
void wasm_valtype_delete(wasm_valtype_t* type) { delete type; }
wasm_valtype_t* wasm_valtype_copy(const wasm_valtype_t* type) { return type ? new_valtype(type->kind) : nullptr; }
wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t* type) { return type ? type->kind : wasm_valkind_t{WASM_I32}; }

// ---------------------------------------------------------------- functype

wasm_functype_t* wasm_functype_new(wasm_valtype_vec_t* params, wasm_valtype_vec_t* results) {
  auto has_null = [](const wasm_valtype_vec_t* v) {
    if (!v) return false;
    for (size_t i = 0; i < v->size; ++i)
      if (!v->data || !v->data[i]) return true;
    return false;
  };
  if (has_null(params) || has_null(results)) {
    wasm_valtype_vec_delete(params);
    wasm_valtype_vec_delete(results);
    return nullptr;
  }
  auto* t = new wasm_functype_t();
  if (params) {
    t->params = *params;
    *params = {0, nullptr};
  }
  if (results) {
    t->results = *results;
    *results = {0, nullptr};
  }
  return t;
}
void wasm_functype_delete(wasm_functype_t* type) { delete type; }
wasm_functype_t* wasm_functype_copy(const wasm_functype_t* type) {
  if (!type) return nullptr;
  auto* t = new wasm_functype_t();
  wasm_valtype_vec_copy(&t->params, &type->params);
  wasm_valtype_vec_copy(&t->results, &type->results);
  return t;
}
const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t* type) { return type ? &type->params : nullptr; }
const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t* type) { return type ? &type->results : nullptr; }

// ---------------------------------------------------------------- globaltype

wasm_globaltype_t* wasm_globaltype_new(wasm_valtype_t* content, wasm_mutability_t mutability) {
  if (!content) return nullptr;
  if (mutability != WASM_CONST && mutability != WASM_VAR) {
    delete content;
    return nullptr;
  }
  return new wasm_globaltype_t(content, mutability);
}
void wasm_globaltype_delete(wasm_globaltype_t* type) { delete type; }
wasm_globaltype_t* wasm_globaltype_copy(const wasm_globaltype_t* type) {
  return type ? new wasm_globaltype_t(wasm_valtype_copy(type->content), type->mut) : nullptr;
}
const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t* type) { return type ? type->content : nullptr; }
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t* type) { return type ? type->mut : wasm_mutability_t{WASM_CONST}; }

// ---------------------------------------------------------------- tabletype

wasm_tabletype_t* wasm_tabletype_new(wasm_valtype_t* element, const wasm_limits_t* limits) {
  if (!element) return nullptr;
  if (!limits || !wasm_valkind_is_ref(element->kind)) {
    delete element;
    return nullptr;
  }
  return new wasm_tabletype_t(element, *limits);
}
void wasm_tabletype_delete(wasm_tabletype_t* type) { delete type; }
wasm_tabletype_t* wasm_tabletype_copy(const wasm_tabletype_t* type) {
  return type ? new wasm_tabletype_t(wasm_valtype_copy(type->element), type->limits) : nullptr;
}
const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t* type) { return type ? type->element : nullptr; }
const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t* type) { return type ? &type->limits : nullptr; }

// ---------------------------------------------------------------- memorytype

wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t* limits) {
  return limits ? new wasm_memorytype_t(*limits) : nullptr;
}
void wasm_memorytype_delete(wasm_memorytype_t* type) { delete type; }
wasm_memorytype_t* wasm_memorytype_copy(const wasm_memorytype_t* type) {
  return type ? new wasm_memorytype_t(type->limits) : nullptr;
}
const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t* type) { return type ? &type->limits : nullptr; }

// ---------------------------------------------------------------- externtype

void wasm_externtype_delete(wasm_externtype_t* type) { delete type; }
wasm_externtype_t* wasm_externtype_copy(const wasm_externtype_t* type) {
  if (!type) return nullptr;
  switch (type->kind) {
    case WASM_EXTERN_FUNC: return wasm_functype_copy(static_cast<const wasm_functype_t*>(type));
    case WASM_EXTERN_GLOBAL: return wasm_globaltype_copy(static_cast<const wasm_globaltype_t*>(type));
    case WASM_EXTERN_TABLE: return wasm_tabletype_copy(static_cast<const wasm_tabletype_t*>(type));
    case WASM_EXTERN_MEMORY: return wasm_memorytype_copy(static_cast<const wasm_memorytype_t*>(type));
  }
  return nullptr;
}
wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t* type) { return type ? type->kind : wasm_externkind_t{WASM_EXTERN_FUNC}; }

#define NP_CAPI_EXTERNTYPE_VIEW(X, KIND)                                                         \
  wasm_externtype_t* wasm_##X##_as_externtype(wasm_##X##_t* t) { return t; }                    \
  const wasm_externtype_t* wasm_##X##_as_externtype_const(const wasm_##X##_t* t) { return t; }  \
  wasm_##X##_t* wasm_externtype_as_##X(wasm_externtype_t* t) {                                  \
    return t && t->kind == KIND ? static_cast<wasm_##X##_t*>(t) : nullptr;                      \
  }                                                                                             \
  const wasm_##X##_t* wasm_externtype_as_##X##_const(const wasm_externtype_t* t) {              \
    return t && t->kind == KIND ? static_cast<const wasm_##X##_t*>(t) : nullptr;                \
  }

NP_CAPI_EXTERNTYPE_VIEW(functype, WASM_EXTERN_FUNC)
NP_CAPI_EXTERNTYPE_VIEW(globaltype, WASM_EXTERN_GLOBAL)
NP_CAPI_EXTERNTYPE_VIEW(tabletype, WASM_EXTERN_TABLE)
NP_CAPI_EXTERNTYPE_VIEW(memorytype, WASM_EXTERN_MEMORY)

// ---------------------------------------------------------------- importtype, exporttype

wasm_importtype_t* wasm_importtype_new(wasm_name_t* module, wasm_name_t* name, wasm_externtype_t* type) {
  auto* t = new wasm_importtype_t();
  if (module) {
    t->module = *module;
    *module = {0, nullptr};
  }
  if (name) {
    t->name = *name;
    *name = {0, nullptr};
  }
  t->type = type;
  if (!type) {
    delete t;
    return nullptr;
  }
  return t;
}
void wasm_importtype_delete(wasm_importtype_t* type) { delete type; }
wasm_importtype_t* wasm_importtype_copy(const wasm_importtype_t* type) {
  if (!type) return nullptr;
  auto* t = new wasm_importtype_t();
  wasm_byte_vec_copy(&t->module, &type->module);
  wasm_byte_vec_copy(&t->name, &type->name);
  t->type = wasm_externtype_copy(type->type);
  return t;
}
const wasm_name_t* wasm_importtype_module(const wasm_importtype_t* type) { return type ? &type->module : nullptr; }
const wasm_name_t* wasm_importtype_name(const wasm_importtype_t* type) { return type ? &type->name : nullptr; }
const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t* type) { return type ? type->type : nullptr; }

wasm_exporttype_t* wasm_exporttype_new(wasm_name_t* name, wasm_externtype_t* type) {
  auto* t = new wasm_exporttype_t();
  if (name) {
    t->name = *name;
    *name = {0, nullptr};
  }
  t->type = type;
  if (!type) {
    delete t;
    return nullptr;
  }
  return t;
}
void wasm_exporttype_delete(wasm_exporttype_t* type) { delete type; }
wasm_exporttype_t* wasm_exporttype_copy(const wasm_exporttype_t* type) {
  if (!type) return nullptr;
  auto* t = new wasm_exporttype_t();
  wasm_byte_vec_copy(&t->name, &type->name);
  t->type = wasm_externtype_copy(type->type);
  return t;
}
const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t* type) { return type ? &type->name : nullptr; }
const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t* type) { return type ? type->type : nullptr; }

}  // extern "C"
