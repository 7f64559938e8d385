// Run-time type tests of references (ref.test, ref.cast, br_on_cast, br_on_cast_fail).
//
// The lowering encodes the target heap type in one 32-bit operand: an abstract heap type
// (kCastAbstract | its binary code), or a concrete canonical type id, flagged kCastFinal if
// the type is final (then only that exact type matches, so no subtype walk is needed).
#pragma once
#include <cstdint>

#include "ir/types.h"
#include "runtime/object.h"

namespace nanoproc::interp {

inline constexpr uint32_t kCastAbstract = 0x80000000u;
inline constexpr uint32_t kCastFinal = 0x40000000u;
inline constexpr uint32_t kCastIdMask = 0x3FFFFFFFu;

enum class CastQuick : uint8_t { No, Yes, CheckSubtype };

// Does non-null `r` match `target`? Validation guarantees `r` is in the target's hierarchy,
// so the top types always match. CheckSubtype: `r` is an object of another concrete type;
// the caller asks the GcHeap whether its type is a subtype of the target.
inline CastQuick cast_quick(Ref r, uint32_t target) {
  if (target & kCastAbstract) {
    auto h = static_cast<AbsHeap>(target & 0xFF);
    switch (h) {
      case AbsHeap::Any:
      case AbsHeap::Func:
      case AbsHeap::Extern:
      case AbsHeap::Exn: return CastQuick::Yes;
      case AbsHeap::Eq:
        if (ref_is_i31(r)) return CastQuick::Yes;
        return (ref_header(r)->kind == ObjKind::Struct || ref_header(r)->kind == ObjKind::Array) ? CastQuick::Yes
                                                                                                 : CastQuick::No;
      case AbsHeap::I31: return ref_is_i31(r) ? CastQuick::Yes : CastQuick::No;
      case AbsHeap::Struct:
        return !ref_is_i31(r) && ref_header(r)->kind == ObjKind::Struct ? CastQuick::Yes : CastQuick::No;
      case AbsHeap::Array:
        return !ref_is_i31(r) && ref_header(r)->kind == ObjKind::Array ? CastQuick::Yes : CastQuick::No;
      default: return CastQuick::No;  // the bottom types hold only null
    }
  }
  if (ref_is_i31(r)) return CastQuick::No;
  const ObjHeader* h = ref_header(r);
  if (h->kind != ObjKind::Struct && h->kind != ObjKind::Array && h->kind != ObjKind::Func) return CastQuick::No;
  if (h->type_id == (target & kCastIdMask)) return CastQuick::Yes;
  return (target & kCastFinal) ? CastQuick::No : CastQuick::CheckSubtype;
}

}  // namespace nanoproc::interp
