// Test helper: what the validator will find wrong with the *encoding* of function bodies
// (the decoder copies bodies without walking them). "" if every body is a well-formed
// instruction sequence ending in its final `end`.
#pragma once
#include <string>

#include "binary/instr_reader.h"
#include "ir/module.h"

namespace nanoproc::test {

inline std::string body_encoding_problem(const Module& m) {
  Instr in;
  for (const Function& f : m.functions) {
    ByteReader r(f.body.data(), f.body.data() + f.body.size(), f.body_offset);
    InstrReader ir(r);
    uint32_t depth = 0;
    bool ended = false;
    while (!r.at_end()) {
      if (!ir.next(in)) return r.error().message();
      switch (in.op) {
        case Opcode::Block:
        case Opcode::Loop:
        case Opcode::If:
        case Opcode::Try:
        case Opcode::TryTable:
          ++depth;
          break;
        case Opcode::End:
        case Opcode::Delegate:
          if (depth == 0) {
            ended = true;
            if (!r.at_end()) return "operators after the final end";
          } else {
            --depth;
          }
          break;
        case Opcode::MemoryInit:
        case Opcode::DataDrop:
          if (!m.data_count) return "data count section required";
          break;
        default:
          break;
      }
    }
    if (!ended) return "END opcode expected";
  }
  return "";
}

}  // namespace nanoproc::test
