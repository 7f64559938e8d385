// Module::serialize / deserialize: round trips, and every truncation and single-byte change
// of a serialized module is an Error (never a crash).
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "api/serialize_format.h"
#include "nanoproc/nanoproc.h"

using namespace nanoproc::api;
using nanoproc::ErrorKind;

namespace {

std::span<const uint8_t> text(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

const char* kWat = R"((module
  (memory (export "memory") 1)
  (data (i32.const 8) "nanoproc")
  (global $g (export "g") (mut i32) (i32.const 5))
  (table 2 funcref)
  (elem (i32.const 0) $sq $add)
  (type $bin (func (param i32 i32) (result i32)))
  (func $sq (param i32 i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "dispatch") (param i32 i32 i32) (result i32)
    (call_indirect (type $bin) (local.get 1) (local.get 2) (local.get 0)))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "bump") (result i32)
    (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g))))";

void set_u64(std::vector<uint8_t>& b, size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}
void fix_checksum(std::vector<uint8_t>& b) { set_u64(b, serial::kChecksumOffset, serial::checksum(b)); }

Module compiled(const Engine& e) {
  auto m = Module::compile(e, text(kWat));
  EXPECT_TRUE(m) << m.error().to_string();
  return *m;
}

TEST(Serialize, RoundTripRuns) {
  Engine engine;
  std::vector<uint8_t> bytes = compiled(engine).serialize();
  ASSERT_GT(bytes.size(), serial::kHeaderBytes);
  auto m = Module::deserialize(engine, bytes);
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_EQ(m->exports().size(), compiled(engine).exports().size());
  Store store(engine);
  auto inst = Linker().instantiate(store, *m);
  ASSERT_TRUE(inst) << inst.error().to_string();
  auto r = inst->func("dispatch")->call({Val(int32_t{0}), Val(int32_t{7}), Val(int32_t{1})});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ((*r)[0].i32(), 49);
  EXPECT_EQ((*inst->func("load")->call({Val(int32_t{8})}))[0].i32(), 'n');
  EXPECT_EQ((*inst->func("bump")->call({}))[0].i32(), 6);
  // A second engine with the same settings (another process, in practice) loads it too,
  // and serializing the loaded module gives the same bytes.
  Engine other;
  auto m2 = Module::deserialize(other, bytes, Module::Verify::Full);
  ASSERT_TRUE(m2) << m2.error().to_string();
  EXPECT_EQ(m2->serialize(), bytes);
}

TEST(Serialize, EveryTruncationIsRejected) {
  Engine engine;
  std::vector<uint8_t> bytes = compiled(engine).serialize();
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto m = Module::deserialize(engine, std::span<const uint8_t>(bytes.data(), n));
    ASSERT_FALSE(m) << "accepted a truncation to " << n << " bytes";
    EXPECT_EQ(m.error().kind(), ErrorKind::Malformed) << m.error().to_string();
  }
  // And trailing garbage.
  bytes.push_back(0);
  EXPECT_FALSE(Module::deserialize(engine, bytes));
}

TEST(Serialize, EverySingleByteChangeIsRejected) {
  Engine engine;
  const std::vector<uint8_t> good = compiled(engine).serialize();
  for (size_t i = 0; i < good.size(); ++i) {
    for (uint8_t mask : {uint8_t{0x01}, uint8_t{0x80}, uint8_t{0xff}}) {
      std::vector<uint8_t> bad = good;
      bad[i] ^= mask;
      auto m = Module::deserialize(engine, bad);
      ASSERT_FALSE(m) << "accepted byte " << i << " ^ " << int(mask);
      EXPECT_FALSE(m.error().message().empty());
    }
  }
}

// A damaged payload with a recomputed checksum (what the checksum cannot catch): with
// Verify::Full every one is rejected or is a valid module that instantiates and runs.
TEST(Serialize, ForgedPayloadsAreSafeWithFullVerification) {
  Engine engine;
  const std::vector<uint8_t> good = compiled(engine).serialize();
  int accepted = 0;
  for (size_t i = serial::kHeaderBytes; i < good.size(); ++i) {
    for (uint8_t mask : {uint8_t{0x01}, uint8_t{0x10}, uint8_t{0xff}}) {
      std::vector<uint8_t> bad = good;
      bad[i] ^= mask;
      fix_checksum(bad);
      auto m = Module::deserialize(engine, bad, Module::Verify::Full);
      if (!m) continue;
      ++accepted;
      Store store(engine);
      auto inst = Linker().instantiate(store, *m);
      if (!inst) continue;
      if (auto f = inst->func("add")) (void)f->call({Val(int32_t{1}), Val(int32_t{2})});
      if (auto f = inst->func("dispatch")) (void)f->call({Val(int32_t{1}), Val(int32_t{2}), Val(int32_t{3})});
    }
  }
  EXPECT_LT(accepted, 3 * int(good.size() - serial::kHeaderBytes));
}

TEST(Serialize, HeaderMismatchesNameTheProblem) {
  Engine engine;
  const std::vector<uint8_t> good = compiled(engine).serialize();

  std::vector<uint8_t> b = good;
  b[0] = 'x';
  auto m = Module::deserialize(engine, b);
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message().find("bad magic"), std::string::npos) << m.error().message();

  b = good;
  b[8] = 99;  // format version
  fix_checksum(b);
  m = Module::deserialize(engine, b);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().kind(), ErrorKind::Unsupported);
  EXPECT_NE(m.error().message().find("format version 99"), std::string::npos) << m.error().message();

  b = good;
  std::memcpy(b.data() + serial::kVersionOffset, "9.9.9\0\0\0", 8);
  fix_checksum(b);
  m = Module::deserialize(engine, b);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().kind(), ErrorKind::Unsupported);
  EXPECT_NE(m.error().message().find("nanoproc \"9.9.9\""), std::string::npos) << m.error().message();

  b = good;
  b[b.size() - 1] ^= 1;
  m = Module::deserialize(engine, b);
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message().find("checksum mismatch"), std::string::npos) << m.error().message();
}

TEST(Serialize, OtherEngineSettingsAreRejected) {
  Engine engine;
  const std::vector<uint8_t> bytes = compiled(engine).serialize();
  Config explicit_bounds;
  explicit_bounds.guard_pages = false;
  auto m = Module::deserialize(Engine(explicit_bounds), bytes);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().kind(), ErrorKind::Usage);
  EXPECT_NE(m.error().message().find("made for an engine with guard pages"), std::string::npos)
      << m.error().message();
  EXPECT_NE(m.error().message().find("this engine has explicit bounds checks"), std::string::npos)
      << m.error().message();

  Config interruptible;
  interruptible.interruptible = true;
  EXPECT_FALSE(Module::deserialize(Engine(interruptible), bytes));
  Config no_simd;
  no_simd.features.simd = false;
  m = Module::deserialize(Engine(no_simd), bytes);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message(),
            "serialized module: made for an engine with features simd on; this engine has features simd off");

  // Settings that do not affect compiled code do not matter.
  Config small;
  small.max_memory_bytes = 1 << 20;
  small.max_call_depth = 100;
  EXPECT_TRUE(Module::deserialize(Engine(small), bytes));

  // Each engine's own serialization loads back into it.
  auto m2 = Module::compile(Engine(explicit_bounds), text(kWat));
  ASSERT_TRUE(m2);
  EXPECT_TRUE(Module::deserialize(Engine(explicit_bounds), m2->serialize()));
}

TEST(Features, DisabledFeaturesAreInvalid) {
  struct Case {
    const char* wat;
    bool Features::*flag;
    const char* name;
  };
  const Case cases[] = {
      {"(module (func (result v128) (v128.const i64x2 1 2)))", &Features::simd, "simd"},
      {"(module (func (param v128 v128) (result v128) (i8x16.relaxed_swizzle (local.get 0) (local.get 1))))",
       &Features::relaxed_simd, "relaxed_simd"},
      {"(module (memory 1) (memory 1))", &Features::multi_memory, "multi_memory"},
      {"(module (memory i64 1))", &Features::memory64, "memory64"},
      {"(module (type (struct (field i32))))", &Features::gc, "gc"},
      {"(module (func (param (ref func))))", &Features::gc, "gc"},
      {"(module (func (result i32) (i32.eqz (ref.is_null (ref.null any)))))", &Features::gc, "gc"},
      {"(module (tag $e) (func (throw $e)))", &Features::exceptions, "exceptions"},
      {"(module (tag $e) (func (try (do) (catch $e))))", &Features::legacy_exceptions, "legacy_exceptions"},
      {"(module (func $f (return_call $f)))", &Features::tail_calls, "tail_calls"},
      {"(module (memory 1 1 shared))", &Features::threads, "threads"},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(Module::compile(Engine(), text(c.wat))) << c.wat;
    Config cfg;
    cfg.features.*c.flag = false;
    auto m = Module::compile(Engine(cfg), text(c.wat));
    ASSERT_FALSE(m) << c.wat;
    EXPECT_EQ(m.error().kind(), ErrorKind::Invalid);
    EXPECT_NE(m.error().message().find(std::string("Config::features.") + c.name), std::string::npos)
        << m.error().message();
  }
  // Plain 2.0 modules pass with everything off.
  Config none;
  none.features = Features{false, false, false, false, false, false, false, false, false, false};
  EXPECT_TRUE(Module::compile(Engine(none), text(kWat)));
}

TEST(Serialize, Version) { EXPECT_STRNE(version(), ""); }

TEST(Serialize, Crc32cCheckValue) {
  const std::string s = "123456789";
  EXPECT_EQ(serial::crc32c(0, text(s)), 0xE3069283u);
  EXPECT_EQ(serial::crc32c_portable(0, text(s)), 0xE3069283u);
  // Both agree on every length and split (the hardware path works 8 bytes at a time).
  std::vector<uint8_t> data(100);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 37 + 11);
  for (size_t n = 0; n <= data.size(); ++n) {
    std::span<const uint8_t> all(data.data(), n);
    uint32_t whole = serial::crc32c(0, all);
    ASSERT_EQ(whole, serial::crc32c_portable(0, all)) << n;
    ASSERT_EQ(serial::crc32c(serial::crc32c(0, all.first(n / 3)), all.subspan(n / 3)), whole) << n;
  }
}

}  // namespace
