// Exceptions and host functions: an exception escaping to the embedder is an
// "uncaught exception" trap, and host frames are not unwound through: a wasm exception
// that reaches a host function (from a call the host made) ends there as that trap.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "nanoproc/nanoproc.h"

using namespace nanoproc::api;

namespace {

std::span<const uint8_t> text(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

TEST(InterpEh, HostFunctionsAreNotUnwoundThrough) {
  Engine engine;
  auto module = Module::compile(engine, text(R"((module
    (import "env" "callback" (func $cb))
    (tag $e)
    (func (export "thrower") (throw $e))
    (func (export "run") (result i32)
      (block $h (try_table (catch_all $h) (call $cb)) (return (i32.const 0)))
      (i32.const 1))))"));
  ASSERT_TRUE(module) << module.error().to_string();
  Store store(engine);
  Linker linker;
  std::optional<Func> thrower;
  std::string seen;
  linker.func_wrap(store, "env", "callback", [&]() -> std::optional<HostError> {
    auto r = thrower->call({});
    if (r) return std::nullopt;
    seen = r.error().message();
    return HostError{"callback failed"};
  });
  auto inst = linker.instantiate(store, *module);
  ASSERT_TRUE(inst) << inst.error().to_string();
  thrower = inst->func("thrower");

  auto direct = thrower->call({});
  ASSERT_FALSE(direct);
  EXPECT_EQ(direct.error().message(), "uncaught exception");

  // The host saw the exception as a trap, and its failure is a trap for the wasm caller:
  // catch_all does not catch traps.
  auto r = inst->func("run")->call({});
  ASSERT_FALSE(r);
  EXPECT_EQ(seen, "uncaught exception");
  EXPECT_NE(r.error().message().find("callback failed"), std::string::npos) << r.error().message();
}

}  // namespace
