// Integer SIMD operators against straightforward per-lane references, on random vectors
// whose bytes lean towards 0x00/0x01/0x7F/0x80/0xFF (so every lane width sees its
// extremes), plus the named edge cases: q15mulr's one saturating input, dot's one
// wrapping sum, shift counts past the lane width, abs(INT_MIN), narrow saturation.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <random>
#include <type_traits>

#include "sem_eval.h"

namespace {

using namespace semtest;
namespace sem = nanoproc::sem;

v128 random_vec(std::mt19937_64& rng) {
  static const uint8_t special[] = {0x00, 0x01, 0x7F, 0x80, 0xFF};
  uint8_t b[16];
  for (auto& x : b) x = (rng() & 1) ? uint8_t(rng()) : special[rng() % 5];
  v128 v;
  std::memcpy(&v, b, 16);
  return v;
}

constexpr int kIters = 5000;

template <typename T, typename R = T, typename Ref>
void check_lanewise2(v128 (*fn)(v128, v128), Ref ref, const char* name) {
  std::mt19937_64 rng(std::hash<std::string_view>{}(name));
  for (int it = 0; it < kIters; ++it) {
    v128 a = random_vec(rng), b = random_vec(rng);
    auto la = lanes<T>(a), lb = lanes<T>(b);
    auto lr = lanes<R>(fn(a, b));
    for (size_t i = 0; i < la.size(); ++i) {
      ASSERT_EQ(lr[i], R(ref(la[i], lb[i]))) << name << " lane " << i << ": " << +la[i] << ", " << +lb[i];
    }
  }
}
template <typename T, typename R = T, typename Ref>
void check_lanewise1(v128 (*fn)(v128), Ref ref, const char* name) {
  std::mt19937_64 rng(std::hash<std::string_view>{}(name));
  for (int it = 0; it < kIters; ++it) {
    v128 a = random_vec(rng);
    auto la = lanes<T>(a);
    auto lr = lanes<R>(fn(a));
    for (size_t i = 0; i < la.size(); ++i) ASSERT_EQ(lr[i], R(ref(la[i]))) << name << " lane " << i << ": " << +la[i];
  }
}
template <typename T, typename Ref>
void check_shift(v128 (*fn)(v128, uint32_t), Ref ref, const char* name) {
  std::mt19937_64 rng(std::hash<std::string_view>{}(name));
  for (int it = 0; it < kIters; ++it) {
    v128 a = random_vec(rng);
    uint32_t n = (rng() & 1) ? uint32_t(rng() % 300) : uint32_t(rng());
    auto la = lanes<T>(a);
    auto lr = lanes<T>(fn(a, n));
    unsigned m = n % (sizeof(T) * 8);
    for (size_t i = 0; i < la.size(); ++i) ASSERT_EQ(lr[i], T(ref(la[i], m))) << name << " by " << n;
  }
}

template <typename T>
T sat(int64_t x) {
  return T(std::clamp<int64_t>(x, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
}
template <typename T>
T mask(bool b) {
  return b ? T(~T(0)) : T(0);
}

#define CMP(Fn, T, op) check_lanewise2<T>(sem::Fn, [](T x, T y) { return mask<T>(x op y); }, #Fn)

TEST(SemSimdInt, Comparisons) {
  CMP(I8x16Eq, int8_t, ==); CMP(I8x16Ne, int8_t, !=);
  CMP(I8x16LtS, int8_t, <); CMP(I8x16LtU, uint8_t, <); CMP(I8x16GtS, int8_t, >); CMP(I8x16GtU, uint8_t, >);
  CMP(I8x16LeS, int8_t, <=); CMP(I8x16LeU, uint8_t, <=); CMP(I8x16GeS, int8_t, >=); CMP(I8x16GeU, uint8_t, >=);
  CMP(I16x8Eq, int16_t, ==); CMP(I16x8Ne, int16_t, !=);
  CMP(I16x8LtS, int16_t, <); CMP(I16x8LtU, uint16_t, <); CMP(I16x8GtS, int16_t, >); CMP(I16x8GtU, uint16_t, >);
  CMP(I16x8LeS, int16_t, <=); CMP(I16x8LeU, uint16_t, <=); CMP(I16x8GeS, int16_t, >=); CMP(I16x8GeU, uint16_t, >=);
  CMP(I32x4Eq, int32_t, ==); CMP(I32x4Ne, int32_t, !=);
  CMP(I32x4LtS, int32_t, <); CMP(I32x4LtU, uint32_t, <); CMP(I32x4GtS, int32_t, >); CMP(I32x4GtU, uint32_t, >);
  CMP(I32x4LeS, int32_t, <=); CMP(I32x4LeU, uint32_t, <=); CMP(I32x4GeS, int32_t, >=); CMP(I32x4GeU, uint32_t, >=);
  CMP(I64x2Eq, int64_t, ==); CMP(I64x2Ne, int64_t, !=); CMP(I64x2LtS, int64_t, <); CMP(I64x2GtS, int64_t, >);
  CMP(I64x2LeS, int64_t, <=); CMP(I64x2GeS, int64_t, >=);
}
#undef CMP

TEST(SemSimdInt, Arithmetic) {
  check_lanewise2<uint8_t>(sem::I8x16Add, [](uint8_t x, uint8_t y) { return x + y; }, "i8 add");
  check_lanewise2<uint16_t>(sem::I16x8Sub, [](uint16_t x, uint16_t y) { return x - y; }, "i16 sub");
  check_lanewise2<uint16_t>(sem::I16x8Mul, [](uint16_t x, uint16_t y) { return uint32_t(x) * y; }, "i16 mul");
  check_lanewise2<uint32_t>(sem::I32x4Mul, [](uint32_t x, uint32_t y) { return x * y; }, "i32 mul");
  check_lanewise2<uint64_t>(sem::I64x2Mul, [](uint64_t x, uint64_t y) { return x * y; }, "i64 mul");
  check_lanewise2<uint64_t>(sem::I64x2Sub, [](uint64_t x, uint64_t y) { return x - y; }, "i64 sub");
  check_lanewise1<int8_t>(sem::I8x16Abs, [](int8_t x) { return x < 0 ? uint8_t(-uint8_t(x)) : x; }, "i8 abs");
  check_lanewise1<int16_t>(sem::I16x8Abs, [](int16_t x) { return x < 0 ? uint16_t(-uint16_t(x)) : x; }, "i16 abs");
  check_lanewise1<int32_t>(sem::I32x4Abs, [](int32_t x) { return x < 0 ? -uint32_t(x) : uint32_t(x); }, "i32 abs");
  check_lanewise1<int64_t>(sem::I64x2Abs, [](int64_t x) { return x < 0 ? -uint64_t(x) : uint64_t(x); }, "i64 abs");
  check_lanewise1<uint8_t>(sem::I8x16Neg, [](uint8_t x) { return -x; }, "i8 neg");
  check_lanewise1<uint64_t>(sem::I64x2Neg, [](uint64_t x) { return -x; }, "i64 neg");
  check_lanewise1<uint8_t>(sem::I8x16Popcnt, [](uint8_t x) { return std::popcount(x); }, "popcnt");
  check_lanewise2<uint8_t>(sem::I8x16AvgrU, [](uint8_t x, uint8_t y) { return (x + y + 1) / 2; }, "avgr8");
  check_lanewise2<uint16_t>(sem::I16x8AvgrU, [](uint16_t x, uint16_t y) { return (x + y + 1) / 2; }, "avgr16");
}

TEST(SemSimdInt, Saturating) {
  check_lanewise2<int8_t>(sem::I8x16AddSatS, [](int8_t x, int8_t y) { return sat<int8_t>(x + y); }, "adds8");
  check_lanewise2<int8_t>(sem::I8x16SubSatS, [](int8_t x, int8_t y) { return sat<int8_t>(x - y); }, "subs8");
  check_lanewise2<uint8_t>(sem::I8x16AddSatU, [](uint8_t x, uint8_t y) { return sat<uint8_t>(x + y); }, "addu8");
  check_lanewise2<uint8_t>(sem::I8x16SubSatU, [](uint8_t x, uint8_t y) { return sat<uint8_t>(x - y); }, "subu8");
  check_lanewise2<int16_t>(sem::I16x8AddSatS, [](int16_t x, int16_t y) { return sat<int16_t>(x + y); }, "adds16");
  check_lanewise2<int16_t>(sem::I16x8SubSatS, [](int16_t x, int16_t y) { return sat<int16_t>(x - y); }, "subs16");
  check_lanewise2<uint16_t>(sem::I16x8AddSatU, [](uint16_t x, uint16_t y) { return sat<uint16_t>(x + y); }, "addu16");
  check_lanewise2<uint16_t>(sem::I16x8SubSatU, [](uint16_t x, uint16_t y) { return sat<uint16_t>(x - y); }, "subu16");
  check_lanewise2<int16_t>(sem::I16x8Q15mulrSatS,
                           [](int16_t x, int16_t y) { return sat<int16_t>((int32_t(x) * y + 0x4000) >> 15); }, "q15");
}

TEST(SemSimdInt, MinMax) {
  auto mn = [](auto x, auto y) { return std::min(x, y); };
  auto mx = [](auto x, auto y) { return std::max(x, y); };
  check_lanewise2<int8_t>(sem::I8x16MinS, mn, "mins8");
  check_lanewise2<uint8_t>(sem::I8x16MinU, mn, "minu8");
  check_lanewise2<int8_t>(sem::I8x16MaxS, mx, "maxs8");
  check_lanewise2<uint8_t>(sem::I8x16MaxU, mx, "maxu8");
  check_lanewise2<int16_t>(sem::I16x8MinS, mn, "mins16");
  check_lanewise2<uint16_t>(sem::I16x8MaxU, mx, "maxu16");
  check_lanewise2<int32_t>(sem::I32x4MinS, mn, "mins32");
  check_lanewise2<uint32_t>(sem::I32x4MinU, mn, "minu32");
  check_lanewise2<int32_t>(sem::I32x4MaxS, mx, "maxs32");
  check_lanewise2<uint32_t>(sem::I32x4MaxU, mx, "maxu32");
}

TEST(SemSimdInt, Shifts) {
  check_shift<uint8_t>(sem::I8x16Shl, [](uint8_t x, unsigned n) { return x << n; }, "shl8");
  check_shift<int8_t>(sem::I8x16ShrS, [](int8_t x, unsigned n) { return x >> n; }, "shrs8");
  check_shift<uint8_t>(sem::I8x16ShrU, [](uint8_t x, unsigned n) { return x >> n; }, "shru8");
  check_shift<uint16_t>(sem::I16x8Shl, [](uint16_t x, unsigned n) { return x << n; }, "shl16");
  check_shift<int16_t>(sem::I16x8ShrS, [](int16_t x, unsigned n) { return x >> n; }, "shrs16");
  check_shift<uint16_t>(sem::I16x8ShrU, [](uint16_t x, unsigned n) { return x >> n; }, "shru16");
  check_shift<uint32_t>(sem::I32x4Shl, [](uint32_t x, unsigned n) { return x << n; }, "shl32");
  check_shift<int32_t>(sem::I32x4ShrS, [](int32_t x, unsigned n) { return x >> n; }, "shrs32");
  check_shift<uint32_t>(sem::I32x4ShrU, [](uint32_t x, unsigned n) { return x >> n; }, "shru32");
  check_shift<uint64_t>(sem::I64x2Shl, [](uint64_t x, unsigned n) { return x << n; }, "shl64");
  check_shift<int64_t>(sem::I64x2ShrS, [](int64_t x, unsigned n) { return x >> n; }, "shrs64");
  check_shift<uint64_t>(sem::I64x2ShrU, [](uint64_t x, unsigned n) { return x >> n; }, "shru64");
}

// Operators whose result lanes come from several input lanes.
template <typename T, typename R, typename Ref>
void check_shape(v128 (*fn)(v128, v128), Ref ref, const char* name) {
  std::mt19937_64 rng(std::hash<std::string_view>{}(name));
  for (int it = 0; it < kIters; ++it) {
    v128 a = random_vec(rng), b = random_vec(rng);
    auto la = lanes<T>(a), lb = lanes<T>(b);
    auto lr = lanes<R>(fn(a, b));
    for (size_t i = 0; i < lr.size(); ++i) ASSERT_EQ(lr[i], R(ref(la, lb, i))) << name << " lane " << i;
  }
}

TEST(SemSimdInt, NarrowExtendExtmulPairwiseDot) {
  check_shape<int16_t, int8_t>(sem::I8x16NarrowI16x8S, [](auto& a, auto& b, size_t i) { return sat<int8_t>(i < 8 ? a[i] : b[i - 8]); }, "narrow8s");
  check_shape<int16_t, uint8_t>(sem::I8x16NarrowI16x8U, [](auto& a, auto& b, size_t i) { return sat<uint8_t>(i < 8 ? a[i] : b[i - 8]); }, "narrow8u");
  check_shape<int32_t, int16_t>(sem::I16x8NarrowI32x4S, [](auto& a, auto& b, size_t i) { return sat<int16_t>(i < 4 ? a[i] : b[i - 4]); }, "narrow16s");
  check_shape<int32_t, uint16_t>(sem::I16x8NarrowI32x4U, [](auto& a, auto& b, size_t i) { return sat<uint16_t>(i < 4 ? a[i] : b[i - 4]); }, "narrow16u");

  auto ext = [](auto fn, auto tag_in, auto tag_out, size_t off, const char* name) {
    using T = decltype(tag_in);
    using R = decltype(tag_out);
    std::mt19937_64 rng(std::hash<std::string_view>{}(name));
    for (int it = 0; it < kIters; ++it) {
      v128 a = random_vec(rng);
      auto la = lanes<T>(a);
      auto lr = lanes<R>(fn(a));
      for (size_t i = 0; i < lr.size(); ++i) ASSERT_EQ(lr[i], R(la[i + off])) << name;
    }
  };
  ext(sem::I16x8ExtendLowI8x16S, int8_t{}, int16_t{}, 0, "ext1");
  ext(sem::I16x8ExtendHighI8x16S, int8_t{}, int16_t{}, 8, "ext2");
  ext(sem::I16x8ExtendLowI8x16U, uint8_t{}, uint16_t{}, 0, "ext3");
  ext(sem::I16x8ExtendHighI8x16U, uint8_t{}, uint16_t{}, 8, "ext4");
  ext(sem::I32x4ExtendLowI16x8S, int16_t{}, int32_t{}, 0, "ext5");
  ext(sem::I32x4ExtendHighI16x8S, int16_t{}, int32_t{}, 4, "ext6");
  ext(sem::I32x4ExtendLowI16x8U, uint16_t{}, uint32_t{}, 0, "ext7");
  ext(sem::I32x4ExtendHighI16x8U, uint16_t{}, uint32_t{}, 4, "ext8");
  ext(sem::I64x2ExtendLowI32x4S, int32_t{}, int64_t{}, 0, "ext9");
  ext(sem::I64x2ExtendHighI32x4S, int32_t{}, int64_t{}, 2, "ext10");
  ext(sem::I64x2ExtendLowI32x4U, uint32_t{}, uint64_t{}, 0, "ext11");
  ext(sem::I64x2ExtendHighI32x4U, uint32_t{}, uint64_t{}, 2, "ext12");

#define EXTMUL(Fn, T, R, off) \
  check_shape<T, R>(sem::Fn, [](auto& a, auto& b, size_t i) { return R(R(a[i + off]) * R(b[i + off])); }, #Fn)
  EXTMUL(I16x8ExtmulLowI8x16S, int8_t, int16_t, 0);
  EXTMUL(I16x8ExtmulHighI8x16S, int8_t, int16_t, 8);
  EXTMUL(I16x8ExtmulLowI8x16U, uint8_t, uint16_t, 0);
  EXTMUL(I16x8ExtmulHighI8x16U, uint8_t, uint16_t, 8);
  EXTMUL(I32x4ExtmulLowI16x8S, int16_t, int32_t, 0);
  EXTMUL(I32x4ExtmulHighI16x8S, int16_t, int32_t, 4);
  EXTMUL(I32x4ExtmulLowI16x8U, uint16_t, uint32_t, 0);
  EXTMUL(I32x4ExtmulHighI16x8U, uint16_t, uint32_t, 4);
  EXTMUL(I64x2ExtmulLowI32x4S, int32_t, int64_t, 0);
  EXTMUL(I64x2ExtmulHighI32x4S, int32_t, int64_t, 2);
  EXTMUL(I64x2ExtmulLowI32x4U, uint32_t, uint64_t, 0);
  EXTMUL(I64x2ExtmulHighI32x4U, uint32_t, uint64_t, 2);
#undef EXTMUL

  check_shape<int16_t, int32_t>(sem::I32x4DotI16x8S, [](auto& a, auto& b, size_t i) {
    return int32_t(uint32_t(a[2 * i] * b[2 * i]) + uint32_t(a[2 * i + 1] * b[2 * i + 1]));
  }, "dot");
  auto pairwise = [](auto fn, auto tag_in, auto tag_out, const char* name) {
    using T = decltype(tag_in);
    using R = decltype(tag_out);
    std::mt19937_64 rng(std::hash<std::string_view>{}(name));
    for (int it = 0; it < kIters; ++it) {
      v128 a = random_vec(rng);
      auto la = lanes<T>(a);
      auto lr = lanes<R>(fn(a));
      for (size_t i = 0; i < lr.size(); ++i) ASSERT_EQ(lr[i], R(R(la[2 * i]) + R(la[2 * i + 1]))) << name;
    }
  };
  pairwise(sem::I16x8ExtaddPairwiseI8x16S, int8_t{}, int16_t{}, "pw1");
  pairwise(sem::I16x8ExtaddPairwiseI8x16U, uint8_t{}, uint16_t{}, "pw2");
  pairwise(sem::I32x4ExtaddPairwiseI16x8S, int16_t{}, int32_t{}, "pw3");
  pairwise(sem::I32x4ExtaddPairwiseI16x8U, uint16_t{}, uint32_t{}, "pw4");
}

TEST(SemSimdInt, AllTrueAndBitmask) {
  std::mt19937_64 rng(5);
  auto check = [&](auto tag, uint32_t (*all)(v128), uint32_t (*bits)(v128)) {
    using T = decltype(tag);
    for (int it = 0; it < kIters; ++it) {
      v128 a = random_vec(rng);
      if (rng() % 3 == 0) a = splat<T>(T(rng() | 1));  // all lanes nonzero
      auto la = lanes<T>(a);
      uint32_t want_bits = 0;
      bool want_all = true;
      for (size_t i = 0; i < la.size(); ++i) {
        want_bits |= uint32_t(la[i] < 0) << i;
        want_all &= la[i] != 0;
      }
      ASSERT_EQ(bits(a), want_bits);
      ASSERT_EQ(all(a), uint32_t(want_all));
    }
  };
  check(int8_t{}, sem::I8x16AllTrue, sem::I8x16Bitmask);
  check(int16_t{}, sem::I16x8AllTrue, sem::I16x8Bitmask);
  check(int32_t{}, sem::I32x4AllTrue, sem::I32x4Bitmask);
  check(int64_t{}, sem::I64x2AllTrue, sem::I64x2Bitmask);
  EXPECT_EQ(sem::I8x16Bitmask(splat<uint8_t>(0x80)), 0xFFFFu);
  EXPECT_EQ(sem::I16x8Bitmask(make<uint16_t>({0x8000, 0, 0, 0, 0, 0, 0, 0xFFFF})), 0x81u);
  EXPECT_EQ(sem::I64x2AllTrue(make<uint64_t>({0x100000000ull, 1})), 1u);
  EXPECT_EQ(sem::I64x2AllTrue(make<uint64_t>({0x100000000ull, 0})), 0u);
  EXPECT_EQ(sem::V128AnyTrue(make<uint64_t>({0, 1ull << 63})), 1u);
}

TEST(SemSimdInt, NamedEdges) {
  EXPECT_EQ(lanes<int16_t>(sem::I16x8Q15mulrSatS(splat<int16_t>(-32768), splat<int16_t>(-32768)))[0], 32767);
  EXPECT_EQ(lanes<int16_t>(sem::I16x8Q15mulrSatS(splat<int16_t>(-32768), splat<int16_t>(32767)))[0], -32767);
  EXPECT_EQ(lanes<int16_t>(sem::I16x8Q15mulrSatS(splat<int16_t>(16384), splat<int16_t>(1)))[0], 1);  // 0.5 rounds up
  EXPECT_EQ(lanes<int16_t>(sem::I16x8Q15mulrSatS(splat<int16_t>(-16384), splat<int16_t>(1)))[0], 0);
  EXPECT_EQ(lanes<uint32_t>(sem::I32x4DotI16x8S(splat<int16_t>(-32768), splat<int16_t>(-32768)))[0], 0x80000000u);
  EXPECT_EQ(lanes<int8_t>(sem::I8x16Abs(splat<int8_t>(-128)))[3], -128);
  EXPECT_EQ(lanes<int64_t>(sem::I64x2Abs(splat<int64_t>(INT64_MIN)))[1], INT64_MIN);
  EXPECT_EQ(lanes<uint8_t>(sem::I8x16Shl(splat<uint8_t>(1), 9))[0], 2);
  EXPECT_EQ(lanes<int8_t>(sem::I8x16ShrS(splat<int8_t>(-128), 7))[0], -1);
  EXPECT_EQ(lanes<uint32_t>(sem::I32x4ShrU(splat<uint32_t>(0x80000000u), 32))[0], 0x80000000u);
  EXPECT_EQ(lanes<int64_t>(sem::I64x2ShrS(splat<int64_t>(INT64_MIN), 65))[0], INT64_MIN / 2);
  EXPECT_EQ(lanes<uint8_t>(sem::I8x16NarrowI16x8U(splat<int16_t>(-1), splat<int16_t>(256)))[0], 0);
  EXPECT_EQ(lanes<uint8_t>(sem::I8x16NarrowI16x8U(splat<int16_t>(-1), splat<int16_t>(256)))[8], 255);
  EXPECT_EQ(lanes<uint16_t>(sem::I16x8NarrowI32x4U(splat<int32_t>(65536), splat<int32_t>(INT32_MIN)))[0], 65535);
  EXPECT_EQ(lanes<uint16_t>(sem::I16x8NarrowI32x4U(splat<int32_t>(65536), splat<int32_t>(INT32_MIN)))[7], 0);
  EXPECT_EQ(lanes<int16_t>(sem::I16x8NarrowI32x4S(splat<int32_t>(40000), splat<int32_t>(-40000)))[7], -32768);
}

}  // namespace
