// ModuleEnv: the index spaces of a module (imports first), flattened once so that function
// validation looks entities up in O(1). Internal to the validator.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "ir/module.h"
#include "validate/type_context.h"
#include "validate/validator.h"

namespace nanoproc {

// Names a module entity in diagnostics ("global 3 initializer", "element segment 2 item 5");
// formatted only when an error is reported, so validating allocates nothing per entity.
struct Site {
  const char* what = "";          // "global", "table", "element segment", ...
  uint64_t index = 0;
  const char* part = nullptr;     // "initializer", "offset", "item"
  uint64_t item = 0;              // part == "item": the item's position
  const Import* import = nullptr; // imported entity: adds its module and field names
  std::string str() const;
};

struct ModuleEnv {
  ModuleEnv(const Module& mod, const TypeContext& tc, const ValidateOptions& o)
      : m(mod), types(tc), opts(o) {}

  const Module& m;
  const TypeContext& types;
  const ValidateOptions& opts;

  // Imported entities come first in each index space.
  uint32_t imported_funcs = 0, imported_tables = 0, imported_memories = 0;
  uint32_t imported_globals = 0, imported_tags = 0;

  std::vector<uint32_t> funcs;  // type index of each function
  std::vector<TableType> tables;
  std::vector<MemoryType> memories;
  std::vector<GlobalType> globals;
  std::vector<uint32_t> tags;  // type index of each tag
  std::vector<ValType> elem_types;
  uint32_t num_datas = 0;
  bool has_data_count = false;
  // Functions that may be named by ref.func inside function bodies: those referenced
  // anywhere outside function bodies (exports, segments, global and table initialisers).
  std::vector<uint8_t> declared_funcs;

  // Fills the index spaces (imports first). Callers validate indices separately.
  void build();
};

}  // namespace nanoproc
