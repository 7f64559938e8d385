// Pieces of the binary decoder shared by its files (not a public interface).
//
// Section readers all read from ONE ByteReader spanning the whole input, exactly like the
// reference interpreter: a section's contents are not confined to its declared size while
// they are read; afterwards the section loop checks that exactly `size` bytes were used
// ("section size mismatch"). This is what makes our messages agree with the spec tests
// (e.g. a vector that claims more elements than its section holds runs into the next
// section and fails there with "length out of bounds"). Every read is still bounded by the
// end of the input, and every error is sticky in the reader with its absolute offset.
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "ir/module.h"
#include "util/byte_reader.h"

namespace nanoproc::decode_detail {

// Wasm section ids.
enum SectionId : uint8_t {
  kCustom = 0,
  kType = 1,
  kImport = 2,
  kFunction = 3,
  kTable = 4,
  kMemory = 5,
  kGlobal = 6,
  kExport = 7,
  kStart = 8,
  kElem = 9,
  kCode = 10,
  kData = 11,
  kDataCount = 12,
  kTag = 13,
};
inline constexpr uint8_t kMaxSectionId = 13;

// Implementation limit on the locals of one function (as web engines do); larger counts
// are reported like the spec's own limit, "too many locals".
inline constexpr uint64_t kMaxFunctionLocals = 50000;

// A length or vector count (u32). Like the spec's `len32`, it may not exceed the bytes
// left in the input counted from the length itself: "length out of bounds".
uint32_t read_len(ByteReader& r);

// How many elements to reserve for a vector of `n` elements of at least `min_size` bytes
// each: never more than the remaining input could hold, so hostile counts cannot drive
// large allocations.
inline size_t reserve_hint(const ByteReader& r, uint32_t n, size_t min_size) {
  return std::min<size_t>(n, r.remaining() / min_size);
}

// A name: length, bytes, and a UTF-8 check ("malformed UTF-8 encoding").
std::string read_name(ByteReader& r);

// A constant expression up to and including its final `end`, found by walking it with
// InstrReader (nested blocks are counted, so it ends where the spec's decoder ends it).
ConstExpr read_const_expr(ByteReader& r);

// `page_size_log2` non-null (memories only): accept a custom page size and store it there.
Limits read_limits(ByteReader& r, bool memory, uint32_t* page_size_log2);
TableType read_table_type(ByteReader& r);
MemoryType read_memory_type(ByteReader& r, bool custom_page_sizes);
GlobalType read_global_type(ByteReader& r);
TagType read_tag_type(ByteReader& r);
bool read_mutability(ByteReader& r);

// The section readers. Each appends to `m`; errors stay in `r`.
void read_type_section(ByteReader& r, Module& m);
// `custom_page_sizes`: DecodeOptions::custom_page_sizes (memory types).
void read_import_section(ByteReader& r, Module& m, bool custom_page_sizes);
void read_function_section(ByteReader& r, Module& m);
void read_table_section(ByteReader& r, Module& m);
void read_memory_section(ByteReader& r, Module& m, bool custom_page_sizes);
void read_tag_section(ByteReader& r, Module& m);
void read_global_section(ByteReader& r, Module& m);
void read_export_section(ByteReader& r, Module& m);
void read_start_section(ByteReader& r, Module& m);
void read_elem_section(ByteReader& r, Module& m);
void read_data_count_section(ByteReader& r, Module& m);
void read_data_section(ByteReader& r, Module& m);
// Fills the bodies of the functions declared by the function section; returns how many
// bodies the section holds (the caller compares it with the function count).
uint32_t read_code_section(ByteReader& r, Module& m);

// Error path only. The spec's decoder reads bodies instruction by instruction from the
// whole input, so an instruction cut short by its body's declared size makes it fail
// inside that instruction, or with "section size mismatch", where we (copying bodies by
// size) fail later, somewhere after the code section. This walks the decoded bodies the
// spec's way and returns the error it would have reported, if any.
std::optional<Error> body_overrun_error(std::span<const uint8_t> input, const Module& m);

// Parses a `name` section payload into `out`. Returns false (leaving `out` empty) if it
// is malformed; custom sections are never a reason to reject a module.
bool parse_name_section(std::span<const uint8_t> payload, NameMap& out);

}  // namespace nanoproc::decode_detail
