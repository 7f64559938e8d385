#include <gtest/gtest.h>

#include <string>

#include "nanoproc/nanoproc.h"

using namespace nanoproc::api;

namespace {

std::span<const uint8_t> text(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

TEST(Api, CompileInstantiateCall) {
  Engine engine;
  std::string wat = R"((module
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (memory (export "memory") 1)
    (global (export "g") (mut i64) (i64.const 7))))";
  auto module = Module::compile(engine, text(wat));
  ASSERT_TRUE(module) << module.error().to_string();
  Store store(engine);
  Linker linker;
  auto inst = linker.instantiate(store, *module);
  ASSERT_TRUE(inst) << inst.error().to_string();
  auto add = inst->func("add");
  ASSERT_TRUE(add);
  auto r = add->call({Val(int32_t{40}), Val(int32_t{2})});
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].i32(), 42);
  auto mem = inst->memory();
  ASSERT_TRUE(mem);
  EXPECT_EQ(mem->size(), 65536u);
  auto g = inst->global("g");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->get().i64(), 7);
  EXPECT_TRUE(g->set(Val(int64_t{9})));
  EXPECT_EQ(g->get().i64(), 9);
  EXPECT_FALSE(g->set(Val(int32_t{1})));  // wrong type
}

TEST(Api, TypedHostFunctionsAndCallerMemory) {
  Engine engine;
  std::string wat = R"((module
    (import "env" "mul" (func $mul (param i64 i64) (result i64)))
    (import "env" "peek" (func $peek (param i32) (result i32)))
    (import "env" "divmod" (func $divmod (param i32 i32) (result i32 i32)))
    (memory (export "memory") 1)
    (data (i32.const 16) "\2a")
    (func (export "run") (result i64)
      (i64.add (call $mul (i64.const 6) (i64.const 7))
               (i64.extend_i32_u (call $peek (i32.const 16)))))
    (func (export "dm") (result i32 i32) (call $divmod (i32.const 17) (i32.const 5)))))";
  auto module = Module::compile(engine, text(wat));
  ASSERT_TRUE(module) << module.error().to_string();
  Store store(engine);
  Linker linker;
  int calls = 0;
  linker.func_wrap(store, "env", "mul", [&](int64_t a, int64_t b) {
    ++calls;
    return a * b;
  });
  linker.func_wrap(store, "env", "peek", [](Caller& c, int32_t addr) -> int32_t {
    auto m = c.memory();
    return m ? m->data()[addr] : -1;
  });
  linker.func_wrap(store, "env", "divmod", [](int32_t a, int32_t b) { return std::make_tuple(a / b, a % b); });
  auto inst = linker.instantiate(store, *module);
  ASSERT_TRUE(inst) << inst.error().to_string();
  auto r = inst->func("run")->call({});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ((*r)[0].i64(), 42 + 42);
  EXPECT_EQ(calls, 1);
  auto dm = inst->func("dm")->call({});
  ASSERT_TRUE(dm);
  EXPECT_EQ((*dm)[0].i32(), 3);
  EXPECT_EQ((*dm)[1].i32(), 2);
}

TEST(Api, TrapsAreErrorsAndTheStoreStaysUsable) {
  Engine engine;
  std::string wat = R"((module
    (import "env" "fail" (func $fail))
    (memory 1)
    (func $oob (export "oob") (result i32) (i32.load (i32.const 70000)))
    (func (export "host_fail") (call $fail))
    (func $rec (export "rec") (call $rec))
    (func (export "ok") (result i32) (i32.const 1))))";
  auto module = Module::compile(engine, text(wat));
  ASSERT_TRUE(module);
  Store store(engine);
  Linker linker;
  linker.func_wrap(store, "env", "fail", []() -> std::optional<HostError> { return HostError{"boom"}; });
  auto inst = linker.instantiate(store, *module);
  ASSERT_TRUE(inst);
  auto r = inst->func("oob")->call({});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), nanoproc::ErrorKind::Trap);
  EXPECT_EQ(r.error().message(), "out of bounds memory access");
  ASSERT_FALSE(store.backtrace().empty());
  EXPECT_EQ(store.backtrace()[0].function, "oob");
  auto h = inst->func("host_fail")->call({});
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().message(), "host function failed: boom");
  auto e = inst->func("rec")->call({});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().kind(), nanoproc::ErrorKind::Exhaustion);
  auto ok = inst->func("ok")->call({});
  ASSERT_TRUE(ok);
  EXPECT_EQ((*ok)[0].i32(), 1);
}

TEST(Api, CompileErrorsNameTheLocation) {
  Engine engine;
  auto bad = Module::compile(engine, text("(module (func (result i32) (i64.const 1)))"), "bad.wat");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind(), nanoproc::ErrorKind::Invalid);
  auto junk = Module::compile(engine, text(std::string("\0asm\x02\0\0\0", 8)), "junk.wasm");
  ASSERT_FALSE(junk);
  EXPECT_EQ(junk.error().kind(), nanoproc::ErrorKind::Malformed);
  EXPECT_NE(junk.error().to_string().find("junk.wasm"), std::string::npos);
}

}  // namespace
