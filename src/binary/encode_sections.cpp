// Section contents of the binary encoder.
#include "binary/encode_internal.h"
#include "binary/type_codec.h"

namespace nanoproc::encode_detail {
namespace {

constexpr ValType kRefFunc = ValType::ref(AbsHeap::Func, false);

void write_vec_len(ByteWriter& w, size_t n) { w.u32(static_cast<uint32_t>(n)); }

void write_field(ByteWriter& w, const FieldType& f) {
  write_val_type(w, f.type);
  w.u8(f.mut ? 1 : 0);
}

void write_sub_type(ByteWriter& w, const SubType& t) {
  if (t.explicit_sub || !t.final || !t.supertypes.empty()) {
    w.u8(t.final ? 0x4F : 0x50);
    write_vec_len(w, t.supertypes.size());
    for (uint32_t s : t.supertypes) w.u32(s);
  }
  const CompositeType& c = t.composite;
  switch (c.kind) {
    case CompositeKind::Func:
      w.u8(0x60);
      write_vec_len(w, c.func.params.size());
      for (ValType p : c.func.params) write_val_type(w, p);
      write_vec_len(w, c.func.results.size());
      for (ValType r : c.func.results) write_val_type(w, r);
      break;
    case CompositeKind::Struct:
      w.u8(0x5F);
      write_vec_len(w, c.struct_.fields.size());
      for (const auto& f : c.struct_.fields) write_field(w, f);
      break;
    case CompositeKind::Array:
      w.u8(0x5E);
      write_field(w, c.array.field);
      break;
  }
}

// True if the rec groups partition the type list in order (always so for decoded
// modules); otherwise every type is written as its own group.
bool rec_groups_cover_types(const Module& m) {
  uint64_t next = 0;
  for (const auto& g : m.rec_groups) {
    if (g.first != next) return false;
    next += g.count;
  }
  return next == m.types.size();
}

void write_table_type(ByteWriter& w, const TableType& t) {
  write_val_type(w, t.elem);
  write_limits(w, t.limits);
}

void write_global_type(ByteWriter& w, const GlobalType& g) {
  write_val_type(w, g.type);
  w.u8(g.mut ? 1 : 0);
}

void write_tag_type(ByteWriter& w, const TagType& t) {
  w.u8(t.attribute);
  w.u32(t.type_index);
}

void write_expr(ByteWriter& w, const ConstExpr& e) { w.bytes(e.bytes); }

}  // namespace

void write_limits(ByteWriter& w, const Limits& l, uint32_t page_size_log2) {
  bool custom_page = page_size_log2 != 16;
  uint8_t flags =
      (l.has_max ? 1 : 0) | (l.shared ? 2 : 0) | (l.is64 ? 4 : 0) | (custom_page ? 8 : 0);
  w.u8(flags);
  w.u64(l.min);
  if (l.has_max) w.u64(l.max);
  // The custom-page-sizes proposal's encoding (DecodeOptions::custom_page_sizes).
  if (custom_page) w.u32(page_size_log2);
}

void write_type_section(ByteWriter& w, const Module& m) {
  if (!rec_groups_cover_types(m)) {
    write_vec_len(w, m.types.size());
    for (const auto& t : m.types) write_sub_type(w, t);
    return;
  }
  write_vec_len(w, m.rec_groups.size());
  for (const auto& g : m.rec_groups) {
    if (g.explicit_rec || g.count != 1) {
      w.u8(0x4E);
      w.u32(g.count);
    }
    for (uint32_t i = 0; i < g.count; ++i) write_sub_type(w, m.types[g.first + i]);
  }
}

void write_import_section(ByteWriter& w, const Module& m) {
  write_vec_len(w, m.imports.size());
  for (const auto& imp : m.imports) {
    w.name(imp.module);
    w.name(imp.name);
    w.u8(static_cast<uint8_t>(imp.kind));
    switch (imp.kind) {
      case ExternKind::Func: w.u32(imp.func_type); break;
      case ExternKind::Table: write_table_type(w, imp.table); break;
      case ExternKind::Memory: write_limits(w, imp.memory.limits, imp.memory.page_size_log2); break;
      case ExternKind::Global: write_global_type(w, imp.global); break;
      case ExternKind::Tag: write_tag_type(w, imp.tag); break;
    }
  }
}

void write_function_section(ByteWriter& w, const Module& m) {
  write_vec_len(w, m.functions.size());
  for (const auto& f : m.functions) w.u32(f.type_index);
}

void write_table_section(ByteWriter& w, const Module& m) {
  write_vec_len(w, m.tables.size());
  for (const auto& t : m.tables) {
    if (t.init) {
      w.u8(0x40);
      w.u8(0x00);
      write_table_type(w, t.type);
      write_expr(w, *t.init);
    } else {
      write_table_type(w, t.type);
    }
  }
}

void write_memory_section(ByteWriter& w, const Module& m) {
  write_vec_len(w, m.memories.size());
  for (const auto& mem : m.memories) write_limits(w, mem.type.limits, mem.type.page_size_log2);
}

void write_tag_section(ByteWriter& w, const Module& m) {
  write_vec_len(w, m.tags.size());
  for (const auto& t : m.tags) write_tag_type(w, t.type);
}

void write_global_section(ByteWriter& w, const Module& m) {
  write_vec_len(w, m.globals.size());
  for (const auto& g : m.globals) {
    write_global_type(w, g.type);
    write_expr(w, g.init);
  }
}

void write_export_section(ByteWriter& w, const Module& m) {
  write_vec_len(w, m.exports.size());
  for (const auto& e : m.exports) {
    w.name(e.name);
    w.u8(static_cast<uint8_t>(e.kind));
    w.u32(e.index);
  }
}

uint8_t elem_segment_flags(const ElemSegment& s) {
  // Function indices stand for non-null function references; a segment of any other
  // type must be written as expressions.
  bool exprs = s.uses_exprs || s.type != kRefFunc;
  uint8_t kind = exprs ? 4 : 0;
  switch (s.mode) {
    case SegmentMode::Passive: return kind | 1;
    case SegmentMode::Declarative: return kind | 3;
    case SegmentMode::Active: break;
  }
  // The implicit-table forms (0, 4) imply table 0 and type (ref func) / funcref.
  bool implicit_ok = s.table == 0 && (!exprs || s.type == kFuncRef);
  bool recorded_explicit = s.flags == (kind | 2);
  return kind | ((implicit_ok && !recorded_explicit) ? 0 : 2);
}

void write_elem_section(ByteWriter& w, const Module& m) {
  write_vec_len(w, m.elems.size());
  for (const auto& s : m.elems) {
    uint8_t flags = elem_segment_flags(s);
    w.u32(flags);
    if (!(flags & 1)) {
      if (flags & 2) w.u32(s.table);
      write_expr(w, s.offset);
    }
    if (!(flags & 4)) {
      if (flags != 0) w.u8(0x00);  // elemkind funcref
      write_vec_len(w, s.func_indices.size());
      for (uint32_t f : s.func_indices) w.u32(f);
      continue;
    }
    if (flags != 4) write_val_type(w, s.type);
    if (s.uses_exprs) {
      write_vec_len(w, s.exprs.size());
      for (const auto& e : s.exprs) write_expr(w, e);
    } else {
      write_vec_len(w, s.func_indices.size());
      for (uint32_t f : s.func_indices) {
        w.u8(0xD2);  // ref.func f end
        w.u32(f);
        w.u8(0x0B);
      }
    }
  }
}

void write_code_section(ByteWriter& w, const Module& m) {
  write_vec_len(w, m.functions.size());
  ByteWriter locals;
  for (const auto& f : m.functions) {
    locals.buffer().clear();
    write_vec_len(locals, f.locals.size());
    for (const auto& d : f.locals) {
      locals.u32(d.count);
      write_val_type(locals, d.type);
    }
    w.u32(static_cast<uint32_t>(locals.size() + f.body.size()));
    w.bytes(locals.buffer());
    w.bytes(f.body);
  }
}

uint8_t data_segment_flags(const DataSegment& d) {
  if (d.mode != SegmentMode::Active) return 1;
  return (d.memory != 0 || d.flags == 2) ? 2 : 0;
}

void write_data_section(ByteWriter& w, const Module& m) {
  write_vec_len(w, m.datas.size());
  for (const auto& d : m.datas) {
    uint8_t flags = data_segment_flags(d);
    w.u32(flags);
    if (flags == 2) w.u32(d.memory);
    if (flags != 1) write_expr(w, d.offset);
    write_vec_len(w, d.bytes.size());
    w.bytes(d.bytes);
  }
}

}  // namespace nanoproc::encode_detail
