// global: globals made by the host and imported, globals exported by wasm, constant and
// mutable, read and written from both sides.
#include <cstdio>

#include "example.h"

using namespace nanoproc::api;

int main() {
  Engine engine;
  Module module = check(Module::from_file(engine, "global.wasm"), "compile global.wasm");
  Store store(engine);
  Global const_f32 = check(Global::make(store, {ValType::F32, false}, Val(1.5f)), "const_f32");
  Global var_i64 = check(Global::make(store, {ValType::I64, true}, Val(int64_t{41})), "var_i64");
  Linker linker;
  linker.define("host", "const_f32", const_f32);
  linker.define("host", "var_i64", var_i64);
  Instance instance = check(linker.instantiate(store, module), "instantiate");

  auto get_const = check(instance.func("get_const_f32")->typed<float()>(), "get_const_f32");
  auto bump = check(instance.func("bump_var_i64")->typed<int64_t()>(), "bump_var_i64");
  std::printf("host const_f32 seen by wasm: %g\n", check(get_const(), "call"));
  std::printf("wasm bumps var_i64: %lld\n", (long long)check(bump(), "call"));
  check(var_i64.set(Val(int64_t{100})), "set var_i64");
  std::printf("host sets var_i64 = 100, wasm bumps it: %lld\n", (long long)check(bump(), "call"));
  std::printf("host reads var_i64: %lld\n", (long long)var_i64.get().i64());

  Global counter = *instance.global("counter");
  Global pi = *instance.global("pi");
  std::printf("exported counter: %d (%s %s)\n", counter.get().i32(), counter.is_mutable() ? "mutable" : "constant",
              val_type_name(counter.type()));
  std::printf("exported pi: %g (%s %s)\n", pi.get().f64(), pi.is_mutable() ? "mutable" : "constant",
              val_type_name(pi.type()));
  check(counter.set(Val(int32_t{7})), "set counter");
  auto get_counter = check(instance.func("get_counter")->typed<int32_t()>(), "get_counter");
  std::printf("host sets counter = 7, wasm reads %d\n", check(get_counter(), "call"));
  auto set_counter = check(instance.func("set_counter")->typed<void(int32_t)>(), "set_counter");
  check(set_counter(-3), "call");
  std::printf("wasm sets counter = -3, host reads %d\n", counter.get().i32());

  auto e1 = pi.set(Val(2.0));
  std::printf("setting the constant pi: %s\n", e1 ? "ok" : e1.error().message().c_str());
  auto e2 = counter.set(Val(int64_t{1}));
  std::printf("setting counter to an i64: %s\n", e2 ? "ok" : e2.error().message().c_str());
}
