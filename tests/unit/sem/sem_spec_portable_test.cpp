// The same spec assertions against the portable (vector-extension) implementation that
// non-x86 builds use, so that code is tested on this machine too.
#define NANOPROC_SEM_PORTABLE 1
#define SEM_SPEC_SUITE SemSpecPortable
#include "sem_spec_cases.h"

// The portable evaluator in plain types, for sem_differential_test.cpp (which is built
// against the native implementation and compares the two).
bool sem_eval_portable(uint16_t op, const uint64_t (*in)[2], uint32_t lane, const uint8_t* shuffle,
                       uint64_t* out, uint8_t* trap) {
  semtest::Value args[3];
  for (int i = 0; i < 3; ++i) args[i] = semtest::V128(in[i][0], in[i][1]);
  semtest::Imm imm;
  imm.lane = lane;
  std::memcpy(imm.shuffle, shuffle, 16);
  semtest::Value r;
  nanoproc::TrapKind t = nanoproc::TrapKind::None;
  bool known = semtest::eval(static_cast<nanoproc::Opcode>(op), args, imm, &r, &t);
  out[0] = r.lo;
  out[1] = r.hi;
  *trap = uint8_t(t);
  return known;
}
