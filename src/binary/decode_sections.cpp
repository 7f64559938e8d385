// Decoding of the module sections other than type, code and custom sections.
#include "binary/decode_internal.h"
#include "binary/type_codec.h"

namespace nanoproc::decode_detail {

void read_import_section(ByteReader& r, Module& m, bool custom_page_sizes) {
  uint32_t n = read_len(r);
  m.imports.reserve(reserve_hint(r, n, 4));
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    Import imp;
    imp.module = read_name(r);
    imp.name = read_name(r);
    uint64_t at = r.offset();
    uint8_t kind = r.u8();
    if (!r.ok()) break;
    switch (kind) {
      case 0:
        imp.kind = ExternKind::Func;
        imp.func_type = r.u32();
        break;
      case 1:
        imp.kind = ExternKind::Table;
        imp.table = read_table_type(r);
        break;
      case 2:
        imp.kind = ExternKind::Memory;
        imp.memory = read_memory_type(r, custom_page_sizes);
        break;
      case 3:
        imp.kind = ExternKind::Global;
        imp.global = read_global_type(r);
        break;
      case 4:
        imp.kind = ExternKind::Tag;
        imp.tag = read_tag_type(r);
        break;
      default: r.fail_at(at, "malformed import kind"); break;
    }
    m.imports.push_back(std::move(imp));
  }
}

void read_function_section(ByteReader& r, Module& m) {
  uint32_t n = read_len(r);
  m.functions.reserve(reserve_hint(r, n, 1));
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    uint32_t type = r.u32();
    if (!r.ok()) break;
    m.functions.emplace_back().type_index = type;
  }
}

void read_table_section(ByteReader& r, Module& m) {
  uint32_t n = read_len(r);
  m.tables.reserve(reserve_hint(r, n, 3));
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    Table t;
    // Wasm 3.0: 0x40 0x00 introduces a table type with an explicit initialiser. A table
    // type itself never starts with 0x40 (no reference type is encoded so).
    if (!r.at_end() && r.peek_u8() == 0x40) {
      r.u8();
      uint64_t at = r.offset();
      if (r.u8() != 0 && r.ok()) r.fail_at(at, "zero byte expected");
      t.type = read_table_type(r);
      if (r.ok()) t.init = read_const_expr(r);
    } else {
      t.type = read_table_type(r);
    }
    m.tables.push_back(std::move(t));
  }
}

void read_memory_section(ByteReader& r, Module& m, bool custom_page_sizes) {
  uint32_t n = read_len(r);
  m.memories.reserve(reserve_hint(r, n, 2));
  for (uint32_t i = 0; i < n && r.ok(); ++i) m.memories.push_back(Memory{read_memory_type(r, custom_page_sizes)});
}

void read_tag_section(ByteReader& r, Module& m) {
  uint32_t n = read_len(r);
  m.tags.reserve(reserve_hint(r, n, 2));
  for (uint32_t i = 0; i < n && r.ok(); ++i) m.tags.push_back(Tag{read_tag_type(r)});
}

void read_global_section(ByteReader& r, Module& m) {
  uint32_t n = read_len(r);
  m.globals.reserve(reserve_hint(r, n, 3));
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    Global g;
    g.type = read_global_type(r);
    if (r.ok()) g.init = read_const_expr(r);
    m.globals.push_back(std::move(g));
  }
}

void read_export_section(ByteReader& r, Module& m) {
  uint32_t n = read_len(r);
  m.exports.reserve(reserve_hint(r, n, 3));
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    Export e;
    e.name = read_name(r);
    uint64_t at = r.offset();
    uint8_t kind = r.u8();
    if (!r.ok()) break;
    if (kind > 4) {
      r.fail_at(at, "malformed export kind");
      break;
    }
    e.kind = static_cast<ExternKind>(kind);
    e.index = r.u32();
    m.exports.push_back(std::move(e));
  }
}

void read_start_section(ByteReader& r, Module& m) {
  uint32_t f = r.u32();
  if (r.ok()) m.start = f;
}

namespace {

// The `elemkind` byte of the function-index forms: only 0x00 (funcref) exists.
void read_elem_kind(ByteReader& r) {
  uint64_t at = r.offset();
  uint8_t k = r.u8();
  if (r.ok() && k != 0) r.fail_at(at, "malformed element kind");
}

}  // namespace

void read_elem_section(ByteReader& r, Module& m) {
  uint32_t n = read_len(r);
  m.elems.reserve(reserve_hint(r, n, 3));
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    ElemSegment s;
    uint64_t at = r.offset();
    uint32_t flags = r.u32();
    if (!r.ok()) break;
    if (flags > 7) {
      r.fail_at(at, "malformed elements segment kind");
      break;
    }
    // bit 0: passive or declarative, bit 1: explicit table (active) or declarative,
    // bit 2: elements are expressions with an explicit reference type.
    s.flags = static_cast<uint8_t>(flags);
    s.uses_exprs = flags & 4;
    if (!(flags & 1)) {
      s.mode = SegmentMode::Active;
      if (flags & 2) s.table = r.u32();
      s.offset = read_const_expr(r);
    } else {
      s.mode = (flags & 2) ? SegmentMode::Declarative : SegmentMode::Passive;
    }
    if (!s.uses_exprs) {
      // The function-index forms hold non-null function references.
      if (flags != 0) read_elem_kind(r);
      s.type = ValType::ref(AbsHeap::Func, false);
      uint32_t count = read_len(r);
      s.func_indices.reserve(reserve_hint(r, count, 1));
      for (uint32_t j = 0; j < count && r.ok(); ++j) s.func_indices.push_back(r.u32());
    } else {
      s.type = (flags == 4) ? kFuncRef : read_ref_type(r);
      uint32_t count = read_len(r);
      s.exprs.reserve(reserve_hint(r, count, 2));
      for (uint32_t j = 0; j < count && r.ok(); ++j) s.exprs.push_back(read_const_expr(r));
    }
    m.elems.push_back(std::move(s));
  }
}

void read_data_count_section(ByteReader& r, Module& m) {
  uint32_t n = r.u32();
  if (r.ok()) m.data_count = n;
}

void read_data_section(ByteReader& r, Module& m) {
  uint32_t n = read_len(r);
  m.datas.reserve(reserve_hint(r, n, 2));
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    DataSegment d;
    uint64_t at = r.offset();
    uint32_t flags = r.u32();
    if (!r.ok()) break;
    if (flags > 2) {
      r.fail_at(at, "malformed data segment kind");
      break;
    }
    d.flags = static_cast<uint8_t>(flags);
    if (flags == 1) {
      d.mode = SegmentMode::Passive;
    } else {
      d.mode = SegmentMode::Active;
      if (flags == 2) d.memory = r.u32();
      d.offset = read_const_expr(r);
    }
    uint32_t len = read_len(r);
    auto bytes = r.bytes(len, "unexpected end of section or function");
    if (!r.ok()) break;
    d.bytes.assign(bytes.begin(), bytes.end());
    m.datas.push_back(std::move(d));
  }
}

}  // namespace nanoproc::decode_detail
