// Scalar float operators, bit-exact: min/max on zeros and NaNs, sign-bit operators that
// keep NaN payloads, rounding to integral (ties, halves, the 2^23/2^52 boundary,
// subnormals, NaN quieting), sqrt and comparisons. Rounding is also checked against libm
// on random values.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <type_traits>

#include "interp/sem/sem.h"

namespace {

namespace sem = nanoproc::sem;

float f(uint32_t b) { return std::bit_cast<float>(b); }
double d(uint64_t b) { return std::bit_cast<double>(b); }
uint32_t b32(float x) { return std::bit_cast<uint32_t>(x); }
uint64_t b64(double x) { return std::bit_cast<uint64_t>(x); }

constexpr uint32_t kPosZero = 0x00000000u, kNegZero = 0x80000000u;
constexpr uint32_t kCanon = 0x7FC00000u, kSignaling = 0x7FA00000u, kPayload = 0x7FC12345u;
bool is_nan32(uint32_t b) { return (b & 0x7FFFFFFFu) > 0x7F800000u; }
bool is_nan64(uint64_t b) { return (b & ~(1ull << 63)) > 0x7FF0000000000000ull; }
bool arithmetic32(uint32_t b) { return is_nan32(b) && (b & 0x00400000u); }
bool canonical32(uint32_t b) { return (b & 0x7FFFFFFFu) == kCanon; }
bool arithmetic64(uint64_t b) { return is_nan64(b) && (b & 0x0008000000000000ull); }

TEST(SemFloat, MinMaxZerosAndNaNs) {
  EXPECT_EQ(b32(sem::F32Min(f(kPosZero), f(kNegZero))), kNegZero);
  EXPECT_EQ(b32(sem::F32Min(f(kNegZero), f(kPosZero))), kNegZero);
  EXPECT_EQ(b32(sem::F32Max(f(kPosZero), f(kNegZero))), kPosZero);
  EXPECT_EQ(b32(sem::F32Max(f(kNegZero), f(kPosZero))), kPosZero);
  EXPECT_EQ(b64(sem::F64Min(0.0, -0.0)), b64(-0.0));
  EXPECT_EQ(b64(sem::F64Max(-0.0, 0.0)), b64(0.0));
  EXPECT_EQ(sem::F32Min(-INFINITY, 1.0f), -INFINITY);
  EXPECT_EQ(sem::F32Max(-INFINITY, INFINITY), INFINITY);
  EXPECT_EQ(sem::F32Min(f(1), f(2)), f(1));  // subnormals compare normally
  for (uint32_t nan : {kCanon, kCanon | kNegZero, kSignaling, kPayload, 0xFF800001u}) {
    for (float other : {0.0f, -0.0f, 1.0f, -INFINITY, f(kCanon)}) {
      for (uint32_t r : {b32(sem::F32Min(f(nan), other)), b32(sem::F32Min(other, f(nan))),
                         b32(sem::F32Max(f(nan), other)), b32(sem::F32Max(other, f(nan)))}) {
        EXPECT_TRUE(arithmetic32(r)) << std::hex << nan << " -> " << r;
        if (canonical32(nan) && (std::isnan(other) ? canonical32(b32(other)) : true)) {
          EXPECT_TRUE(canonical32(r)) << std::hex << nan << " -> " << r;
        }
      }
    }
  }
  EXPECT_TRUE(arithmetic64(b64(sem::F64Min(d(0x7FF0000000000001ull), 1.0))));
  EXPECT_TRUE(arithmetic64(b64(sem::F64Max(1.0, d(0xFFF4000000000000ull)))));
}

TEST(SemFloat, SignOperatorsKeepPayloads) {
  for (uint32_t x : {kSignaling, kPayload, 0x7F800001u, kCanon, 0x00000001u, 0x7F800000u, kPosZero}) {
    EXPECT_EQ(b32(sem::F32Neg(f(x))), x ^ 0x80000000u);
    EXPECT_EQ(b32(sem::F32Neg(f(x ^ 0x80000000u))), x);
    EXPECT_EQ(b32(sem::F32Abs(f(x | 0x80000000u))), x);
    EXPECT_EQ(b32(sem::F32Copysign(f(x), -1.0f)), x | 0x80000000u);
    EXPECT_EQ(b32(sem::F32Copysign(f(x | 0x80000000u), f(kCanon))), x);
  }
  EXPECT_EQ(b64(sem::F64Neg(d(0x7FF0000000000001ull))), 0xFFF0000000000001ull);
  EXPECT_EQ(b64(sem::F64Abs(d(0xFFF4000000000000ull))), 0x7FF4000000000000ull);
  EXPECT_EQ(b64(sem::F64Copysign(d(0x7FF4000000000000ull), -0.0)), 0xFFF4000000000000ull);
  EXPECT_EQ(b64(sem::F64Copysign(1.0, d(0xFFF8000000000000ull))), b64(-1.0));
}

struct RoundCase {
  float x;
  float ceil, floor, trunc, nearest;
};

TEST(SemFloat, RoundingF32) {
  const float sub = f(1), maxf = f(0x7F7FFFFFu);
  const RoundCase cases[] = {
      {0.5f, 1.0f, 0.0f, 0.0f, 0.0f},
      {-0.5f, -0.0f, -1.0f, -0.0f, -0.0f},
      {1.5f, 2.0f, 1.0f, 1.0f, 2.0f},
      {2.5f, 3.0f, 2.0f, 2.0f, 2.0f},
      {-1.5f, -1.0f, -2.0f, -1.0f, -2.0f},
      {-2.5f, -2.0f, -3.0f, -2.0f, -2.0f},
      {0.49999997f, 1.0f, 0.0f, 0.0f, 0.0f},
      {-0.49999997f, -0.0f, -1.0f, -0.0f, -0.0f},
      {8388607.5f, 8388608.0f, 8388607.0f, 8388607.0f, 8388608.0f},
      {-8388607.5f, -8388607.0f, -8388608.0f, -8388607.0f, -8388608.0f},
      {8388608.0f, 8388608.0f, 8388608.0f, 8388608.0f, 8388608.0f},
      {16777215.0f, 16777215.0f, 16777215.0f, 16777215.0f, 16777215.0f},
      {1e30f, 1e30f, 1e30f, 1e30f, 1e30f},
      {maxf, maxf, maxf, maxf, maxf},
      {sub, 1.0f, 0.0f, 0.0f, 0.0f},
      {-sub, -0.0f, -1.0f, -0.0f, -0.0f},
      {0.0f, 0.0f, 0.0f, 0.0f, 0.0f},
      {-0.0f, -0.0f, -0.0f, -0.0f, -0.0f},
      {INFINITY, INFINITY, INFINITY, INFINITY, INFINITY},
      {-INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY},
      {3.0f, 3.0f, 3.0f, 3.0f, 3.0f},
      {-3.75f, -3.0f, -4.0f, -3.0f, -4.0f},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(b32(sem::F32Ceil(c.x)), b32(c.ceil)) << c.x;
    EXPECT_EQ(b32(sem::F32Floor(c.x)), b32(c.floor)) << c.x;
    EXPECT_EQ(b32(sem::F32Trunc(c.x)), b32(c.trunc)) << c.x;
    EXPECT_EQ(b32(sem::F32Nearest(c.x)), b32(c.nearest)) << c.x;
  }
  for (uint32_t nan : {kSignaling, kPayload, kCanon | kNegZero}) {
    for (float r : {sem::F32Ceil(f(nan)), sem::F32Floor(f(nan)), sem::F32Trunc(f(nan)), sem::F32Nearest(f(nan))}) {
      EXPECT_TRUE(arithmetic32(b32(r))) << std::hex << nan;
      if (canonical32(nan)) {
        EXPECT_TRUE(canonical32(b32(r)));
      }
    }
  }
}

TEST(SemFloat, RoundingF64) {
  const double two52 = 4503599627370496.0;
  EXPECT_EQ(sem::F64Nearest(two52 - 0.5), two52);          // tie to even
  EXPECT_EQ(sem::F64Nearest(two52 - 1.5), two52 - 2.0);
  EXPECT_EQ(sem::F64Floor(two52 - 0.5), two52 - 1.0);
  EXPECT_EQ(sem::F64Ceil(-(two52 - 0.5)), -(two52 - 1.0));
  EXPECT_EQ(sem::F64Trunc(-(two52 - 0.5)), -(two52 - 1.0));
  EXPECT_EQ(sem::F64Nearest(2.5), 2.0);
  EXPECT_EQ(sem::F64Nearest(3.5), 4.0);
  EXPECT_EQ(b64(sem::F64Nearest(-0.5)), b64(-0.0));
  EXPECT_EQ(b64(sem::F64Ceil(-0.75)), b64(-0.0));
  EXPECT_EQ(b64(sem::F64Floor(0.75)), b64(0.0));
  EXPECT_EQ(sem::F64Floor(-d(1)), -1.0);
  EXPECT_EQ(sem::F64Ceil(d(1)), 1.0);
  EXPECT_EQ(sem::F64Trunc(1e300), 1e300);
  EXPECT_TRUE(arithmetic64(b64(sem::F64Ceil(d(0x7FF0000000000001ull)))));
  EXPECT_TRUE(arithmetic64(b64(sem::F64Nearest(d(0xFFF4000000000000ull)))));
}

// Against libm (whose nearbyint rounds ties to even in the default mode) on random bit
// patterns concentrated where the fraction matters.
TEST(SemFloat, RoundingMatchesLibm) {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 200000; ++i) {
    uint32_t e = 100 + rng() % 60;  // exponents around 2^-27 .. 2^32
    uint32_t x = uint32_t(rng() & 0x807FFFFFu) | (e << 23);
    float v = f(x);
    ASSERT_EQ(b32(sem::F32Ceil(v)), b32(std::ceil(v))) << v;
    ASSERT_EQ(b32(sem::F32Floor(v)), b32(std::floor(v))) << v;
    ASSERT_EQ(b32(sem::F32Trunc(v)), b32(std::trunc(v))) << v;
    ASSERT_EQ(b32(sem::F32Nearest(v)), b32(std::nearbyint(v))) << v;
    uint64_t e64 = 1000 + rng() % 70;
    uint64_t y = (rng() & 0x800FFFFFFFFFFFFFull) | (e64 << 52);
    double w = d(y);
    ASSERT_EQ(b64(sem::F64Ceil(w)), b64(std::ceil(w))) << w;
    ASSERT_EQ(b64(sem::F64Floor(w)), b64(std::floor(w))) << w;
    ASSERT_EQ(b64(sem::F64Trunc(w)), b64(std::trunc(w))) << w;
    ASSERT_EQ(b64(sem::F64Nearest(w)), b64(std::nearbyint(w))) << w;
  }
}

TEST(SemFloat, SqrtAndArithmetic) {
  EXPECT_EQ(b32(sem::F32Sqrt(-0.0f)), kNegZero);
  EXPECT_TRUE(is_nan32(b32(sem::F32Sqrt(-1.0f))));
  EXPECT_TRUE(arithmetic32(b32(sem::F32Sqrt(f(kSignaling)))));
  EXPECT_EQ(b32(sem::F32Sqrt(f(2))), 0x1A800000u);  // sqrt(2^-148) = 2^-74, from a subnormal
  EXPECT_EQ(sem::F64Sqrt(2.0), 1.4142135623730951);
  EXPECT_EQ(b64(sem::F64Sqrt(-0.0)), b64(-0.0));
  EXPECT_TRUE(arithmetic64(b64(sem::F64Sqrt(d(0x7FF0000000000001ull)))));
  // Subnormals are not flushed.
  EXPECT_EQ(b32(sem::F32Add(f(1), f(1))), 2u);
  EXPECT_EQ(b32(sem::F32Mul(f(0x00800000u), 0.5f)), 0x00400000u);
  EXPECT_EQ(b64(sem::F64Div(d(1), 2.0)), 0u);  // 2^-1075 ties to even: +0
  EXPECT_EQ(b64(sem::F64Div(d(3), 2.0)), 2u);  // 1.5 ulp ties to even: 2
  EXPECT_TRUE(is_nan32(b32(sem::F32Add(INFINITY, -INFINITY))));
  EXPECT_TRUE(arithmetic32(b32(sem::F32Add(f(kSignaling), 1.0f))));
  EXPECT_EQ(b32(sem::F32Add(-0.0f, 0.0f)), kPosZero);
  EXPECT_EQ(b32(sem::F32Sub(-0.0f, 0.0f)), kNegZero);
}

TEST(SemFloat, Comparisons) {
  const float nan = f(kCanon);
  EXPECT_EQ(sem::F32Eq(nan, nan), 0u);
  EXPECT_EQ(sem::F32Ne(nan, nan), 1u);
  EXPECT_EQ(sem::F32Lt(nan, 1.0f), 0u);
  EXPECT_EQ(sem::F32Gt(1.0f, nan), 0u);
  EXPECT_EQ(sem::F32Le(nan, nan), 0u);
  EXPECT_EQ(sem::F32Ge(nan, 0.0f), 0u);
  EXPECT_EQ(sem::F32Eq(0.0f, -0.0f), 1u);
  EXPECT_EQ(sem::F32Lt(-0.0f, 0.0f), 0u);
  EXPECT_EQ(sem::F64Ne(d(0x7FF0000000000001ull), 1.0), 1u);
  EXPECT_EQ(sem::F64Le(-INFINITY, -1e308), 1u);
  EXPECT_EQ(sem::F64Ge(0.0, -0.0), 1u);
}

}  // namespace
