// The WAT module parser (internal to src/text). Two passes over a module's fields:
// pass 1 binds every name of every index space (so forward references work) and checks
// that imports precede definitions; pass 2 parses the type definitions, then every other
// field in order, encoding function bodies and constant expressions with write_instr.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "binary/instr.h"
#include "binary/instr_reader.h"
#include "ir/module.h"
#include "text/cursor.h"
#include "util/byte_writer.h"

namespace nanoproc::text {

enum class Space : uint8_t { Type, Func, Table, Memory, Global, Tag, Elem, Data, Local, Label };
inline constexpr unsigned kNumModuleSpaces = 8;  // Type .. Data
const char* space_name(Space s);                  // "function", "type", ...

struct NameSpace {
  std::unordered_map<std::string, uint32_t> names;
  uint32_t count = 0;
};

// The signature part of a func, tag, block type or call_indirect: an optional
// `(type x)` and inline `(param ...)`/`(result ...)` declarations.
struct TypeUse {
  std::optional<uint32_t> type_index;  // `(type x)` if present
  Token type_token;
  FuncType sig;
  std::vector<std::string> param_names;  // one per sig.params entry; "" if unnamed
  bool has_sig() const { return !sig.params.empty() || !sig.results.empty(); }
};

class WatParser {
 public:
  explicit WatParser(Cursor& c) : c_(c) {}

  // Parses module fields up to (not including) a `)` or the end of input.
  Expected<Module> parse_fields();

 private:
  // ---- wat_module.cpp: passes, fields
  Status scan_field();
  Status bind(Space s, const Token& at);  // binds the optional $id at the cursor
  void bind_anon(Space s) { ++spaces_[unsigned(s)].count; }
  Status check_import_order(const Token& at);
  void note_definition(const char* kind);
  Status parse_field();
  Status func_field();
  Status table_field();
  Status memory_field();
  Status global_field();
  Status tag_field();
  Status import_field();
  Status export_field();
  Status start_field();
  Status elem_field();
  Status data_field();
  Status inline_exports(ExternKind kind, uint32_t index);
  // `(import "m" "n")` inside a definition; fills module/name if present.
  Expected<bool> inline_import(Import* imp);
  Status func_body(uint32_t func_index, const TypeUse& tu, uint32_t type_index);
  Expected<ConstExpr> const_expr();            // instructions up to `)`
  Expected<ConstExpr> offset_expr();           // `(offset ...)` or one folded expression
  Expected<ConstExpr> elem_item();             // `(item ...)` or one folded expression
  Status elem_list(ElemSegment* seg, bool allow_bare_indices);
  void set_elem_flags(ElemSegment* seg);
  Expected<Limits> limits(bool is64);
  Expected<std::string> data_strings();

  // ---- wat_types.cpp: types and type uses
  Status type_definitions();  // pass 2a: every (type ...) and (rec ...) field
  Status type_def(uint32_t type_index);
  Expected<CompositeType> composite_type(uint32_t index);
  Status func_type(FuncType* ft, std::vector<std::string>* names, bool allow_names);
  Expected<FieldType> field_type();
  Expected<ValType> val_type();
  Expected<ValType> storage_type();
  Expected<ValType> ref_type();
  Expected<HeapType> heap_type();
  bool at_val_type() const;
  bool at_ref_type() const;
  Expected<GlobalType> global_type();
  Expected<TableType> table_type();
  Expected<MemoryType> memory_type();
  Expected<uint32_t> page_size();
  // `(type x)? (param ...)* (result ...)*`.
  Status type_use(TypeUse* tu, bool allow_names);
  // The type index a TypeUse denotes; inline signatures reuse or append a type.
  Expected<uint32_t> resolve_type_use(const TypeUse& tu);
  uint32_t inline_func_type(const FuncType& ft);
  const FuncType* func_type_at(uint32_t index) const;

  // ---- wat_instrs.cpp: instruction sequences and structured control, without recursion
  struct Frame;
  Status instrs();  // up to `)`, end of input or an unmatched terminator keyword
  Status folded();  // exactly one folded instruction
  Status parse_instrs(bool one_folded);
  Status flat_instr(std::vector<Frame>& st);
  Status flat_terminator(std::vector<Frame>& st);
  Status open_folded(std::vector<Frame>& st);
  Status folded_if_step(std::vector<Frame>& st);
  Status folded_try_step(std::vector<Frame>& st);
  void push_part(std::vector<Frame>& st);
  Status block_start(Opcode op, std::string* label, Instr* in);
  Status block_type(BlockType* bt);
  Status catch_clauses(std::vector<CatchClause>* out);
  Status check_end_label(const std::string& label);
  void emit(const Instr& in);
  void emit_op(Opcode op) {
    Instr in;
    in.op = op;
    emit(in);
  }

  // ---- wat_immediates.cpp: one plain instruction's immediates
  // Parses the immediates of `op` into `in` (which the caller emits after any operands).
  Status plain(Opcode op, const Token& kw, Instr& in);
  bool at_index() const;
  Expected<uint32_t> index(Space s);
  Expected<uint32_t> label_index();
  Expected<uint32_t> u32_literal();
  Expected<uint32_t> field_index(uint32_t type_index);
  Status memarg(Instr& in);
  Status v128_const(Instr& in);
  Expected<uint8_t> lane_index();
  Status const_literal(Instr& in, ImmKind kind);

  Cursor& c_;
  Module m_;
  std::array<NameSpace, kNumModuleSpaces> spaces_;
  std::vector<std::unordered_map<std::string, uint32_t>> field_names_;  // per type
  std::vector<size_t> field_positions_;  // token index of each field's `(`
  const char* first_definition_ = nullptr;  // kind of the first non-import definition
  bool uses_data_count_ = false;
  // Pass 2 counters: the next index of each kind.
  uint32_t next_func_ = 0, next_table_ = 0, next_memory_ = 0, next_global_ = 0, next_tag_ = 0;
  uint32_t next_elem_ = 0, next_data_ = 0;

  // The body being encoded (a function or a constant expression).
  ByteWriter* out_ = nullptr;
  NameSpace locals_;
  std::vector<std::string> labels_;  // innermost last; "" for unnamed
};

}  // namespace nanoproc::text
