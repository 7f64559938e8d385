// table: a funcref table called indirectly by wasm; the host reads it, puts its own
// function into it and grows it.
#include <cstdio>

#include "example.h"

using namespace nanoproc::api;

int main() {
  Engine engine;
  Module module = check(Module::from_file(engine, "table.wasm"), "compile table.wasm");
  Store store(engine);
  Instance instance = check(Linker().instantiate(store, module), "instantiate");
  Table table = *instance.table("table");
  auto apply = check(instance.func("apply")->typed<int32_t(int32_t, int32_t, int32_t)>(), "apply");

  TableType type = table.type();
  std::printf("table: %llu of at most %llu %s elements\n", (unsigned long long)table.size(),
              (unsigned long long)type.limits.max.value_or(0), val_type_name(type.element));
  std::printf("apply(0, 7, 5) = %d\n", check(apply(0, 7, 5), "apply"));
  std::printf("apply(1, 7, 5) = %d\n", check(apply(1, 7, 5), "apply"));

  // An element is a function reference the host can call too.
  Func sub = *Func::from_ref(store, check(table.get(1), "get"));
  std::printf("the host calls element 1 (%s): %d\n", sub.signature().to_string().c_str(),
              (*sub.call({Val(int32_t{20}), Val(int32_t{8})}))[0].i32());

  Func mul = Func::wrap(store, [](int32_t a, int32_t b) { return a * b; });
  uint64_t old = check(table.grow(1, mul.as_ref()), "grow");
  std::printf("grew from %llu to %llu elements; element 2 is a host function\n", (unsigned long long)old,
              (unsigned long long)table.size());
  std::printf("apply(2, 7, 5) = %d\n", check(apply(2, 7, 5), "apply"));
  check(table.set(0, mul.as_ref()), "set");
  std::printf("after set(0, mul): apply(0, 7, 5) = %d\n", check(apply(0, 7, 5), "apply"));

  check(table.grow(1, Val::null_ref(ValType::FuncRef)), "grow");
  auto null_call = apply(3, 1, 1);
  std::printf("apply(3, 1, 1) on a null element: %s\n", null_call ? "no trap" : null_call.error().message().c_str());
  auto full = table.grow(1, Val::null_ref(ValType::FuncRef));
  std::printf("grow past the maximum: %s\n", full ? "grew" : full.error().message().c_str());
  auto wrong = table.set(0, Val(int32_t{1}));
  std::printf("set an i32: %s\n", wrong ? "ok" : wrong.error().message().c_str());
}
