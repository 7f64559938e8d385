// Scalar conversions: the exact edges of the trapping truncations, saturation, correctly
// rounded int->float (the u64 ties where a convert-as-signed shortcut double-rounds),
// NaN handling of demote/promote, bit-exact reinterpretation. Truncation and int->float
// are also checked on random values against x87 long double, which holds every i64, u64,
// f32 and f64 exactly and so rounds only once.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <type_traits>

#include "interp/sem/sem.h"

namespace {

namespace sem = nanoproc::sem;
using nanoproc::TrapKind;

uint32_t b32(float x) { return std::bit_cast<uint32_t>(x); }
uint64_t b64(double x) { return std::bit_cast<uint64_t>(x); }
float f(uint32_t b) { return std::bit_cast<float>(b); }
double d(uint64_t b) { return std::bit_cast<double>(b); }

constexpr TrapKind kOk = TrapKind::None, kOvf = TrapKind::IntegerOverflow, kNaN = TrapKind::InvalidConversion;

template <typename R, typename F>
void expect_trunc(TrapKind (*fn)(F, R*), F x, TrapKind want, std::type_identity_t<R> value = 0) {
  R out = 0;
  EXPECT_EQ(fn(x, &out), want) << x;
  if (want == kOk) {
    EXPECT_EQ(out, value) << x;
  }
}

TEST(SemConvert, TruncI32Edges) {
  expect_trunc(sem::I32TruncF32S, 2147483520.0f, kOk, 2147483520u);  // largest f32 < 2^31
  expect_trunc(sem::I32TruncF32S, 2147483648.0f, kOvf);
  expect_trunc(sem::I32TruncF32S, -2147483648.0f, kOk, 0x80000000u);
  expect_trunc(sem::I32TruncF32S, -2147483904.0f, kOvf);  // next f32 below -2^31
  expect_trunc(sem::I32TruncF32S, -0.999f, kOk, 0u);
  expect_trunc(sem::I32TruncF32S, f(0x7FC00000u), kNaN);
  expect_trunc(sem::I32TruncF32S, f(0xFFA00000u), kNaN);
  expect_trunc(sem::I32TruncF32S, INFINITY, kOvf);
  expect_trunc(sem::I32TruncF32S, -INFINITY, kOvf);
  expect_trunc(sem::I32TruncF64S, 2147483647.9, kOk, 2147483647u);
  expect_trunc(sem::I32TruncF64S, 2147483648.0, kOvf);
  expect_trunc(sem::I32TruncF64S, -2147483648.9, kOk, 0x80000000u);
  expect_trunc(sem::I32TruncF64S, -2147483649.0, kOvf);
  expect_trunc(sem::I32TruncF64S, d(0x7FF0000000000001ull), kNaN);
  expect_trunc(sem::I32TruncF32U, -0.9f, kOk, 0u);
  expect_trunc(sem::I32TruncF32U, -0.0f, kOk, 0u);
  expect_trunc(sem::I32TruncF32U, -1.0f, kOvf);
  expect_trunc(sem::I32TruncF32U, 4294967040.0f, kOk, 4294967040u);  // largest f32 < 2^32
  expect_trunc(sem::I32TruncF32U, 4294967296.0f, kOvf);
  expect_trunc(sem::I32TruncF32U, f(0x7FC00000u), kNaN);
  expect_trunc(sem::I32TruncF64U, -0.9999999999, kOk, 0u);
  expect_trunc(sem::I32TruncF64U, 4294967295.9, kOk, 4294967295u);
  expect_trunc(sem::I32TruncF64U, 4294967296.0, kOvf);
  expect_trunc(sem::I32TruncF64U, -1.0, kOvf);
}

TEST(SemConvert, TruncI64Edges) {
  expect_trunc(sem::I64TruncF32S, 9223371487098961920.0f, kOk, 9223371487098961920ull);
  expect_trunc(sem::I64TruncF32S, 9223372036854775808.0f, kOvf);
  expect_trunc(sem::I64TruncF32S, -9223372036854775808.0f, kOk, 0x8000000000000000ull);
  expect_trunc(sem::I64TruncF32S, -9223373136366403584.0f, kOvf);
  expect_trunc(sem::I64TruncF64S, 9223372036854774784.0, kOk, 9223372036854774784ull);
  expect_trunc(sem::I64TruncF64S, 9223372036854775808.0, kOvf);
  expect_trunc(sem::I64TruncF64S, -9223372036854775808.0, kOk, 0x8000000000000000ull);
  expect_trunc(sem::I64TruncF64S, -9223372036854777856.0, kOvf);
  expect_trunc(sem::I64TruncF64S, d(0xFFF8000000000000ull), kNaN);
  expect_trunc(sem::I64TruncF32U, 18446742974197923840.0f, kOk, 18446742974197923840ull);
  expect_trunc(sem::I64TruncF32U, 18446744073709551616.0f, kOvf);
  expect_trunc(sem::I64TruncF32U, -0.99f, kOk, 0ull);
  expect_trunc(sem::I64TruncF32U, -1.0f, kOvf);
  expect_trunc(sem::I64TruncF64U, 18446744073709549568.0, kOk, 18446744073709549568ull);
  expect_trunc(sem::I64TruncF64U, 18446744073709551616.0, kOvf);
  expect_trunc(sem::I64TruncF64U, 9223372036854775808.0, kOk, 0x8000000000000000ull);
  expect_trunc(sem::I64TruncF64U, -0.5, kOk, 0ull);
  expect_trunc(sem::I64TruncF64U, d(0x7FF0000000000001ull), kNaN);
}

TEST(SemConvert, TruncSatEdges) {
  const float nanf = f(0x7FC00000u);
  const double nand = d(0xFFF4000000000000ull);
  EXPECT_EQ(sem::I32TruncSatF32S(nanf), 0u);
  EXPECT_EQ(sem::I32TruncSatF32S(2147483648.0f), 0x7FFFFFFFu);
  EXPECT_EQ(sem::I32TruncSatF32S(-2147483904.0f), 0x80000000u);
  EXPECT_EQ(sem::I32TruncSatF32S(-INFINITY), 0x80000000u);
  EXPECT_EQ(sem::I32TruncSatF32S(-1.9f), uint32_t(-1));
  EXPECT_EQ(sem::I32TruncSatF32U(-INFINITY), 0u);
  EXPECT_EQ(sem::I32TruncSatF32U(-0.9f), 0u);
  EXPECT_EQ(sem::I32TruncSatF32U(4294967296.0f), 0xFFFFFFFFu);
  EXPECT_EQ(sem::I32TruncSatF32U(4294967040.0f), 4294967040u);
  EXPECT_EQ(sem::I32TruncSatF64S(2147483647.9), 0x7FFFFFFFu);
  EXPECT_EQ(sem::I32TruncSatF64S(-2147483649.0), 0x80000000u);
  EXPECT_EQ(sem::I32TruncSatF64S(nand), 0u);
  EXPECT_EQ(sem::I32TruncSatF64U(4294967295.9), 0xFFFFFFFFu);
  EXPECT_EQ(sem::I32TruncSatF64U(1e100), 0xFFFFFFFFu);
  EXPECT_EQ(sem::I32TruncSatF64U(nand), 0u);
  EXPECT_EQ(sem::I64TruncSatF32S(INFINITY), 0x7FFFFFFFFFFFFFFFull);
  EXPECT_EQ(sem::I64TruncSatF32S(-9223373136366403584.0f), 0x8000000000000000ull);
  EXPECT_EQ(sem::I64TruncSatF32S(nanf), 0ull);
  EXPECT_EQ(sem::I64TruncSatF32U(18446744073709551616.0f), ~0ull);
  EXPECT_EQ(sem::I64TruncSatF64S(9223372036854775808.0), 0x7FFFFFFFFFFFFFFFull);
  EXPECT_EQ(sem::I64TruncSatF64S(-9223372036854775808.0), 0x8000000000000000ull);
  EXPECT_EQ(sem::I64TruncSatF64U(18446744073709549568.0), 18446744073709549568ull);
  EXPECT_EQ(sem::I64TruncSatF64U(-1e300), 0ull);
  EXPECT_EQ(sem::I64TruncSatF64U(nand), 0ull);
}

TEST(SemConvert, IntToFloatRounding) {
  // u64 -> f32: 2^63 + 2^39 + 1 is just above the midpoint between 2^63 and 2^63 + 2^40;
  // halving it first (the signed-conversion shortcut) drops the 1 and ties to even.
  EXPECT_EQ(b32(sem::F32ConvertI64U(0x8000008000000001ull)), 0x5F000001u);
  EXPECT_EQ(b32(sem::F32ConvertI64U(0x8000008000000000ull)), 0x5F000000u);  // exact tie: even
  EXPECT_EQ(b32(sem::F32ConvertI64U(0x8000018000000000ull)), 0x5F000002u);  // tie: up to even
  EXPECT_EQ(b32(sem::F32ConvertI64U(~0ull)), 0x5F800000u);
  // i64 -> f32 through double would double-round: 2^53 + 2^29 + 1.
  EXPECT_EQ(b32(sem::F32ConvertI64S(0x0020000020000001ull)), 0x5A000001u);
  EXPECT_EQ(b32(sem::F32ConvertI64S(uint64_t(-0x0020000020000001ll))), 0xDA000001u);
  EXPECT_EQ(b32(sem::F32ConvertI64S(0x8000000000000000ull)), 0xDF000000u);
  // u64 -> f64.
  EXPECT_EQ(b64(sem::F64ConvertI64U(0x8000000000000401ull)), 0x43E0000000000001ull);
  EXPECT_EQ(b64(sem::F64ConvertI64U(0x8000000000000400ull)), 0x43E0000000000000ull);
  EXPECT_EQ(b64(sem::F64ConvertI64U(0x8000000000000C00ull)), 0x43E0000000000002ull);
  EXPECT_EQ(b64(sem::F64ConvertI64U(~0ull)), 0x43F0000000000000ull);
  EXPECT_EQ(b64(sem::F64ConvertI64S(0x7FFFFFFFFFFFFFFFull)), 0x43E0000000000000ull);
  // 32-bit sources.
  EXPECT_EQ(b32(sem::F32ConvertI32U(0xFFFFFFFFu)), 0x4F800000u);
  EXPECT_EQ(b32(sem::F32ConvertI32U(16777217u)), b32(16777216.0f));
  EXPECT_EQ(b32(sem::F32ConvertI32U(16777219u)), b32(16777220.0f));
  EXPECT_EQ(b32(sem::F32ConvertI32S(0x80000000u)), 0xCF000000u);
  EXPECT_EQ(b32(sem::F32ConvertI32S(0x80000001u)), 0xCF000000u);
  EXPECT_EQ(sem::F64ConvertI32U(0xFFFFFFFFu), 4294967295.0);
  EXPECT_EQ(sem::F64ConvertI32S(0x80000000u), -2147483648.0);
}

static_assert(std::numeric_limits<long double>::digits >= 64, "the references need x87 long double");

TEST(SemConvert, RandomAgainstLongDouble) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 300000; ++i) {
    // Random magnitudes, so every exponent range and rounding position is exercised.
    uint64_t x = rng() >> (rng() % 64);
    if (rng() & 1) x |= 1ull << 63;
    const long double ux = (long double)x, sx = (long double)int64_t(x);
    ASSERT_EQ(b32(sem::F32ConvertI64U(x)), b32(float(ux))) << x;
    ASSERT_EQ(b64(sem::F64ConvertI64U(x)), b64(double(ux))) << x;
    ASSERT_EQ(b32(sem::F32ConvertI64S(x)), b32(float(sx))) << x;
    ASSERT_EQ(b64(sem::F64ConvertI64S(x)), b64(double(sx))) << x;
    ASSERT_EQ(b32(sem::F32ConvertI32U(uint32_t(x))), b32(float((long double)uint32_t(x)))) << x;

    // Truncation of doubles near the integer ranges.
    double v = std::ldexp(double(rng() % 1000000) / 1000.0 - 500.0, int(rng() % 70));
    long double t = std::trunc((long double)v);
    uint64_t out = 0;
    TrapKind k = sem::I64TruncF64S(v, &out);
    bool fits = t >= -9223372036854775808.0L && t <= 9223372036854775807.0L;
    ASSERT_EQ(k, fits ? kOk : kOvf) << v;
    if (fits) {
      ASSERT_EQ(int64_t(out), (long long)t) << v;
    }
    k = sem::I64TruncF64U(v, &out);
    fits = t >= 0 && t <= 18446744073709551615.0L;
    ASSERT_EQ(k, fits ? kOk : kOvf) << v;
    if (fits) {
      ASSERT_EQ(out, (unsigned long long)t) << v;
    }
    uint32_t out32 = 0;
    k = sem::I32TruncF64S(v, &out32);
    fits = t >= -2147483648.0L && t <= 2147483647.0L;
    ASSERT_EQ(k, fits ? kOk : kOvf) << v;
    if (fits) {
      ASSERT_EQ(int32_t(out32), int32_t(t)) << v;
    }
    const long double lo = -2147483648.0L, hi = 2147483647.0L;
    ASSERT_EQ(int32_t(sem::I32TruncSatF64S(v)), int32_t(t < lo ? lo : t > hi ? hi : t)) << v;
    float vf = float(v);
    long double tf = std::trunc((long double)vf);
    k = sem::I32TruncF32U(vf, &out32);
    fits = tf >= 0 && tf <= 4294967295.0L;
    ASSERT_EQ(k, fits ? kOk : kOvf) << vf;
    if (fits) {
      ASSERT_EQ(out32, uint32_t(tf)) << vf;
    }
    ASSERT_EQ(sem::I32TruncSatF32U(vf), tf < 0 ? 0u : tf > 4294967295.0L ? 0xFFFFFFFFu : uint32_t(tf)) << vf;
  }
}

TEST(SemConvert, DemotePromote) {
  EXPECT_EQ(b32(sem::F32DemoteF64(d(0x7FF8000000000000ull))), 0x7FC00000u);  // canonical stays
  EXPECT_EQ(b32(sem::F32DemoteF64(d(0xFFF8000000000000ull))), 0xFFC00000u);
  uint32_t q = b32(sem::F32DemoteF64(d(0x7FF4000000000000ull)));  // signaling -> arithmetic
  EXPECT_TRUE((q & 0x7FC00000u) == 0x7FC00000u) << std::hex << q;
  EXPECT_EQ(b32(sem::F32DemoteF64(1.0 + std::ldexp(1.0, -24))), b32(1.0f));  // tie to even
  EXPECT_EQ(b32(sem::F32DemoteF64(1.0 + 3 * std::ldexp(1.0, -24))), b32(1.0f) + 2);
  EXPECT_EQ(b32(sem::F32DemoteF64(1e300)), 0x7F800000u);
  EXPECT_EQ(b32(sem::F32DemoteF64(-1e-300)), 0x80000000u);
  EXPECT_EQ(b32(sem::F32DemoteF64(std::ldexp(1.0, -149))), 1u);  // smallest subnormal
  EXPECT_EQ(b32(sem::F32DemoteF64(std::ldexp(1.0, -150))), 0u);  // half of it: ties to 0
  EXPECT_EQ(b64(sem::F64PromoteF32(f(0x7FC00000u))), 0x7FF8000000000000ull);
  uint64_t p = b64(sem::F64PromoteF32(f(0x7FA00000u)));
  EXPECT_TRUE((p & 0x7FF8000000000000ull) == 0x7FF8000000000000ull) << std::hex << p;
  EXPECT_EQ(b64(sem::F64PromoteF32(f(1))), b64(std::ldexp(1.0, -149)));
  EXPECT_EQ(b64(sem::F64PromoteF32(-0.0f)), b64(-0.0));
}

TEST(SemConvert, ReinterpretIsBitExact) {
  for (uint32_t x : {0x7FA00001u, 0xFF800001u, 0x00000001u, 0x80000000u, 0x7FC00000u}) {
    EXPECT_EQ(sem::I32ReinterpretF32(sem::F32ReinterpretI32(x)), x);
    EXPECT_EQ(b32(sem::F32ReinterpretI32(x)), x);
  }
  for (uint64_t x : {0x7FF0000000000001ull, 0xFFF4000000000000ull, 0x8000000000000000ull}) {
    EXPECT_EQ(sem::I64ReinterpretF64(sem::F64ReinterpretI64(x)), x);
  }
}

}  // namespace
