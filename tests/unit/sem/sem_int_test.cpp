// Scalar integer operators: traps and boundaries of div/rem, shift/rotate count masking,
// bit counts, sign extension, signed vs unsigned comparisons.
#include <gtest/gtest.h>

#include <cstdint>

#include "interp/sem/sem.h"

namespace {

namespace sem = nanoproc::sem;
using nanoproc::TrapKind;

constexpr uint32_t kMin32 = 0x80000000u;
constexpr uint64_t kMin64 = 0x8000000000000000ull;

struct DivCase {
  uint32_t a, b;
  TrapKind div_s, rem_s, div_u, rem_u;
  uint32_t q_s, r_s, q_u, r_u;
};

TEST(SemInt, I32DivRem) {
  const TrapKind N = TrapKind::None, Z = TrapKind::IntegerDivideByZero, O = TrapKind::IntegerOverflow;
  const DivCase cases[] = {
      {7, 2, N, N, N, N, 3, 1, 3, 1},
      {uint32_t(-7), 2, N, N, N, N, uint32_t(-3), uint32_t(-1), 0x7FFFFFFCu, 1},
      {7, uint32_t(-2), N, N, N, N, uint32_t(-3), 1, 0, 7},
      {kMin32, uint32_t(-1), O, N, N, N, 0, 0, 0, kMin32},  // div_s overflows, rem_s is 0
      {kMin32, 1, N, N, N, N, kMin32, 0, kMin32, 0},
      {kMin32, 2, N, N, N, N, 0xC0000000u, 0, 0x40000000u, 0},
      {0xFFFFFFFFu, 0xFFFFFFFFu, N, N, N, N, 1, 0, 1, 0},
      {5, 0, Z, Z, Z, Z, 0, 0, 0, 0},
      {0, 0, Z, Z, Z, Z, 0, 0, 0, 0},
  };
  for (const auto& c : cases) {
    uint32_t r = 0;
    EXPECT_EQ(sem::I32DivS(c.a, c.b, &r), c.div_s) << c.a << " / " << c.b;
    if (c.div_s == N) {
      EXPECT_EQ(r, c.q_s) << c.a << " div_s " << c.b;
    }
    EXPECT_EQ(sem::I32RemS(c.a, c.b, &r), c.rem_s);
    if (c.rem_s == N) {
      EXPECT_EQ(r, c.r_s) << c.a << " rem_s " << c.b;
    }
    EXPECT_EQ(sem::I32DivU(c.a, c.b, &r), c.div_u);
    if (c.div_u == N) {
      EXPECT_EQ(r, c.q_u) << c.a << " div_u " << c.b;
    }
    EXPECT_EQ(sem::I32RemU(c.a, c.b, &r), c.rem_u);
    if (c.rem_u == N) {
      EXPECT_EQ(r, c.r_u) << c.a << " rem_u " << c.b;
    }
  }
}

TEST(SemInt, I64DivRem) {
  uint64_t r = 0;
  EXPECT_EQ(sem::I64DivS(kMin64, uint64_t(-1), &r), TrapKind::IntegerOverflow);
  EXPECT_EQ(sem::I64RemS(kMin64, uint64_t(-1), &r), TrapKind::None);
  EXPECT_EQ(r, 0u);
  EXPECT_EQ(sem::I64DivS(1, 0, &r), TrapKind::IntegerDivideByZero);
  EXPECT_EQ(sem::I64DivU(1, 0, &r), TrapKind::IntegerDivideByZero);
  EXPECT_EQ(sem::I64RemS(1, 0, &r), TrapKind::IntegerDivideByZero);
  EXPECT_EQ(sem::I64RemU(1, 0, &r), TrapKind::IntegerDivideByZero);
  ASSERT_EQ(sem::I64DivS(uint64_t(-7), 2, &r), TrapKind::None);
  EXPECT_EQ(r, uint64_t(-3));
  ASSERT_EQ(sem::I64RemS(uint64_t(-7), 2, &r), TrapKind::None);
  EXPECT_EQ(r, uint64_t(-1));
  ASSERT_EQ(sem::I64DivU(uint64_t(-1), 2, &r), TrapKind::None);
  EXPECT_EQ(r, 0x7FFFFFFFFFFFFFFFull);
  ASSERT_EQ(sem::I64RemU(kMin64 + 5, 0x10, &r), TrapKind::None);
  EXPECT_EQ(r, 5u);
  ASSERT_EQ(sem::I64DivS(kMin64, 2, &r), TrapKind::None);
  EXPECT_EQ(r, 0xC000000000000000ull);
}

TEST(SemInt, ShiftsAndRotatesMaskTheCount) {
  EXPECT_EQ(sem::I32Shl(1, 32), 1u);
  EXPECT_EQ(sem::I32Shl(1, 33), 2u);
  EXPECT_EQ(sem::I32Shl(1, 0xFFFFFFFFu), kMin32);
  EXPECT_EQ(sem::I32ShrS(kMin32, 31), 0xFFFFFFFFu);
  EXPECT_EQ(sem::I32ShrS(kMin32, 32), kMin32);
  EXPECT_EQ(sem::I32ShrS(0x40000000u, 30), 1u);
  EXPECT_EQ(sem::I32ShrU(kMin32, 31), 1u);
  EXPECT_EQ(sem::I32ShrU(kMin32, 63), 1u);
  EXPECT_EQ(sem::I32Rotl(0x80000001u, 1), 3u);
  EXPECT_EQ(sem::I32Rotl(0x12345678u, 32), 0x12345678u);
  EXPECT_EQ(sem::I32Rotl(0x12345678u, 36), 0x23456781u);
  EXPECT_EQ(sem::I32Rotr(0x12345678u, 4), 0x81234567u);
  EXPECT_EQ(sem::I32Rotr(0x12345678u, 0xFFFFFFFCu), 0x23456781u);
  EXPECT_EQ(sem::I64Shl(1, 64), 1u);
  EXPECT_EQ(sem::I64Shl(1, 127), kMin64);
  EXPECT_EQ(sem::I64ShrS(kMin64, 63), ~0ull);
  EXPECT_EQ(sem::I64ShrS(kMin64, 64), kMin64);
  EXPECT_EQ(sem::I64ShrU(kMin64, 63), 1u);
  EXPECT_EQ(sem::I64Rotl(0x8000000000000001ull, 1), 3u);
  EXPECT_EQ(sem::I64Rotl(1, 64 + 63), kMin64);
  EXPECT_EQ(sem::I64Rotr(1, 1), kMin64);
  EXPECT_EQ(sem::I64Rotr(0xABCD, 64), 0xABCDu);
}

TEST(SemInt, BitCounts) {
  EXPECT_EQ(sem::I32Clz(0), 32u);
  EXPECT_EQ(sem::I32Clz(1), 31u);
  EXPECT_EQ(sem::I32Clz(kMin32), 0u);
  EXPECT_EQ(sem::I32Ctz(0), 32u);
  EXPECT_EQ(sem::I32Ctz(kMin32), 31u);
  EXPECT_EQ(sem::I32Popcnt(0xFFFFFFFFu), 32u);
  EXPECT_EQ(sem::I32Popcnt(0x80000001u), 2u);
  EXPECT_EQ(sem::I64Clz(0), 64u);
  EXPECT_EQ(sem::I64Clz(1), 63u);
  EXPECT_EQ(sem::I64Ctz(0), 64u);
  EXPECT_EQ(sem::I64Ctz(kMin64), 63u);
  EXPECT_EQ(sem::I64Popcnt(~0ull), 64u);
}

TEST(SemInt, SignExtension) {
  EXPECT_EQ(sem::I32Extend8S(0x80), 0xFFFFFF80u);
  EXPECT_EQ(sem::I32Extend8S(0x17F), 0x7Fu);
  EXPECT_EQ(sem::I32Extend8S(0xFFFFFF00u), 0u);
  EXPECT_EQ(sem::I32Extend16S(0x8000), 0xFFFF8000u);
  EXPECT_EQ(sem::I32Extend16S(0x12347FFFu), 0x7FFFu);
  EXPECT_EQ(sem::I64Extend8S(0xFF), ~0ull);
  EXPECT_EQ(sem::I64Extend16S(0x1234567800008000ull), 0xFFFFFFFFFFFF8000ull);
  EXPECT_EQ(sem::I64Extend32S(0x80000000u), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(sem::I64Extend32S(0xFFFFFFFF7FFFFFFFull), 0x7FFFFFFFull);
  EXPECT_EQ(sem::I64ExtendI32S(kMin32), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(sem::I64ExtendI32U(kMin32), 0x80000000ull);
  EXPECT_EQ(sem::I32WrapI64(0x123456789ull), 0x23456789u);
}

TEST(SemInt, Comparisons) {
  EXPECT_EQ(sem::I32Eqz(0), 1u);
  EXPECT_EQ(sem::I32Eqz(kMin32), 0u);
  EXPECT_EQ(sem::I64Eqz(0x100000000ull), 0u);  // the high half counts
  EXPECT_EQ(sem::I32LtS(kMin32, 1), 1u);
  EXPECT_EQ(sem::I32LtU(kMin32, 1), 0u);
  EXPECT_EQ(sem::I32GtS(kMin32, 1), 0u);
  EXPECT_EQ(sem::I32GtU(kMin32, 1), 1u);
  EXPECT_EQ(sem::I32LeS(0xFFFFFFFFu, 0), 1u);
  EXPECT_EQ(sem::I32LeU(0xFFFFFFFFu, 0), 0u);
  EXPECT_EQ(sem::I32GeS(5, 5), 1u);
  EXPECT_EQ(sem::I32GeU(0, 0xFFFFFFFFu), 0u);
  EXPECT_EQ(sem::I64LtS(kMin64, 0), 1u);
  EXPECT_EQ(sem::I64LtU(kMin64, 0), 0u);
  EXPECT_EQ(sem::I64GeS(~0ull, 0), 0u);
  EXPECT_EQ(sem::I64GeU(~0ull, 0), 1u);
  EXPECT_EQ(sem::I64Ne(1, 0x100000001ull), 1u);
}

TEST(SemInt, ArithmeticWraps) {
  EXPECT_EQ(sem::I32Add(0xFFFFFFFFu, 2), 1u);
  EXPECT_EQ(sem::I32Sub(0, 1), 0xFFFFFFFFu);
  EXPECT_EQ(sem::I32Mul(0x10000u, 0x10000u), 0u);
  EXPECT_EQ(sem::I32Mul(kMin32, 0xFFFFFFFFu), kMin32);
  EXPECT_EQ(sem::I64Mul(0x100000000ull, 0x100000000ull), 0u);
  EXPECT_EQ(sem::I64Add(~0ull, 1), 0u);
}

}  // namespace
