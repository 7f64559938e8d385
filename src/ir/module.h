// The module model: what a decoded binary or a parsed text module is. Function bodies and
// constant expressions are kept in their binary encoding (the text parser encodes them), so
// every later stage walks one format with one instruction reader (binary/instr_reader.h).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ir/types.h"

namespace nanoproc {

// A constant expression in binary form, including its final `end` (0x0B).
struct ConstExpr {
  std::vector<uint8_t> bytes;
  uint64_t offset = 0;  // byte offset in the original binary, for diagnostics
  bool operator==(const ConstExpr& o) const { return bytes == o.bytes; }
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t func_type = 0;  // kind == Func: type index
  TableType table;         // kind == Table
  MemoryType memory;       // kind == Memory
  GlobalType global;       // kind == Global
  TagType tag;             // kind == Tag
  bool operator==(const Import&) const = default;
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
  bool operator==(const Export&) const = default;
};

struct LocalDecl {
  uint32_t count = 0;
  ValType type;
  bool operator==(const LocalDecl&) const = default;
};

struct Function {
  uint32_t type_index = 0;
  std::vector<LocalDecl> locals;  // run-length, as in the binary
  std::vector<uint8_t> body;      // instructions, ending with `end`
  uint64_t body_offset = 0;       // byte offset of `body` in the original binary
  bool operator==(const Function& o) const {
    return type_index == o.type_index && locals == o.locals && body == o.body;
  }
};

struct Table {
  TableType type;
  std::optional<ConstExpr> init;  // Wasm 3.0 table with explicit initialiser (0x40 0x00)
  bool operator==(const Table&) const = default;
};

struct Memory {
  MemoryType type;
  bool operator==(const Memory&) const = default;
};

struct Global {
  GlobalType type;
  ConstExpr init;
  bool operator==(const Global&) const = default;
};

struct Tag {
  TagType type;
  bool operator==(const Tag&) const = default;
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

struct ElemSegment {
  SegmentMode mode = SegmentMode::Active;
  uint32_t table = 0;
  ConstExpr offset;  // Active only
  ValType type = kFuncRef;
  // Exactly one of these is used, by how the segment was encoded (flags bit 2).
  bool uses_exprs = false;
  std::vector<uint32_t> func_indices;
  std::vector<ConstExpr> exprs;
  // The binary flags byte (0..7), kept so that re-encoding reproduces the same form.
  uint8_t flags = 0;
  uint32_t size() const { return uses_exprs ? uint32_t(exprs.size()) : uint32_t(func_indices.size()); }
  bool operator==(const ElemSegment&) const = default;
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Active;
  uint32_t memory = 0;
  ConstExpr offset;  // Active only
  std::vector<uint8_t> bytes;
  uint8_t flags = 0;  // binary flags (0, 1 or 2)
  bool operator==(const DataSegment&) const = default;
};

// Where a custom section sat in the binary: after the last non-custom section with this id
// (0 = before any).
struct CustomSection {
  std::string name;
  std::vector<uint8_t> bytes;
  uint8_t after_section = 0;
  bool operator==(const CustomSection&) const = default;
};

// The parts of the `name` custom section nanoproc uses for diagnostics.
struct NameMap {
  std::string module_name;
  std::unordered_map<uint32_t, std::string> functions;
  std::unordered_map<uint32_t, std::unordered_map<uint32_t, std::string>> locals;
  bool empty() const { return module_name.empty() && functions.empty() && locals.empty(); }
};

struct Module {
  std::vector<SubType> types;
  std::vector<RecGroup> rec_groups;
  std::vector<Import> imports;
  std::vector<Function> functions;  // defined functions only
  std::vector<Table> tables;        // defined tables only
  std::vector<Memory> memories;     // defined memories only
  std::vector<Global> globals;      // defined globals only
  std::vector<Tag> tags;            // defined tags only
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElemSegment> elems;
  std::vector<DataSegment> datas;
  std::optional<uint32_t> data_count;
  std::vector<CustomSection> customs;
  NameMap names;  // parsed from the `name` custom section (which also stays in customs)

  // Number of imports of each kind: the imported entities come first in each index space.
  uint32_t num_imported_funcs = 0;
  uint32_t num_imported_tables = 0;
  uint32_t num_imported_memories = 0;
  uint32_t num_imported_globals = 0;
  uint32_t num_imported_tags = 0;

  // Recomputes the num_imported_* counts from `imports`.
  void count_imports();

  uint32_t num_funcs() const { return num_imported_funcs + uint32_t(functions.size()); }
  uint32_t num_tables() const { return num_imported_tables + uint32_t(tables.size()); }
  uint32_t num_memories() const { return num_imported_memories + uint32_t(memories.size()); }
  uint32_t num_globals() const { return num_imported_globals + uint32_t(globals.size()); }
  uint32_t num_tags() const { return num_imported_tags + uint32_t(tags.size()); }

  // Index-space lookups (callers check the index is in range first).
  uint32_t func_type_index(uint32_t func) const;
  TableType table_type(uint32_t table) const;
  MemoryType memory_type(uint32_t mem) const;
  GlobalType global_type(uint32_t global) const;
  TagType tag_type(uint32_t tag) const;
  // The import that defines entity `index` of `kind`, or nullptr if it is defined here.
  const Import* import_of(ExternKind kind, uint32_t index) const;

  // The function's name for diagnostics: the name section's, else an export name, else
  // "func[N]".
  std::string func_display_name(uint32_t func) const;

  // Structural equality; ignores byte offsets (the round-trip property).
  bool operator==(const Module& o) const;
};

}  // namespace nanoproc
