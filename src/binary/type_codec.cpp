#include "binary/type_codec.h"

#include <string>

namespace nanoproc {

bool is_valtype_start(uint8_t b) {
  return (b >= 0x7B && b <= 0x7F) || (b >= 0x69 && b <= 0x74) || b == 0x63 || b == 0x64;
}

HeapType read_heap_type(ByteReader& r) {
  AbsHeap abs;
  if (abs_heap_from_byte(r.peek_u8(), &abs) && !r.at_end()) {
    r.u8();
    return HeapType::abstract(abs);
  }
  uint64_t at = r.offset();
  int64_t v = r.s33();
  if (!r.ok()) return {};
  if (v < 0) {
    r.fail_at(at, "malformed heap type");
    return {};
  }
  // HeapType keeps indexes below its abstract bit; a larger one would read back as an
  // abstract heap type that does not exist. No module can define 2^31 types, so this is
  // an implementation limit, not a loss.
  if (v >= HeapType::kAbstractBit) {
    r.fail_at(at, "type index " + std::to_string(v) + " exceeds the implementation limit (2^31 - 1)");
    return {};
  }
  return HeapType::index(static_cast<uint32_t>(v));
}

ValType read_val_type(ByteReader& r) {
  uint64_t at = r.offset();
  uint8_t b = r.u8();
  if (!r.ok()) return {};
  switch (b) {
    case 0x7F: return kI32;
    case 0x7E: return kI64;
    case 0x7D: return kF32;
    case 0x7C: return kF64;
    case 0x7B: return kV128;
    case 0x64: return ValType::ref(read_heap_type(r), false);
    case 0x63: return ValType::ref(read_heap_type(r), true);
    default: break;
  }
  AbsHeap abs;
  if (abs_heap_from_byte(b, &abs)) return ValType::ref(abs, true);
  // Type codes are 7-bit signed LEB128: a continuation bit makes the encoding too long.
  r.fail_at(at, (b & 0x80) ? "integer representation too long" : "malformed value type");
  return {};
}

ValType read_ref_type(ByteReader& r) {
  uint64_t at = r.offset();
  uint8_t b = r.peek_u8();
  if (!r.at_end() && !(b == 0x63 || b == 0x64 || (b >= 0x69 && b <= 0x74))) {
    r.fail_at(at, "malformed reference type");
    return {};
  }
  return read_val_type(r);
}

ValType read_storage_type(ByteReader& r) {
  uint8_t b = r.peek_u8();
  if (!r.at_end() && b == 0x78) {
    r.u8();
    return ValType(ValKind::I8);
  }
  if (!r.at_end() && b == 0x77) {
    r.u8();
    return ValType(ValKind::I16);
  }
  return read_val_type(r);
}

BlockType read_block_type(ByteReader& r) {
  BlockType bt;
  uint8_t b = r.peek_u8();
  if (r.at_end()) {
    r.u8();  // records "unexpected end"
    return bt;
  }
  if (b == 0x40) {
    r.u8();
    return bt;
  }
  if (is_valtype_start(b)) {
    bt.kind = BlockType::Kind::Value;
    bt.value = read_val_type(r);
    return bt;
  }
  uint64_t at = r.offset();
  int64_t v = r.s33();
  if (r.ok() && v < 0) r.fail_at(at, "malformed block type");
  bt.kind = BlockType::Kind::Index;
  bt.index = static_cast<uint32_t>(v);
  return bt;
}

void write_heap_type(ByteWriter& w, HeapType h) {
  if (h.is_abstract()) w.u8(static_cast<uint8_t>(h.abs()));
  else w.s64(h.index());
}

void write_val_type(ByteWriter& w, ValType t) {
  switch (t.kind) {
    case ValKind::I32: w.u8(0x7F); return;
    case ValKind::I64: w.u8(0x7E); return;
    case ValKind::F32: w.u8(0x7D); return;
    case ValKind::F64: w.u8(0x7C); return;
    case ValKind::V128: w.u8(0x7B); return;
    case ValKind::I8: w.u8(0x78); return;
    case ValKind::I16: w.u8(0x77); return;
    case ValKind::Bot: w.u8(0x00); return;  // never in a valid module
    case ValKind::Ref: break;
  }
  if (t.nullable && t.heap.is_abstract()) {
    w.u8(static_cast<uint8_t>(t.heap.abs()));  // shorthand: funcref, externref, ...
    return;
  }
  w.u8(t.nullable ? 0x63 : 0x64);
  write_heap_type(w, t.heap);
}

void write_block_type(ByteWriter& w, const BlockType& bt) {
  switch (bt.kind) {
    case BlockType::Kind::Empty: w.u8(0x40); return;
    case BlockType::Kind::Value: write_val_type(w, bt.value); return;
    case BlockType::Kind::Index: w.s64(bt.index); return;
  }
}

}  // namespace nanoproc
