// Pieces of the text printer shared by its files (not a public interface).
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "binary/instr.h"
#include "ir/module.h"

namespace nanoproc::print_detail {

// out += ' ' + s, without a temporary string (g++ 12 warns falsely on "x" + std::string).
inline void append_word(std::string& out, std::string_view s) {
  out += ' ';
  out += s;
}

// Exact text for IEEE bits: "1", "-0", "0x1.8p-3", "inf", "-nan", "nan:0x200000".
std::string f32_text(uint32_t bits);
std::string f64_text(uint64_t bits);

// A string literal with quotes; bytes outside printable ASCII are escaped as \hh.
void append_string(std::string& out, std::span<const uint8_t> bytes);
void append_string(std::string& out, std::string_view s);

// True if `s` can be written as `$s` (non-empty, only identifier characters).
bool is_identifier(std::string_view s);

std::string val_type_text(ValType t);
std::string ref_type_text(HeapType h, bool nullable);
std::string heap_type_text(HeapType h);

// The `$id`s the printer uses ("" where an entity is printed by index).
struct PrintNames {
  std::string module;
  std::vector<std::string> funcs;  // by function index, imports included
  // Local names of one function, indexed by local index ("" = none).
  std::vector<std::string> locals_of(const Module& m, uint32_t func, uint32_t num_locals) const;
};
PrintNames make_names(const Module& m);

// How an index operand is written: its `$id` if it has one, else the number.
std::string func_ref(const PrintNames& n, uint32_t func);

// Context for printing instructions of one function (or a constant expression).
struct InstrContext {
  const Module& m;
  const PrintNames& names;
  const std::vector<std::string>* locals = nullptr;  // null in constant expressions
};

// Appends the instruction's keyword and immediates (no newline).
void append_instr(std::string& out, const InstrContext& cx, const Instr& in);

// Appends a function body as indented lines (without its final `end`).
void append_body(std::string& out, const InstrContext& cx, std::span<const uint8_t> body,
                 uint64_t offset, int indent);

// Appends a constant expression inline: each instruction folded, " (i32.const 1)".
void append_expr(std::string& out, const InstrContext& cx, const ConstExpr& e);

}  // namespace nanoproc::print_detail
