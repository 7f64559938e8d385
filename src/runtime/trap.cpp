#include "runtime/trap.h"

namespace nanoproc {

const char* trap_message(TrapKind k) {
  switch (k) {
#define NP_TRAP(E, M) \
  case TrapKind::E:   \
    return M;
#include "runtime/traps.def"
#undef NP_TRAP
  }
  return "trap";
}

std::string Trap::message() const {
  std::string m = trap_message(kind);
  if (!detail.empty()) m += ": " + detail;
  return m;
}

}  // namespace nanoproc
