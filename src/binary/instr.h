// One decoded instruction: its opcode and immediates. Filled by InstrReader (binary ->
// Instr) and written by write_instr (Instr -> binary), so the immediate layout of every
// opcode is known in exactly one place (the ImmKind of its opcodes.def row).
#pragma once
#include <cstdint>
#include <vector>

#include "ir/opcode.h"
#include "ir/types.h"

namespace nanoproc {

struct MemArg {
  uint32_t align_log2 = 0;
  uint32_t memory = 0;
  uint64_t offset = 0;
};

struct BlockType {
  enum class Kind : uint8_t { Empty, Value, Index };
  Kind kind = Kind::Empty;
  ValType value;       // Kind::Value
  uint32_t index = 0;  // Kind::Index: a function type index
};

enum class CatchKind : uint8_t { Catch = 0, CatchRef = 1, CatchAll = 2, CatchAllRef = 3 };

struct CatchClause {
  CatchKind kind = CatchKind::Catch;
  uint32_t tag = 0;  // Catch / CatchRef
  uint32_t label = 0;
};

// Where each ImmKind puts its operands:
//   Label/Func/Type/Local/Global/Table/Memory/Data/Elem/Tag: a
//   CallIndirect: a=type b=table      BrTable: targets + a=default
//   MemoryInit: a=data b=memory       MemoryCopy / TableCopy: a=destination b=source
//   TableInit: a=elem b=table         Field: a=type b=field
//   TypeCount: a=type b=count         TypeData: a=type b=data   TypeElem: a=type b=elem
//   TypeType: a=destination type b=source type
//   I32/I64: i64 (i32 sign-extended)  F32/F64: bits (raw IEEE bits)
//   V128/Shuffle: v128               Lane: lane      MemArg(+Lane): mem (+ lane)
//   HeapType: heap                    SelectT: types  Block: block
//   TryTable: block + catches         BrOnCast: cast_flags, a=label, heap -> heap2
struct Instr {
  Opcode op = Opcode::Nop;
  uint64_t offset = 0;  // byte offset of the opcode
  uint32_t a = 0;
  uint32_t b = 0;
  int64_t i64 = 0;
  uint64_t bits = 0;
  uint8_t v128[16] = {};
  uint8_t lane = 0;
  uint8_t cast_flags = 0;  // bit 0: source nullable, bit 1: target nullable
  MemArg mem;
  BlockType block;
  HeapType heap;
  HeapType heap2;
  std::vector<uint32_t> targets;
  std::vector<ValType> types;
  std::vector<CatchClause> catches;
};

}  // namespace nanoproc
