// Emitter: appends instructions in the code format of code.h and patches branches.
#pragma once
#include <cstdint>
#include <cstdio>
#include <vector>

#include "interp/code.h"

namespace nanoproc::interp {

// A branch target. Forward branches record where their displacement goes; binding the
// label patches them all.
struct Label {
  bool bound = false;
  uint32_t pos = 0;  // byte offset, once bound
  struct Use {
    uint32_t instr;  // byte offset of the branching instruction
    uint32_t field;  // byte offset of its 4-byte displacement
  };
  std::vector<Use> uses;
};

class Emitter {
 public:
  uint32_t pos() const { return static_cast<uint32_t>(words_.size() * 8); }

  // With `trace` set (NANOPROC_TRACE_LOWERING=1), every instruction is printed as emitted.
  FILE* trace = nullptr;

  // Starts an instruction; returns its byte offset.
  uint32_t op(IOp op) {
    open_half_ = false;
    uint32_t at = pos();
    if (trace) std::fprintf(trace, "\n%6u  %s", at, iop_name(op));
    words_.push_back(reinterpret_cast<uint64_t>(handler_table()[static_cast<unsigned>(op)]));
    return at;
  }
  // An 8-byte immediate: only directly after op() or another imm64().
  void imm64(uint64_t v) {
    if (trace) std::fprintf(trace, " #%llx", static_cast<unsigned long long>(v));
    words_.push_back(v);
  }
  // A 4-byte operand; returns its byte offset (for patching).
  uint32_t u32(uint32_t v) {
    if (trace) std::fprintf(trace, " %d", static_cast<int32_t>(v));
    if (open_half_) {
      words_.back() |= static_cast<uint64_t>(v) << 32;
      open_half_ = false;
      return pos() - 4;
    }
    words_.push_back(v);
    open_half_ = true;
    return pos() - 8;
  }
  // A displacement to `l` from the instruction at `instr`.
  void disp(uint32_t instr, Label& l) {
    uint32_t field = u32(0);
    if (l.bound) patch(field, static_cast<int32_t>(l.pos) - static_cast<int32_t>(instr));
    else l.uses.push_back({instr, field});
  }
  void bind(Label& l) {
    l.bound = true;
    l.pos = pos();
    for (const auto& u : l.uses) patch(u.field, static_cast<int32_t>(l.pos) - static_cast<int32_t>(u.instr));
    l.uses.clear();
    open_half_ = false;
  }
  void patch(uint32_t field, int32_t v) {
    reinterpret_cast<uint32_t*>(words_.data())[field / 4] = static_cast<uint32_t>(v);
  }
  void patch_u32(uint32_t field, uint32_t v) { reinterpret_cast<uint32_t*>(words_.data())[field / 4] = v; }
  // Drops everything from byte offset `at` on (used to replace a just-emitted compare).
  void truncate(uint32_t at) {
    if (trace) std::fprintf(trace, "\n        (fused: back to %u)", at);
    words_.resize(at / 8);
    open_half_ = false;
  }
  std::vector<uint64_t>& words() { return words_; }

 private:
  std::vector<uint64_t> words_;
  bool open_half_ = false;
};

}  // namespace nanoproc::interp
