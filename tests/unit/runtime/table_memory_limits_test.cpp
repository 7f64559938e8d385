// Tables and memories whose declared sizes are absurd: they must be cheap (lazily
// committed) or fail cleanly, never wrap around or commit gigabytes.
#include <gtest/gtest.h>

#include <sys/resource.h>

#include <cstdint>
#include <fstream>
#include <string>

#include "runtime/memory.h"
#include "runtime/table.h"

using namespace nanoproc;

namespace {

// Resident set size of this process in KiB, from /proc/self/status.
uint64_t rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string key;
  while (in >> key) {
    if (key == "VmRSS:") {
      uint64_t kib = 0;
      in >> kib;
      return kib;
    }
    std::getline(in, key);
  }
  return 0;
}

TableType funcref_table(uint64_t min) {
  TableType t;
  t.limits.min = min;
  return t;
}

// 2^27 null elements are 1 GiB of address space but (nearly) nothing resident.
TEST(TableStorage, HugeNullTableIsNotCommitted) {
  uint64_t before = rss_kib();
  auto t = TableInstance::create(funcref_table(uint64_t{1} << 27), nullptr, 0);
  ASSERT_TRUE(t.has_value()) << t.error().to_string();
  EXPECT_EQ((*t)->size(), uint64_t{1} << 27);
  EXPECT_EQ((*t)->get(0), nullptr);
  EXPECT_EQ((*t)->get((uint64_t{1} << 27) - 1), nullptr);
  EXPECT_LT(rss_kib() - before, 64u * 1024) << "KiB resident after creating the table";
  // table.grow by 2^27 more (to the 2^28 cap) stays uncommitted as well.
  EXPECT_EQ((*t)->grow(uint64_t{1} << 27, nullptr), int64_t{1} << 27);
  EXPECT_EQ((*t)->get((uint64_t{1} << 28) - 1), nullptr);
  EXPECT_LT(rss_kib() - before, 64u * 1024);
  EXPECT_EQ((*t)->grow(1, nullptr), -1);
}

// Growth across the heap/mapping threshold keeps every element and fills new ones.
TEST(TableStorage, GrowKeepsContentsAndFillsInit) {
  auto t = TableInstance::create(funcref_table(3), nullptr, 0);
  ASSERT_TRUE(t.has_value());
  TableInstance& tab = **t;
  int marker = 0;
  Ref a = &marker;
  tab.set(1, a);
  for (int step = 0; step < 200; ++step) ASSERT_GE(tab.grow(1000, step % 2 ? a : nullptr), 0);
  EXPECT_EQ(tab.size(), 3u + 200 * 1000);
  EXPECT_EQ(tab.get(0), nullptr);
  EXPECT_EQ(tab.get(1), a);
  EXPECT_EQ(tab.get(2), nullptr);
  for (uint64_t step = 0; step < 200; ++step) {
    Ref want = step % 2 ? a : nullptr;
    EXPECT_EQ(tab.get(3 + step * 1000), want) << step;
    EXPECT_EQ(tab.get(3 + step * 1000 + 999), want) << step;
  }
}

// The element cap of a nanoprocess still bounds growth.
TEST(TableStorage, LimitBoundsGrowth) {
  auto t = TableInstance::create(funcref_table(10), nullptr, 100);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ((*t)->grow(90, nullptr), 10);
  EXPECT_EQ((*t)->grow(1, nullptr), -1);
  EXPECT_TRUE((*t)->last_grow_hit_limit());
  EXPECT_FALSE(TableInstance::create(funcref_table(101), nullptr, 100).has_value());
}

// 2^48 pages of 64 KiB is 2^64 bytes: it used to wrap to an empty memory.
TEST(MemoryLimits, Memory64OfTwoTo48PagesIsRejected) {
  MemoryType type;
  type.limits.is64 = true;
  type.limits.min = uint64_t{1} << 48;
  MemoryConfig cfg;
  cfg.guard_pages = false;
  auto m = LinearMemory::create(type, cfg);
  ASSERT_FALSE(m.has_value());
  EXPECT_NE(m.error().message().find("exceeds the limit"), std::string::npos) << m.error().message();
}

// Growing a memory64 past what a host can map returns -1 rather than wrapping.
TEST(MemoryLimits, Memory64GrowPastHostFails) {
  MemoryType type;
  type.limits.is64 = true;
  MemoryConfig cfg;
  cfg.guard_pages = false;
  auto m = LinearMemory::create(type, cfg);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ((*m)->grow(uint64_t{1} << 47), -1);
  EXPECT_EQ((*m)->grow((uint64_t{1} << 48) - 1), -1);
  EXPECT_EQ((*m)->pages(), 0u);
  EXPECT_EQ((*m)->grow(1), 0);
  EXPECT_EQ((*m)->pages(), 1u);
}

}  // namespace
