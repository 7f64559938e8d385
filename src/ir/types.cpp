#include "ir/types.h"

#include <fmt/format.h>

namespace nanoproc {

const char* abs_heap_name(AbsHeap h) {
  switch (h) {
    case AbsHeap::NoExn: return "noexn";
    case AbsHeap::NoFunc: return "nofunc";
    case AbsHeap::NoExtern: return "noextern";
    case AbsHeap::None: return "none";
    case AbsHeap::Func: return "func";
    case AbsHeap::Extern: return "extern";
    case AbsHeap::Any: return "any";
    case AbsHeap::Eq: return "eq";
    case AbsHeap::I31: return "i31";
    case AbsHeap::Struct: return "struct";
    case AbsHeap::Array: return "array";
    case AbsHeap::Exn: return "exn";
  }
  return "?";
}

AbsHeap abs_heap_top(AbsHeap h) {
  switch (h) {
    case AbsHeap::Func:
    case AbsHeap::NoFunc: return AbsHeap::Func;
    case AbsHeap::Extern:
    case AbsHeap::NoExtern: return AbsHeap::Extern;
    case AbsHeap::Exn:
    case AbsHeap::NoExn: return AbsHeap::Exn;
    default: return AbsHeap::Any;
  }
}

bool abs_heap_from_byte(uint8_t b, AbsHeap* out) {
  if ((b >= 0x69 && b <= 0x74)) {
    *out = AbsHeap(b);
    return true;
  }
  return false;
}

unsigned storage_size(ValType t) {
  switch (t.kind) {
    case ValKind::I8: return 1;
    case ValKind::I16: return 2;
    case ValKind::I32:
    case ValKind::F32: return 4;
    case ValKind::I64:
    case ValKind::F64: return 8;
    case ValKind::V128: return 16;
    case ValKind::Ref: return sizeof(void*);
    case ValKind::Bot: return 0;
  }
  return 0;
}

const char* extern_kind_name(ExternKind k) {
  switch (k) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
    case ExternKind::Tag: return "tag";
  }
  return "?";
}

std::string to_string(HeapType h) {
  if (h.is_abstract()) return abs_heap_name(h.abs());
  return fmt::format("{}", h.index());
}

std::string to_string(ValType t) {
  switch (t.kind) {
    case ValKind::I32: return "i32";
    case ValKind::I64: return "i64";
    case ValKind::F32: return "f32";
    case ValKind::F64: return "f64";
    case ValKind::V128: return "v128";
    case ValKind::I8: return "i8";
    case ValKind::I16: return "i16";
    case ValKind::Bot: return "bot";
    case ValKind::Ref: break;
  }
  if (t.heap.is_abstract() && t.nullable) {
    switch (t.heap.abs()) {
      case AbsHeap::Func: return "funcref";
      case AbsHeap::Extern: return "externref";
      case AbsHeap::Any: return "anyref";
      case AbsHeap::Eq: return "eqref";
      case AbsHeap::I31: return "i31ref";
      case AbsHeap::Struct: return "structref";
      case AbsHeap::Array: return "arrayref";
      case AbsHeap::Exn: return "exnref";
      case AbsHeap::None: return "nullref";
      case AbsHeap::NoFunc: return "nullfuncref";
      case AbsHeap::NoExtern: return "nullexternref";
      case AbsHeap::NoExn: return "nullexnref";
    }
  }
  return fmt::format("(ref {}{})", t.nullable ? "null " : "", to_string(t.heap));
}

}  // namespace nanoproc
