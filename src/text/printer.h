// Text printer (wasm2wat): Module -> the WebAssembly text format, flat (non-folded)
// instructions, one per line, indented by block depth.
//
// The output parses back (parse_wat) to the same module up to what the text format
// leaves to the encoder: element/data segment forms, `sub final` / single-type `rec`
// wrappers, the data count section, and custom sections other than those printed as
// `(@custom ...)` annotations. Floats are printed exactly (integers in decimal, other
// values as hex floats, NaNs as nan:0x<payload>), so constants keep their bits.
//
// Names come from the `name` section: a function or local name is printed as `$id`
// where it is a valid, unique identifier; everything else is numeric, with a `(;N;)`
// comment giving the index. The printer never fails: modules that decoded but do not
// validate (out-of-range indices, malformed bodies) print their indices numerically
// and a `;; malformed ...` comment where a body cannot be walked.
#pragma once
#include <string>

#include "ir/module.h"

namespace nanoproc {

struct PrintOptions {
  // Print custom sections (except `name`, which becomes `$id`s) as `(@custom ...)`
  // annotations. Tools without annotation support need this off.
  bool custom_annotations = true;
};

std::string print_module(const Module& m, const PrintOptions& opts = {});

}  // namespace nanoproc
