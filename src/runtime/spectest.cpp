// The `spectest` host module the spec test suite imports from.
#include <bit>

#include "runtime/linker.h"

namespace nanoproc {
namespace {

TrapKind print_nothing(HostCall&, void*, uint64_t*) { return TrapKind::None; }

}  // namespace

Status define_spectest(Store& store, Linker& linker) {
  auto func = [&](const char* name, std::vector<ValType> params) {
    FuncType ft;
    ft.params = std::move(params);
    linker.define("spectest", name,
                  Extern{ExternKind::Func, store.new_host_func(ft, print_nothing, nullptr, std::string("spectest.") + name)});
  };
  func("print", {});
  func("print_i32", {kI32});
  func("print_i64", {kI64});
  func("print_f32", {kF32});
  func("print_f64", {kF64});
  func("print_i32_f32", {kI32, kF32});
  func("print_f64_f64", {kF64, kF64});

  auto global = [&](const char* name, ValType t, uint64_t bits) {
    RawValue v{};
    v.i64 = bits;
    linker.define("spectest", name, Extern{ExternKind::Global, store.new_global(GlobalType{t, false}, v)});
  };
  global("global_i32", kI32, 666);
  global("global_i64", kI64, 666);
  global("global_f32", kF32, std::bit_cast<uint32_t>(666.6f));
  global("global_f64", kF64, std::bit_cast<uint64_t>(666.6));

  TableType tt;
  tt.elem = kFuncRef;
  tt.limits.min = 10;
  tt.limits.has_max = true;
  tt.limits.max = 20;
  linker.define("spectest", "table", Extern{ExternKind::Table, NP_TRY(store.new_table(tt, nullptr))});
  tt.limits.is64 = true;
  linker.define("spectest", "table64", Extern{ExternKind::Table, NP_TRY(store.new_table(tt, nullptr))});

  MemoryType mt;
  mt.limits.min = 1;
  mt.limits.has_max = true;
  mt.limits.max = 2;
  // Fails where the address space is too small for a guarded memory (ulimit -v).
  linker.define("spectest", "memory", Extern{ExternKind::Memory, NP_TRY(store.new_memory(mt))});
  return {};
}

}  // namespace nanoproc
