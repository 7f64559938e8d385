// trap: a failed call is an Error; Store::last_trap() says which trap and where.
#include <cstdio>

#include "example.h"

using namespace nanoproc::api;

static void report(const Store& store, const nanoproc::Error& error) {
  std::printf("error (%s): %s\n", nanoproc::error_kind_name(error.kind()), error.message().c_str());
  std::optional<Trap> trap = store.last_trap();
  std::printf("trap code: %s\n", trap_code_name(trap->code));
  for (const TrapFrame& f : trap->frames) {
    if (f.host) std::printf("  at host function %s\n", f.func_name.c_str());
    else
      std::printf("  at %s (function %u, code at byte %llu)\n", f.func_name.c_str(), f.func_index,
                  (unsigned long long)f.func_offset.value_or(0));
  }
}

int main() {
  Engine engine;
  // From the binary, trap frames know where each function's code starts.
  Module module = check(Module::from_file(engine, "trap.wasm"), "compile trap.wasm");
  Store store(engine);
  Linker linker;
  linker.func_wrap(store, "host", "fail", []() -> std::optional<HostError> {
    return HostError{"the host refuses"};
  });
  Instance instance = check(linker.instantiate(store, module), "instantiate");

  auto r1 = instance.func("divide_by_zero")->call({});
  if (!r1) report(store, r1.error());
  auto r2 = instance.func("host_fails")->call({});
  if (!r2) report(store, r2.error());
  std::printf("Trap::to_string():\n%s\n", store.last_trap()->to_string().c_str());
}
