// Calls into wasm from a host function that wasm called (host -> wasm -> host -> wasm):
// a trap in the inner call, a guard-page fault included, ends only the inner call; the
// outer call goes on, and faults of its own after that still trap. With guard pages and
// with explicit bounds checks.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "nanoproc/nanoproc.h"

using namespace nanoproc::api;

namespace {

std::span<const uint8_t> text(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

// `outer` calls the host's `reenter`, which calls back into `load` (of this instance or of
// another store's). 0x7fff0000 is far beyond the 1-page memory: inside the guard region.
const char* kWat = R"((module
  (import "host" "reenter" (func $reenter (param i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "\2a")
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "outer") (param i32) (result i32) (i32.add (call $reenter (local.get 0)) (i32.const 1)))
  (func (export "outer_then_oob") (param i32) (result i32)
    (drop (call $reenter (local.get 0)))
    (i32.load (i32.const 0x7fff0000))))
)";

constexpr int32_t kFar = 0x7fff0000;

class NestedCall : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    Config cfg;
    cfg.guard_pages = GetParam();
    engine_.emplace(cfg);
    auto m = Module::compile(*engine_, text(kWat));
    ASSERT_TRUE(m) << m.error().to_string();
    module_.emplace(*m);
  }

  // An instance whose `reenter` calls `target` (set later: it may be this instance's own
  // `load`) with its argument, and returns 100 + depth if that trapped. `depth` > 0 first
  // goes through `outer` again that many times.
  Instance instantiate(Store& store) {
    Linker linker;
    linker.func_wrap(store, "host", "reenter", [this](int32_t addr) -> int32_t {
      ++reentries_;
      if (depth_ > 0) {
        --depth_;
        auto r = (*outer_)(addr);
        return r ? *r : -1;
      }
      auto r = (*target_)(addr);
      if (r) return *r;
      inner_errors_.push_back(r.error().message());
      return 100;
    });
    auto inst = linker.instantiate(store, *module_);
    EXPECT_TRUE(inst) << inst.error().to_string();
    return *inst;
  }

  std::optional<Engine> engine_;
  std::optional<Module> module_;
  std::optional<TypedFunc<int32_t(int32_t)>> target_, outer_;
  int depth_ = 0;
  int reentries_ = 0;
  std::vector<std::string> inner_errors_;
};

TEST_P(NestedCall, FaultInTheInnerCallEndsOnlyIt) {
  Store store(*engine_);
  Instance inst = instantiate(store);
  target_.emplace(*inst.func("load")->typed<int32_t(int32_t)>());
  auto outer = *inst.func("outer")->typed<int32_t(int32_t)>();

  auto r = outer(16);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(*r, 43);

  for (int i = 0; i < 3; ++i) {  // again and again: nothing of the fault stays armed
    r = outer(kFar);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(*r, 101);
    ASSERT_EQ(inner_errors_.size(), static_cast<size_t>(i + 1));
    EXPECT_NE(inner_errors_.back().find("out of bounds memory access"), std::string::npos) << inner_errors_.back();
  }
  r = outer(65534);  // straddles the end of memory
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 101);

  r = outer(16);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 43);
  EXPECT_EQ(reentries_, 6);
}

TEST_P(NestedCall, OuterFaultAfterAnInnerFaultStillTraps) {
  Store store(*engine_);
  Instance inst = instantiate(store);
  target_.emplace(*inst.func("load")->typed<int32_t(int32_t)>());
  auto f = *inst.func("outer_then_oob")->typed<int32_t(int32_t)>();
  auto r = f(kFar);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("out of bounds memory access"), std::string::npos) << r.error().message();
  EXPECT_EQ(inner_errors_.size(), 1u);
  // The store is usable afterwards.
  auto load = *inst.func("load")->typed<int32_t(int32_t)>();
  auto v = load(16);
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, 42);
}

TEST_P(NestedCall, DeepNestingFaultsAtTheInnermostLevel) {
  Store store(*engine_);
  Instance inst = instantiate(store);
  target_.emplace(*inst.func("load")->typed<int32_t(int32_t)>());
  outer_.emplace(*inst.func("outer")->typed<int32_t(int32_t)>());
  depth_ = 3;  // host -> outer -> host -> outer -> ... -> host -> load (faults)
  auto r = (*outer_)(kFar);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(*r, 104);  // 100 from the innermost host, +1 per outer level
  EXPECT_EQ(inner_errors_.size(), 1u);
  depth_ = 3;
  r = (*outer_)(16);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 46);
}

// The inner call goes into another store (as a link between nanoprocesses does).
TEST_P(NestedCall, FaultInAnotherStoreEndsOnlyThatCall) {
  Store callee_store(*engine_);
  Instance callee = instantiate(callee_store);
  Store store(*engine_);
  Instance inst = instantiate(store);
  target_.emplace(*callee.func("load")->typed<int32_t(int32_t)>());
  auto outer = *inst.func("outer")->typed<int32_t(int32_t)>();
  for (int i = 0; i < 2; ++i) {
    auto r = outer(kFar);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(*r, 101);
    r = outer(16);
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, 43);
  }
  ASSERT_EQ(inner_errors_.size(), 2u);
  auto own = *inst.func("outer_then_oob")->typed<int32_t(int32_t)>();
  auto r = own(16);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("out of bounds memory access"), std::string::npos) << r.error().message();
}

INSTANTIATE_TEST_SUITE_P(BoundsChecks, NestedCall, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& p) { return p.param ? "GuardPages" : "Explicit"; });

}  // namespace
