// wasi: a WASI command run with arguments; its output goes to our stdout and its
// proc_exit status comes back through the Store.
#include <cstdio>

#include "example.h"

using namespace nanoproc::api;

int main() {
  Engine engine;
  Module module = check(Module::from_file(engine, "wasi.wasm"), "compile wasi.wasm");
  Store store(engine);
  Linker linker;
  WasiConfig wasi;
  wasi.args = {"wasi.wasm", "first", "second"};
  wasi.env = {"GREETING=hi"};
  check(linker.define_wasi(store, wasi), "define_wasi");
  Instance instance = check(linker.instantiate(store, module), "instantiate");

  std::printf("running _start\n");
  std::fflush(stdout);  // the program writes to descriptor 1 directly
  auto r = instance.func("_start")->call({});
  if (r) {
    std::printf("returned normally\n");
  } else if (auto code = store.exit_code()) {
    std::printf("exited with status %u\n", *code);
  } else {
    std::printf("trapped: %s\n", r.error().message().c_str());
    return 1;
  }
}
