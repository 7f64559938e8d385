// The GC heap limit (Config::max_gc_heap_bytes): allocation past it traps instead of
// exhausting the host, for small objects (bump allocation in chunks), large objects (own
// mappings) and exceptions alike.
#include <gtest/gtest.h>

#include <string>

#include "nanoproc/nanoproc.h"

using namespace nanoproc::api;

namespace {

std::span<const uint8_t> text(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

const char* kAllocator = R"((module
  (type $a (array (mut i8)))
  (tag $e (param i32))
  (global $n (mut i32) (i32.const 0))
  (func (export "alloc") (param $bytes i32)
    (loop $l
      (drop (array.new_default $a (local.get $bytes)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (br $l)))
  (func (export "throw_loop")
    (loop $l
      (block $h (try_table (catch_all $h) (throw $e (i32.const 1))))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (br $l)))
  (func (export "count") (result i32) (global.get $n))))";

// Allocates objects of `bytes` payload until the limit traps; returns how many fit.
int32_t fill_heap(uint64_t limit, int32_t bytes, const char* func) {
  Config cfg;
  cfg.max_gc_heap_bytes = limit;
  Engine engine(cfg);
  auto module = Module::compile(engine, text(kAllocator));
  EXPECT_TRUE(module) << module.error().to_string();
  if (!module) return -1;
  Store store(engine);
  Linker linker;
  auto inst = linker.instantiate(store, *module);
  EXPECT_TRUE(inst);
  if (!inst) return -1;
  std::vector<Val> args;
  if (bytes >= 0) args.push_back(Val(bytes));
  auto r = inst->func(func)->call(args);
  EXPECT_FALSE(r);
  if (!r) {
    EXPECT_EQ(r.error().message(), "GC heap limit exceeded");
  }
  auto n = inst->func("count")->call({});
  EXPECT_TRUE(n);
  return n ? (*n)[0].i32() : -1;
}

TEST(InterpGc, HeapLimitTrapsSmallObjects) {
  // 1000 payload bytes + 16 header bytes = 1016 per array.
  EXPECT_EQ(fill_heap(64 << 10, 1000, "alloc"), (64 << 10) / 1016);
}

TEST(InterpGc, HeapLimitTrapsLargeObjects) {
  EXPECT_EQ(fill_heap(8 << 20, 300 << 10, "alloc"), (8 << 20) / ((300 << 10) + 16));
}

TEST(InterpGc, ExceptionsCountAgainstTheHeap) {
  // Each exception is 24 bytes of header plus one payload slot; nothing is collected yet.
  EXPECT_EQ(fill_heap(32 << 10, -1, "throw_loop"), (32 << 10) / 32);
}

}  // namespace
