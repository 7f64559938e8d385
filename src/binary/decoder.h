// Binary decoder: bytes -> Module. Checks everything the binary format itself requires
// (magic/version, section ids, order and sizes, LEB128 forms, UTF-8 names, vector lengths,
// function/code and data-count consistency); type rules are the validator's job.
//
// Division of labour with the validator (it walks every body once anyway):
// - Function bodies are copied into Function::body undecoded (after the locals). Their
//   instruction encoding (illegal opcodes, malformed immediates, a missing final `end`)
//   and the spec's "data count section required" (memory.init / data.drop without a data
//   count section, i.e. !Module::data_count) are reported by the validator, with
//   ErrorKind::Malformed and the spec's messages.
// - Constant expressions ARE walked here (to find their end), so malformed instructions
//   in them fail decoding.
// - Limits are read as u64 (Wasm 3.0); checking them against the address type and the
//   page/table maxima is validation.
//
// Module details the decoder fills:
// - Element segments of the function-index forms (flags 0-3) have type (ref func),
//   non-null, as Wasm 3.0 defines; flags 4 has funcref.
// - A table without an explicit initialiser has no Table::init (it is ref.null of its type).
// - Module::names comes from the first well-formed `name` section; the section itself
//   stays in Module::customs.
// - Locals: more than 50000 in one function (an implementation limit, as in web engines;
//   the spec's own limit is 2^32-1) is "too many locals".
#pragma once
#include <cstdint>
#include <span>

#include "ir/module.h"
#include "util/expected.h"

namespace nanoproc {

struct DecodeOptions {
  // Parse the `name` custom section into Module::names (malformed name sections are
  // ignored, as the spec requires for custom sections).
  bool parse_names = true;
  // Accept the custom-page-sizes proposal's memory types (limits flag bit 3, then the
  // page size's log2 as a u32), which the text format, encoder and validator support.
  // Off by default: Wasm 3.0 requires bit 3 to be malformed (binary.wast tests it).
  bool custom_page_sizes = false;
};

// Errors are ErrorKind::Malformed with the byte offset of the problem in loc().offset.
Expected<Module> decode_module(std::span<const uint8_t> bytes, const DecodeOptions& opts = {});

}  // namespace nanoproc
