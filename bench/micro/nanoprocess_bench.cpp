// Spawning: a nanoprocess (spawn, run a trivial export, destroy) against an OS process
// (posix_spawn + waitpid of a trivial native program), side by side.
#include <spawn.h>
#include <sys/wait.h>

#include "bench_util.h"
#include "nanoproc/nanoprocess.h"

extern char** environ;

namespace nanoproc::bench {
namespace {

const char* kTrivial = R"((module
  (memory (export "memory") 1)
  (data (i32.const 0) "hello")
  (func (export "run") (result i32) (i32.load8_u (i32.const 0))))
)";

void BM_NanoprocessSpawnRunDestroy(benchmark::State& state) {
  api::Engine engine;
  api::Module module = compile_or_die(engine, kTrivial);
  for (auto _ : state) {
    auto np = or_die(api::Nanoprocess::spawn(engine, module), "spawn");
    auto r = np.call("run", {});
    if (!r || (*r)[0].i32() != 'h') state.SkipWithError("wrong result");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NanoprocessSpawnRunDestroy);

void BM_OsProcessSpawnWait(benchmark::State& state) {
  char* argv[] = {const_cast<char*>(TRIVIAL_NATIVE), nullptr};
  for (auto _ : state) {
    pid_t pid;
    if (posix_spawn(&pid, TRIVIAL_NATIVE, nullptr, nullptr, argv, environ) != 0) {
      state.SkipWithError("posix_spawn failed");
      break;
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) state.SkipWithError("child failed");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_OsProcessSpawnWait);

}  // namespace
}  // namespace nanoproc::bench
