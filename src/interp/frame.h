// Call-frame records of the interpreter (in the Store's frame stack).
#pragma once
#include <cstdint>

namespace nanoproc {
class Instance;
struct FuncInstance;
}

namespace nanoproc::interp {

// Pushed by a call, popped by the callee's return: where and how to resume the caller.
struct CallFrame {
  const uint8_t* ret_pc;
  uint64_t* fp;
  Instance* inst;
  FuncInstance* func;  // the caller (for backtraces)
};
static_assert(sizeof(CallFrame) == 32, "Store::frame_base() sizes records at 32 bytes");

}  // namespace nanoproc::interp
