// Relaxed SIMD operators. The spec allows a set of results for each; nanoproc always picks
// the deterministic profile's choice (the first alternative of each relaxed(R)[...]), so a
// program sees the same results on every host and every run:
//   relaxed_swizzle           = i8x16.swizzle (index >= 16 -> 0)
//   relaxed_trunc*            = the trunc_sat counterparts (NaN -> 0, saturate)
//   relaxed_madd / nmadd      = unfused: round(round(a*b) + c), nmadd with -a
//   relaxed_laneselect        = v128.bitselect (every mask bit selects)
//   relaxed_min / max         = f32x4/f64x2 min / max
//   relaxed_q15mulr_s         = q15mulr_sat_s
//   relaxed_dot_i8x16_i7x16_s = b's lanes signed, products summed pairwise with signed
//                               saturation to i16 (the spec's ivdotsat); the _add form
//                               then adds adjacent i16 sums into i32 and adds c (wrapping)
#pragma once
#include <cstdint>

#include "interp/sem/sem_detail.h"
#include "interp/sem/sem_simd_float.h"
#include "interp/sem/sem_simd_int.h"
#include "interp/sem/sem_simd_misc.h"

namespace nanoproc::sem {
inline namespace NP_SEM_NS {
namespace detail {

// The product is pinned to a register before the addition, so no FMA can absorb it.
template <typename F>
NP_SEM_INLINE v128 madd(vec<F> a, vec<F> b, vec<F> c) {
  vec<F> p = no_contract(a * b);
  return V128(p + c);
}

// Pairwise sums of signed 8-bit products, saturated to i16.
NP_SEM_INLINE v128 dot_i8_sat(v128 a, v128 b) {
  i16x8 ae = vcast<i16x8>(vu16(a) << 8) >> 8, ao = vi16(a) >> 8;
  i16x8 be = vcast<i16x8>(vu16(b) << 8) >> 8, bo = vi16(b) >> 8;
  // |product| <= 2^14, so each product is exact in 16 bits; only the sum can overflow.
  v128 pe = V128(vcast<u16x8>(ae) * vcast<u16x8>(be));
  v128 po = V128(vcast<u16x8>(ao) * vcast<u16x8>(bo));
  return add_sat_s<int16_t>(pe, po);
}

}  // namespace detail

NP_SEM_INLINE v128 I8x16RelaxedSwizzle(v128 a, v128 s) { return I8x16Swizzle(a, s); }
NP_SEM_INLINE v128 I32x4RelaxedTruncF32x4S(v128 a) { return I32x4TruncSatF32x4S(a); }
NP_SEM_INLINE v128 I32x4RelaxedTruncF32x4U(v128 a) { return I32x4TruncSatF32x4U(a); }
NP_SEM_INLINE v128 I32x4RelaxedTruncF64x2SZero(v128 a) { return I32x4TruncSatF64x2SZero(a); }
NP_SEM_INLINE v128 I32x4RelaxedTruncF64x2UZero(v128 a) { return I32x4TruncSatF64x2UZero(a); }

NP_SEM_INLINE v128 F32x4RelaxedMadd(v128 a, v128 b, v128 c) {
  return detail::madd<float>(detail::vf32(a), detail::vf32(b), detail::vf32(c));
}
NP_SEM_INLINE v128 F32x4RelaxedNmadd(v128 a, v128 b, v128 c) {
  return detail::madd<float>(detail::vf32(F32x4Neg(a)), detail::vf32(b), detail::vf32(c));
}
NP_SEM_INLINE v128 F64x2RelaxedMadd(v128 a, v128 b, v128 c) {
  return detail::madd<double>(detail::vf64(a), detail::vf64(b), detail::vf64(c));
}
NP_SEM_INLINE v128 F64x2RelaxedNmadd(v128 a, v128 b, v128 c) {
  return detail::madd<double>(detail::vf64(F64x2Neg(a)), detail::vf64(b), detail::vf64(c));
}

NP_SEM_INLINE v128 I8x16RelaxedLaneselect(v128 a, v128 b, v128 m) { return V128Bitselect(a, b, m); }
NP_SEM_INLINE v128 I16x8RelaxedLaneselect(v128 a, v128 b, v128 m) { return V128Bitselect(a, b, m); }
NP_SEM_INLINE v128 I32x4RelaxedLaneselect(v128 a, v128 b, v128 m) { return V128Bitselect(a, b, m); }
NP_SEM_INLINE v128 I64x2RelaxedLaneselect(v128 a, v128 b, v128 m) { return V128Bitselect(a, b, m); }

NP_SEM_INLINE v128 F32x4RelaxedMin(v128 a, v128 b) { return F32x4Min(a, b); }
NP_SEM_INLINE v128 F32x4RelaxedMax(v128 a, v128 b) { return F32x4Max(a, b); }
NP_SEM_INLINE v128 F64x2RelaxedMin(v128 a, v128 b) { return F64x2Min(a, b); }
NP_SEM_INLINE v128 F64x2RelaxedMax(v128 a, v128 b) { return F64x2Max(a, b); }

NP_SEM_INLINE v128 I16x8RelaxedQ15mulrS(v128 a, v128 b) { return I16x8Q15mulrSatS(a, b); }

NP_SEM_INLINE v128 I16x8RelaxedDotI8x16I7x16S(v128 a, v128 b) { return detail::dot_i8_sat(a, b); }
NP_SEM_INLINE v128 I32x4RelaxedDotI8x16I7x16AddS(v128 a, v128 b, v128 c) {
  return I32x4Add(I32x4ExtaddPairwiseI16x8S(detail::dot_i8_sat(a, b)), c);
}

}  // namespace NP_SEM_NS
}  // namespace nanoproc::sem
