#include "wast/values.h"

#include <bit>
#include <cstring>

#include <fmt/format.h>

namespace nanoproc::wast {

Ref HostRefs::get(uint64_t n) {
  auto it = refs_.find(n);
  if (it != refs_.end()) return it->second;
  Ref r = store_.new_extern(n);
  refs_.emplace(n, r);
  return r;
}

unsigned to_slots(const WastValue& v, HostRefs& refs, uint64_t* slots) {
  switch (v.kind) {
    case WastValue::Kind::I32:
    case WastValue::Kind::F32:
      slots[0] = static_cast<uint32_t>(v.bits);
      return 1;
    case WastValue::Kind::I64:
    case WastValue::Kind::F64:
      slots[0] = v.bits;
      return 1;
    case WastValue::Kind::V128:
      std::memcpy(slots, v.v128, 16);
      return 2;
    case WastValue::Kind::RefNull:
      slots[0] = 0;
      return 1;
    case WastValue::Kind::RefExtern:
    case WastValue::Kind::RefHost:
      slots[0] = reinterpret_cast<uint64_t>(refs.get(v.bits));
      return 1;
    case WastValue::Kind::RefFunc:
      slots[0] = 0;
      return 1;
  }
  return 1;
}

namespace {

bool nan_canonical32(uint32_t b) { return (b & 0x7FFFFFFFu) == 0x7FC00000u; }
bool nan_arith32(uint32_t b) { return (b & 0x7FC00000u) == 0x7FC00000u; }
bool nan_canonical64(uint64_t b) { return (b & 0x7FFFFFFFFFFFFFFFull) == 0x7FF8000000000000ull; }
bool nan_arith64(uint64_t b) { return (b & 0x7FF8000000000000ull) == 0x7FF8000000000000ull; }

const ObjHeader* header_of(uint64_t slot) {
  Ref r = reinterpret_cast<Ref>(slot);
  if (!r || ref_is_i31(r)) return nullptr;
  return ref_header(r);
}

bool lane_matches(const WastResult& r, const std::string& shape, const uint8_t* lane) {
  unsigned bytes = shape == "i8x16" ? 1 : shape == "i16x8" ? 2 : (shape == "i32x4" || shape == "f32x4") ? 4 : 8;
  uint64_t v = 0;
  std::memcpy(&v, lane, bytes);
  switch (r.kind) {
    case WastResult::Kind::NanCanonical:
      return bytes == 4 ? nan_canonical32(static_cast<uint32_t>(v)) : nan_canonical64(v);
    case WastResult::Kind::NanArithmetic:
      return bytes == 4 ? nan_arith32(static_cast<uint32_t>(v)) : nan_arith64(v);
    default: {
      uint64_t want = r.value.bits;
      if (bytes < 8) want &= (uint64_t{1} << (bytes * 8)) - 1;
      return v == want;
    }
  }
}

}  // namespace

bool matches(const WastResult& r, ValType t, const uint64_t* slots) {
  switch (r.kind) {
    case WastResult::Kind::Either:
      for (const auto& alt : r.alternatives)
        if (matches(alt, t, slots)) return true;
      return false;
    case WastResult::Kind::NanCanonical:
      return r.float_kind == ValKind::F32 ? nan_canonical32(static_cast<uint32_t>(slots[0])) : nan_canonical64(slots[0]);
    case WastResult::Kind::NanArithmetic:
      return r.float_kind == ValKind::F32 ? nan_arith32(static_cast<uint32_t>(slots[0])) : nan_arith64(slots[0]);
    case WastResult::Kind::V128Pattern: {
      if (t.kind != ValKind::V128 || r.lanes.empty()) return false;
      unsigned bytes = 16 / static_cast<unsigned>(r.lanes.size());
      const uint8_t* p = reinterpret_cast<const uint8_t*>(slots);
      for (size_t i = 0; i < r.lanes.size(); ++i)
        if (!lane_matches(r.lanes[i], r.shape, p + i * bytes)) return false;
      return true;
    }
    case WastResult::Kind::RefNull:
      return t.kind == ValKind::Ref && slots[0] == 0;
    case WastResult::Kind::RefExtern:
    case WastResult::Kind::RefHost: {
      // `(ref.extern)` is any non-null externref, also an externalised anyref (the same
      // word: extern.convert_any is the identity).
      if (!r.has_index) return slots[0] != 0;
      const ObjHeader* h = header_of(slots[0]);
      return h && h->kind == ObjKind::Extern && reinterpret_cast<const ExternObject*>(h)->value == r.value.bits;
    }
    case WastResult::Kind::RefFunc: {
      const ObjHeader* h = header_of(slots[0]);
      return h && h->kind == ObjKind::Func;
    }
    case WastResult::Kind::RefI31:
      return slots[0] != 0 && ref_is_i31(reinterpret_cast<Ref>(slots[0]));
    case WastResult::Kind::RefStruct: {
      const ObjHeader* h = header_of(slots[0]);
      return h && h->kind == ObjKind::Struct;
    }
    case WastResult::Kind::RefArray: {
      const ObjHeader* h = header_of(slots[0]);
      return h && h->kind == ObjKind::Array;
    }
    case WastResult::Kind::RefExn: {
      const ObjHeader* h = header_of(slots[0]);
      return h && h->kind == ObjKind::Exn;
    }
    case WastResult::Kind::RefEq: {
      if (slots[0] == 0) return false;
      if (ref_is_i31(reinterpret_cast<Ref>(slots[0]))) return true;
      const ObjHeader* h = header_of(slots[0]);
      return h && (h->kind == ObjKind::Struct || h->kind == ObjKind::Array);
    }
    case WastResult::Kind::RefAny: {
      if (slots[0] == 0) return false;
      if (ref_is_i31(reinterpret_cast<Ref>(slots[0]))) return true;
      const ObjHeader* h = header_of(slots[0]);
      return h && h->kind != ObjKind::Func && h->kind != ObjKind::Exn;
    }
    case WastResult::Kind::Exact:
      break;
  }
  const WastValue& v = r.value;
  switch (v.kind) {
    case WastValue::Kind::I32:
    case WastValue::Kind::F32:
      return static_cast<uint32_t>(slots[0]) == static_cast<uint32_t>(v.bits);
    case WastValue::Kind::I64:
    case WastValue::Kind::F64:
      return slots[0] == v.bits;
    case WastValue::Kind::V128:
      return std::memcmp(slots, v.v128, 16) == 0;
    case WastValue::Kind::RefNull:
      return slots[0] == 0;
    case WastValue::Kind::RefExtern:
    case WastValue::Kind::RefHost: {
      const ObjHeader* h = header_of(slots[0]);
      return h && h->kind == ObjKind::Extern && reinterpret_cast<const ExternObject*>(h)->value == v.bits;
    }
    case WastValue::Kind::RefFunc: {
      const ObjHeader* h = header_of(slots[0]);
      return h && h->kind == ObjKind::Func;
    }
  }
  return false;
}

std::string describe(ValType t, const uint64_t* slots) {
  switch (t.kind) {
    case ValKind::I32: return fmt::format("i32:{}", static_cast<int32_t>(slots[0]));
    case ValKind::I64: return fmt::format("i64:{}", static_cast<int64_t>(slots[0]));
    case ValKind::F32: {
      uint32_t b = static_cast<uint32_t>(slots[0]);
      return fmt::format("f32:{} (0x{:08x})", std::bit_cast<float>(b), b);
    }
    case ValKind::F64: return fmt::format("f64:{} (0x{:016x})", std::bit_cast<double>(slots[0]), slots[0]);
    case ValKind::V128: return fmt::format("v128:0x{:016x}{:016x}", slots[1], slots[0]);
    case ValKind::Ref: {
      if (slots[0] == 0) return "ref.null";
      Ref r = reinterpret_cast<Ref>(slots[0]);
      if (ref_is_i31(r)) return fmt::format("ref.i31:{}", i31_get_s(r));
      switch (ref_header(r)->kind) {
        case ObjKind::Func: return "ref.func";
        case ObjKind::Extern: return fmt::format("ref.extern:{}", reinterpret_cast<const ExternObject*>(r)->value);
        case ObjKind::Struct: return "ref.struct";
        case ObjKind::Array: return "ref.array";
        case ObjKind::Exn: return "ref.exn";
      }
      return "ref";
    }
    default: return "?";
  }
}

std::string describe(const WastResult& r) {
  switch (r.kind) {
    case WastResult::Kind::NanCanonical: return "nan:canonical";
    case WastResult::Kind::NanArithmetic: return "nan:arithmetic";
    case WastResult::Kind::V128Pattern: return "v128 " + r.shape + " pattern";
    case WastResult::Kind::RefNull: return "ref.null";
    case WastResult::Kind::RefExtern: return r.has_index ? fmt::format("ref.extern {}", r.value.bits) : "ref.extern";
    case WastResult::Kind::RefHost: return fmt::format("ref.host {}", r.value.bits);
    case WastResult::Kind::RefFunc: return "ref.func";
    case WastResult::Kind::RefAny: return "ref.any";
    case WastResult::Kind::RefEq: return "ref.eq";
    case WastResult::Kind::RefI31: return "ref.i31";
    case WastResult::Kind::RefStruct: return "ref.struct";
    case WastResult::Kind::RefArray: return "ref.array";
    case WastResult::Kind::RefExn: return "ref.exn";
    case WastResult::Kind::Either: return "either(...)";
    case WastResult::Kind::Exact: break;
  }
  const WastValue& v = r.value;
  switch (v.kind) {
    case WastValue::Kind::I32: return fmt::format("i32:{}", static_cast<int32_t>(v.bits));
    case WastValue::Kind::I64: return fmt::format("i64:{}", static_cast<int64_t>(v.bits));
    case WastValue::Kind::F32: return fmt::format("f32 0x{:08x}", v.bits);
    case WastValue::Kind::F64: return fmt::format("f64 0x{:016x}", v.bits);
    case WastValue::Kind::V128: {
      uint64_t lo, hi;
      std::memcpy(&lo, v.v128, 8);
      std::memcpy(&hi, v.v128 + 8, 8);
      return fmt::format("v128:0x{:016x}{:016x}", hi, lo);
    }
    case WastValue::Kind::RefNull: return "ref.null";
    case WastValue::Kind::RefExtern: return fmt::format("ref.extern {}", v.bits);
    case WastValue::Kind::RefHost: return fmt::format("ref.host {}", v.bits);
    case WastValue::Kind::RefFunc: return "ref.func";
  }
  return "?";
}

}  // namespace nanoproc::wast
