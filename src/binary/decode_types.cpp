// Decoding of the binary format's building blocks (lengths, names, constant expressions,
// limits and entity types) and of the type section with its rec groups and subtypes.
#include "binary/decode_internal.h"
#include "binary/instr_reader.h"
#include "binary/type_codec.h"
#include "util/utf8.h"

namespace nanoproc::decode_detail {

uint32_t read_len(ByteReader& r) {
  uint64_t at = r.offset();
  size_t left = r.remaining();
  uint32_t n = r.u32();
  if (r.ok() && n > left) {
    r.fail_at(at, "length out of bounds");
    return 0;
  }
  return n;
}

std::string read_name(ByteReader& r) {
  uint64_t at = r.offset();
  uint32_t n = read_len(r);
  auto s = r.bytes(n, "unexpected end of section or function");
  if (!r.ok()) return {};
  std::string_view sv(reinterpret_cast<const char*>(s.data()), s.size());
  if (!utf8_valid(sv)) {
    r.fail_at(at, "malformed UTF-8 encoding");
    return {};
  }
  return std::string(sv);
}

ConstExpr read_const_expr(ByteReader& r) {
  ConstExpr e;
  e.offset = r.offset();
  const uint8_t* start = r.pos();
  InstrReader ir(r);
  Instr in;
  // Constant expressions cannot contain blocks, but the spec's decoder reads them with the
  // general instruction grammar; counting nesting keeps "block ... end end" a validation
  // error rather than a misparse.
  uint32_t depth = 0;
  while (ir.next(in)) {
    switch (in.op) {
      case Opcode::Block:
      case Opcode::Loop:
      case Opcode::If:
      case Opcode::Try:
      case Opcode::TryTable: ++depth; break;
      case Opcode::End:
      case Opcode::Delegate:
        if (depth == 0) {
          e.bytes.assign(start, r.pos());
          return e;
        }
        --depth;
        break;
      default: break;
    }
  }
  return e;  // r holds the error
}

bool read_mutability(ByteReader& r) {
  uint64_t at = r.offset();
  uint8_t b = r.u8();
  if (b > 1) r.fail_at(at, "malformed mutability");
  return b == 1;
}

Limits read_limits(ByteReader& r, bool memory, uint32_t* page_size_log2) {
  Limits l;
  uint64_t at = r.offset();
  uint8_t flags = r.u8();
  // bit 0: has max, bit 1: shared (threads; memories only), bit 2: 64-bit addresses,
  // bit 3: a custom page size follows (custom-page-sizes proposal; only when the caller
  // passes `page_size_log2`, Wasm 3.0 has no such bit).
  uint8_t allowed = memory ? (page_size_log2 ? 0x0F : 0x07) : 0x05;
  if (flags & ~allowed) {
    r.fail_at(at, "malformed limits flags");
    return l;
  }
  l.has_max = flags & 1;
  l.shared = flags & 2;
  l.is64 = flags & 4;
  // Wasm 3.0 encodes both bounds as u64; the validator checks them against the address
  // type.
  l.min = r.u64();
  if (l.has_max) l.max = r.u64();
  if (flags & 8) *page_size_log2 = r.u32();  // the validator checks the value
  return l;
}

TableType read_table_type(ByteReader& r) {
  TableType t;
  t.elem = read_ref_type(r);
  t.limits = read_limits(r, false, nullptr);
  return t;
}

MemoryType read_memory_type(ByteReader& r, bool custom_page_sizes) {
  MemoryType t;
  t.limits = read_limits(r, true, custom_page_sizes ? &t.page_size_log2 : nullptr);
  return t;
}

GlobalType read_global_type(ByteReader& r) {
  GlobalType g;
  g.type = read_val_type(r);
  g.mut = read_mutability(r);
  return g;
}

TagType read_tag_type(ByteReader& r) {
  TagType t;
  uint64_t at = r.offset();
  t.attribute = r.u8();
  if (r.ok() && t.attribute != 0) r.fail_at(at, "zero byte expected");
  t.type_index = r.u32();
  return t;
}

namespace {

FieldType read_field_type(ByteReader& r) {
  FieldType f;
  f.type = read_storage_type(r);
  f.mut = read_mutability(r);
  return f;
}

void read_result_types(ByteReader& r, std::vector<ValType>& out) {
  uint32_t n = read_len(r);
  out.reserve(reserve_hint(r, n, 1));
  for (uint32_t i = 0; i < n && r.ok(); ++i) out.push_back(read_val_type(r));
}

void read_composite_type(ByteReader& r, CompositeType& c) {
  uint64_t at = r.offset();
  uint8_t form = r.u8();
  switch (form) {
    case 0x60:
      c.kind = CompositeKind::Func;
      read_result_types(r, c.func.params);
      read_result_types(r, c.func.results);
      break;
    case 0x5F: {
      c.kind = CompositeKind::Struct;
      uint32_t n = read_len(r);
      c.struct_.fields.reserve(reserve_hint(r, n, 2));
      for (uint32_t i = 0; i < n && r.ok(); ++i) c.struct_.fields.push_back(read_field_type(r));
      break;
    }
    case 0x5E:
      c.kind = CompositeKind::Array;
      c.array.field = read_field_type(r);
      break;
    default:
      // A 7-bit signed LEB128 code: a continuation bit makes it too long.
      if (r.ok())
        r.fail_at(at,
                  (form & 0x80) ? "integer representation too long" : "malformed definition type");
      break;
  }
}

void read_sub_type(ByteReader& r, SubType& t) {
  uint8_t b = r.peek_u8();
  if (!r.at_end() && (b == 0x50 || b == 0x4F)) {
    r.u8();
    t.explicit_sub = true;
    t.final = b == 0x4F;
    uint32_t n = read_len(r);
    t.supertypes.reserve(reserve_hint(r, n, 1));
    for (uint32_t i = 0; i < n && r.ok(); ++i) t.supertypes.push_back(r.u32());
  }
  read_composite_type(r, t.composite);
}

}  // namespace

void read_type_section(ByteReader& r, Module& m) {
  uint32_t n = read_len(r);
  m.rec_groups.reserve(reserve_hint(r, n, 1));
  m.types.reserve(reserve_hint(r, n, 3));
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    RecGroup g;
    g.first = static_cast<uint32_t>(m.types.size());
    if (!r.at_end() && r.peek_u8() == 0x4E) {
      r.u8();
      g.explicit_rec = true;
      g.count = read_len(r);
    } else {
      g.count = 1;
    }
    for (uint32_t j = 0; j < g.count && r.ok(); ++j) {
      m.types.emplace_back();
      read_sub_type(r, m.types.back());
    }
    m.rec_groups.push_back(g);
  }
}

}  // namespace nanoproc::decode_detail
