// reflect: a module's imports and exports with their full types, before instantiating it.
#include <cstdio>

#include "example.h"

using namespace nanoproc::api;

int main() {
  Engine engine;
  Module module = check(Module::from_file(engine, "reflect.wasm"), "compile reflect.wasm");

  std::printf("imports:\n");
  for (const Module::ImportDesc& i : module.imports())
    std::printf("  %s.%s: %s\n", i.module.c_str(), i.name.c_str(), i.type.to_string().c_str());
  std::printf("exports:\n");
  for (const Module::ExportDesc& e : module.exports())
    std::printf("  %s: %s\n", e.name.c_str(), e.type.to_string().c_str());

  // The same, field by field.
  for (const Module::ExportDesc& e : module.exports()) {
    switch (e.kind) {
      case ExternType::Func:
        std::printf("%s: func with %zu params and %zu results\n", e.name.c_str(), e.type.func.params.size(),
                    e.type.func.results.size());
        break;
      case ExternType::Global:
        std::printf("%s: %s global of %s\n", e.name.c_str(), e.type.global.is_mutable ? "mutable" : "constant",
                    val_type_name(e.type.global.type));
        break;
      case ExternType::Table:
        std::printf("%s: table of %s, %llu to %llu elements\n", e.name.c_str(), val_type_name(e.type.table.element),
                    (unsigned long long)e.type.table.limits.min,
                    (unsigned long long)e.type.table.limits.max.value_or(0));
        break;
      case ExternType::Memory:
        std::printf("%s: memory of %llu pages of %u bytes, %s\n", e.name.c_str(),
                    (unsigned long long)e.type.memory.limits.min, e.type.memory.page_size,
                    e.type.memory.limits.max ? "bounded" : "unbounded");
        break;
      case ExternType::Tag: std::printf("%s: tag\n", e.name.c_str()); break;
    }
  }
}
