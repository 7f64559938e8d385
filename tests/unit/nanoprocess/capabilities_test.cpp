// Capabilities: a nanoprocess reaches through WASI only what it was granted, and nothing by
// default (no files, no streams, no clocks, no randomness).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "nanoproc/nanoprocess.h"

using namespace nanoproc::api;
namespace fs = std::filesystem;

namespace {

constexpr int32_t kSuccess = 0, kBadf = 8, kNotcapable = 76;

std::span<const uint8_t> text(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

// Calls WASI directly, so each result is the errno the host returned.
const char* kGuest = R"((module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "secret.txt")
  (data (i32.const 32) "\40\00\00\00\03\00\00\00")  ;; one iovec: 3 bytes at 64
  (data (i32.const 64) "hi\n")
  (data (i32.const 200) "../outside.txt")
  (func (export "open") (param $dirfd i32) (param $oflags i32) (param $rights i64) (result i32)
    (call $path_open (local.get $dirfd) (i32.const 0) (i32.const 16) (i32.const 10)
      (local.get $oflags) (local.get $rights) (i64.const 0) (i32.const 0) (i32.const 128)))
  (func (export "open_escape") (result i32)
    (call $path_open (i32.const 3) (i32.const 0) (i32.const 200) (i32.const 14)
      (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 128)))
  (func (export "write_stdout") (result i32)
    (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 48)))
  (func (export "clock") (result i32) (call $clock (i32.const 0) (i64.const 0) (i32.const 96)))
  (func (export "random") (result i32) (call $random (i32.const 96) (i32.const 8)))
  (func (export "exit") (param i32) (call $exit (local.get 0))))
)";

constexpr int64_t kRightRead = 2;  // fd_read
constexpr int32_t kCreat = 1;

class NanoprocessCapabilities : public ::testing::Test {
 protected:
  void SetUp() override {
    auto m = Module::compile(engine_, text(kGuest));
    ASSERT_TRUE(m) << m.error().to_string();
    module_ = std::make_unique<Module>(*m);
    dir_ = fs::temp_directory_path() / ("nanoproc-caps-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "secret.txt") << "top secret";
  }
  void TearDown() override { fs::remove_all(dir_); }

  Nanoprocess spawn(const Capabilities& caps) {
    auto np = Nanoprocess::spawn(engine_, *module_, caps, Limits{});
    EXPECT_TRUE(np) << np.error().to_string();
    return std::move(*np);
  }
  static int32_t call_i32(Nanoprocess& np, const std::string& name, std::initializer_list<Val> args = {}) {
    auto r = np.call(name, args);
    EXPECT_TRUE(r) << r.error().to_string();
    return r ? (*r)[0].i32() : -1;
  }

  Engine engine_;
  std::unique_ptr<Module> module_;
  fs::path dir_;
};

TEST_F(NanoprocessCapabilities, NothingByDefault) {
  Nanoprocess np = spawn(Capabilities{});
  EXPECT_EQ(call_i32(np, "open", {Val(int32_t{3}), Val(int32_t{0}), Val(kRightRead)}), kBadf);
  EXPECT_EQ(call_i32(np, "write_stdout"), kBadf);
  EXPECT_EQ(call_i32(np, "clock"), kNotcapable);
  EXPECT_EQ(call_i32(np, "random"), kNotcapable);
  EXPECT_FALSE(np.ended());
}

TEST_F(NanoprocessCapabilities, GrantedDirectoryReadOnly) {
  Capabilities caps;
  caps.dirs.push_back({dir_.string(), "/data", true});
  Nanoprocess np = spawn(caps);
  EXPECT_EQ(call_i32(np, "open", {Val(int32_t{3}), Val(int32_t{0}), Val(kRightRead)}), kSuccess);
  // Creating (or writing) beneath a read-only grant is refused, not silently downgraded.
  EXPECT_EQ(call_i32(np, "open", {Val(int32_t{3}), Val(kCreat), Val(kRightRead)}), kNotcapable);
  EXPECT_EQ(call_i32(np, "clock"), kNotcapable);
}

TEST_F(NanoprocessCapabilities, PathEscapeFailsAndSiblingsKeepTheirGrants) {
  std::ofstream(dir_.parent_path() / "outside.txt") << "not yours";
  Capabilities caps;
  caps.dirs.push_back({dir_.string(), "/data", false});
  Nanoprocess attacker = spawn(caps);
  Nanoprocess sibling = spawn(caps);
  const int32_t r = call_i32(attacker, "open_escape");
  EXPECT_NE(r, kSuccess);
  EXPECT_TRUE(r == kNotcapable || r == 63 /* perm */) << r;
  EXPECT_FALSE(attacker.ended());
  EXPECT_EQ(call_i32(sibling, "open", {Val(int32_t{3}), Val(int32_t{0}), Val(kRightRead)}), kSuccess);
  fs::remove(dir_.parent_path() / "outside.txt");
}

TEST_F(NanoprocessCapabilities, GrantedStreamsClocksAndRandom) {
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  Capabilities caps;
  caps.stdout_fd = p[1];
  caps.clocks = true;
  caps.random = true;
  {
    Nanoprocess np = spawn(caps);
    EXPECT_EQ(call_i32(np, "write_stdout"), kSuccess);
    EXPECT_EQ(call_i32(np, "clock"), kSuccess);
    EXPECT_EQ(call_i32(np, "random"), kSuccess);
  }
  ::close(p[1]);  // the nanoprocess held a duplicate, closed with it
  char buf[8] = {};
  EXPECT_EQ(::read(p[0], buf, sizeof buf), 3);
  EXPECT_STREQ(buf, "hi\n");
  ::close(p[0]);
}

TEST_F(NanoprocessCapabilities, ExitEndsOnlyThatNanoprocess) {
  Nanoprocess a = spawn(Capabilities{});
  Nanoprocess b = spawn(Capabilities{});
  auto r = a.call("exit", {Val(int32_t{7})});
  ASSERT_FALSE(r);
  EXPECT_TRUE(a.ended());
  ASSERT_TRUE(a.exit_code());
  EXPECT_EQ(*a.exit_code(), 7u);
  EXPECT_EQ(a.end_reason(), "exited with status 7");
  EXPECT_EQ(call_i32(b, "random"), kNotcapable);
  EXPECT_FALSE(b.ended());
}

}  // namespace
