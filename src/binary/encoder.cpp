// The module-level part of the binary encoder: header, canonical section order, section
// framing and the placement of custom sections.
#include "binary/encoder.h"

#include "binary/encode_internal.h"

namespace nanoproc {
namespace {

using namespace encode_detail;

// Non-custom section ids in the Wasm 3.0 order.
constexpr uint8_t kSectionOrder[] = {1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11};

bool section_has_content(const Module& m, uint8_t id) {
  switch (id) {
    case 1: return !m.types.empty() || !m.rec_groups.empty();
    case 2: return !m.imports.empty();
    case 3: return !m.functions.empty();
    case 4: return !m.tables.empty();
    case 5: return !m.memories.empty();
    case 13: return !m.tags.empty();
    case 6: return !m.globals.empty();
    case 7: return !m.exports.empty();
    case 8: return m.start.has_value();
    case 9: return !m.elems.empty();
    case 12: return m.data_count.has_value();
    case 10: return !m.functions.empty();
    case 11: return !m.datas.empty();
    default: return false;
  }
}

// Sections that can be written with no entries (a vector of length 0).
bool can_be_empty(uint8_t id) { return id != 8 && id != 12; }

void write_contents(ByteWriter& w, const Module& m, uint8_t id) {
  switch (id) {
    case 1: write_type_section(w, m); break;
    case 2: write_import_section(w, m); break;
    case 3: write_function_section(w, m); break;
    case 4: write_table_section(w, m); break;
    case 5: write_memory_section(w, m); break;
    case 13: write_tag_section(w, m); break;
    case 6: write_global_section(w, m); break;
    case 7: write_export_section(w, m); break;
    case 8: w.u32(*m.start); break;
    case 9: write_elem_section(w, m); break;
    case 12: w.u32(*m.data_count); break;
    case 10: write_code_section(w, m); break;
    case 11: write_data_section(w, m); break;
    default: break;
  }
}

void write_section(ByteWriter& out, uint8_t id, const ByteWriter& contents) {
  out.u8(id);
  out.u32(static_cast<uint32_t>(contents.size()));
  out.bytes(contents.buffer());
}

void write_customs_after(ByteWriter& out, const Module& m, uint8_t after) {
  for (const auto& c : m.customs) {
    if (c.after_section != after) continue;
    ByteWriter body;
    body.name(c.name);
    body.bytes(c.bytes);
    write_section(out, 0, body);
  }
}

bool has_customs_after(const Module& m, uint8_t id) {
  for (const auto& c : m.customs)
    if (c.after_section == id) return true;
  return false;
}

}  // namespace

std::vector<uint8_t> encode_module(const Module& m) {
  ByteWriter out;
  static constexpr uint8_t kHeader[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  out.bytes(kHeader);
  write_customs_after(out, m, 0);
  for (uint8_t id : kSectionOrder) {
    // A section that only anchors custom sections is still written (empty), so that
    // decoding the result places them after it again.
    bool emit = section_has_content(m, id) || (can_be_empty(id) && has_customs_after(m, id));
    if (emit) {
      ByteWriter contents;
      write_contents(contents, m, id);
      write_section(out, id, contents);
    }
    write_customs_after(out, m, id);
  }
  return out.take();
}

}  // namespace nanoproc
