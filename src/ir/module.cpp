#include "ir/module.h"

#include <fmt/format.h>

namespace nanoproc {

void Module::count_imports() {
  num_imported_funcs = num_imported_tables = num_imported_memories = 0;
  num_imported_globals = num_imported_tags = 0;
  for (const auto& imp : imports) {
    switch (imp.kind) {
      case ExternKind::Func: ++num_imported_funcs; break;
      case ExternKind::Table: ++num_imported_tables; break;
      case ExternKind::Memory: ++num_imported_memories; break;
      case ExternKind::Global: ++num_imported_globals; break;
      case ExternKind::Tag: ++num_imported_tags; break;
    }
  }
}

const Import* Module::import_of(ExternKind kind, uint32_t index) const {
  uint32_t n = 0;
  for (const auto& imp : imports) {
    if (imp.kind != kind) continue;
    if (n == index) return &imp;
    ++n;
  }
  return nullptr;
}

uint32_t Module::func_type_index(uint32_t func) const {
  if (func < num_imported_funcs) return import_of(ExternKind::Func, func)->func_type;
  return functions[func - num_imported_funcs].type_index;
}

TableType Module::table_type(uint32_t t) const {
  if (t < num_imported_tables) return import_of(ExternKind::Table, t)->table;
  return tables[t - num_imported_tables].type;
}

MemoryType Module::memory_type(uint32_t m) const {
  if (m < num_imported_memories) return import_of(ExternKind::Memory, m)->memory;
  return memories[m - num_imported_memories].type;
}

GlobalType Module::global_type(uint32_t g) const {
  if (g < num_imported_globals) return import_of(ExternKind::Global, g)->global;
  return globals[g - num_imported_globals].type;
}

TagType Module::tag_type(uint32_t t) const {
  if (t < num_imported_tags) return import_of(ExternKind::Tag, t)->tag;
  return tags[t - num_imported_tags].type;
}

std::string Module::func_display_name(uint32_t func) const {
  if (auto it = names.functions.find(func); it != names.functions.end()) return it->second;
  for (const auto& e : exports)
    if (e.kind == ExternKind::Func && e.index == func) return e.name;
  return fmt::format("func[{}]", func);
}

bool Module::operator==(const Module& o) const {
  return types == o.types && rec_groups == o.rec_groups && imports == o.imports &&
         functions == o.functions && tables == o.tables && memories == o.memories &&
         globals == o.globals && tags == o.tags && exports == o.exports && start == o.start &&
         elems == o.elems && datas == o.datas && data_count == o.data_count &&
         customs == o.customs;
}

}  // namespace nanoproc
