// Helpers shared by the generators: identifier spelling, doc comments, type descriptions.
#pragma once
#include <string>
#include <string_view>

#include "witx/ast.h"

namespace nanoproc::witx {

// "subscription_clock" -> "SubscriptionClock"; "wasi_snapshot_preview1" -> "WasiSnapshotPreview1".
std::string pascal_case(std::string_view name);
// "2big" -> "_2big", "int" -> "int_": a valid C/C++ identifier (no reserved global names).
std::string c_ident(std::string_view name);
// Upper-case form for C macros: "fd_read" -> "FD_READ".
std::string upper_case(std::string_view name);

// Writes `docs` as comment lines ("/// ..." for C++, " * ..." style is not used) with the
// given indentation; nothing if docs is empty.
std::string doc_comment(std::string_view docs, std::string_view indent, std::string_view marker = "///");

// A function's docs followed by those of its parameters and results ("`fd`: ...").
std::string function_docs(const Func& f);

// witx-like spelling of a type use: "$fd", "u32", "(list $iovec)", "string",
// "(@witx pointer u8)", "(expected $size (error $errno))", ...
std::string witx_type_string(const TypeRef& r);
// The full structural definition of a type (named parts by name): "(record (field $a u8) ...)".
std::string witx_definition_string(const Type& t);

// For a witx pointer parameter followed by `<name>_len` of a 32-bit unsigned type: the pair is
// one (address, count) argument in generated interfaces.
bool is_pointer_length_pair(const Func& f, size_t param_index);

// The enum type of the error case of a function's `expected` result, if any.
const Type* error_enum(const Func& f);
const TypeRef* error_enum_ref(const Func& f);

// A case index by name in an enum (or -1).
int enum_case_index(const Type& e, std::string_view name);

}  // namespace nanoproc::witx
