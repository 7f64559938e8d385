// Conversions between the public API's types and the runtime's (internal to src/api).
#pragma once
#include "ir/types.h"
#include "nanoproc/nanoproc.h"

namespace nanoproc::api {

inline ValType to_api(nanoproc::ValType t) {
  switch (t.kind) {
    case ValKind::I32: return ValType::I32;
    case ValKind::I64: return ValType::I64;
    case ValKind::F32: return ValType::F32;
    case ValKind::F64: return ValType::F64;
    case ValKind::V128: return ValType::V128;
    case ValKind::Ref:
      if (t.heap.is_abstract() && t.heap.abs() == AbsHeap::Func) return ValType::FuncRef;
      if (t.heap.is_abstract() && t.heap.abs() == AbsHeap::Extern) return ValType::ExternRef;
      return ValType::OtherRef;
    default: return ValType::OtherRef;
  }
}

inline nanoproc::ValType from_api(ValType t) {
  switch (t) {
    case ValType::I32: return kI32;
    case ValType::I64: return kI64;
    case ValType::F32: return kF32;
    case ValType::F64: return kF64;
    case ValType::V128: return kV128;
    case ValType::FuncRef: return kFuncRef;
    case ValType::ExternRef: return kExternRef;
    case ValType::OtherRef: return nanoproc::ValType::ref(AbsHeap::Any, true);
  }
  return kI32;
}

inline ExternType to_api(ExternKind k) { return static_cast<ExternType>(static_cast<uint8_t>(k)); }

inline ResizableLimits to_api(const nanoproc::Limits& l) {
  ResizableLimits out;
  out.min = l.min;
  if (l.has_max) out.max = l.max;
  out.is64 = l.is64;
  out.shared = l.shared;
  return out;
}

inline nanoproc::Limits from_api(const ResizableLimits& l) {
  nanoproc::Limits out;
  out.min = l.min;
  out.has_max = l.max.has_value();
  out.max = l.max.value_or(0);
  out.is64 = l.is64;
  out.shared = l.shared;
  return out;
}

}  // namespace nanoproc::api
