// Differential test: the native implementation (SSE2 intrinsics, or SSSE3/SSE4.1 when the
// build enables them) against the portable vector-extension one, for every in-scope
// operator, on random operands biased towards the values where the two are most likely to
// differ (lane boundaries, signed/unsigned extremes, float specials, conversion limits).
// Results must agree bit for bit, NaN payloads included.
#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <random>
#include <string_view>

#include "sem_eval.h"

bool sem_eval_portable(uint16_t op, const uint64_t (*in)[2], uint32_t lane, const uint8_t* shuffle,
                       uint64_t* out, uint8_t* trap);

namespace {

using namespace semtest;

uint64_t special_bits(std::mt19937_64& rng, int width) {
  static const uint32_t f32s[] = {
      0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x3F000000, 0xBF000000, 0x3FC00000, 0x40200000,
      0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000, 0x7FA00000, 0x7FC00001, 0x00000001, 0x807FFFFF,
      0x7F7FFFFF, 0x4F000000, 0xCF000000, 0x4F800000, 0x4EFFFFFF, 0x4F7FFFFF, 0xCF000001, 0x4B000000,
      0x4AFFFFFF, 0xCAFFFFFF, 0x3EFFFFFF, 0xBF7FFFFF};
  static const uint64_t f64s[] = {
      0x0000000000000000, 0x8000000000000000, 0x3FF0000000000000, 0xBFE0000000000000,
      0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000, 0xFFF8000000000000,
      0x7FF4000000000000, 0x7FF0000000000001, 0x0000000000000001, 0x41DFFFFFFFC00000,
      0x41E0000000000000, 0xC1E0000000000000, 0xC1E0000000200000, 0x41EFFFFFFFE00000,
      0x41F0000000000000, 0x4330000000000000, 0x432FFFFFFFFFFFFF, 0xC32FFFFFFFFFFFFF,
      0x3FDFFFFFFFFFFFFF, 0x41DFFFFFFFFFFFFF, 0xC1DFFFFFFFFFFFFF, 0x7FEFFFFFFFFFFFFF};
  switch (rng() % 4) {
    case 0: return rng();
    case 1: return width == 32 ? f32s[rng() % std::size(f32s)] : f64s[rng() % std::size(f64s)];
    case 2: {
      static const int64_t ints[] = {0, 1, -1, 2, -2, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF,
                                     0x7FFFFFFF, INT32_MIN, 0xFFFFFFFFll, INT64_MAX, INT64_MIN};
      return uint64_t(ints[rng() % std::size(ints)]);
    }
    default: {
      // A float with a fraction near the integer boundaries that rounding cares about.
      double v = double(int64_t(rng() % 2000001) - 1000000) / 4.0;
      return width == 32 ? std::bit_cast<uint32_t>(float(v)) : std::bit_cast<uint64_t>(v);
    }
  }
}

uint64_t random_word(std::mt19937_64& rng) {
  int width = (rng() & 1) ? 32 : 64;
  if (width == 64) return special_bits(rng, 64);
  return (special_bits(rng, 32) & 0xFFFFFFFFu) | (special_bits(rng, 32) << 32);
}

// Equal bits; except that lanes of float results may be two different NaNs where the
// operands were NaNs: which NaN operand propagates is the compiler's choice (it may
// commute x + y), and the spec allows any sign, and any arithmetic NaN unless all NaN
// operands were canonical (then a canonical NaN of either sign).
bool same_bits_or_nans(const uint64_t* a, const uint64_t* b, const uint64_t (*in)[2], int width) {
  if (a[0] == b[0] && a[1] == b[1]) return true;
  if (width == 0) return false;
  const uint64_t lane_mask = width == 32 ? 0xFFFFFFFFull : ~0ull;
  const uint64_t abs_mask = lane_mask >> 1, inf = width == 32 ? 0x7F800000ull : 0x7FF0000000000000ull;
  const uint64_t quiet = width == 32 ? 0x00400000ull : 0x0008000000000000ull;
  for (int bit = 0; bit < 128; bit += width) {
    uint64_t x = (a[bit / 64] >> (bit % 64)) & lane_mask, y = (b[bit / 64] >> (bit % 64)) & lane_mask;
    if (x == y) continue;
    if ((x & abs_mask) <= inf || (y & abs_mask) <= inf || !(x & quiet) || !(y & quiet)) return false;
    bool noncanonical_input = false;
    for (int k = 0; k < 3; ++k) {
      uint64_t v = (in[k][bit / 64] >> (bit % 64)) & lane_mask;
      noncanonical_input |= (v & abs_mask) > inf && (v & abs_mask) != (inf | quiet);
    }
    // With only canonical NaN operands both results must be canonical (either sign).
    if (!noncanonical_input && ((x & abs_mask) != (inf | quiet) || (y & abs_mask) != (inf | quiet))) return false;
  }
  return true;
}

TEST(SemDifferential, NativeMatchesPortable) {
  std::mt19937_64 rng(2024);
  int compared = 0;
  for (unsigned i = 0; i < nanoproc::kOpcodeCount; ++i) {
    auto op = static_cast<Opcode>(i);
    if (!nanoproc::sem::has_sem(op)) continue;
    for (int iter = 0; iter < 3000; ++iter) {
      uint64_t raw[3][2];
      Value args[3];
      for (int k = 0; k < 3; ++k) {
        raw[k][0] = random_word(rng);
        raw[k][1] = random_word(rng);
        args[k] = V128(raw[k][0], raw[k][1]);
      }
      Imm imm;
      imm.lane = uint32_t(rng() % 16);
      for (auto& s : imm.shuffle) s = uint8_t(rng() % 32);
      Value got;
      TrapKind trap = TrapKind::None;
      ASSERT_TRUE(eval(op, args, imm, &got, &trap));
      uint64_t out[2];
      uint8_t ptrap;
      ASSERT_TRUE(sem_eval_portable(uint16_t(op), raw, imm.lane, imm.shuffle, out, &ptrap));
      ASSERT_EQ(uint8_t(trap), ptrap) << nanoproc::op_name(op);
      if (trap != TrapKind::None) continue;
      const auto& sig = nanoproc::op_info(op).sig;
      uint64_t mask = ~0ull;  // scalar results: compare only the value's bits
      if (sig.num_results && (sig.result == nanoproc::ValKind::I32 || sig.result == nanoproc::ValKind::F32))
        mask = 0xFFFFFFFFu;
      const uint64_t mine[2] = {got.lo & mask, got.type == 'v' ? got.hi : 0};
      const uint64_t theirs[2] = {out[0] & mask, got.type == 'v' ? out[1] : 0};
      const std::string_view name = nanoproc::op_name(op);
      const int width = name.starts_with("f32") ? 32 : name.starts_with("f64") ? 64 : 0;
      ASSERT_TRUE(same_bits_or_nans(mine, theirs, raw, width))
          << name << " on " << std::hex << raw[0][0] << ":" << raw[0][1] << " " << raw[1][0] << ":" << raw[1][1]
          << " " << raw[2][0] << ":" << raw[2][1] << " lane " << std::dec << imm.lane << std::hex << " -> "
          << mine[0] << ":" << mine[1] << " vs portable " << theirs[0] << ":" << theirs[1];
      ++compared;
    }
  }
  std::printf("[ sem ] %d native/portable evaluations compared\n", compared);
}

}  // namespace
