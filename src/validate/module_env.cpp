#include "validate/module_env.h"

#include <cstring>

#include <fmt/format.h>

namespace nanoproc {

std::string Site::str() const {
  std::string s = fmt::format("{} {}", what, index);
  if (import) s += fmt::format(" (\"{}\" \"{}\")", import->module, import->name);
  if (part) {
    s += ' ';
    s += part;
    if (std::strcmp(part, "item") == 0) s += fmt::format(" {}", item);
  }
  return s;
}

void ModuleEnv::build() {
  funcs.clear();
  tables.clear();
  memories.clear();
  globals.clear();
  tags.clear();
  for (const Import& imp : m.imports) {
    switch (imp.kind) {
      case ExternKind::Func: funcs.push_back(imp.func_type); break;
      case ExternKind::Table: tables.push_back(imp.table); break;
      case ExternKind::Memory: memories.push_back(imp.memory); break;
      case ExternKind::Global: globals.push_back(imp.global); break;
      case ExternKind::Tag: tags.push_back(imp.tag.type_index); break;
    }
  }
  imported_funcs = static_cast<uint32_t>(funcs.size());
  imported_tables = static_cast<uint32_t>(tables.size());
  imported_memories = static_cast<uint32_t>(memories.size());
  imported_globals = static_cast<uint32_t>(globals.size());
  imported_tags = static_cast<uint32_t>(tags.size());
  for (const Function& f : m.functions) funcs.push_back(f.type_index);
  for (const Table& t : m.tables) tables.push_back(t.type);
  for (const Memory& mem : m.memories) memories.push_back(mem.type);
  for (const Global& g : m.globals) globals.push_back(g.type);
  for (const Tag& t : m.tags) tags.push_back(t.type.type_index);
  elem_types.clear();
  for (const ElemSegment& e : m.elems) elem_types.push_back(e.type);
  num_datas = static_cast<uint32_t>(m.datas.size());
  has_data_count = m.data_count.has_value();
  declared_funcs.assign(funcs.size(), 0);
}

}  // namespace nanoproc
