// The witx function ABI ("preview1", tools/witx/src/abi.rs in WebAssembly/WASI wasi-0.1):
// how each interface function lowers to a core wasm signature.
//
// Parameters: integers, chars, handles, pointers and enums become one i32 (u64/s64: i64,
// f32/f64: themselves); flags become their repr integer (i64 for u64 flags); a list or
// string becomes (address, count) i32s; any other record or variant is passed by address
// (one i32). witx quirk kept as is: an enum parameter is always an i32, even with a u64 tag.
//
// Results: at most one. A scalar (integer, float, handle, pointer, flags) is returned
// directly. An `expected` returns its error code (the tag, 0 = ok) as the core result and
// writes its ok value through return pointers appended to the parameters: one per element
// if the ok type is an anonymous tuple, otherwise one. Result ok/err types must be named.
#pragma once
#include "util/expected.h"
#include "witx/ast.h"

namespace nanoproc::witx {

// Checks f's results against the ABI's rules and fills f.core. Parameter and result types
// must be resolved.
Status lower_function(Func& f);

CoreType core_type_of_param(const Type& t);  // the first (or only) core type of a parameter

std::string core_signature_string(const CoreSignature& s);  // "(i32 i64 i32) -> (i32)"

}  // namespace nanoproc::witx
