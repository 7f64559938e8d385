// An engine asked for guard pages on a host that cannot reserve a guarded memory (a small
// RLIMIT_AS) checks bounds explicitly instead of failing every instantiation. The host is
// simulated by a guard reservation no machine can map (2^60 bytes), which works under ASan,
// where a real address-space limit would stop the sanitizer itself.
#include <gtest/gtest.h>

#include <memory>
#include <string_view>

#include "runtime/engine.h"
#include "runtime/exec.h"
#include "runtime/instantiate.h"
#include "runtime/linker.h"
#include "text/wat.h"
#include "validate/validator.h"

using namespace nanoproc;

namespace {

constexpr std::string_view kModule = R"((module
  (memory (export "memory") 1)
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))))";

// Calls `name` with up to two i32 arguments; the trap message, or "" and the result in *out.
std::string call(Store& store, Instance& inst, const char* name, uint32_t a, uint32_t b = 0, uint32_t* out = nullptr) {
  const Extern* e = inst.find_export(name);
  if (!e || e->kind != ExternKind::Func) return "no export";
  uint64_t slots[4] = {a, b, 0, 0};
  TrapKind k = call_function(store, e->func(), slots);
  if (k != TrapKind::None) return store.last_trap.message();
  if (out) *out = static_cast<uint32_t>(slots[0]);
  return "";
}

TEST(GuardFallback, UnreservableGuardMeansExplicitBounds) {
  EngineConfig cfg;
  cfg.memory.guard_reservation = uint64_t{1} << 60;
  Engine engine(cfg);
  EXPECT_TRUE(engine.guard_pages_unavailable());
  EXPECT_FALSE(engine.config().memory.guard_pages);

  auto m = parse_wat(kModule, "fallback.wat");
  ASSERT_TRUE(m) << m.error().to_string();
  ASSERT_TRUE(validate_module(*m));
  auto cm = engine.compile(std::make_shared<const Module>(std::move(*m)));
  Store store(engine);
  Linker linker;
  auto imports = linker.resolve(cm->module());
  ASSERT_TRUE(imports) << imports.error().to_string();
  auto inst = instantiate(store, cm, *imports);
  ASSERT_TRUE(inst) << inst.error().to_string();
  EXPECT_FALSE((*inst)->memories.at(0)->guarded());

  uint32_t v = 0;
  EXPECT_EQ(call(store, **inst, "store", 65532, 0xdeadbeef), "");
  EXPECT_EQ(call(store, **inst, "load", 65532, 0, &v), "");
  EXPECT_EQ(v, 0xdeadbeefu);
  // Past the end, by one byte and by far: checked traps, not faults in a reservation.
  EXPECT_EQ(call(store, **inst, "load", 65533), "out of bounds memory access");
  EXPECT_EQ(call(store, **inst, "store", 0xfffffffc, 1), "out of bounds memory access");
}

TEST(GuardFallback, ReservableGuardIsKept) {
  Engine engine;
  EXPECT_FALSE(engine.guard_pages_unavailable());
  EXPECT_TRUE(engine.config().memory.guard_pages);
}

TEST(GuardFallback, ExplicitBoundsAskedForIsNotAFallback) {
  EngineConfig cfg;
  cfg.memory.guard_pages = false;
  cfg.memory.guard_reservation = uint64_t{1} << 60;
  Engine engine(cfg);
  EXPECT_FALSE(engine.guard_pages_unavailable());
}

}  // namespace
