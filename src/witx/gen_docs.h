// Generators for guest programs and readers: a C header for clang --target=wasm32-wasi
// (no wasi-libc needed) and Markdown reference documentation.
#pragma once
#include <string>

#include "util/expected.h"
#include "witx/ast.h"

namespace nanoproc::witx {

struct CHeaderOptions {
  std::string prefix = "wasi_";  // prefix of every C name (types, functions); macros use it upper-cased
  std::string source;            // shown in the "generated from" line
};

// Types (with _Static_assert'ed layouts), constants and import declarations of every
// module function with its witx ABI signature.
Expected<std::string> generate_c_header(const Document& doc, const CHeaderOptions& opt);

// Reference documentation: modules and functions (with core signatures), then every type
// with its layout.
Expected<std::string> generate_markdown(const Document& doc, const std::string& source);

}  // namespace nanoproc::witx
