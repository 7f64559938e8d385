// multi: several results, from a host function (a std::tuple) and from wasm.
#include <cstdio>
#include <tuple>

#include "example.h"

using namespace nanoproc::api;

int main() {
  Engine engine;
  Module module = check(Module::from_file(engine, "multi.wasm"), "compile multi.wasm");
  Store store(engine);
  Linker linker;
  linker.func_wrap(store, "host", "swap3", [](int32_t a, int64_t b, double c) {
    std::printf("host swap3(%d, %lld, %g)\n", a, (long long)b, c);
    return std::tuple<double, int64_t, int32_t>{c, b, a};
  });
  Instance instance = check(linker.instantiate(store, module), "instantiate");
  Func roundtrip = *instance.func("roundtrip");
  std::printf("roundtrip: %s\n", roundtrip.signature().to_string().c_str());

  // Typed: results come back as a std::tuple.
  auto typed = check(roundtrip.typed<std::tuple<double, int64_t, int32_t>(int32_t, int64_t, double)>(), "type");
  auto [d, l, i] = check(typed(1, 2, 3.5), "call");
  std::printf("typed call -> %g %lld %d\n", d, (long long)l, i);

  // Untyped: a vector of values.
  auto results = check(roundtrip.call({Val(int32_t{-1}), Val(int64_t{1} << 40), Val(0.25)}), "call");
  std::printf("untyped call -> %g %lld %d\n", results[0].f64(), (long long)results[1].i64(), results[2].i32());
}
