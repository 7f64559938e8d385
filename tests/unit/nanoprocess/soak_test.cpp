// 100,000 spawn+run+destroy cycles: resident memory and open descriptors stay flat.
#include <gtest/gtest.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "nanoproc/nanoprocess.h"

using namespace nanoproc::api;

namespace {

std::span<const uint8_t> text(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

uint64_t resident_bytes() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  unsigned long size = 0, resident = 0;
  if (std::fscanf(f, "%lu %lu", &size, &resident) != 2) resident = 0;
  std::fclose(f);
  return static_cast<uint64_t>(resident) * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
}

int open_descriptors() {
  DIR* d = ::opendir("/proc/self/fd");
  if (!d) return -1;
  int n = 0;
  while (::readdir(d)) ++n;
  ::closedir(d);
  return n;
}

// Touches memory, grows it, uses the table and WASI, so each cycle exercises what a real
// nanoprocess holds: a guarded memory, a table, a WASI context with descriptors.
const char* kGuest = R"((module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (table 4 funcref)
  (data (i32.const 0) "\10\00\00\00\00\00\00\00")
  (func $sq (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (elem (i32.const 0) $sq)
  (func (export "run") (param i32) (result i32)
    (drop (memory.grow (i32.const 1)))
    (i32.store (i32.const 70000) (local.get 0))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call_indirect (param i32) (result i32) (i32.load (i32.const 70000)) (i32.const 0))))
)";

TEST(NanoprocessSoak, HundredThousandSpawnsStayFlat) {
  Engine engine;
  auto m = Module::compile(engine, text(kGuest));
  ASSERT_TRUE(m) << m.error().to_string();
  Capabilities caps;
  caps.stdout_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  ASSERT_GE(caps.stdout_fd, 0);
  constexpr int kCycles = 100'000;
  constexpr int kWarmup = kCycles / 2;  // past allocator warm-up (and ASan's quarantine filling)
  uint64_t rss_warm = 0;
  int fds_warm = 0;
  for (int i = 0; i < kCycles; ++i) {
    if (i == kWarmup) {
      rss_warm = resident_bytes();
      fds_warm = open_descriptors();
    }
    auto np = Nanoprocess::spawn(engine, *m, caps, Limits{});
    ASSERT_TRUE(np) << "cycle " << i << ": " << np.error().to_string();
    auto r = np->call("run", {Val(int32_t{i & 0xffff})});
    ASSERT_TRUE(r) << "cycle " << i << ": " << r.error().to_string();
    ASSERT_EQ((*r)[0].i32(), (i & 0xffff) * (i & 0xffff));
  }
  const uint64_t rss_end = resident_bytes();
  const int fds_end = open_descriptors();
  ::close(caps.stdout_fd);
  EXPECT_EQ(fds_end, fds_warm);
  // 50,000 further cycles may not keep even 200 bytes each.
  EXPECT_LT(rss_end, rss_warm + (10u << 20)) << "resident " << rss_warm << " -> " << rss_end;
  std::printf("[ soak ] %d cycles; resident %.1f MiB after %d, %.1f MiB after %d; %d descriptors\n", kCycles,
              static_cast<double>(rss_warm) / (1 << 20), kWarmup, static_cast<double>(rss_end) / (1 << 20), kCycles,
              fds_end);
}

}  // namespace
