// start: a module's start function runs during instantiation; if it traps, instantiation
// fails and no instance is made.
#include <cstdio>

#include "example.h"

using namespace nanoproc::api;

int main() {
  Engine engine;
  Store store(engine);

  Module ok = check(Module::from_file(engine, "start_ok.wasm"), "compile start_ok.wasm");
  Linker linker;
  linker.func_wrap(store, "host", "log", [](int32_t step) { std::printf("start function running (step %d)\n", step); });
  std::printf("instantiating start_ok...\n");
  Instance instance = check(linker.instantiate(store, ok), "instantiate");
  std::printf("instantiated; ready() = %d\n", check(instance.func("ready")->typed<int32_t()>(), "ready")().value());

  Module bad = check(Module::from_file(engine, "start.wasm"), "compile start.wasm");
  auto failed = Linker().instantiate(store, bad);
  if (failed) return 1;
  std::printf("instantiating start: %s: %s\n", nanoproc::error_kind_name(failed.error().kind()),
              failed.error().message().c_str());
  std::optional<Trap> trap = store.last_trap();
  if (trap) {
    std::printf("trap %s, %zu frames:\n", trap_code_name(trap->code), trap->frames.size());
    for (const TrapFrame& f : trap->frames) std::printf("  function %u\n", f.func_index);
  }
}
