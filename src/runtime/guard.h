// Turning faults in guarded memories into wasm traps.
//
// The handler is process-wide, installed once, on an alternate signal stack, and chains to
// whatever handler was installed before it. It acts only when BOTH hold:
//   1. the faulting thread is executing guest instructions in the interpreter loop
//      (GuestExecution::active on that thread, cleared around every host call), and
//   2. the faulting address lies in a registered guard region (a guarded memory's
//      reservation).
// Then it jumps back to the interpreter entry that armed the GuestExecution. Any other
// fault (a bug in host code, a stack overflow) goes to the previous handler / default
// action: it is never swallowed.
#pragma once
#include <csetjmp>
#include <csignal>
#include <cstddef>
#include <cstdint>

namespace nanoproc {

// False if the region table is full: the caller must then not rely on faults in it.
[[nodiscard]] bool register_guard_region(void* begin, size_t len);
void unregister_guard_region(void* begin);

// Installs the SIGSEGV/SIGBUS handler (idempotent, thread-safe) and gives the calling
// thread an alternate signal stack if it has none.
void install_fault_handler();
void ensure_alt_stack();

// Per-thread state of the innermost interpreter activation. The interpreter entry saves
// the previous one, arms this one with sigsetjmp, and restores the previous on exit.
struct GuestExecution {
  sigjmp_buf jmp;
  volatile sig_atomic_t active = 0;  // 1 while guest instructions run
  void* fault_address = nullptr;     // set by the handler before jumping
};

// Inline and `__thread` (no TLS wrapper call): every interpreter entry reads and writes it.
namespace detail {
extern __thread GuestExecution* t_guest_execution;
}
inline GuestExecution* current_guest_execution() { return detail::t_guest_execution; }
inline void set_current_guest_execution(GuestExecution* g) { detail::t_guest_execution = g; }

}  // namespace nanoproc
