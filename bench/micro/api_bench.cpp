// The embedding API's costs: host->wasm calls (typed and untyped), wasm->host calls,
// instantiation, memory.grow, and decode+validate throughput. A plain C++ call through a
// function pointer runs beside the calls as the floor.
#include <fstream>
#include <iterator>
#include <vector>

#include "bench_util.h"

namespace nanoproc::bench {
namespace {

const char* kModule = R"((module
  (import "host" "inc" (func $inc (param i32) (result i32)))
  (memory (export "memory") 1)
  (global $g (mut i32) (i32.const 0))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "call_host") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $acc (call $inc (local.get $acc)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
)";

struct Fixture {
  api::Engine engine;
  api::Module module = compile_or_die(engine, kModule);
  api::Store store{engine};
  api::Instance instance = instantiate(store);

  api::Instance instantiate(api::Store& s) {
    api::Linker linker;
    linker.func_wrap(s, "host", "inc", [](int32_t x) { return x + 1; });
    return or_die(linker.instantiate(s, module), "instantiate");
  }
};

__attribute__((noinline)) int32_t native_add(int32_t a, int32_t b) { return a + b; }

void BM_NativeCall(benchmark::State& state) {
  int32_t (*volatile fn)(int32_t, int32_t) = native_add;
  int32_t x = 0;
  for (auto _ : state) x = fn(x, 1);
  benchmark::DoNotOptimize(x);
}
BENCHMARK(BM_NativeCall);

void BM_HostToWasmTyped(benchmark::State& state) {
  Fixture f;
  auto add = or_die(f.instance.func("add")->typed<int32_t(int32_t, int32_t)>(), "typed");
  int32_t x = 0;
  for (auto _ : state) x = *add(x, 1);
  benchmark::DoNotOptimize(x);
}
BENCHMARK(BM_HostToWasmTyped);

void BM_HostToWasmUntyped(benchmark::State& state) {
  Fixture f;
  api::Func add = *f.instance.func("add");
  int32_t x = 0;
  for (auto _ : state) x = (*add.call({api::Val(x), api::Val(int32_t{1})}))[0].i32();
  benchmark::DoNotOptimize(x);
}
BENCHMARK(BM_HostToWasmUntyped);

// Per host call: one wasm call into the loop makes 10,000 calls to the host.
void BM_WasmToHost(benchmark::State& state) {
  Fixture f;
  auto run = or_die(f.instance.func("call_host")->typed<int32_t(int32_t)>(), "typed");
  constexpr int32_t kCalls = 10000;
  for (auto _ : state) {
    auto r = run(kCalls);
    if (!r || *r != kCalls) state.SkipWithError("wrong result");
  }
  state.SetItemsProcessed(state.iterations() * kCalls);
  state.counters["ns_per_call"] =
      benchmark::Counter(static_cast<double>(state.iterations() * kCalls), benchmark::Counter::kIsRate |
                                                                               benchmark::Counter::kInvert);
}
BENCHMARK(BM_WasmToHost);

void BM_Instantiate(benchmark::State& state) {
  Fixture f;
  for (auto _ : state) {
    api::Store s(f.engine);
    benchmark::DoNotOptimize(f.instantiate(s));
  }
}
BENCHMARK(BM_Instantiate);

// Grows a fresh memory page by page to 16 MiB.
void BM_MemoryGrow(benchmark::State& state) {
  Fixture f;
  for (auto _ : state) {
    state.PauseTiming();
    api::Store s(f.engine);
    api::Instance inst = f.instantiate(s);
    auto grow = or_die(inst.func("grow")->typed<int32_t(int32_t)>(), "typed");
    state.ResumeTiming();
    for (int i = 0; i < 255; ++i)
      if (*grow(1) < 0) state.SkipWithError("grow failed");
  }
  state.SetItemsProcessed(state.iterations() * 255);
}
BENCHMARK(BM_MemoryGrow);

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Decode + validate (compilation is lazy: nothing else happens before the first call).
void BM_DecodeValidate(benchmark::State& state, const char* name) {
  std::vector<uint8_t> bytes = read_file(std::string(NANOPROC_SHARED_DIR) + "/bench/sightglass/" + name + "/benchmark.wasm");
  if (bytes.empty()) {
    state.SkipWithError("sightglass module not found");
    return;
  }
  api::Engine engine;
  for (auto _ : state) benchmark::DoNotOptimize(or_die(api::Module::compile(engine, bytes), "compile"));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK_CAPTURE(BM_DecodeValidate, bz2, "bz2");
BENCHMARK_CAPTURE(BM_DecodeValidate, regex, "regex");

}  // namespace
}  // namespace nanoproc::bench
