// Whole guests: wasi_unstable against its preview1 twin, invalid guest pointers, and the
// C program built against the generated guest header (no wasi-libc).
#include <gtest/gtest.h>

#include "binary/decoder.h"
#include "runtime/exec.h"
#include "runtime/instantiate.h"
#include "runtime/linker.h"
#include "text/wat.h"
#include "util/file.h"
#include "validate/validator.h"
#include "wasi/wasi_link.h"
#include "wasi_test_util.h"

namespace nanoproc::wasi::test {
namespace {

// layout_unstable.wat uses snapshot 0's whence numbers and filestat layout; through the
// generated snapshot adapter it must behave exactly like layout_preview1.wat.
TEST(WasiGuests, UnstableBehavesLikePreview1) {
  TempDir t;
  t.write("data.txt", "0123456789");
  t.mkdir("d/sub");
  t.write("d/a", "");
  t.write("d/a_file_with_a_long_name", "");
  WasiOptions o;
  o.dirs.push_back({t.path(), ".", false});
  GuestResult p1 = run_wasi(wat("layout_preview1"), o);
  GuestResult p0 = run_wasi(wat("layout_unstable"), o);
  ASSERT_EQ(p1.error, "");
  ASSERT_EQ(p0.error, "");
  EXPECT_EQ(p0.out, p1.out);
  auto lines = p1.out_lines();
  ASSERT_EQ(lines.size(), 7u) << p1.out;
  EXPECT_EQ(lines[0], "seek set 5: 0 5");
  EXPECT_EQ(lines[1], "seek cur 2: 0 7");
  EXPECT_EQ(lines[2], "seek end -3: 0 7");
  EXPECT_EQ(lines[3], "seek whence 7: 28 7");
  EXPECT_EQ(lines[4], "filestat: type 4 nlink 1 size 10 mtim>0 1");
  for (const char* e : {" ./3", " ../3", " sub/3", " a/4", " a_file_with_a_long_name/4"})
    EXPECT_NE(lines[5].find(e), std::string::npos) << lines[5] << " lacks" << e;
  EXPECT_EQ(lines[6], "readdir after cookie of 1st, 40-byte buffer: 0 40 bytes, 1");
}

// Calls every fault_* export of bad_pointers.wat: each is a WASI call with a pointer (or a
// length) reaching outside linear memory, and must return errno 21 (fault).
TEST(WasiGuests, InvalidPointersGetFault) {
  TempDir t;
  WasiOptions o;
  o.args = {"bad_pointers", "an argument"};
  o.env = {"A=B"};
  o.dirs.push_back({t.path(), ".", false});
  auto bytes = read_file(wat("bad_pointers"));
  ASSERT_TRUE(bytes);
  auto m = parse_wat(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()), "bad_pointers.wat");
  ASSERT_TRUE(m) << m.error().to_string();
  ASSERT_TRUE(validate_module(*m));
  Engine engine;
  Store store(engine);
  Linker linker;
  ASSERT_TRUE(define_wasi(store, linker, o));
  auto cm = engine.compile(std::make_shared<const Module>(std::move(*m)));
  auto imports = linker.resolve(cm->module());
  ASSERT_TRUE(imports) << imports.error().to_string();
  auto inst = instantiate(store, cm, *imports);
  ASSERT_TRUE(inst);
  int faults = 0;
  for (const auto& e : cm->module().exports) {
    if (e.kind != ExternKind::Func) continue;
    uint64_t slots[4] = {};
    TrapKind k = call_function(store, (*inst)->find_export(e.name)->func(), slots);
    ASSERT_EQ(k, TrapKind::None) << e.name << ": " << store.last_trap.message();
    if (e.name.rfind("fault_", 0) == 0) {
      EXPECT_EQ(static_cast<uint32_t>(slots[0]), 21u) << e.name;
      ++faults;
    } else {
      EXPECT_EQ(static_cast<uint32_t>(slots[0]), 0u) << e.name;
    }
  }
  EXPECT_GE(faults, 25);
}

// A module without an exported memory gets fault for every pointer, not a crash.
TEST(WasiGuests, NoMemoryMeansFault) {
  auto m = parse_wat(R"((module
    (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "args_sizes_get" (func $a (param i32 i32) (result i32)))
    (func (export "w") (result i32) (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 0)))
    (func (export "a") (result i32) (call $a (i32.const 0) (i32.const 4)))))",
                     "nomem.wat");
  ASSERT_TRUE(m);
  Engine engine;
  Store store(engine);
  Linker linker;
  ASSERT_TRUE(define_wasi(store, linker, WasiOptions{}));
  auto cm = engine.compile(std::make_shared<const Module>(std::move(*m)));
  auto inst = instantiate(store, cm, *linker.resolve(cm->module()));
  ASSERT_TRUE(inst);
  for (const char* f : {"w", "a"}) {
    uint64_t slots[4] = {};
    ASSERT_EQ(call_function(store, (*inst)->find_export(f)->func(), slots), TrapKind::None);
    EXPECT_EQ(static_cast<uint32_t>(slots[0]), 21u) << f;
  }
}

// tests/wasi/direct/direct.c: no wasi-libc, only the header nanoproc-witx generates.
TEST(WasiGuests, GeneratedGuestHeaderProgram) {
  if (!guests_built()) GTEST_SKIP() << "the C guests were not built";
  TempDir t;
  t.write("input.txt", "contents of input.txt\n");
  WasiOptions o;
  o.args = {"direct"};
  o.dirs.push_back({t.path(), "/", false});
  GuestResult r = run_wasi(guest("direct"), o);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.exit_code, 42);
  EXPECT_EQ(r.out, "hello from a libc-free guest\ncontents of input.txt\n");
}

}  // namespace
}  // namespace nanoproc::wasi::test
