// Opcode enum, immediate kinds and per-opcode facts, all generated from opcodes.def.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "ir/types.h"

namespace nanoproc {

enum class Opcode : uint16_t {
#define NP_OP(E, P, C, T, I, S, B) E,
#include "ir/opcodes.def"
#undef NP_OP
  Count_
};
inline constexpr unsigned kOpcodeCount = static_cast<unsigned>(Opcode::Count_);

// Immediate operand kinds (the Imm column of opcodes.def).
enum class ImmKind : uint8_t {
  None,
  Block,         // blocktype
  Label,         // labelidx
  BrTable,       // vec(labelidx) labelidx
  Func,          // funcidx
  CallIndirect,  // typeidx tableidx
  Type,          // typeidx
  Local,         // localidx
  Global,        // globalidx
  Table,         // tableidx
  Memory,        // memidx
  MemArg,        // align(+memidx flag) offset
  MemArgLane,    // memarg laneidx
  I32,           // i32 (signed LEB)
  I64,           // i64 (signed LEB)
  F32,           // 4 bytes
  F64,           // 8 bytes
  V128,          // 16 bytes
  Lane,          // laneidx (one byte)
  Shuffle,       // 16 lane bytes
  HeapType,      // heaptype
  SelectT,       // vec(valtype)
  Data,          // dataidx
  Elem,          // elemidx
  MemoryInit,    // dataidx memidx
  MemoryCopy,    // memidx memidx
  TableInit,     // elemidx tableidx
  TableCopy,     // tableidx tableidx
  Tag,           // tagidx
  TryTable,      // blocktype vec(catch)
  Field,         // typeidx fieldidx
  TypeCount,     // typeidx u32
  TypeData,      // typeidx dataidx
  TypeElem,      // typeidx elemidx
  TypeType,      // typeidx typeidx
  BrOnCast,      // castflags labelidx heaptype heaptype
};

// The stack signature of a simple operator, decoded from the Sig column.
struct OpSig {
  bool special = true;  // typed by hand in the validator
  uint8_t num_params = 0;
  uint8_t num_results = 0;
  ValKind params[3] = {};
  ValKind result = ValKind::I32;
  // params[i] is the memory's address type rather than a fixed type.
  bool param_is_address[3] = {};
};

struct OpInfo {
  Opcode op;
  uint8_t prefix;  // 0, 0xFB, 0xFC, 0xFD
  uint32_t code;
  std::string_view text;
  ImmKind imm;
  OpSig sig;
  uint8_t bytes;  // memory access size / lane size
};

namespace detail {
// The opcodes.def rows in enum order, and the single-byte decoding table (0xFFFF: no opcode).
// Defined in opcode.cpp; declared here so that the lookups below inline into the decoding
// and validation loops.
extern const std::array<OpInfo, kOpcodeCount> kOpInfoRows;
extern const std::array<uint16_t, 256> kSingleByteOpcodes;
}  // namespace detail

inline const OpInfo& op_info(Opcode op) { return detail::kOpInfoRows[static_cast<unsigned>(op)]; }
inline std::string_view op_name(Opcode op) { return op_info(op).text; }

// Binary decoding: the opcode for a single byte (prefix 0) or a prefixed sub-opcode.
// Returns nullopt for unknown encodings. `is_prefix_byte` tells the decoder to read a u32.
inline std::optional<Opcode> opcode_from_byte(uint8_t b) {
  uint16_t v = detail::kSingleByteOpcodes[b];
  if (v == 0xFFFF) return std::nullopt;
  return static_cast<Opcode>(v);
}
std::optional<Opcode> opcode_from_prefixed(uint8_t prefix, uint32_t code);
inline bool is_prefix_byte(uint8_t b) { return b == 0xFB || b == 0xFC || b == 0xFD; }

// Text keyword lookup. For keywords shared by several encodings (`select`, `ref.test`,
// `ref.cast`) this returns the first row; the parser picks the variant from the immediates.
std::optional<Opcode> opcode_from_text(std::string_view keyword);

// Natural alignment (log2 of the access size) of a memory operator.
inline unsigned natural_align_log2(Opcode op) {
  unsigned b = op_info(op).bytes, l = 0;
  while ((1u << l) < b) ++l;
  return l;
}

}  // namespace nanoproc
