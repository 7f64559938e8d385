// C++ generators for host glue (targets src/witx/runtime/guest.h):
//  - <base>_types.h: one C++ type per witx typename, its guest layout static_assert'ed, with
//    guest_store/guest_load (field by field, padding zeroed) and is_valid() for types that
//    can hold invalid enum/flags/tag values;
//  - <base>_host.h/.cpp: per module an abstract interface class (one virtual method per
//    function, typed arguments), one adapter per function (raw core args -> checked, typed
//    call -> errno/results written back), and the registration table;
//  - <from>_from_<to>.h/.cpp (gen_snapshot.h): an older snapshot implemented on a newer one.
#pragma once
#include <string>
#include <vector>

#include "util/expected.h"
#include "witx/ast.h"

namespace nanoproc::witx {

struct GeneratedFile {
  std::string name;  // file name (no directory)
  std::string text;
};

struct CppOptions {
  std::string ns = "nanoproc::wasi";  // namespace of the generated code
  std::string include_prefix;         // prepended to #include of sibling generated files
  std::string basename;               // output file base name; default: the first module's name
  std::string source;                 // shown in the "generated from" header line
};

Expected<std::vector<GeneratedFile>> generate_cpp_host(const Document& doc, const CppOptions& opt);

// ---- shared with the snapshot adapter generator ----

std::string cpp_basename(const Document& doc, const CppOptions& opt);

// The C++ spelling of a type use. `qual` is prepended to generated type names (e.g. "p1::").
// `param` selects the interface-parameter form (list elements are const). Fails for
// anonymous types the generators do not name (tuples and variants outside results).
Expected<std::string> cpp_type(const TypeRef& r, bool param, const std::string& qual = {});

// Does a value of this type need is_valid() (it contains an enum, flags or variant tag)?
bool needs_validation(const TypeRef& r);
bool needs_validation(const Type& t);

// The C++ spelling of the interface method's result type for f, e.g. "Result<Size, Errno>",
// "HostResult" (no result / noreturn).
Expected<std::string> cpp_result_type(const Func& f, const std::string& qual = {});

// One interface-method argument: a witx parameter, or a pointer+length pair folded into
// one slice.
struct CppArg {
  std::string name;        // C++ identifier
  std::string type;        // C++ type
  size_t param = 0;        // index of the (first) witx parameter
  bool pair = false;       // pointer + `_len` folded into a GuestSlice
  bool by_address = false; // record/variant passed by address, loaded by the adapter
};
Expected<std::vector<CppArg>> cpp_args(const Func& f, const std::string& qual = {});

// The <base>_types.h text.
Expected<std::string> generate_cpp_types(const Document& doc, const CppOptions& opt);

std::string cpp_generated_header_comment(const CppOptions& opt, std::string_view what);

}  // namespace nanoproc::witx
