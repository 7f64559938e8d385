// The limit flags of `nanoproc run` / `nanoproc compose`: values, units and usage errors.
#include <gtest/gtest.h>

#include "cli/limit_flags.h"

namespace nanoproc::cli {
namespace {

using namespace std::chrono_literals;

TEST(LimitFlags, Durations) {
  EXPECT_EQ(*parse_duration("500ms"), 500ms);
  EXPECT_EQ(*parse_duration("2s"), 2s);
  EXPECT_EQ(*parse_duration("3m"), 180s);
  EXPECT_EQ(*parse_duration("7us"), 7us);
  EXPECT_EQ(*parse_duration("9ns"), 9ns);
  EXPECT_FALSE(parse_duration("2"));      // no unit
  EXPECT_FALSE(parse_duration("2h"));     // unknown unit
  EXPECT_FALSE(parse_duration("ms"));     // no number
  EXPECT_FALSE(parse_duration("-1s"));
  EXPECT_FALSE(parse_duration("99999999999999999999s"));
  EXPECT_FALSE(parse_duration("9999999999999m"));  // overflows int64 nanoseconds
}

TEST(LimitFlags, Sizes) {
  EXPECT_EQ(*parse_size("64MiB"), 64ull << 20);
  EXPECT_EQ(*parse_size("64mib"), 64ull << 20);
  EXPECT_EQ(*parse_size("1G"), 1ull << 30);
  EXPECT_EQ(*parse_size("4096"), 4096u);
  EXPECT_EQ(*parse_size("2KB"), 2000u);
  EXPECT_FALSE(parse_size("12XB"));
  EXPECT_FALSE(parse_size("MiB"));
  EXPECT_FALSE(parse_size("99999999999999GiB"));
}

TEST(LimitFlags, ParseAll) {
  LimitFlags f;
  f.fuel = "1000";
  f.timeout = "250ms";
  f.max_memory = "1MiB";
  f.max_table_elements = "100";
  f.max_stack = "64KiB";
  auto l = f.parse();
  ASSERT_TRUE(l) << l.error().message();
  EXPECT_EQ(l->fuel, 1000u);
  EXPECT_EQ(l->timeout, 250ms);
  EXPECT_EQ(l->store.max_memory_bytes, 1u << 20);
  EXPECT_EQ(l->store.max_table_elements, 100u);
  EXPECT_EQ(l->store.stack_bytes, 64u << 10);
  EXPECT_EQ(l->store.max_call_depth, 1024u);
  EXPECT_TRUE(l->store.trap_on_limit);
  EXPECT_TRUE(l->needs_interrupts());
}

TEST(LimitFlags, NoFlagsKeepSpecBehaviour) {
  auto l = LimitFlags{}.parse();
  ASSERT_TRUE(l);
  EXPECT_FALSE(l->needs_interrupts());
  EXPECT_FALSE(l->store.trap_on_limit);
  EXPECT_EQ(l->store.max_memory_bytes, 0u);
}

TEST(LimitFlags, ErrorsNameTheFlag) {
  auto bad = [](auto set) {
    LimitFlags f;
    set(f);
    auto l = f.parse();
    EXPECT_FALSE(l);
    return l ? std::string() : l.error().message();
  };
  EXPECT_NE(bad([](LimitFlags& f) { f.fuel = "lots"; }).find("--fuel"), std::string::npos);
  EXPECT_NE(bad([](LimitFlags& f) { f.fuel = "0"; }).find("--fuel"), std::string::npos);
  EXPECT_NE(bad([](LimitFlags& f) { f.timeout = "5"; }).find("--timeout"), std::string::npos);
  EXPECT_NE(bad([](LimitFlags& f) { f.max_memory = "big"; }).find("--max-memory"), std::string::npos);
  EXPECT_NE(bad([](LimitFlags& f) { f.max_table_elements = "-3"; }).find("--max-table-elements"), std::string::npos);
  EXPECT_NE(bad([](LimitFlags& f) { f.max_stack = "1"; }).find("--max-stack"), std::string::npos);
}

}  // namespace
}  // namespace nanoproc::cli
