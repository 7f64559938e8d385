// Traps are a typed result, never a C++ exception: TrapKind names the trap (traps.def),
// Trap carries it with context (a message for host traps, an exit code, a backtrace).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace nanoproc {

class Instance;

enum class TrapKind : uint8_t {
#define NP_TRAP(E, M) E,
#include "runtime/traps.def"
#undef NP_TRAP
};

const char* trap_message(TrapKind k);

struct TrapFrame {
  static constexpr uint64_t kNoOffset = UINT64_MAX;
  uint32_t func_index = 0;
  std::string func_name;    // from the name section or exports; may be empty
  std::string module_name;  // may be empty
  Instance* instance = nullptr;  // the function's instance; nullptr for host functions
  uint64_t func_offset = kNoOffset;  // wasm: byte offset of the function's body in the binary
};

struct Trap {
  TrapKind kind = TrapKind::None;
  std::string detail;             // extra context (host error text, etc.)
  int32_t exit_code = 0;          // kind == Exit (WASI proc_exit)
  std::vector<TrapFrame> frames;  // innermost first
  void* exception = nullptr;      // kind == UncaughtException: the ExnObject (store.h)

  explicit operator bool() const { return kind != TrapKind::None; }
  // "out of bounds memory access" or "host function failed: <detail>".
  std::string message() const;
};

}  // namespace nanoproc
