// Pieces of the binary encoder shared by its files (not a public interface).
#pragma once
#include "ir/module.h"
#include "util/byte_writer.h"

namespace nanoproc::encode_detail {

// Section contents (without id and size). Each writes the vector count and elements.
void write_type_section(ByteWriter& w, const Module& m);
void write_import_section(ByteWriter& w, const Module& m);
void write_function_section(ByteWriter& w, const Module& m);
void write_table_section(ByteWriter& w, const Module& m);
void write_memory_section(ByteWriter& w, const Module& m);
void write_tag_section(ByteWriter& w, const Module& m);
void write_global_section(ByteWriter& w, const Module& m);
void write_export_section(ByteWriter& w, const Module& m);
void write_elem_section(ByteWriter& w, const Module& m);
void write_code_section(ByteWriter& w, const Module& m);
void write_data_section(ByteWriter& w, const Module& m);

// The binary flags an element / data segment is written with: its recorded `flags` when
// they agree with the segment (a decoded module), else the canonical form.
uint8_t elem_segment_flags(const ElemSegment& s);
uint8_t data_segment_flags(const DataSegment& d);

void write_limits(ByteWriter& w, const Limits& l, uint32_t page_size_log2 = 16);

}  // namespace nanoproc::encode_detail
