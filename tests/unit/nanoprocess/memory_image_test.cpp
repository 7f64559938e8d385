// Copy-on-write memory images: instances see their data segments, their writes stay their
// own, and a reused memory slot holds nothing of its previous owner.
#include <gtest/gtest.h>

#include <string>

#include "nanoproc/nanoprocess.h"
#include "runtime/compiled_module.h"

using namespace nanoproc::api;

namespace {

std::span<const uint8_t> text(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

// 128 KiB of data at offset 1000 (above the 64 KiB image threshold), then a second
// segment overwriting part of the first: segments apply in order.
std::string big_data_module() {
  std::string data;
  for (int i = 0; i < 16384; ++i) data += "abcdefgh";
  return R"((module
  (memory (export "memory") 3)
  (data (i32.const 1000) ")" + data + R"(")
  (data (i32.const 1004) "XY")
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "grow") (result i32) (memory.grow (i32.const 1))))
)";
}

const char* kEmpty = R"((module
  (memory (export "memory") 3)
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
)";

int32_t load(Nanoprocess& np, int32_t at) {
  auto r = np.call("load", {Val(at)});
  EXPECT_TRUE(r) << r.error().to_string();
  return r ? (*r)[0].i32() : -1;
}

TEST(MemoryImage, InstancesShareTheImageButNotTheirWrites) {
  Engine engine;
  auto m = Module::compile(engine, text(big_data_module()));
  ASSERT_TRUE(m) << m.error().to_string();
  ASSERT_NE(m->impl()->memory_image(), nullptr) << "the module should get an image";
  auto a = Nanoprocess::spawn(engine, *m);
  auto b = Nanoprocess::spawn(engine, *m);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(load(*a, 999), 0);
  EXPECT_EQ(load(*a, 1000), 'a');
  EXPECT_EQ(load(*a, 1004), 'X');
  EXPECT_EQ(load(*a, 1005), 'Y');
  EXPECT_EQ(load(*a, 1006), 'g');
  EXPECT_EQ(load(*a, 1000 + 131071), 'h');
  EXPECT_EQ(load(*a, 1000 + 131072), 0);
  ASSERT_TRUE(a->call("store", {Val(int32_t{1000}), Val(int32_t{'Z'})}));
  EXPECT_EQ(load(*a, 1000), 'Z');
  EXPECT_EQ(load(*b, 1000), 'a');  // copy-on-write: b still sees the image
  auto g = a->call("grow", {});
  ASSERT_TRUE(g);
  EXPECT_EQ((*g)[0].i32(), 3);
  EXPECT_EQ(load(*a, 3 * 65536 + 5), 0);
}

TEST(MemoryImage, ReusedSlotsAreClean) {
  Engine engine;
  auto img = Module::compile(engine, text(big_data_module()));
  auto empty = Module::compile(engine, text(kEmpty));
  ASSERT_TRUE(img && empty);
  for (int round = 0; round < 3; ++round) {
    {
      auto a = Nanoprocess::spawn(engine, *img);
      ASSERT_TRUE(a);
      ASSERT_TRUE(a->call("store", {Val(int32_t{70000}), Val(int32_t{7})}));
      EXPECT_EQ(load(*a, 1001), 'b');
    }
    // The next memory of this engine reuses the slot: no image, no write, only zeros.
    auto e = Nanoprocess::spawn(engine, *empty);
    ASSERT_TRUE(e);
    EXPECT_EQ(load(*e, 1001), 0);
    EXPECT_EQ(load(*e, 70000), 0);
  }
}

TEST(MemoryImage, OnlyWhereExact) {
  Engine engine;
  // A data segment past the initial size must trap at instantiation: no image.
  auto oob = Module::compile(engine, text(R"((module (memory 1) (data (i32.const 65535) "ab")))"));
  ASSERT_TRUE(oob);
  EXPECT_EQ(oob->impl()->memory_image(), nullptr);
  auto np = Nanoprocess::spawn(engine, *oob);
  EXPECT_FALSE(np);
  // Small data is copied, not mapped.
  auto small = Module::compile(engine, text(R"((module (memory 1) (data (i32.const 0) "ab")))"));
  ASSERT_TRUE(small);
  EXPECT_EQ(small->impl()->memory_image(), nullptr);
}

}  // namespace
