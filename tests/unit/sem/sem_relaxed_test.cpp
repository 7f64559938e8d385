// Relaxed SIMD: nanoproc's fixed choices (the deterministic profile's), checked where they
// differ from the other allowed results: unfused madd (a case where an FMA would give
// 2^-24 instead of 0), bitselect-style laneselect, signed i7 operand with saturation,
// and the non-relaxed counterparts elsewhere.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>

#include "sem_eval.h"

namespace {

using namespace semtest;
namespace sem = nanoproc::sem;

TEST(SemRelaxed, MaddIsUnfused) {
  // a*a = 1 + 2^-11 + 2^-24 rounds to 1 + 2^-11 (a tie, to even); the unfused sum with
  // c = -(1 + 2^-11) is 0, a fused one would keep 2^-24.
  const float a = 1.0f + std::ldexp(1.0f, -12), c = -(1.0f + std::ldexp(1.0f, -11));
  EXPECT_EQ(lanes<uint32_t>(sem::F32x4RelaxedMadd(splat(a), splat(a), splat(c)))[0], 0u);
  EXPECT_EQ(lanes<uint32_t>(sem::F32x4RelaxedNmadd(splat(a), splat(a), splat(-c)))[0], 0u);
  const double ad = 1.0 + std::ldexp(1.0, -27), cd = -(1.0 + std::ldexp(1.0, -26));
  EXPECT_EQ(lanes<uint64_t>(sem::F64x2RelaxedMadd(splat(ad), splat(ad), splat(cd)))[1], 0u);
  EXPECT_EQ(lanes<uint64_t>(sem::F64x2RelaxedNmadd(splat(ad), splat(ad), splat(-cd)))[1], 0u);
  EXPECT_EQ(lanes<float>(sem::F32x4RelaxedMadd(splat(2.0f), splat(3.0f), splat(1.0f)))[2], 7.0f);
  EXPECT_EQ(lanes<double>(sem::F64x2RelaxedNmadd(splat(2.0), splat(3.0), splat(1.0)))[0], -5.0);
}

TEST(SemRelaxed, SameAsNonRelaxedCounterparts) {
  std::mt19937_64 rng(9);
  for (int it = 0; it < 5000; ++it) {
    v128 a{rng(), rng()}, b{rng(), rng()}, m{rng(), rng()};
    if (it % 3 == 0) b = make<uint8_t>({uint8_t(rng() % 20), 16, 0x80, 0xFF, 15, 3});
    EXPECT_V128_EQ(sem::I8x16RelaxedSwizzle(a, b), sem::I8x16Swizzle(a, b));
    EXPECT_V128_EQ(sem::I32x4RelaxedTruncF32x4S(a), sem::I32x4TruncSatF32x4S(a));
    EXPECT_V128_EQ(sem::I32x4RelaxedTruncF32x4U(a), sem::I32x4TruncSatF32x4U(a));
    EXPECT_V128_EQ(sem::I32x4RelaxedTruncF64x2SZero(a), sem::I32x4TruncSatF64x2SZero(a));
    EXPECT_V128_EQ(sem::I32x4RelaxedTruncF64x2UZero(a), sem::I32x4TruncSatF64x2UZero(a));
    EXPECT_V128_EQ(sem::I8x16RelaxedLaneselect(a, b, m), sem::V128Bitselect(a, b, m));
    EXPECT_V128_EQ(sem::I16x8RelaxedLaneselect(a, b, m), sem::V128Bitselect(a, b, m));
    EXPECT_V128_EQ(sem::I32x4RelaxedLaneselect(a, b, m), sem::V128Bitselect(a, b, m));
    EXPECT_V128_EQ(sem::I64x2RelaxedLaneselect(a, b, m), sem::V128Bitselect(a, b, m));
    EXPECT_V128_EQ(sem::F32x4RelaxedMin(a, b), sem::F32x4Min(a, b));
    EXPECT_V128_EQ(sem::F32x4RelaxedMax(a, b), sem::F32x4Max(a, b));
    EXPECT_V128_EQ(sem::F64x2RelaxedMin(a, b), sem::F64x2Min(a, b));
    EXPECT_V128_EQ(sem::F64x2RelaxedMax(a, b), sem::F64x2Max(a, b));
    EXPECT_V128_EQ(sem::I16x8RelaxedQ15mulrS(a, b), sem::I16x8Q15mulrSatS(a, b));
  }
  auto t = lanes<int32_t>(sem::I32x4RelaxedTruncF32x4S(make<float>({NAN, 3e9f, -3e9f, -1.5f})));
  EXPECT_EQ(t, (std::array<int32_t, 4>{0, INT32_MAX, INT32_MIN, -1}));
}

TEST(SemRelaxed, DotProducts) {
  std::mt19937_64 rng(13);
  for (int it = 0; it < 5000; ++it) {
    v128 a{rng(), rng()}, b{rng(), rng()}, c{rng(), rng()};
    auto la = lanes<int8_t>(a), lb = lanes<int8_t>(b);
    auto d = lanes<int16_t>(sem::I16x8RelaxedDotI8x16I7x16S(a, b));
    int16_t want[8];
    for (int i = 0; i < 8; ++i) {
      int s = la[2 * i] * lb[2 * i] + la[2 * i + 1] * lb[2 * i + 1];
      want[i] = int16_t(std::clamp(s, -32768, 32767));
      ASSERT_EQ(d[i], want[i]) << i;
    }
    auto r = lanes<int32_t>(sem::I32x4RelaxedDotI8x16I7x16AddS(a, b, c));
    auto lc = lanes<int32_t>(c);
    for (int i = 0; i < 4; ++i) ASSERT_EQ(r[i], int32_t(uint32_t(want[2 * i] + want[2 * i + 1]) + uint32_t(lc[i])));
  }
  // b = -128 (the i7 operand out of range, read as signed): 2 * 16384 saturates.
  EXPECT_EQ(lanes<int16_t>(sem::I16x8RelaxedDotI8x16I7x16S(splat<int8_t>(-128), splat<int8_t>(-128)))[0], 32767);
  EXPECT_EQ(lanes<int16_t>(sem::I16x8RelaxedDotI8x16I7x16S(splat<int8_t>(-128), splat<int8_t>(-127)))[0], 32512);
  EXPECT_EQ(lanes<int32_t>(sem::I32x4RelaxedDotI8x16I7x16AddS(splat<int8_t>(-128), splat<int8_t>(-127), splat<int32_t>(1)))[0],
            65025);
}

}  // namespace
