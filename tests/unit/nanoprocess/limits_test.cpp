// Hostile guests against limits: each ends only its own nanoprocess.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "nanoproc/nanoprocess.h"

using namespace nanoproc::api;
using namespace std::chrono_literals;

namespace {

std::span<const uint8_t> text(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

const char* kHostile = R"((module
  (memory (export "memory") 1)
  (table 1 funcref)
  (func (export "spin") (loop $l (br $l)))
  (func (export "grow_bomb") (result i32)
    (loop $l (br_if $l (i32.ne (memory.grow (i32.const 16)) (i32.const -1))))
    (i32.const 0))
  (func $rec (export "recurse") (call $rec))
  (func (export "table_bomb") (result i32)
    (loop $l (br_if $l (i32.ne (table.grow (ref.null func) (i32.const 1000)) (i32.const -1))))
    (i32.const 0))
  (func (export "work") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (local.get 0)))
    (local.get 1)))
)";

class NanoprocessLimits : public ::testing::Test {
 protected:
  void SetUp() override {
    Config cfg;
    cfg.interruptible = true;
    engine_ = std::make_unique<Engine>(cfg);
    auto m = Module::compile(*engine_, text(kHostile));
    ASSERT_TRUE(m) << m.error().to_string();
    module_ = std::make_unique<Module>(*m);
  }
  Nanoprocess spawn(const Limits& l) {
    auto np = Nanoprocess::spawn(*engine_, *module_, l);
    EXPECT_TRUE(np) << np.error().to_string();
    return std::move(*np);
  }
  // A sibling that must keep working while the offender is stopped.
  void expect_sibling_works(Nanoprocess& sibling) {
    auto r = sibling.call("work", {Val(int32_t{100})});
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ((*r)[0].i32(), 5050);
  }
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<Module> module_;
};

TEST_F(NanoprocessLimits, InfiniteLoopRunsOutOfFuel) {
  Limits l;
  l.fuel = 1'000'000;
  Nanoprocess bad = spawn(l);
  Nanoprocess good = spawn(Limits{});
  auto r = bad.call("spin", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "out of fuel");
  EXPECT_TRUE(bad.ended());
  EXPECT_GE(bad.fuel_used(), 1'000'000u);
  expect_sibling_works(good);
  auto again = bad.call("work", {Val(int32_t{1})});
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message().find("has ended: out of fuel"), std::string::npos);
}

TEST_F(NanoprocessLimits, InfiniteLoopHitsDeadline) {
  Limits l;
  l.timeout = 50ms;
  Nanoprocess bad = spawn(l);
  Nanoprocess good = spawn(Limits{});
  auto r = bad.call("spin", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "deadline exceeded");
  expect_sibling_works(good);
}

TEST_F(NanoprocessLimits, KilledFromAnotherThread) {
  Nanoprocess bad = spawn(Limits{});
  KillSwitch ks = bad.kill_switch();
  std::thread killer([ks] {
    std::this_thread::sleep_for(30ms);
    ks.kill();
  });
  auto r = bad.call("spin", {});
  killer.join();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "killed");
}

TEST_F(NanoprocessLimits, MemoryGrowBomb) {
  Limits l;
  l.max_memory_bytes = 4 << 20;
  Nanoprocess bad = spawn(l);
  Nanoprocess good = spawn(Limits{});
  auto r = bad.call("grow_bomb", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "memory limit");
  EXPECT_LE(bad.memory()->size(), 4u << 20);
  expect_sibling_works(good);
}

TEST_F(NanoprocessLimits, TableBomb) {
  Limits l;
  l.max_table_elements = 10000;
  Nanoprocess bad = spawn(l);
  auto r = bad.call("table_bomb", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "table limit");
}

TEST_F(NanoprocessLimits, DeepRecursionIsContained) {
  Limits l;
  l.max_call_depth = 1000;
  Nanoprocess bad = spawn(l);
  Nanoprocess good = spawn(Limits{});
  auto r = bad.call("recurse", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "call stack exhausted");
  expect_sibling_works(good);
}

TEST_F(NanoprocessLimits, FuelIsNeededOnlyWhenInterruptible) {
  Engine plain;
  auto m = Module::compile(plain, text(kHostile));
  ASSERT_TRUE(m);
  Limits l;
  l.fuel = 10;
  auto np = Nanoprocess::spawn(plain, *m, l);
  ASSERT_FALSE(np);
  EXPECT_EQ(np.error().kind(), nanoproc::ErrorKind::Usage);
}

}  // namespace
