// nanoproc inspect FILE: a readable summary of a module.
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "binary/encoder.h"
#include "cli/cli_app.h"
#include "cli/commands.h"
#include "cli/load.h"
#include "util/byte_reader.h"
#include "util/file.h"

namespace nanoproc::cli {
namespace {

const char* section_name(uint8_t id) {
  static const char* names[] = {"custom", "type", "import", "function", "table", "memory", "global",
                                "export", "start", "element", "code", "data", "datacount", "tag"};
  return id < 14 ? names[id] : "unknown";
}

std::string limits_str(const Limits& l) {
  std::string s = l.is64 ? "i64 " : "";
  s += std::to_string(l.min);
  if (l.has_max) s += fmt::format("..{}", l.max);
  if (l.shared) s += " shared";
  return s;
}

std::string func_type_str(const Module& m, uint32_t type_index) {
  if (type_index >= m.types.size() || m.types[type_index].composite.kind != CompositeKind::Func)
    return fmt::format("(type {})", type_index);
  const FuncType& ft = m.types[type_index].composite.func;
  std::string s = "(";
  for (size_t i = 0; i < ft.params.size(); ++i) s += (i ? ", " : "") + to_string(ft.params[i]);
  s += ") -> (";
  for (size_t i = 0; i < ft.results.size(); ++i) s += (i ? ", " : "") + to_string(ft.results[i]);
  return s + ")";
}

std::string composite_str(const Module& m, const SubType& st) {
  switch (st.composite.kind) {
    case CompositeKind::Func: return "func " + func_type_str(m, uint32_t(&st - m.types.data()));
    case CompositeKind::Struct: {
      std::string s = "struct {";
      for (size_t i = 0; i < st.composite.struct_.fields.size(); ++i) {
        const auto& f = st.composite.struct_.fields[i];
        s += fmt::format("{}{}{}", i ? ", " : "", f.mut ? "mut " : "", to_string(f.type));
      }
      return s + "}";
    }
    case CompositeKind::Array: {
      const auto& f = st.composite.array.field;
      return fmt::format("array [{}{}]", f.mut ? "mut " : "", to_string(f.type));
    }
  }
  return "?";
}

std::string human_size(uint64_t n) {
  if (n < 10 * 1024) return fmt::format("{} B", n);
  if (n < 10 * 1024 * 1024) return fmt::format("{:.1f} KiB", n / 1024.0);
  return fmt::format("{:.1f} MiB", n / (1024.0 * 1024.0));
}

void print_sections(const std::vector<uint8_t>& bytes) {
  ByteReader r(bytes.data(), bytes.data() + bytes.size());
  r.skip(8);
  std::printf("sections:\n");
  while (r.ok() && !r.at_end()) {
    uint64_t at = r.offset();
    uint8_t id = r.u8();
    uint32_t size = r.u32();
    if (!r.ok() || size > r.remaining()) break;
    std::string extra;
    if (id == 0) {
      ByteReader cr(r.pos(), r.pos() + size);
      extra = fmt::format(" \"{}\"", cr.name());
    }
    std::printf("  %-10s at %#8llx  %10s%s\n", section_name(id), (unsigned long long)at,
                human_size(size).c_str(), extra.c_str());
    r.skip(size);
  }
}

}  // namespace

int cmd_inspect(int argc, char** argv) {
  CLI::App app{"Summarise a module: sections, types, imports, exports, sizes.", "nanoproc inspect"};
  std::string file;
  bool all_types = false;
  app.add_option("FILE", file, ".wasm or .wat file")->required();
  app.add_flag("--all", all_types, "list every type and function instead of the first 50");
  if (int rc = parse_args(app, argc, argv); rc >= 0) return rc;

  auto loaded = load_module(file);
  if (!loaded) {
    std::fprintf(stderr, "%s error: %s\n", error_kind_name(loaded.error().kind()), loaded.error().to_string().c_str());
    return 1;
  }
  const Module& m = loaded->module;
  std::vector<uint8_t> bytes;
  if (loaded->from_text) bytes = encode_module(m);
  else if (auto b = read_file(file)) bytes = std::move(*b);

  std::printf("%s: %s module, %s\n", file.c_str(), loaded->from_text ? "text" : "binary",
              human_size(loaded->file_size).c_str());
  if (!m.names.module_name.empty()) std::printf("name: %s\n", m.names.module_name.c_str());
  print_sections(bytes);

  const size_t limit = all_types ? SIZE_MAX : 50;
  std::printf("types: %zu in %zu rec groups\n", m.types.size(), m.rec_groups.size());
  for (size_t i = 0; i < m.types.size() && i < limit; ++i) {
    const SubType& st = m.types[i];
    std::string sub;
    if (!st.supertypes.empty()) sub = fmt::format(" <: {}", st.supertypes[0]);
    if (!st.final) sub += " (open)";
    std::printf("  %4zu: %s%s\n", i, composite_str(m, st).c_str(), sub.c_str());
  }
  if (m.types.size() > limit) std::printf("  ... %zu more\n", m.types.size() - limit);

  std::printf("imports: %zu\n", m.imports.size());
  for (const auto& imp : m.imports) {
    std::string desc;
    switch (imp.kind) {
      case ExternKind::Func: desc = func_type_str(m, imp.func_type); break;
      case ExternKind::Table: desc = to_string(imp.table.elem) + " " + limits_str(imp.table.limits); break;
      case ExternKind::Memory: desc = limits_str(imp.memory.limits) + " pages"; break;
      case ExternKind::Global: desc = (imp.global.mut ? "mut " : "") + to_string(imp.global.type); break;
      case ExternKind::Tag: desc = func_type_str(m, imp.tag.type_index); break;
    }
    std::printf("  %-6s \"%s\" \"%s\" %s\n", extern_kind_name(imp.kind), imp.module.c_str(), imp.name.c_str(), desc.c_str());
  }
  std::printf("exports: %zu\n", m.exports.size());
  for (const auto& e : m.exports) {
    std::string desc;
    if (e.kind == ExternKind::Func && e.index < m.num_funcs()) desc = func_type_str(m, m.func_type_index(e.index));
    std::printf("  %-6s \"%s\" -> %u %s\n", extern_kind_name(e.kind), e.name.c_str(), e.index, desc.c_str());
  }
  uint64_t code_bytes = 0;
  for (const auto& f : m.functions) code_bytes += f.body.size();
  std::printf("functions: %zu defined + %u imported, %s of code\n", m.functions.size(), m.num_imported_funcs,
              human_size(code_bytes).c_str());
  for (size_t i = 0; i < m.tables.size(); ++i)
    std::printf("table %zu: %s %s\n", i + m.num_imported_tables, to_string(m.tables[i].type.elem).c_str(),
                limits_str(m.tables[i].type.limits).c_str());
  for (size_t i = 0; i < m.memories.size(); ++i)
    std::printf("memory %zu: %s pages\n", i + m.num_imported_memories, limits_str(m.memories[i].type.limits).c_str());
  std::printf("globals: %zu defined + %u imported\n", m.globals.size(), m.num_imported_globals);
  if (!m.tags.empty() || m.num_imported_tags) std::printf("tags: %zu defined + %u imported\n", m.tags.size(), m.num_imported_tags);
  uint64_t data_bytes = 0;
  for (const auto& d : m.datas) data_bytes += d.bytes.size();
  std::printf("element segments: %zu, data segments: %zu (%s)\n", m.elems.size(), m.datas.size(), human_size(data_bytes).c_str());
  if (m.start) std::printf("start: func %u (%s)\n", *m.start, m.func_display_name(*m.start).c_str());
  for (const auto& c : m.customs) std::printf("custom section \"%s\": %s\n", c.name.c_str(), human_size(c.bytes.size()).c_str());
  return 0;
}

}  // namespace nanoproc::cli
