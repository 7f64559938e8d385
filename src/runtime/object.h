// Heap objects that references point to. Every reference is either null, an i31 (a tagged
// integer, low bit 1), or a pointer to an object that starts with ObjHeader, so one
// machine word represents funcref, externref, anyref, exnref and all GC references.
#pragma once
#include <cstdint>

namespace nanoproc {

enum class ObjKind : uint32_t { Func, Extern, Struct, Array, Exn };

struct ObjHeader {
  ObjKind kind;
  uint32_t type_id;  // canonical type id (TypeRegistry) for Func/Struct/Array; 0 otherwise
};

using Ref = void*;

inline bool ref_is_i31(Ref r) { return (reinterpret_cast<uintptr_t>(r) & 1) != 0; }
inline Ref make_i31(uint32_t v) {
  return reinterpret_cast<Ref>((static_cast<uintptr_t>(v & 0x7FFFFFFFu) << 1) | 1);
}
inline uint32_t i31_get_u(Ref r) { return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(r) >> 1) & 0x7FFFFFFFu; }
inline int32_t i31_get_s(Ref r) {
  return static_cast<int32_t>(static_cast<uint32_t>(reinterpret_cast<uintptr_t>(r) >> 1) << 1) >> 1;
}
inline const ObjHeader* ref_header(Ref r) { return static_cast<const ObjHeader*>(r); }

// An externref made by the host (e.g. the spec tests' `ref.extern N`).
struct ExternObject {
  ObjHeader header{ObjKind::Extern, 0};
  uint64_t value = 0;
};

}  // namespace nanoproc
