#include "validate/body_scan.h"

#include <vector>

#include <fmt/format.h>

#include "binary/instr_reader.h"

namespace nanoproc {
namespace {

Error malformed(uint64_t at, std::string msg, uint32_t func) {
  SourceLoc loc;
  loc.offset = at;
  return Error(ErrorKind::Malformed, fmt::format("{} in function {} at offset {:#x}", msg, func, at),
               loc);
}

// Messages match the ones FuncValidator reports for the same problems.
std::optional<Error> scan_body(const Function& f, uint32_t func_index, bool has_data_count,
                               std::vector<Opcode>& blocks, Instr& in) {
  uint64_t total = 0;
  for (const LocalDecl& d : f.locals) total += d.count;
  if (total > UINT32_MAX) return malformed(f.body_offset, "too many locals", func_index);

  ByteReader r(f.body, f.body_offset);
  InstrReader reader(r);
  blocks.clear();
  blocks.push_back(Opcode::Block);  // the function's own block
  while (!blocks.empty()) {
    if (r.at_end())
      return malformed(r.offset(), "unexpected end of section or function", func_index);
    if (!reader.next(in)) {
      Error e = r.take_error();
      e = Error(ErrorKind::Malformed,
                fmt::format("{} in function {} at offset {:#x}", e.message(), func_index,
                            e.loc().offset),
                e.loc());
      return e;
    }
    switch (in.op) {
      case Opcode::Block:
      case Opcode::Loop:
      case Opcode::If:
      case Opcode::Try:
      case Opcode::TryTable: blocks.push_back(in.op); break;
      case Opcode::Else:
        if (blocks.back() != Opcode::If)
          return malformed(in.offset, "else without a matching if", func_index);
        blocks.back() = Opcode::Else;
        break;
      case Opcode::Catch:
      case Opcode::CatchAll:
        if (blocks.back() != Opcode::Try && blocks.back() != Opcode::Catch)
          return malformed(in.offset, fmt::format("{} without a matching try", op_name(in.op)),
                           func_index);
        blocks.back() = in.op;
        break;
      case Opcode::Delegate:
        if (blocks.back() != Opcode::Try)
          return malformed(in.offset, "delegate without a matching try", func_index);
        blocks.pop_back();
        break;
      case Opcode::End: blocks.pop_back(); break;
      case Opcode::MemoryInit:
      case Opcode::DataDrop:
      case Opcode::ArrayNewData:
      case Opcode::ArrayInitData:
        if (!has_data_count)
          return malformed(in.offset, "data count section required", func_index);
        break;
      default: break;
    }
  }
  if (!r.at_end())
    return malformed(r.offset(), "section size mismatch: bytes after the function's final end",
                     func_index);
  return std::nullopt;
}

}  // namespace

std::optional<Error> find_malformed_body(const Module& m, size_t first) {
  std::vector<Opcode> blocks;
  Instr in;
  for (size_t i = first; i < m.functions.size(); ++i) {
    auto e = scan_body(m.functions[i], m.num_imported_funcs + static_cast<uint32_t>(i),
                       m.data_count.has_value(), blocks, in);
    if (e) return e;
  }
  return std::nullopt;
}

}  // namespace nanoproc
