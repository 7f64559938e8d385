#include "binary/instr_reader.h"

#include <fmt/format.h>

#include "binary/type_codec.h"
#include "util/byte_writer.h"

namespace nanoproc {

bool InstrReader::next(Instr& in) {
  in.offset = r_.offset();
  uint8_t b = r_.u8();
  if (!r_.ok()) return false;
  std::optional<Opcode> op;
  uint32_t code = 0;
  if (is_prefix_byte(b)) {
    code = r_.u32();
    if (!r_.ok()) return false;
    op = opcode_from_prefixed(b, code);
  } else {
    op = opcode_from_byte(b);
  }
  if (!op) [[unlikely]] {
    // The spec's wording, with the offending encoding in hex.
    r_.fail_at(in.offset, is_prefix_byte(b) ? fmt::format("illegal opcode {:02x} {:02x}", b, code)
                                            : fmt::format("illegal opcode {:02x}", b));
    return false;
  }
  in.op = *op;
  return read_immediates(in, op_info(*op).imm);
}

void InstrReader::read_memarg(MemArg& m) {
  uint64_t at = r_.offset();
  uint32_t flags = r_.u32();
  if (flags >= 0x80) {
    r_.fail_at(at, "malformed memop flags");
    return;
  }
  m.align_log2 = flags & 0x3F;
  m.memory = (flags & 0x40) ? r_.u32() : 0;
  m.offset = r_.u64();
}

bool InstrReader::read_immediates(Instr& in, ImmKind kind) {
  switch (kind) {
    case ImmKind::None:
      break;
    case ImmKind::Block:
      in.block = read_block_type(r_);
      break;
    case ImmKind::Label:
    case ImmKind::Func:
    case ImmKind::Type:
    case ImmKind::Local:
    case ImmKind::Global:
    case ImmKind::Table:
    case ImmKind::Memory:
    case ImmKind::Data:
    case ImmKind::Elem:
    case ImmKind::Tag:
      in.a = r_.u32();
      break;
    case ImmKind::BrTable: {
      uint32_t n = r_.count(1);
      in.targets.resize(n);
      for (uint32_t i = 0; i < n && r_.ok(); ++i) in.targets[i] = r_.u32();
      in.a = r_.u32();
      break;
    }
    case ImmKind::CallIndirect:
    case ImmKind::MemoryInit:
    case ImmKind::MemoryCopy:
    case ImmKind::TableInit:
    case ImmKind::TableCopy:
    case ImmKind::Field:
    case ImmKind::TypeCount:
    case ImmKind::TypeData:
    case ImmKind::TypeElem:
    case ImmKind::TypeType:
      in.a = r_.u32();
      in.b = r_.u32();
      break;
    case ImmKind::MemArg:
      read_memarg(in.mem);
      break;
    case ImmKind::MemArgLane:
      read_memarg(in.mem);
      in.lane = r_.u8();
      break;
    case ImmKind::I32:
      in.i64 = r_.s32();
      break;
    case ImmKind::I64:
      in.i64 = r_.s64();
      break;
    case ImmKind::F32:
      in.bits = r_.u32_fixed();
      break;
    case ImmKind::F64:
      in.bits = r_.u64_fixed();
      break;
    case ImmKind::V128:
    case ImmKind::Shuffle: {
      auto s = r_.bytes(16);
      if (r_.ok()) std::copy(s.begin(), s.end(), in.v128);
      break;
    }
    case ImmKind::Lane:
      in.lane = r_.u8();
      break;
    case ImmKind::HeapType:
      in.heap = read_heap_type(r_);
      break;
    case ImmKind::SelectT: {
      uint32_t n = r_.count(1);
      in.types.resize(n);
      for (uint32_t i = 0; i < n && r_.ok(); ++i) in.types[i] = read_val_type(r_);
      break;
    }
    case ImmKind::TryTable: {
      in.block = read_block_type(r_);
      uint32_t n = r_.count(2);
      in.catches.resize(n);
      for (uint32_t i = 0; i < n && r_.ok(); ++i) {
        auto& c = in.catches[i];
        uint64_t at = r_.offset();
        uint8_t k = r_.u8();
        if (k > 3) {
          r_.fail_at(at, "malformed catch clause");
          break;
        }
        c.kind = static_cast<CatchKind>(k);
        c.tag = (c.kind == CatchKind::Catch || c.kind == CatchKind::CatchRef) ? r_.u32() : 0;
        c.label = r_.u32();
      }
      break;
    }
    case ImmKind::BrOnCast: {
      uint64_t at = r_.offset();
      in.cast_flags = r_.u8();
      if (in.cast_flags > 3) r_.fail_at(at, "malformed cast flags");
      in.a = r_.u32();
      in.heap = read_heap_type(r_);
      in.heap2 = read_heap_type(r_);
      break;
    }
  }
  return r_.ok();
}

namespace {

void write_memarg(ByteWriter& w, const MemArg& m) {
  if (m.memory != 0) {
    w.u32(m.align_log2 | 0x40);
    w.u32(m.memory);
  } else {
    w.u32(m.align_log2);
  }
  w.u64(m.offset);
}

}  // namespace

void write_instr(ByteWriter& w, const Instr& in) {
  const OpInfo& info = op_info(in.op);
  if (info.prefix) {
    w.u8(info.prefix);
    w.u32(info.code);
  } else {
    w.u8(static_cast<uint8_t>(info.code));
  }
  switch (info.imm) {
    case ImmKind::None:
      break;
    case ImmKind::Block:
      write_block_type(w, in.block);
      break;
    case ImmKind::Label:
    case ImmKind::Func:
    case ImmKind::Type:
    case ImmKind::Local:
    case ImmKind::Global:
    case ImmKind::Table:
    case ImmKind::Memory:
    case ImmKind::Data:
    case ImmKind::Elem:
    case ImmKind::Tag:
      w.u32(in.a);
      break;
    case ImmKind::BrTable:
      w.u32(static_cast<uint32_t>(in.targets.size()));
      for (uint32_t t : in.targets) w.u32(t);
      w.u32(in.a);
      break;
    case ImmKind::CallIndirect:
    case ImmKind::MemoryInit:
    case ImmKind::MemoryCopy:
    case ImmKind::TableInit:
    case ImmKind::TableCopy:
    case ImmKind::Field:
    case ImmKind::TypeCount:
    case ImmKind::TypeData:
    case ImmKind::TypeElem:
    case ImmKind::TypeType:
      w.u32(in.a);
      w.u32(in.b);
      break;
    case ImmKind::MemArg:
      write_memarg(w, in.mem);
      break;
    case ImmKind::MemArgLane:
      write_memarg(w, in.mem);
      w.u8(in.lane);
      break;
    case ImmKind::I32:
      w.s32(static_cast<int32_t>(in.i64));
      break;
    case ImmKind::I64:
      w.s64(in.i64);
      break;
    case ImmKind::F32:
      w.f32_bits(static_cast<uint32_t>(in.bits));
      break;
    case ImmKind::F64:
      w.f64_bits(in.bits);
      break;
    case ImmKind::V128:
    case ImmKind::Shuffle:
      w.bytes(std::span<const uint8_t>(in.v128, 16));
      break;
    case ImmKind::Lane:
      w.u8(in.lane);
      break;
    case ImmKind::HeapType:
      write_heap_type(w, in.heap);
      break;
    case ImmKind::SelectT:
      w.u32(static_cast<uint32_t>(in.types.size()));
      for (ValType t : in.types) write_val_type(w, t);
      break;
    case ImmKind::TryTable:
      write_block_type(w, in.block);
      w.u32(static_cast<uint32_t>(in.catches.size()));
      for (const auto& c : in.catches) {
        w.u8(static_cast<uint8_t>(c.kind));
        if (c.kind == CatchKind::Catch || c.kind == CatchKind::CatchRef) w.u32(c.tag);
        w.u32(c.label);
      }
      break;
    case ImmKind::BrOnCast:
      w.u8(in.cast_flags);
      w.u32(in.a);
      write_heap_type(w, in.heap);
      write_heap_type(w, in.heap2);
      break;
  }
}

}  // namespace nanoproc
