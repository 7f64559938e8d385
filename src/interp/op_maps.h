// Opcode -> IOp for the operators whose handlers are generated (simple and memory ones).
#pragma once
#include "interp/code.h"

namespace nanoproc::interp {

// The generated handler of a simple operator, or IOp::Count_ if it has none.
constexpr IOp simple_iop(Opcode op) {
  switch (op) {
#define NP_UNARY(E, A, R) case Opcode::E: return IOp::E;
#define NP_BINARY(E, A, B, R) case Opcode::E: return IOp::E;
#define NP_TERNARY(E, A, B, C, R) case Opcode::E: return IOp::E;
#define NP_EXTRACT(E, R) case Opcode::E: return IOp::E;
#define NP_REPLACE(E, A) case Opcode::E: return IOp::E;
#include "interp/gen_simple_ops.inc"
    case Opcode::I8x16Shuffle: return IOp::I8x16Shuffle;
    default: return IOp::Count_;
  }
}

// The first (_g) of the three handlers of a memory operator, or IOp::Count_.
constexpr IOp memory_iop(Opcode op) {
  switch (op) {
#define NP_LOAD(E, M, S) case Opcode::E: return IOp::E##_g;
#define NP_STORE(E, M) case Opcode::E: return IOp::E##_g;
#define NP_VLOAD(E, K) case Opcode::E: return IOp::E##_g;
#define NP_VSTORE(E) case Opcode::E: return IOp::E##_g;
#define NP_VLOAD_LANE(E, T) case Opcode::E: return IOp::E##_g;
#define NP_VSTORE_LANE(E, T) case Opcode::E: return IOp::E##_g;
#include "interp/mem_ops.def"
#undef NP_LOAD
#undef NP_STORE
#undef NP_VLOAD
#undef NP_VSTORE
#undef NP_VLOAD_LANE
#undef NP_VSTORE_LANE
    default: return IOp::Count_;
  }
}

constexpr IOp with_variant(IOp base, MemVariant v) {
  return static_cast<IOp>(static_cast<unsigned>(base) + static_cast<unsigned>(v));
}

}  // namespace nanoproc::interp
