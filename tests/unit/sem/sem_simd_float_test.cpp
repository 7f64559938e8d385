// Float SIMD operators and lane conversions, lane by lane against the scalar operators
// (which sem_float_test/sem_convert_test check against libm and long double), bit-exact,
// NaN payloads included, on random lanes mixed with specials: +-0, +-inf, canonical,
// signaling and payload NaNs, subnormals, halves, and the i32/u32 conversion limits.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <random>

#include "sem_eval.h"

namespace {

using namespace semtest;
namespace sem = nanoproc::sem;

float random_f32(std::mt19937_64& rng) {
  static const uint32_t special[] = {
      0x00000000, 0x80000000, 0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000, 0x7FA00000, 0x7FC12345,
      0x00000001, 0x807FFFFF, 0x7F7FFFFF, 0x3F000000, 0xBF000000, 0x3FC00000, 0x40200000, 0x4F000000,
      0x4EFFFFFF, 0xCF000000, 0xCF000001, 0x4F800000, 0x4F7FFFFF, 0xBF7FFFFF, 0x4B000000, 0x4AFFFFFF};
  switch (rng() % 3) {
    case 0: return std::bit_cast<float>(special[rng() % std::size(special)]);
    case 1: return float(int64_t(rng() % 4001) - 2000) / 8.0f;
    default: return std::bit_cast<float>(uint32_t(rng()));
  }
}
double random_f64(std::mt19937_64& rng) {
  static const uint64_t special[] = {
      0x0000000000000000, 0x8000000000000000, 0x7FF0000000000000, 0xFFF0000000000000,
      0x7FF8000000000000, 0xFFF8000000000000, 0x7FF4000000000000, 0x7FF0000000000001,
      0x0000000000000001, 0x7FEFFFFFFFFFFFFF, 0x3FE0000000000000, 0xBFE0000000000000,
      0x41DFFFFFFFC00000, 0x41DFFFFFFFFFFFFF, 0x41E0000000000000, 0xC1E0000000000000,
      0xC1E0000000200000, 0x41EFFFFFFFE00000, 0x41EFFFFFFFFFFFFF, 0x41F0000000000000,
      0x4330000000000000, 0x432FFFFFFFFFFFFF, 0x36A0000000000000, 0x47EFFFFFE0000000};
  switch (rng() % 3) {
    case 0: return std::bit_cast<double>(special[rng() % std::size(special)]);
    case 1: return double(int64_t(rng() % 4001) - 2000) / 8.0;
    default: return std::bit_cast<double>(rng());
  }
}
v128 random_v32(std::mt19937_64& rng) {
  return make<float>({random_f32(rng), random_f32(rng), random_f32(rng), random_f32(rng)});
}
v128 random_v64(std::mt19937_64& rng) { return make<double>({random_f64(rng), random_f64(rng)}); }

constexpr int kIters = 20000;

// Lane results agree when their bits do. Where an arithmetic operator returns a NaN from
// two NaN operands, which operand's payload survives is up to the compiler (it may commute
// x + y), so there the spec's rule is checked instead: an arithmetic NaN, and a canonical
// one if every NaN operand was canonical.
template <typename R>
bool nan_bits(R b) {
  return sizeof(R) == 4 ? (b & 0x7FFFFFFFu) > 0x7F800000u : (b & ~(R(1) << 63)) > 0x7FF0000000000000ull;
}
template <typename R>
bool same_result(R got, R want, R a, R b, bool arithmetic) {
  if (got == want) return true;
  if (!arithmetic || !nan_bits(want) || !nan_bits(got)) return false;
  const R quiet = R(1) << (sizeof(R) == 4 ? 22 : 51);
  const R payload = quiet * 2 - 1;
  auto canonical = [&](R x) { return (x & payload) == quiet; };
  if (!(got & quiet)) return false;
  bool inputs_canonical = (!nan_bits(a) || canonical(a)) && (!nan_bits(b) || canonical(b));
  return !inputs_canonical || canonical(got);
}

// Vector op vs scalar op on each lane; results compared as bits (see same_result).
template <typename F, typename R, typename Vec, typename Scalar>
void lanes_match2(Vec vfn, Scalar sfn, const char* name, bool arithmetic = true) {
  std::mt19937_64 rng(std::hash<std::string_view>{}(name));
  for (int it = 0; it < kIters; ++it) {
    v128 a = sizeof(F) == 4 ? random_v32(rng) : random_v64(rng);
    v128 b = sizeof(F) == 4 ? random_v32(rng) : random_v64(rng);
    if (rng() % 4 == 0) b = a;  // equal operands (zeros of both signs, same NaN)
    auto la = lanes<F>(a), lb = lanes<F>(b);
    auto ra = lanes<R>(a), rb = lanes<R>(b);
    auto lr = lanes<R>(vfn(a, b));
    for (size_t i = 0; i < la.size(); ++i) {
      R want = std::bit_cast<R>(sfn(la[i], lb[i]));
      ASSERT_TRUE(same_result(lr[i], want, ra[i], rb[i], arithmetic))
          << name << " lane " << i << ": " << la[i] << ", " << lb[i] << std::hex << " got " << lr[i] << " want " << want;
    }
  }
}
template <typename F, typename R, typename Vec, typename Scalar>
void lanes_match1(Vec vfn, Scalar sfn, const char* name, bool arithmetic = true) {
  std::mt19937_64 rng(std::hash<std::string_view>{}(name));
  for (int it = 0; it < kIters; ++it) {
    v128 a = sizeof(F) == 4 ? random_v32(rng) : random_v64(rng);
    auto la = lanes<F>(a);
    auto ra = lanes<R>(a);
    auto lr = lanes<R>(vfn(a));
    for (size_t i = 0; i < la.size(); ++i) {
      R want = std::bit_cast<R>(sfn(la[i]));
      ASSERT_TRUE(same_result(lr[i], want, ra[i], ra[i], arithmetic))
          << name << " lane " << i << ": " << la[i] << std::hex << " got " << lr[i] << " want " << want;
    }
  }
}

// Comparisons produce all-ones lanes where the scalar comparison is true.
template <typename F>
auto cmp(uint32_t (*s)(F, F)) {
  return [s](F x, F y) {
    using U = std::conditional_t<sizeof(F) == 4, uint32_t, uint64_t>;
    return s(x, y) ? ~U(0) : U(0);
  };
}

TEST(SemSimdFloat, LanesMatchScalarOperators) {
  using U32 = uint32_t;
  using U64 = uint64_t;
  lanes_match2<float, U32>(sem::F32x4Add, sem::F32Add, "f32 add");
  lanes_match2<float, U32>(sem::F32x4Sub, sem::F32Sub, "f32 sub");
  lanes_match2<float, U32>(sem::F32x4Mul, sem::F32Mul, "f32 mul");
  lanes_match2<float, U32>(sem::F32x4Div, sem::F32Div, "f32 div");
  lanes_match2<float, U32>(sem::F32x4Min, sem::F32Min, "f32 min");
  lanes_match2<float, U32>(sem::F32x4Max, sem::F32Max, "f32 max");
  lanes_match2<float, U32>(sem::F32x4Pmin, [](float a, float b) { return b < a ? b : a; }, "f32 pmin", false);
  lanes_match2<float, U32>(sem::F32x4Pmax, [](float a, float b) { return a < b ? b : a; }, "f32 pmax", false);
  lanes_match1<float, U32>(sem::F32x4Abs, sem::F32Abs, "f32 abs", false);
  lanes_match1<float, U32>(sem::F32x4Neg, sem::F32Neg, "f32 neg", false);
  lanes_match1<float, U32>(sem::F32x4Sqrt, sem::F32Sqrt, "f32 sqrt");
  lanes_match1<float, U32>(sem::F32x4Ceil, sem::F32Ceil, "f32 ceil");
  lanes_match1<float, U32>(sem::F32x4Floor, sem::F32Floor, "f32 floor");
  lanes_match1<float, U32>(sem::F32x4Trunc, sem::F32Trunc, "f32 trunc");
  lanes_match1<float, U32>(sem::F32x4Nearest, sem::F32Nearest, "f32 nearest");
  lanes_match2<float, U32>(sem::F32x4Eq, cmp(sem::F32Eq), "f32 eq", false);
  lanes_match2<float, U32>(sem::F32x4Ne, cmp(sem::F32Ne), "f32 ne", false);
  lanes_match2<float, U32>(sem::F32x4Lt, cmp(sem::F32Lt), "f32 lt", false);
  lanes_match2<float, U32>(sem::F32x4Gt, cmp(sem::F32Gt), "f32 gt", false);
  lanes_match2<float, U32>(sem::F32x4Le, cmp(sem::F32Le), "f32 le", false);
  lanes_match2<float, U32>(sem::F32x4Ge, cmp(sem::F32Ge), "f32 ge", false);
  lanes_match1<float, U32>(sem::I32x4TruncSatF32x4S, sem::I32TruncSatF32S, "trunc_sat s", false);
  lanes_match1<float, U32>(sem::I32x4TruncSatF32x4U, sem::I32TruncSatF32U, "trunc_sat u", false);
  lanes_match1<uint32_t, U32>(sem::F32x4ConvertI32x4S, sem::F32ConvertI32S, "convert s", false);
  lanes_match1<uint32_t, U32>(sem::F32x4ConvertI32x4U, sem::F32ConvertI32U, "convert u", false);

  lanes_match2<double, U64>(sem::F64x2Add, sem::F64Add, "f64 add");
  lanes_match2<double, U64>(sem::F64x2Sub, sem::F64Sub, "f64 sub");
  lanes_match2<double, U64>(sem::F64x2Mul, sem::F64Mul, "f64 mul");
  lanes_match2<double, U64>(sem::F64x2Div, sem::F64Div, "f64 div");
  lanes_match2<double, U64>(sem::F64x2Min, sem::F64Min, "f64 min");
  lanes_match2<double, U64>(sem::F64x2Max, sem::F64Max, "f64 max");
  lanes_match2<double, U64>(sem::F64x2Pmin, [](double a, double b) { return b < a ? b : a; }, "f64 pmin", false);
  lanes_match2<double, U64>(sem::F64x2Pmax, [](double a, double b) { return a < b ? b : a; }, "f64 pmax", false);
  lanes_match1<double, U64>(sem::F64x2Abs, sem::F64Abs, "f64 abs", false);
  lanes_match1<double, U64>(sem::F64x2Neg, sem::F64Neg, "f64 neg", false);
  lanes_match1<double, U64>(sem::F64x2Sqrt, sem::F64Sqrt, "f64 sqrt");
  lanes_match1<double, U64>(sem::F64x2Ceil, sem::F64Ceil, "f64 ceil");
  lanes_match1<double, U64>(sem::F64x2Floor, sem::F64Floor, "f64 floor");
  lanes_match1<double, U64>(sem::F64x2Trunc, sem::F64Trunc, "f64 trunc");
  lanes_match1<double, U64>(sem::F64x2Nearest, sem::F64Nearest, "f64 nearest");
  lanes_match2<double, U64>(sem::F64x2Eq, cmp(sem::F64Eq), "f64 eq", false);
  lanes_match2<double, U64>(sem::F64x2Ne, cmp(sem::F64Ne), "f64 ne", false);
  lanes_match2<double, U64>(sem::F64x2Lt, cmp(sem::F64Lt), "f64 lt", false);
  lanes_match2<double, U64>(sem::F64x2Ge, cmp(sem::F64Ge), "f64 ge", false);
}

// Half-width conversions: two f64 lanes <-> the low two 32-bit lanes, the rest zero.
TEST(SemSimdFloat, HalfWidthConversions) {
  std::mt19937_64 rng(11);
  for (int it = 0; it < kIters; ++it) {
    v128 d = random_v64(rng);
    auto ld = lanes<double>(d);
    auto s = lanes<uint32_t>(sem::I32x4TruncSatF64x2SZero(d));
    auto u = lanes<uint32_t>(sem::I32x4TruncSatF64x2UZero(d));
    auto m = lanes<uint32_t>(sem::F32x4DemoteF64x2Zero(d));
    for (int i = 0; i < 2; ++i) {
      ASSERT_EQ(s[i], sem::I32TruncSatF64S(ld[i])) << ld[i];
      ASSERT_EQ(u[i], sem::I32TruncSatF64U(ld[i])) << ld[i];
      ASSERT_EQ(m[i], std::bit_cast<uint32_t>(sem::F32DemoteF64(ld[i]))) << ld[i];
    }
    for (int i = 2; i < 4; ++i) ASSERT_EQ(s[i] | u[i] | m[i], 0u);
    v128 f = random_v32(rng);
    auto lf = lanes<float>(f);
    auto li = lanes<uint32_t>(f);
    auto p = lanes<uint64_t>(sem::F64x2PromoteLowF32x4(f));
    auto cs = lanes<uint64_t>(sem::F64x2ConvertLowI32x4S(f));
    auto cu = lanes<uint64_t>(sem::F64x2ConvertLowI32x4U(f));
    for (int i = 0; i < 2; ++i) {
      ASSERT_EQ(p[i], std::bit_cast<uint64_t>(sem::F64PromoteF32(lf[i])));
      ASSERT_EQ(cs[i], std::bit_cast<uint64_t>(sem::F64ConvertI32S(li[i])));
      ASSERT_EQ(cu[i], std::bit_cast<uint64_t>(sem::F64ConvertI32U(li[i])));
    }
  }
}

TEST(SemSimdFloat, NamedEdges) {
  // u32 -> f32 rounds once: 0x80000081 is just above the midpoint of two floats.
  EXPECT_EQ(lanes<float>(sem::F32x4ConvertI32x4U(splat<uint32_t>(0xFFFFFFFFu)))[0], 4294967296.0f);
  EXPECT_EQ(lanes<float>(sem::F32x4ConvertI32x4U(splat<uint32_t>(0x80000081u)))[0], 2147483904.0f);
  EXPECT_EQ(lanes<float>(sem::F32x4ConvertI32x4U(splat<uint32_t>(0x80000080u)))[0], 2147483648.0f);
  EXPECT_EQ(lanes<float>(sem::F32x4ConvertI32x4U(splat<uint32_t>(0x01000001u)))[0], 16777216.0f);
  auto t = lanes<int32_t>(sem::I32x4TruncSatF32x4S(make<float>({2147483648.0f, -2147483904.0f, NAN, -0.9f})));
  EXPECT_EQ(t[0], INT32_MAX);
  EXPECT_EQ(t[1], INT32_MIN);
  EXPECT_EQ(t[2], 0);
  EXPECT_EQ(t[3], 0);
  auto tu = lanes<uint32_t>(sem::I32x4TruncSatF32x4U(make<float>({4294967296.0f, 4294967040.0f, -INFINITY, 2147483648.0f})));
  EXPECT_EQ(tu[0], 0xFFFFFFFFu);
  EXPECT_EQ(tu[1], 4294967040u);
  EXPECT_EQ(tu[2], 0u);
  EXPECT_EQ(tu[3], 0x80000000u);
  auto tz = lanes<uint32_t>(sem::I32x4TruncSatF64x2UZero(make<double>({4294967295.9, 2147483648.5})));
  EXPECT_EQ(tz[0], 0xFFFFFFFFu);
  EXPECT_EQ(tz[1], 0x80000000u);
  // min/max: -0 < +0 in either order; pmin/pmax return the first operand on ties and NaNs.
  auto mn = lanes<uint32_t>(sem::F32x4Min(make<float>({0.0f, -0.0f, 1.0f, NAN}), make<float>({-0.0f, 0.0f, NAN, 1.0f})));
  EXPECT_EQ(mn[0], 0x80000000u);
  EXPECT_EQ(mn[1], 0x80000000u);
  EXPECT_TRUE(std::isnan(std::bit_cast<float>(mn[2])) && std::isnan(std::bit_cast<float>(mn[3])));
  auto mx = lanes<uint32_t>(sem::F32x4Max(make<float>({0.0f, -0.0f, 0.0f, 0.0f}), make<float>({-0.0f, 0.0f, 0.0f, 0.0f})));
  EXPECT_EQ(mx[0], 0u);
  EXPECT_EQ(mx[1], 0u);
  auto pm = lanes<uint32_t>(sem::F32x4Pmin(make<float>({0.0f, -0.0f, NAN, 1.0f}), make<float>({-0.0f, 0.0f, 1.0f, NAN})));
  EXPECT_EQ(pm[0], 0u);
  EXPECT_EQ(pm[1], 0x80000000u);
  EXPECT_EQ(pm[2], 0x7FC00000u);
  EXPECT_EQ(pm[3], std::bit_cast<uint32_t>(1.0f));
  // Sign and NaN payload survive abs/neg.
  EXPECT_EQ(lanes<uint32_t>(sem::F32x4Neg(splat<uint32_t>(0x7FA00001u)))[1], 0xFFA00001u);
  EXPECT_EQ(lanes<uint64_t>(sem::F64x2Abs(splat<uint64_t>(0xFFF0000000000001ull)))[1], 0x7FF0000000000001ull);
  // Rounding keeps the sign of zero results.
  EXPECT_EQ(lanes<uint32_t>(sem::F32x4Ceil(splat<float>(-0.5f)))[0], 0x80000000u);
  EXPECT_EQ(lanes<uint64_t>(sem::F64x2Nearest(splat<double>(-0.5)))[0], 0x8000000000000000ull);
  EXPECT_EQ(lanes<double>(sem::F64x2Nearest(splat<double>(4503599627370495.5)))[0], 4503599627370496.0);
}

}  // namespace
