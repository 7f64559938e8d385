// InstrReader: decodes one instruction at a time from a function body or constant
// expression. The only place that knows how immediates are laid out in the binary.
#pragma once
#include "binary/instr.h"
#include "util/byte_reader.h"

namespace nanoproc {

class InstrReader {
 public:
  explicit InstrReader(ByteReader& r) : r_(r) {}

  // Decodes the next instruction into `in`. Returns false (and r.ok() is false) on
  // malformed input: unknown opcode, truncated or malformed immediates.
  bool next(Instr& in);

 private:
  bool read_immediates(Instr& in, ImmKind kind);
  void read_memarg(MemArg& m);

  ByteReader& r_;
};

// Appends the binary encoding of `in` (opcode and immediates).
class ByteWriter;
void write_instr(ByteWriter& w, const Instr& in);

}  // namespace nanoproc
