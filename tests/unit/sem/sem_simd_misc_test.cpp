// Lane plumbing and bitwise SIMD operators: splat keeps float bits (-0, NaN payloads),
// extract sign/zero-extends, replace touches one lane, shuffle reads the 32-byte
// concatenation, swizzle zeroes out-of-range indices (16, 0x80, 0xFF alike).
#include <gtest/gtest.h>

#include <cstdint>
#include <random>

#include "sem_eval.h"

namespace {

using namespace semtest;
namespace sem = nanoproc::sem;

TEST(SemSimdMisc, SplatKeepsBits) {
  EXPECT_V128_EQ(sem::I8x16Splat(0x1FF), splat<uint8_t>(0xFF));
  EXPECT_V128_EQ(sem::I16x8Splat(0x12348000u), splat<uint16_t>(0x8000));
  EXPECT_V128_EQ(sem::I32x4Splat(0xDEADBEEFu), splat<uint32_t>(0xDEADBEEFu));
  EXPECT_V128_EQ(sem::I64x2Splat(0x0123456789ABCDEFull), splat<uint64_t>(0x0123456789ABCDEFull));
  EXPECT_V128_EQ(sem::F32x4Splat(-0.0f), splat<uint32_t>(0x80000000u));
  EXPECT_V128_EQ(sem::F32x4Splat(std::bit_cast<float>(0x7FA00001u)), splat<uint32_t>(0x7FA00001u));
  EXPECT_V128_EQ(sem::F64x2Splat(std::bit_cast<double>(0xFFF0000000000001ull)), splat<uint64_t>(0xFFF0000000000001ull));
}

TEST(SemSimdMisc, ExtractAndReplace) {
  v128 v = make<uint8_t>({0x00, 0x81, 0x02, 0x83, 0x04, 0x85, 0x06, 0x87, 0x08, 0x89, 0x0A, 0x8B, 0x0C, 0x8D, 0x0E, 0xFF});
  EXPECT_EQ(sem::I8x16ExtractLaneS(v, 15), 0xFFFFFFFFu);
  EXPECT_EQ(sem::I8x16ExtractLaneU(v, 15), 0xFFu);
  EXPECT_EQ(sem::I8x16ExtractLaneS(v, 2), 2u);
  EXPECT_EQ(sem::I16x8ExtractLaneS(v, 0), 0xFFFF8100u);
  EXPECT_EQ(sem::I16x8ExtractLaneU(v, 0), 0x8100u);
  EXPECT_EQ(sem::I32x4ExtractLane(v, 3), 0xFF0E8D0Cu);
  EXPECT_EQ(sem::I64x2ExtractLane(v, 1), 0xFF0E8D0C8B0A8908ull);
  v128 f = make<uint32_t>({0, 0x7FA00001u, 0x80000000u, 0});
  EXPECT_EQ(std::bit_cast<uint32_t>(sem::F32x4ExtractLane(f, 1)), 0x7FA00001u);
  EXPECT_EQ(std::bit_cast<uint32_t>(sem::F32x4ExtractLane(f, 2)), 0x80000000u);
  v128 g = make<uint64_t>({0, 0xFFF0000000000001ull});
  EXPECT_EQ(std::bit_cast<uint64_t>(sem::F64x2ExtractLane(g, 1)), 0xFFF0000000000001ull);

  v128 z{0, 0};
  EXPECT_V128_EQ(sem::I8x16ReplaceLane(z, 0x1AB, 15), make<uint8_t>({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xAB}));
  EXPECT_V128_EQ(sem::I16x8ReplaceLane(z, 0xFFFF1234u, 1), make<uint16_t>({0, 0x1234}));
  EXPECT_V128_EQ(sem::I32x4ReplaceLane(v, 7, 0), make<uint32_t>({7, sem::I32x4ExtractLane(v, 1), sem::I32x4ExtractLane(v, 2),
                                                               sem::I32x4ExtractLane(v, 3)}));
  EXPECT_V128_EQ(sem::I64x2ReplaceLane(z, ~0ull, 1), make<uint64_t>({0, ~0ull}));
  EXPECT_V128_EQ(sem::F32x4ReplaceLane(z, std::bit_cast<float>(0x7F800001u), 3), make<uint32_t>({0, 0, 0, 0x7F800001u}));
  EXPECT_V128_EQ(sem::F64x2ReplaceLane(z, -0.0, 0), make<uint64_t>({0x8000000000000000ull, 0}));
}

TEST(SemSimdMisc, ShuffleAndSwizzle) {
  v128 a = make<uint8_t>({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  v128 b = make<uint8_t>({16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31});
  std::mt19937_64 rng(3);
  for (int it = 0; it < 2000; ++it) {
    uint8_t idx[16];
    for (auto& i : idx) i = uint8_t(rng() % 32);
    auto r = lanes<uint8_t>(sem::I8x16Shuffle(a, b, idx));
    for (int i = 0; i < 16; ++i) ASSERT_EQ(r[i], idx[i]);
    uint8_t s[16];
    for (auto& i : s) i = (rng() & 1) ? uint8_t(rng()) : uint8_t(rng() % 20);
    v128 sv;
    std::memcpy(&sv, s, 16);
    auto w = lanes<uint8_t>(sem::I8x16Swizzle(b, sv));
    for (int i = 0; i < 16; ++i) ASSERT_EQ(w[i], s[i] < 16 ? 16 + s[i] : 0) << +s[i];
  }
  v128 edge = make<uint8_t>({15, 16, 0x7F, 0x80, 0xFF, 0x70, 0x0F, 0x10, 0, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(lanes<uint8_t>(sem::I8x16Swizzle(b, edge)),
            (std::array<uint8_t, 16>{31, 0, 0, 0, 0, 0, 31, 0, 16, 16, 16, 16, 16, 16, 16, 16}));
}

TEST(SemSimdMisc, Bitwise) {
  v128 a = make<uint64_t>({0xFF00FF00F0F0F0F0ull, 0x0123456789ABCDEFull});
  v128 b = make<uint64_t>({0x0F0F0F0F0F0F0F0Full, 0xFFFFFFFF00000000ull});
  v128 m = make<uint64_t>({0xFFFFFFFF00000000ull, 0x00FF00FF00FF00FFull});
  EXPECT_V128_EQ(sem::V128Not(a), ~a);
  EXPECT_V128_EQ(sem::V128And(a, b), a & b);
  EXPECT_V128_EQ(sem::V128AndNot(a, b), a & ~b);
  EXPECT_V128_EQ(sem::V128Or(a, b), a | b);
  EXPECT_V128_EQ(sem::V128Xor(a, b), a ^ b);
  EXPECT_V128_EQ(sem::V128Bitselect(a, b, m), (a & m) | (b & ~m));
  EXPECT_EQ(sem::V128AnyTrue(v128{0, 0}), 0u);
  EXPECT_EQ(sem::V128AnyTrue(v128{0, 1}), 1u);
  EXPECT_EQ(sem::V128AnyTrue(v128{1ull << 63, 0}), 1u);
}

}  // namespace
