// Types of imports and exports (Module::imports / exports) and their text form.
#include <fmt/format.h>

#include "api/convert.h"
#include "runtime/compiled_module.h"

namespace nanoproc::api {
namespace {

FuncSig sig_of(const FuncType& ft) {
  FuncSig s;
  for (auto t : ft.params) s.params.push_back(to_api(t));
  for (auto t : ft.results) s.results.push_back(to_api(t));
  return s;
}

ExternDesc desc_of(const nanoproc::Module& m, ExternKind kind, uint32_t func_type, const nanoproc::TableType& t,
                   const nanoproc::MemoryType& mem, const nanoproc::GlobalType& g, const TagType& tag) {
  ExternDesc d;
  d.kind = to_api(kind);
  switch (kind) {
    case ExternKind::Func: d.func = sig_of(m.types[func_type].composite.func); break;
    case ExternKind::Tag: d.func = sig_of(m.types[tag.type_index].composite.func); break;
    case ExternKind::Table:
      d.table.element = to_api(t.elem);
      d.table.element_nullable = t.elem.nullable;
      d.table.limits = to_api(t.limits);
      break;
    case ExternKind::Memory:
      d.memory.limits = to_api(mem.limits);
      d.memory.page_size = uint32_t{1} << mem.page_size_log2;
      break;
    case ExternKind::Global:
      d.global.type = to_api(g.type);
      d.global.is_mutable = g.mut;
      break;
  }
  return d;
}

std::string limits_text(const ResizableLimits& l) {
  return fmt::format("{}{}{}{}", l.is64 ? "i64 " : "", l.min, l.max ? fmt::format(" {}", *l.max) : std::string(),
                     l.shared ? " shared" : "");
}

}  // namespace

const char* extern_type_name(ExternType k) {
  switch (k) {
    case ExternType::Func: return "func";
    case ExternType::Table: return "table";
    case ExternType::Memory: return "memory";
    case ExternType::Global: return "global";
    case ExternType::Tag: return "tag";
  }
  return "?";
}

std::string FuncSig::to_string() const {
  std::string out;
  auto list = [&](const char* word, const std::vector<ValType>& ts) {
    if (ts.empty()) return;
    if (!out.empty()) out += ' ';
    out += fmt::format("({}", word);
    for (auto t : ts) out += fmt::format(" {}", val_type_name(t));
    out += ')';
  };
  list("param", params);
  list("result", results);
  return out;
}

std::string ExternDesc::to_string() const {
  std::string out = extern_type_name(kind);
  std::string rest;
  switch (kind) {
    case ExternType::Func:
    case ExternType::Tag: rest = func.to_string(); break;
    case ExternType::Table:
      rest = table.element_nullable
                 ? fmt::format("{} {}", limits_text(table.limits), val_type_name(table.element))
                 : fmt::format("{} (ref {})", limits_text(table.limits), val_type_name(table.element));
      break;
    case ExternType::Memory:
      rest = limits_text(memory.limits);
      if (memory.page_size != 65536) rest += fmt::format(" (pagesize {})", memory.page_size);
      break;
    case ExternType::Global:
      rest = global.is_mutable ? fmt::format("(mut {})", val_type_name(global.type)) : val_type_name(global.type);
      break;
  }
  return rest.empty() ? out : fmt::format("{} {}", out, rest);
}

std::vector<Module::ImportDesc> Module::imports() const {
  const nanoproc::Module& m = impl_->module();
  std::vector<ImportDesc> out;
  for (const auto& i : m.imports)
    out.push_back({i.module, i.name, to_api(i.kind), desc_of(m, i.kind, i.func_type, i.table, i.memory, i.global, i.tag)});
  return out;
}

std::vector<Module::ExportDesc> Module::exports() const {
  const nanoproc::Module& m = impl_->module();
  std::vector<ExportDesc> out;
  for (const auto& e : m.exports) {
    uint32_t ft = 0;
    nanoproc::TableType t;
    nanoproc::MemoryType mem;
    nanoproc::GlobalType g;
    TagType tag;
    switch (e.kind) {
      case ExternKind::Func: ft = m.func_type_index(e.index); break;
      case ExternKind::Table: t = m.table_type(e.index); break;
      case ExternKind::Memory: mem = m.memory_type(e.index); break;
      case ExternKind::Global: g = m.global_type(e.index); break;
      case ExternKind::Tag: tag = m.tag_type(e.index); break;
    }
    out.push_back({e.name, to_api(e.kind), desc_of(m, e.kind, ft, t, mem, g, tag)});
  }
  return out;
}

}  // namespace nanoproc::api
