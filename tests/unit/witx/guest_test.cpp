// The generated-code contract (src/witx/runtime/guest.h): checked guest memory access and
// the result types.
#include <gtest/gtest.h>

#include <vector>

#include "witx/runtime/guest.h"

namespace nanoproc::guest {
namespace {

TEST(WitxGuest, BoundsAreOverflowSafe) {
  std::vector<uint8_t> bytes(100, 0);
  GuestMemory mem{bytes.data(), bytes.size()};
  EXPECT_TRUE(mem.in_bounds(0, 100));
  EXPECT_TRUE(mem.in_bounds(100, 0));
  EXPECT_FALSE(mem.in_bounds(101, 0));
  EXPECT_FALSE(mem.in_bounds(96, 5));
  EXPECT_FALSE(mem.in_bounds(1, UINT64_MAX));
  EXPECT_FALSE(mem.in_bounds(UINT64_MAX, 2));
  EXPECT_TRUE(mem.in_bounds(GuestPtr<uint32_t>(96)));
  EXPECT_FALSE(mem.in_bounds(GuestPtr<uint32_t>(97)));
  EXPECT_TRUE(mem.in_bounds(GuestPtr<uint64_t>(0), 11));
  EXPECT_FALSE(mem.in_bounds(GuestPtr<uint64_t>(0), 12));
  // An index that would wrap 64-bit arithmetic back into the memory.
  EXPECT_FALSE(mem.in_bounds(GuestPtr<uint64_t>(8), (1ull << 61) + 1));
  EXPECT_FALSE(mem.read(GuestPtr<uint64_t>(8), (1ull << 61)).has_value());
  EXPECT_FALSE(mem.in_bounds(GuestSlice<uint64_t>{GuestPtr<uint64_t>(0), 0xFFFFFFFF}));
  EXPECT_TRUE(mem.in_bounds(GuestSlice<uint64_t>{GuestPtr<uint64_t>(100), 0}));
  GuestMemory empty;
  EXPECT_FALSE(empty.in_bounds(GuestPtr<uint8_t>(0)));
  EXPECT_TRUE(empty.in_bounds(GuestSlice<uint8_t>{}));
}

TEST(WitxGuest, ReadWriteLittleEndianAndTyped) {
  std::vector<uint8_t> bytes(16, 0);
  GuestMemory mem{bytes.data(), bytes.size()};
  ASSERT_TRUE(mem.write(GuestPtr<uint32_t>(3), 0x11223344u));  // unaligned is fine
  EXPECT_EQ(bytes[3], 0x44);
  EXPECT_EQ(bytes[6], 0x11);
  EXPECT_EQ(*mem.read(GuestPtr<const uint32_t>(3)), 0x11223344u);
  ASSERT_TRUE(mem.write(GuestPtr<GuestPtr<uint8_t>>(8), GuestPtr<uint8_t>(0xABCD)));
  EXPECT_EQ(mem.read(GuestPtr<GuestPtr<uint8_t>>(8))->addr, 0xABCDu);
  EXPECT_FALSE(mem.write(GuestPtr<uint32_t>(13), 1u));
  GuestSlice<uint16_t> s{GuestPtr<uint16_t>(0), 2};
  EXPECT_TRUE(mem.write(s, 1, uint16_t{7}));
  EXPECT_FALSE(mem.write(s, 2, uint16_t{7}));  // past the slice, though inside the memory
  EXPECT_EQ(*mem.read(s, 1), 7u);
  auto view = mem.string(GuestStr{GuestPtr<const char>(3), 4});
  ASSERT_TRUE(view);
  EXPECT_EQ(view->size(), 4u);
  EXPECT_FALSE(mem.string(GuestStr{GuestPtr<const char>(15), 2}));
  GuestPtr<const uint8_t> c = GuestPtr<uint8_t>(5);  // adding const is implicit
  EXPECT_EQ(c.addr, 5u);
  static_assert(!std::is_convertible_v<GuestPtr<const uint8_t>, GuestPtr<uint8_t>>);
}

enum class E : uint16_t { ok = 0, bad = 1 };

TEST(WitxGuest, ResultStates) {
  Result<uint32_t, E> a = 5u;
  EXPECT_TRUE(a.ok());
  EXPECT_EQ(a.value(), 5u);
  Result<uint32_t, E> b = E::bad;
  EXPECT_EQ(b.state(), (Result<uint32_t, E>::State::Err));
  EXPECT_EQ(b.error(), E::bad);
  Result<Unit, E> c;
  EXPECT_TRUE(c.ok());
  Result<Unit, E> d = HostResult::exit(3);
  EXPECT_EQ(d.state(), (Result<Unit, E>::State::Abort));
  EXPECT_EQ(d.abort().kind(), HostResult::Kind::Exit);
  EXPECT_EQ(d.abort().exit_code(), 3u);
  EXPECT_STREQ(HostResult::trap("x").trap_message(), "x");
  EXPECT_TRUE(HostResult::ret().is_return());
}

enum class F : uint8_t { a = 1, b = 2, c = 4 };

}  // namespace

template <>
struct IsFlags<F> : std::true_type {};

namespace {

TEST(WitxGuest, FlagsOperators) {
  F f = F::a | F::c;
  EXPECT_TRUE(has(f, F::a));
  EXPECT_FALSE(has(f, F::b));
  EXPECT_TRUE(any(f & F::c));
  EXPECT_FALSE(any(f & F::b));
  f &= ~F::a;
  EXPECT_EQ(f, F::c);
  EXPECT_FALSE(is_valid(static_cast<Bool32>(2)));
  EXPECT_TRUE(is_valid(Bool32::true_));
}

}  // namespace
}  // namespace nanoproc::guest
