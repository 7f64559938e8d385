// The module-level loop of the binary decoder: header, section ids, order and sizes,
// custom sections, and the cross-section count checks.
#include "binary/decoder.h"

#include "binary/decode_internal.h"
#include "util/byte_reader.h"

namespace nanoproc {
namespace {

using namespace decode_detail;

constexpr uint32_t kMagic = 0x6D736100;  // "\0asm" little-endian
constexpr uint32_t kVersion = 1;

// Position of each non-custom section id in the Wasm 3.0 order (tag sits between memory
// and global, data count between element and code).
constexpr uint8_t order_of(uint8_t id) {
  switch (id) {
    case kType: return 1;
    case kImport: return 2;
    case kFunction: return 3;
    case kTable: return 4;
    case kMemory: return 5;
    case kTag: return 6;
    case kGlobal: return 7;
    case kExport: return 8;
    case kStart: return 9;
    case kElem: return 10;
    case kDataCount: return 11;
    case kCode: return 12;
    case kData: return 13;
    default: return 0;
  }
}

void read_custom_section(ByteReader& r, uint64_t end_at, uint8_t after, Module& m,
                         const DecodeOptions& opts) {
  CustomSection c;
  c.name = read_name(r);
  if (!r.ok()) return;
  // The name may have run past the section's declared size, or the size past the input.
  uint64_t input_end = r.offset() + r.remaining();
  if (r.offset() > end_at || end_at > input_end) {
    r.fail_at(std::min(end_at, input_end), "unexpected end of section or function");
    return;
  }
  size_t n = static_cast<size_t>(end_at - r.offset());
  c.bytes.assign(r.pos(), r.pos() + n);
  c.after_section = after;
  r.skip(n);
  if (opts.parse_names && c.name == "name" && m.names.empty()) parse_name_section(c.bytes, m.names);
  m.customs.push_back(std::move(c));
}

void read_section(ByteReader& r, uint8_t id, Module& m, uint32_t& code_count, bool& has_code,
                  const DecodeOptions& opts) {
  switch (id) {
    case kType: read_type_section(r, m); break;
    case kImport: read_import_section(r, m, opts.custom_page_sizes); break;
    case kFunction: read_function_section(r, m); break;
    case kTable: read_table_section(r, m); break;
    case kMemory: read_memory_section(r, m, opts.custom_page_sizes); break;
    case kTag: read_tag_section(r, m); break;
    case kGlobal: read_global_section(r, m); break;
    case kExport: read_export_section(r, m); break;
    case kStart: read_start_section(r, m); break;
    case kElem: read_elem_section(r, m); break;
    case kDataCount: read_data_count_section(r, m); break;
    case kCode:
      code_count = read_code_section(r, m);
      has_code = true;
      break;
    case kData: read_data_section(r, m); break;
    default: break;
  }
}

Status decode_sections(ByteReader& r, Module& m, const DecodeOptions& opts) {
  // The header. A short input is "unexpected end", as the spec tests expect.
  uint32_t magic = r.u32_fixed();
  if (!r.ok()) return r.take_error();
  if (magic != kMagic) r.fail_at(0, "magic header not detected");
  uint32_t version = r.u32_fixed();
  if (r.ok() && version != kVersion) r.fail_at(4, "unknown binary version");
  if (!r.ok()) return r.take_error();

  uint8_t last_order = 0;
  uint8_t last_id = 0;  // the last non-custom section, for placing custom sections
  uint32_t code_count = 0;
  bool has_code = false;
  uint64_t code_at = 0;
  while (!r.at_end() && r.ok()) {
    uint64_t id_at = r.offset();
    uint8_t id = r.u8();
    if (id > kMaxSectionId) {
      r.fail_at(id_at, "malformed section id");
      break;
    }
    if (id != kCustom) {
      uint8_t order = order_of(id);
      if (order <= last_order) {
        // Duplicate or out of order: the spec's decoder has no place left for it.
        r.fail_at(id_at, "unexpected content after last section");
        break;
      }
      last_order = order;
    }
    uint32_t size = read_len(r);
    if (!r.ok()) break;
    // `size` may still exceed the input by the length's own bytes (the spec's len32
    // counts from the length); the reads below run into the end of input then.
    uint64_t start_at = r.offset();
    uint64_t end_at = start_at + size;
    if (id == kCode) code_at = start_at;
    if (id == kCustom) {
      read_custom_section(r, end_at, last_id, m, opts);
    } else {
      read_section(r, id, m, code_count, has_code, opts);
      last_id = id;
    }
    if (r.ok() && r.offset() != end_at) r.fail_at(start_at, "section size mismatch");
  }
  if (!r.ok()) {
    if (code_at != 0 && r.error().loc().offset >= code_at) {
      if (auto e = body_overrun_error({r.begin(), r.end()}, m)) return *e;
    }
    return r.take_error();
  }

  uint64_t end_at = r.offset();
  if (m.functions.size() != (has_code ? code_count : 0)) {
    r.fail_at(end_at, "function and code section have inconsistent lengths");
    return r.take_error();
  }
  if (m.data_count && *m.data_count != m.datas.size()) {
    r.fail_at(end_at, "data count and data section have inconsistent lengths");
    return r.take_error();
  }
  return ok_status();
}

}  // namespace

Expected<Module> decode_module(std::span<const uint8_t> bytes, const DecodeOptions& opts) {
  ByteReader r(bytes);
  Module m;
  Status st = decode_sections(r, m, opts);
  if (!st) {
    Error e = std::move(st).error();
    // Running out of input anywhere is the spec's "unexpected end of section or function";
    // ByteReader's shorter wording is a prefix of it.
    if (e.message() == "unexpected end")
      e = Error(e.kind(), "unexpected end of section or function", e.loc());
    return e;
  }
  m.count_imports();
  return m;
}

}  // namespace nanoproc
