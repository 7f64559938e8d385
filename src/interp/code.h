// The interpreter's code format.
//
// A function is lowered once into a stream of instructions. Each instruction is an 8-byte
// handler address (direct threading: dispatch is one indirect jump) followed by its
// operands: first any 8-byte immediates, then 4-byte operands (frame slot indices, small
// immediates, branch displacements in bytes relative to the instruction's start), padded
// to a multiple of 8 bytes. Values live untagged in 8-byte frame slots (v128: two slots);
// locals, constants and operand-stack temporaries are all just slots, so `local.get a;
// local.get b; i32.add; local.set c` lowers to one instruction `I32Add c, a, b`.
#pragma once
#include <cstdint>

#include "interp/sig_shapes.h"
#include "ir/opcode.h"

namespace nanoproc::interp {

enum class IOp : uint16_t {
#define NP_IOP_ENTRY(N) N,
#include "interp/iop_list.inc"
#undef NP_IOP_ENTRY
  Count_
};
inline constexpr unsigned kIOpCount = static_cast<unsigned>(IOp::Count_);

// The handler address of each IOp, filled in by the interpreter (interp.cpp).
const void* const* handler_table();
// The IOp's name, for debugging dumps of lowered code.
const char* iop_name(IOp op);

// Memory-operator variants: _g = memory 0 protected by guard pages (no check),
// _c = memory 0 with an explicit bounds check, _m = any memory (index operand), checked,
// 32- or 64-bit addresses, _x = like _g with the address given as the sum of two slots
// (a fused `i32.add`: array indexing).
enum class MemVariant : uint8_t { Guard = 0, Checked = 1, Any = 2, Indexed = 3 };

}  // namespace nanoproc::interp
