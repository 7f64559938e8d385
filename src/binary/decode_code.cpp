// Decoding of the code section. Bodies are copied, not walked: instruction-level checks
// (opcodes, immediates, the final `end`) happen once, in the validator's single pass.
#include "binary/decode_internal.h"
#include "binary/instr_reader.h"
#include "binary/type_codec.h"

namespace nanoproc::decode_detail {
namespace {

// Reads the run-length local declarations at the start of a body.
void read_locals(ByteReader& body, std::vector<LocalDecl>& out) {
  uint64_t at = body.offset();
  uint32_t n = read_len(body);
  out.reserve(reserve_hint(body, n, 2));
  uint64_t total = 0;
  for (uint32_t i = 0; i < n && body.ok(); ++i) {
    LocalDecl d;
    d.count = body.u32();
    d.type = read_val_type(body);
    total += d.count;  // at most 2^32 entries of < 2^32 each: no overflow
    out.push_back(d);
  }
  if (body.ok() && total > kMaxFunctionLocals) body.fail_at(at, "too many locals");
}

}  // namespace

uint32_t read_code_section(ByteReader& r, Module& m) {
  uint32_t n = read_len(r);
  const size_t declared = m.functions.size();
  Function scratch;  // bodies beyond the function section's count are read, then dropped
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    uint32_t size = read_len(r);
    uint64_t body_at = r.offset();
    auto bytes = r.bytes(size, "unexpected end of section or function");
    if (!r.ok()) break;
    // The body gets its own reader so that its locals cannot run into the next body.
    ByteReader body(bytes.data(), bytes.data() + bytes.size(), body_at);
    Function& f = i < declared ? m.functions[i] : scratch;
    f.locals.clear();
    read_locals(body, f.locals);
    if (!body.ok()) {
      r.fail_at(body.error().loc().offset, body.error().message());
      break;
    }
    f.body.assign(body.pos(), body.end());
    f.body_offset = body.offset();
  }
  return n;
}

std::optional<Error> body_overrun_error(std::span<const uint8_t> input, const Module& m) {
  Instr in;
  for (const Function& f : m.functions) {
    if (f.body_offset == 0) break;  // not read: the code section ended or failed before it
    ByteReader r(input);
    r.set_pos(input.data() + f.body_offset);
    InstrReader ir(r);
    uint32_t depth = 0;
    for (;;) {
      if (!ir.next(in)) return r.take_error();
      bool closes = in.op == Opcode::End || in.op == Opcode::Delegate;
      bool opens = in.op == Opcode::Block || in.op == Opcode::Loop || in.op == Opcode::If ||
                   in.op == Opcode::Try || in.op == Opcode::TryTable;
      if (closes && depth == 0) break;
      if (closes) --depth;
      if (opens) ++depth;
    }
    if (r.offset() != f.body_offset + f.body.size()) {
      r.fail_at(f.body_offset, "section size mismatch");
      return r.take_error();
    }
  }
  return std::nullopt;
}

}  // namespace nanoproc::decode_detail
