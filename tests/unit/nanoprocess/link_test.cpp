// Shared-nothing calls between nanoprocesses through a witx interface: values of every
// supported kind cross, and hostile importers and exporters end only themselves.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <string>

#include "nanoproc/nanoprocess.h"

using namespace nanoproc::api;
using namespace std::chrono_literals;

namespace {

std::span<const uint8_t> bytes_of(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

const char* kWitx = R"(
(typename $errno (enum (@witx tag u16) $success $inval $trapped))
(typename $errno2 (enum (@witx tag u8) $ok $bad))
(typename $text string)
(typename $total u64)
(typename $color (enum (@witx tag u8) $red $green $blue))
(typename $style (flags (@witx repr u8) $bold $italic))
(typename $labeled (record (field $name string) (field $weight u32) (field $color $color)))
(module $lib
  (import "memory" (memory))
  (@interface func (export "echo") (param $s string) (result $error (expected $text (error $errno))))
  (@interface func (export "add") (param $a u32) (param $b u64) (result $r u64))
  (@interface func (export "sum") (param $xs (list u32)) (result $error (expected $total (error $errno))))
  (@interface func (export "describe") (param $l $labeled) (param $c $color) (param $s $style)
    (result $error (expected $text (error $errno))))
  (@interface func (export "crash") (param $s string) (result $error (expected $text (error $errno))))
  (@interface func (export "spin") (param $s string) (result $error (expected $text (error $errno)))))
(module $lib2
  (import "memory" (memory))
  (@interface func (export "crash") (param $s string) (result $error (expected $text (error $errno2)))))
(module $ptrs
  (@interface func (export "peek") (param $p (@witx pointer u8)) (result $r u32)))
)";

// A bump allocator at `heap`; mode 1 makes it return garbage, mode 2 trap.
std::string allocator(int heap) {
  return R"(
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const )" + std::to_string(heap) + R"())
  (global $mode (mut i32) (i32.const 0))
  (global $posts (export "posts") (mut i32) (i32.const 0))
  (func (export "set_mode") (param i32) (global.set $mode (local.get 0)))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
    (if (i32.eq (global.get $mode) (i32.const 1)) (then (return (i32.const 0xfffffff0))))
    (if (i32.eq (global.get $mode) (i32.const 2)) (then unreachable))
    (if (i32.eq (global.get $mode) (i32.const 6)) (then (loop $spin (br $spin))))
    (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                           (i32.sub (i32.const 0) (local.get 2))))
    (global.set $heap (i32.add (local.get $p) (local.get 3)))
    (block $ok (loop $grow
      (br_if $ok (i32.le_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536))))
      (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable))
      (br $grow)))
    (local.get $p))
)";
}

// The exporter. Mode 3: echo hands back an out-of-bounds string; mode 4: an invalid error;
// mode 5: a string that is not UTF-8 (0xff first); mode 6: its allocator never returns.
std::string exporter_wat() {
  return "(module" + allocator(4096) + R"(
  (func (export "echo") (param $p i32) (param $n i32) (param $ret i32) (result i32)
    (if (i32.eq (global.get $mode) (i32.const 3)) (then
      (i32.store (local.get $ret) (i32.const 0xfffff000))
      (i32.store offset=4 (local.get $ret) (i32.const 100))
      (return (i32.const 0))))
    (if (i32.eq (global.get $mode) (i32.const 4)) (then (return (i32.const 77))))
    (if (i32.eq (global.get $mode) (i32.const 5)) (then
      (i32.store8 (local.get $p) (i32.const 0xff))
      (i32.store (local.get $ret) (local.get $p))
      (i32.store offset=4 (local.get $ret) (local.get $n))
      (return (i32.const 0))))
    ;; upper-cases the first byte in its own copy
    (if (local.get $n) (then
      (i32.store8 (local.get $p) (i32.sub (i32.load8_u (local.get $p)) (i32.const 32)))))
    (i32.store (local.get $ret) (local.get $p))
    (i32.store offset=4 (local.get $ret) (local.get $n))
    (i32.const 0))
  (func (export "cabi_post_echo") (global.set $posts (i32.add (global.get $posts) (i32.const 1))))
  (func (export "add") (param i32 i64) (result i64) (i64.add (i64.extend_i32_u (local.get 0)) (local.get 1)))
  (func (export "sum") (param $p i32) (param $n i32) (param $ret i32) (result i32) (local $acc i64)
    (block $done (loop $l
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $acc (i64.add (local.get $acc) (i64.load32_u (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l)))
    (i64.store (local.get $ret) (local.get $acc))
    (i32.const 0))
  (func (export "describe") (param $l i32) (param $c i32) (param $s i32) (param $ret i32) (result i32)
    (if (i32.ne (i32.load offset=8 (local.get $l)) (i32.const 42)) (then (return (i32.const 1))))
    (if (i32.ne (i32.load8_u offset=12 (local.get $l)) (local.get $c)) (then (return (i32.const 1))))
    (if (i32.ne (local.get $s) (i32.const 3)) (then (return (i32.const 1))))
    (i32.store (local.get $ret) (i32.load (local.get $l)))
    (i32.store offset=4 (local.get $ret) (i32.load offset=4 (local.get $l)))
    (i32.const 0))
  (func (export "crash") (param i32 i32 i32) (result i32) unreachable)
  (func (export "spin") (param i32 i32 i32) (result i32) (loop $l (br $l)) unreachable)
))";
}

// The importer forwards each export to the import of the same name.
std::string importer_wat() {
  return R"((module
  (import "lib" "echo" (func $echo (param i32 i32 i32) (result i32)))
  (import "lib" "add" (func $add (param i32 i64) (result i64)))
  (import "lib" "sum" (func $sum (param i32 i32 i32) (result i32)))
  (import "lib" "describe" (func $describe (param i32 i32 i32 i32) (result i32)))
  (import "lib" "crash" (func $crash (param i32 i32 i32) (result i32)))
  (import "lib" "spin" (func $spin (param i32 i32 i32) (result i32)))
)" + allocator(8192) + R"(
  (func (export "echo") (param i32 i32 i32) (result i32) (call $echo (local.get 0) (local.get 1) (local.get 2)))
  (func (export "add") (param i32 i64) (result i64) (call $add (local.get 0) (local.get 1)))
  (func (export "sum") (param i32 i32 i32) (result i32) (call $sum (local.get 0) (local.get 1) (local.get 2)))
  (func (export "describe") (param i32 i32 i32 i32) (result i32)
    (call $describe (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func (export "crash") (param i32 i32 i32) (result i32) (call $crash (local.get 0) (local.get 1) (local.get 2)))
  (func (export "spin") (param i32 i32 i32) (result i32) (call $spin (local.get 0) (local.get 1) (local.get 2)))
  (func (export "local_work") (result i32) (i32.const 7))
))";
}

class NanoprocessLink : public ::testing::Test {
 protected:
  void SetUp() override {
    Config cfg;
    cfg.interruptible = true;
    engine_ = std::make_unique<Engine>(cfg);
    auto iface = Interface::parse(kWitx, "test.witx");
    ASSERT_TRUE(iface) << iface.error().to_string();
    iface_ = std::make_unique<Interface>(*iface);
    exporter_mod_ = compile(exporter_wat());
    importer_mod_ = compile(importer_wat());
  }
  std::unique_ptr<Module> compile(const std::string& wat) {
    auto m = Module::compile(*engine_, bytes_of(wat));
    EXPECT_TRUE(m) << m.error().to_string();
    return m ? std::make_unique<Module>(*m) : nullptr;
  }
  Nanoprocess spawn_exporter(const Limits& l = {}) {
    auto np = Nanoprocess::spawn(*engine_, *exporter_mod_, l);
    EXPECT_TRUE(np) << np.error().to_string();
    return std::move(*np);
  }
  // An importer linked to `lib`.
  Nanoprocess spawn_importer(Nanoprocess& lib, LinkOptions opts = {}) {
    opts.exporter_name = "lib";
    auto link = Link::make(*iface_, "lib", lib, opts);
    EXPECT_TRUE(link) << link.error().to_string();
    auto np = Nanoprocess::spawn(*engine_, *importer_mod_, Limits{}, [&](Store& s, Linker& l) { link->define(s, l); });
    EXPECT_TRUE(np) << np.error().to_string();
    return std::move(*np);
  }
  static void put(Nanoprocess& np, uint32_t at, const void* data, size_t n) {
    std::memcpy(np.memory()->data() + at, data, n);
  }
  static uint32_t u32_at(Nanoprocess& np, uint32_t at) {
    uint32_t v;
    std::memcpy(&v, np.memory()->data() + at, 4);
    return v;
  }
  static std::string string_at(Nanoprocess& np, uint32_t ret) {
    uint32_t p = u32_at(np, ret), n = u32_at(np, ret + 4);
    return std::string(reinterpret_cast<const char*>(np.memory()->data()) + p, n);
  }
  // Calls the importer's echo with `s`; the error code, the string in *out.
  static int32_t echo(Nanoprocess& app, const std::string& s, std::string* out, std::string* error = nullptr,
                      uint32_t at = 0x100) {
    put(app, at, s.data(), s.size());
    auto r = app.call("echo", {Val(at), Val(static_cast<int32_t>(s.size())), Val(0x80)});
    if (!r) {
      if (error) *error = r.error().message();
      return -1;
    }
    if ((*r)[0].i32() == 0) *out = string_at(app, 0x80);
    return (*r)[0].i32();
  }

  std::unique_ptr<Engine> engine_;
  std::unique_ptr<Interface> iface_;
  std::unique_ptr<Module> exporter_mod_, importer_mod_;
};

TEST_F(NanoprocessLink, StringCrossesBothWays) {
  Nanoprocess lib = spawn_exporter();
  Nanoprocess app = spawn_importer(lib);
  std::string out;
  ASSERT_EQ(echo(app, "hello", &out), 0);
  EXPECT_EQ(out, "Hello");  // upper-cased in the exporter's copy
  EXPECT_EQ(std::memcmp(app.memory()->data() + 0x100, "hello", 5), 0);  // the importer's own is untouched
  EXPECT_GE(u32_at(app, 0x80), 8192u);  // allocated by the importer's allocator
  EXPECT_EQ(lib.instance().global("posts")->get().i32(), 1);  // cabi_post_echo ran
  ASSERT_EQ(echo(app, "", &out), 0);
  EXPECT_EQ(out, "");
  std::string big(100000, 'x');  // grows both memories (the importer's heap starts at 8192)
  ASSERT_TRUE(app.memory()->grow(4));
  std::string error;
  ASSERT_EQ(echo(app, big, &out, &error, 0x30000), 0) << error;
  EXPECT_EQ(out, "X" + big.substr(1));
}

TEST_F(NanoprocessLink, ScalarsListsRecordsEnumsFlags) {
  Nanoprocess lib = spawn_exporter();
  Nanoprocess app = spawn_importer(lib);
  auto r = app.call("add", {Val(int32_t{7}), Val(int64_t{1} << 40)});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ((*r)[0].i64(), (int64_t{1} << 40) + 7);

  uint32_t xs[4] = {1, 2, 3, 0xffffffffu};
  put(app, 0x100, xs, sizeof xs);
  r = app.call("sum", {Val(0x100), Val(4), Val(0x80)});
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ((*r)[0].i32(), 0);
  uint64_t total;
  std::memcpy(&total, app.memory()->data() + 0x80, 8);
  EXPECT_EQ(total, uint64_t{6} + 0xffffffffu);

  // $labeled { name: "bolt", weight: 42, color: blue } at 0x200, its name at 0x300.
  put(app, 0x300, "bolt", 4);
  uint8_t rec[16] = {};
  uint32_t fields[3] = {0x300, 4, 42};
  std::memcpy(rec, fields, 12);
  rec[12] = 2;
  put(app, 0x200, rec, sizeof rec);
  r = app.call("describe", {Val(0x200), Val(2), Val(3), Val(0x80)});
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ((*r)[0].i32(), 0);
  EXPECT_EQ(string_at(app, 0x80), "bolt");  // the nested string was copied and copied back
  r = app.call("describe", {Val(0x200), Val(1), Val(3), Val(0x80)});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].i32(), 1);  // inval from the exporter: colors differ
}

TEST_F(NanoprocessLink, BadPointersFromTheImporterTrapTheImporterOnly) {
  Nanoprocess lib = spawn_exporter();
  for (auto [ptr, len, ret] : {std::tuple{0xffffff00u, 1000u, 0x80u}, std::tuple{0x100u, 0x7fffffffu, 0x80u},
                               std::tuple{0x100u, 5u, 0xfffffffcu}, std::tuple{0x10000u, 1u, 0x80u}}) {
    Nanoprocess app = spawn_importer(lib);
    auto r = app.call("echo", {Val(ptr), Val(len), Val(ret)});
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message().find("outside the importer's memory"), std::string::npos) << r.error().message();
    EXPECT_TRUE(app.ended());
    EXPECT_FALSE(lib.ended());
  }
  // An enum argument out of range, a record out of bounds.
  Nanoprocess app = spawn_importer(lib);
  auto r = app.call("describe", {Val(0x200), Val(9), Val(3), Val(0x80)});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("not a case of the enum"), std::string::npos) << r.error().message();
  Nanoprocess app2 = spawn_importer(lib);
  r = app2.call("describe", {Val(0xfffffff8u), Val(0), Val(3), Val(0x80)});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("argument `l`"), std::string::npos) << r.error().message();
  // The exporter serves a fresh importer.
  Nanoprocess app3 = spawn_importer(lib);
  std::string out;
  EXPECT_EQ(echo(app3, "ok", &out), 0);
  EXPECT_EQ(out, "Ok");
}

TEST_F(NanoprocessLink, TrapMidCallEndsTheExporterAndReturnsTrapped) {
  Nanoprocess lib = spawn_exporter();
  Nanoprocess sibling_lib = spawn_exporter();
  Nanoprocess app = spawn_importer(lib);
  Nanoprocess sibling = spawn_importer(sibling_lib);
  put(app, 0x100, "boom", 4);
  auto r = app.call("crash", {Val(0x100), Val(4), Val(0x80)});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ((*r)[0].i32(), 2);  // $trapped
  EXPECT_TRUE(lib.ended());
  EXPECT_NE(lib.end_reason().find("unreachable"), std::string::npos) << lib.end_reason();
  EXPECT_FALSE(app.ended());
  // The importer keeps working; calls to the ended exporter report `trapped` too.
  r = app.call("local_work", {});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].i32(), 7);
  std::string out;
  EXPECT_EQ(echo(app, "again", &out), 2);
  // The sibling pair is unaffected.
  EXPECT_EQ(echo(sibling, "fine", &out), 0);
  EXPECT_EQ(out, "Fine");
}

TEST_F(NanoprocessLink, RespawnReplacesAnEndedExporter) {
  Nanoprocess lib = spawn_exporter();
  LinkOptions opts;
  int respawns = 0;
  opts.respawn = [&]() -> nanoproc::Expected<Nanoprocess> {
    ++respawns;
    return Nanoprocess::spawn(*engine_, *exporter_mod_, Limits{});
  };
  Nanoprocess app = spawn_importer(lib, opts);
  put(app, 0x100, "boom", 4);
  auto r = app.call("crash", {Val(0x100), Val(4), Val(0x80)});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].i32(), 2);
  std::string out;
  EXPECT_EQ(echo(app, "next", &out), 0);
  EXPECT_EQ(out, "Next");
  EXPECT_EQ(respawns, 1);
  EXPECT_FALSE(lib.ended());
}

TEST_F(NanoprocessLink, ImportersSharingARespawnedExporterFollowIt) {
  Nanoprocess lib = spawn_exporter();
  LinkOptions opts;
  opts.respawn = [&]() -> nanoproc::Expected<Nanoprocess> { return Nanoprocess::spawn(*engine_, *exporter_mod_, Limits{}); };
  Nanoprocess a = spawn_importer(lib, opts);
  Nanoprocess b = spawn_importer(lib, opts);
  std::string out;
  EXPECT_EQ(echo(b, "one", &out), 0);
  for (int generation = 0; generation < 4; ++generation) {
    put(a, 0x100, "boom", 4);
    auto r = a.call("crash", {Val(0x100), Val(4), Val(0x80)});
    ASSERT_TRUE(r);
    EXPECT_EQ((*r)[0].i32(), 2);
    EXPECT_EQ(echo(a, "two", &out), 0);  // a respawns it
  }
  EXPECT_EQ(echo(b, "three", &out), 0);  // b finds the current exporter
  EXPECT_EQ(out, "Three");
}

TEST_F(NanoprocessLink, HostileExporterAllocatorAndResults) {
  for (int mode : {1, 2, 3, 4}) {
    Nanoprocess lib = spawn_exporter();
    Nanoprocess app = spawn_importer(lib);
    ASSERT_TRUE(lib.call("set_mode", {Val(mode)}));
    std::string out;
    EXPECT_EQ(echo(app, "hi", &out), 2) << "mode " << mode;
    EXPECT_TRUE(lib.ended()) << "mode " << mode;
    EXPECT_FALSE(app.ended());
    const char* expect[] = {"", "outside its memory", "unreachable", "outside the exporter's memory", "error code 77"};
    EXPECT_NE(lib.end_reason().find(expect[mode]), std::string::npos) << mode << ": " << lib.end_reason();
  }
}

TEST_F(NanoprocessLink, ImporterAllocatorFailureTrapsTheImporter) {
  Nanoprocess lib = spawn_exporter();
  Nanoprocess app = spawn_importer(lib);
  ASSERT_TRUE(app.call("set_mode", {Val(2)}));
  std::string out, error;
  EXPECT_EQ(echo(app, "hi", &out, &error), -1);
  EXPECT_NE(error.find("the importer's cabi_realloc"), std::string::npos) << error;
  EXPECT_TRUE(app.ended());
  EXPECT_FALSE(lib.ended());
}

TEST_F(NanoprocessLink, ExporterLimitsApplyAcrossTheLink) {
  Limits l;
  l.timeout = 50ms;
  Nanoprocess lib = spawn_exporter(l);
  Nanoprocess app = spawn_importer(lib);
  auto r = app.call("spin", {Val(0x100), Val(0), Val(0x80)});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ((*r)[0].i32(), 2);
  EXPECT_NE(lib.end_reason().find("deadline exceeded"), std::string::npos) << lib.end_reason();
  Limits f;
  f.fuel = 100000;
  Nanoprocess lib2 = spawn_exporter(f);
  Nanoprocess app2 = spawn_importer(lib2);
  r = app2.call("spin", {Val(0x100), Val(0), Val(0x80)});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].i32(), 2);
  EXPECT_NE(lib2.end_reason().find("fuel"), std::string::npos) << lib2.end_reason();
}

TEST_F(NanoprocessLink, StringsMustBeUtf8) {
  Nanoprocess lib = spawn_exporter();
  Nanoprocess app = spawn_importer(lib);
  std::string out, error;
  // Well-formed multi-byte text crosses, at every length around the 64-byte ASCII steps.
  for (size_t n : {1, 63, 64, 65, 200}) {
    std::string s = "a" + std::string(n, 'z') + "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
    ASSERT_EQ(echo(app, s, &out, &error), 0) << n << ": " << error;
    EXPECT_EQ(out, "A" + s.substr(1));
  }
  // The importer passes bytes that are not UTF-8: it traps, naming the function and argument;
  // nothing reaches the exporter.
  int posts = lib.instance().global("posts")->get().i32();
  for (const std::string& bad : {std::string("ab\xff"), std::string(100, 'x') + "\xc0\x80",
                                std::string("\xed\xa0\x80"), std::string(70, 'y') + "\xe2\x82"}) {
    Nanoprocess fresh = spawn_importer(lib);
    EXPECT_EQ(echo(fresh, bad, &out, &error), -1);
    EXPECT_NE(error.find("lib.echo: argument `s`"), std::string::npos) << error;
    EXPECT_NE(error.find("not valid UTF-8"), std::string::npos) << error;
    EXPECT_TRUE(fresh.ended());
  }
  EXPECT_FALSE(lib.ended());
  EXPECT_EQ(lib.instance().global("posts")->get().i32(), posts);
  // The exporter hands back bytes that are not UTF-8: it ends; the importer gets `trapped`.
  ASSERT_TRUE(lib.call("set_mode", {Val(5)}));
  EXPECT_EQ(echo(app, "hi", &out), 2);
  EXPECT_TRUE(lib.ended());
  EXPECT_NE(lib.end_reason().find("result `error`"), std::string::npos) << lib.end_reason();
  EXPECT_NE(lib.end_reason().find("not valid UTF-8"), std::string::npos) << lib.end_reason();
  EXPECT_FALSE(app.ended());
}

TEST_F(NanoprocessLink, DeadlineCoversTheExportersAllocator) {
  Limits l;
  l.timeout = 50ms;
  Nanoprocess lib = spawn_exporter(l);
  ASSERT_TRUE(lib.call("set_mode", {Val(6)}));
  Nanoprocess app = spawn_importer(lib);
  std::string out;
  EXPECT_EQ(echo(app, "hi", &out), 2);
  EXPECT_NE(lib.end_reason().find("deadline exceeded"), std::string::npos) << lib.end_reason();
  EXPECT_FALSE(app.ended());
}

TEST_F(NanoprocessLink, WithoutATrappedCaseTheImportTraps) {
  Nanoprocess lib = spawn_exporter();
  auto link = Link::make(*iface_, "lib2", lib, LinkOptions{"", "lib", nullptr});
  ASSERT_TRUE(link) << link.error().to_string();
  auto m = compile(R"((module
    (import "lib2" "crash" (func $crash (param i32 i32 i32) (result i32)))
    (memory (export "memory") 1)
    (func (export "go") (result i32) (call $crash (i32.const 0) (i32.const 0) (i32.const 16)))))");
  auto app = Nanoprocess::spawn(*engine_, *m, Limits{}, [&](Store& s, Linker& l) { link->define(s, l); });
  ASSERT_TRUE(app) << app.error().to_string();
  auto r = app->call("go", {});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("lib2.crash: nanoprocess \"lib\" failed: unreachable"), std::string::npos)
      << r.error().message();
  EXPECT_TRUE(lib.ended());
}

TEST_F(NanoprocessLink, LinkErrorsNameTheProblem) {
  Nanoprocess lib = spawn_exporter();
  auto e = Link::make(*iface_, "nope", lib);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message().find("no module `nope`"), std::string::npos) << e.error().message();
  e = Link::make(*iface_, "ptrs", lib);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message().find("holds a pointer"), std::string::npos) << e.error().message();
  EXPECT_NE(e.error().message().find("test.witx:"), std::string::npos) << e.error().message();

  auto missing = compile(R"((module (memory (export "memory") 1)
    (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0))))");
  auto np = Nanoprocess::spawn(*engine_, *missing);
  ASSERT_TRUE(np);
  e = Link::make(*iface_, "lib", *np);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message().find("does not export function `echo`"), std::string::npos) << e.error().message();

  auto wrong = compile(R"((module (memory (export "memory") 1)
    (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0))
    (func (export "crash") (param i32 i32) (result i32) (i32.const 0))))");
  auto np2 = Nanoprocess::spawn(*engine_, *wrong);
  ASSERT_TRUE(np2);
  e = Link::make(*iface_, "lib2", *np2);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message().find("interface mismatch"), std::string::npos) << e.error().message();
  EXPECT_NE(e.error().message().find("(i32 i32 i32) -> (i32)"), std::string::npos) << e.error().message();

  auto no_realloc = compile(R"((module (memory (export "memory") 1)
    (func (export "crash") (param i32 i32 i32) (result i32) (i32.const 0))))");
  auto np3 = Nanoprocess::spawn(*engine_, *no_realloc);
  ASSERT_TRUE(np3);
  e = Link::make(*iface_, "lib2", *np3);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message().find("cabi_realloc"), std::string::npos) << e.error().message();
}

}  // namespace
