// hello: the smallest embedding. Compile a module, give it a host function, call an export.
#include <cstdio>

#include "example.h"

using namespace nanoproc::api;

int main() {
  Engine engine;
  Module module = check(Module::from_file(engine, "hello.wasm"), "compile hello.wasm");
  Store store(engine);
  Linker linker;
  // The host function's wasm type, () -> (), comes from the lambda's C++ type.
  linker.func_wrap(store, "host", "hello", [] { std::printf("Hello from the host!\n"); });
  Instance instance = check(linker.instantiate(store, module), "instantiate");

  // typed<>() checks the signature once; calls then convert nothing.
  auto run = check(instance.func("run")->typed<void()>(), "run's type");
  std::printf("Calling run...\n");
  check(run(), "run");
  std::printf("Done.\n");
}
