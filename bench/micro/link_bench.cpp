// Cross-nanoprocess calls: a 1 KiB string in and one back through a witx link (copied into
// the callee's memory, the result copied into the caller's), against the same exchange
// between two OS processes over pipes, and against a plain call inside one instance that
// returns a fresh copy of its string (what the adapter adds).
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "bench_util.h"
#include "nanoproc/nanoprocess.h"

namespace nanoproc::bench {
namespace {

constexpr int kBytes = 1024;

const char* kWitx = R"(
(typename $errno (enum (@witx tag u16) $success $trapped))
(typename $text string)
(module $lib
  (import "memory" (memory))
  (@interface func (export "echo") (param $s string) (result $error (expected $text (error $errno)))))
)";

#define BUMP_ALLOCATOR(HEAP)                                                                      \
  "(global $heap (mut i32) (i32.const " #HEAP "))\n"                                              \
  "(func $alloc (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) (local i32)\n"     \
  "  (local.set 4 (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))\n" \
  "                        (i32.sub (i32.const 0) (local.get 2))))\n"                             \
  "  (global.set $heap (i32.add (local.get 4) (local.get 3)))\n"                                  \
  "  (local.get 4))\n"

// The callee returns the string it was given (its own copy); its allocations are dropped
// after each call by cabi_post_echo.
const char* kExporter = "(module (memory (export \"memory\") 1)\n" BUMP_ALLOCATOR(1024) R"(
  (func (export "echo") (param i32 i32 i32) (result i32)
    (i32.store (local.get 2) (local.get 0))
    (i32.store offset=4 (local.get 2) (local.get 1))
    (i32.const 0))
  (func (export "cabi_post_echo") (global.set $heap (i32.const 1024))))
)";

const char* kImporter = R"((module
  (import "lib" "echo" (func $echo (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
)" BUMP_ALLOCATOR(4096) R"(
  (func $local_echo (param $p i32) (param $n i32) (param $ret i32) (result i32) (local $q i32)
    (local.set $q (call $alloc (i32.const 0) (i32.const 0) (i32.const 1) (local.get $n)))
    (memory.copy (local.get $q) (local.get $p) (local.get $n))
    (i32.store (local.get $ret) (local.get $q))
    (i32.store offset=4 (local.get $ret) (local.get $n))
    (i32.const 0))
  (func (export "linked") (param i32 i32 i32) (result i32)
    (global.set $heap (i32.const 4096))
    (call $echo (local.get 0) (local.get 1) (local.get 2)))
  (func (export "plain") (param i32 i32 i32) (result i32)
    (global.set $heap (i32.const 4096))
    (call $local_echo (local.get 0) (local.get 1) (local.get 2))))
)";

void run_importer(benchmark::State& state, const char* export_name) {
  api::Engine engine;
  api::Module exporter_mod = compile_or_die(engine, kExporter);
  api::Module importer_mod = compile_or_die(engine, kImporter);
  api::Interface iface = or_die(api::Interface::parse(kWitx, "bench.witx"), "interface");
  api::Nanoprocess lib = or_die(api::Nanoprocess::spawn(engine, exporter_mod), "spawn lib");
  api::Link link = or_die(api::Link::make(iface, "lib", lib), "link");
  api::Nanoprocess app = or_die(
      api::Nanoprocess::spawn(engine, importer_mod, {}, [&](api::Store& s, api::Linker& l) { link.define(s, l); }),
      "spawn app");
  std::memset(app.memory()->data() + 1024, 'x', kBytes);
  auto f = or_die(app.instance().func(export_name)->typed<int32_t(int32_t, int32_t, int32_t)>(), "typed");
  for (auto _ : state) {
    auto r = f(1024, kBytes, 64);
    if (!r || *r != 0) {
      state.SkipWithError("call failed");
      break;
    }
  }
  uint32_t out_len;
  std::memcpy(&out_len, app.memory()->data() + 68, 4);
  if (out_len != kBytes) state.SkipWithError("wrong result length");
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * 2 * kBytes);
}

void BM_LinkCall1KiB(benchmark::State& state) { run_importer(state, "linked"); }
BENCHMARK(BM_LinkCall1KiB);

void BM_PlainCall1KiB(benchmark::State& state) { run_importer(state, "plain"); }
BENCHMARK(BM_PlainCall1KiB);

bool full_io(int fd, char* buf, size_t n, bool write_it) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = write_it ? ::write(fd, buf + done, n - done) : ::read(fd, buf + done, n - done);
    if (r <= 0) return false;
    done += static_cast<size_t>(r);
  }
  return true;
}

// An echo child forked once; each iteration writes 1 KiB to it and reads 1 KiB back.
void BM_PipeEcho1KiB(benchmark::State& state) {
  int to_child[2], from_child[2];
  if (::pipe(to_child) != 0 || ::pipe(from_child) != 0) {
    state.SkipWithError("pipe failed");
    return;
  }
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(to_child[1]);
    ::close(from_child[0]);
    char buf[kBytes];
    while (full_io(to_child[0], buf, kBytes, false) && full_io(from_child[1], buf, kBytes, true)) {
    }
    ::_exit(0);
  }
  ::close(to_child[0]);
  ::close(from_child[1]);
  char out[kBytes], in[kBytes];
  std::memset(out, 'x', kBytes);
  for (auto _ : state) {
    if (!full_io(to_child[1], out, kBytes, true) || !full_io(from_child[0], in, kBytes, false)) {
      state.SkipWithError("pipe exchange failed");
      break;
    }
  }
  ::close(to_child[1]);
  ::close(from_child[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (std::memcmp(in, out, kBytes) != 0) state.SkipWithError("wrong echo");
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * 2 * kBytes);
}
BENCHMARK(BM_PipeEcho1KiB);

}  // namespace
}  // namespace nanoproc::bench
