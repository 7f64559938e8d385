#include "runtime/guard.h"

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <mutex>

namespace nanoproc {
namespace {

// A fixed table the signal handler can scan without locks. Slots are claimed with a CAS on
// `begin`; `end` is published before `begin` so a reader never sees a half-made entry.
constexpr size_t kMaxRegions = 1 << 16;
struct Region {
  std::atomic<uintptr_t> begin{0};
  std::atomic<uintptr_t> end{0};
};
Region g_regions[kMaxRegions];
std::atomic<size_t> g_high_water{0};

bool address_in_region(uintptr_t a) {
  size_t n = g_high_water.load(std::memory_order_acquire);
  for (size_t i = 0; i < n; ++i) {
    uintptr_t b = g_regions[i].begin.load(std::memory_order_acquire);
    if (b && a >= b && a < g_regions[i].end.load(std::memory_order_relaxed)) return true;
  }
  return false;
}


struct sigaction g_prev_segv;
struct sigaction g_prev_bus;

void chain(int sig, siginfo_t* info, void* uctx) {
  const struct sigaction& prev = sig == SIGSEGV ? g_prev_segv : g_prev_bus;
  if (prev.sa_flags & SA_SIGINFO) {
    if (prev.sa_sigaction) {
      prev.sa_sigaction(sig, info, uctx);
      return;
    }
  } else if (prev.sa_handler == SIG_IGN) {
    return;
  } else if (prev.sa_handler != SIG_DFL && prev.sa_handler != nullptr) {
    prev.sa_handler(sig);
    return;
  }
  // Default action: restore it and return, so the faulting instruction re-executes and
  // the process dies with the right signal (and a core dump where enabled).
  signal(sig, SIG_DFL);
}

void handle_fault(int sig, siginfo_t* info, void* uctx) {
  GuestExecution* g = detail::t_guest_execution;
  uintptr_t addr = reinterpret_cast<uintptr_t>(info->si_addr);
  if (g && g->active && address_in_region(addr)) {
    g->active = 0;
    g->fault_address = info->si_addr;
    // Safe: see GuestExecution and the invariant stated at the interpreter's entry. The
    // handler runs with SA_NODEFER, so no signal mask needs restoring.
    siglongjmp(g->jmp, 1);
  }
  chain(sig, info, uctx);
}

}  // namespace

bool register_guard_region(void* begin, size_t len) {
  install_fault_handler();
  uintptr_t b = reinterpret_cast<uintptr_t>(begin);
  for (size_t i = 0; i < kMaxRegions; ++i) {
    uintptr_t expected = 0;
    if (g_regions[i].begin.load(std::memory_order_relaxed) != 0) continue;
    g_regions[i].end.store(b + len, std::memory_order_relaxed);
    if (g_regions[i].begin.compare_exchange_strong(expected, b, std::memory_order_release)) {
      size_t hw = g_high_water.load(std::memory_order_relaxed);
      while (hw < i + 1 && !g_high_water.compare_exchange_weak(hw, i + 1, std::memory_order_release)) {
      }
      return true;
    }
  }
  // Full (65,536 regions of 8 GiB exceed any 47-bit address space, so only in theory).
  return false;
}

void unregister_guard_region(void* begin) {
  uintptr_t b = reinterpret_cast<uintptr_t>(begin);
  size_t n = g_high_water.load(std::memory_order_acquire);
  for (size_t i = 0; i < n; ++i) {
    if (g_regions[i].begin.load(std::memory_order_relaxed) == b) {
      g_regions[i].begin.store(0, std::memory_order_release);
      return;
    }
  }
}

void install_fault_handler() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction sa {};
    sa.sa_sigaction = handle_fault;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigaction(SIGSEGV, &sa, &g_prev_segv);
    sigaction(SIGBUS, &sa, &g_prev_bus);
  });
  ensure_alt_stack();
}

void ensure_alt_stack() {
  thread_local bool done = false;
  if (done) return;
  done = true;
  stack_t cur{};
  if (sigaltstack(nullptr, &cur) == 0 && !(cur.ss_flags & SS_DISABLE) && cur.ss_sp) return;
  // Leaked on purpose: the stack must outlive every signal this thread may take.
  const size_t size = 64 * 1024;
  void* mem = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) return;
  stack_t ss{};
  ss.ss_sp = mem;
  ss.ss_size = size;
  ss.ss_flags = 0;
  sigaltstack(&ss, nullptr);
}

namespace detail {
__thread GuestExecution* t_guest_execution = nullptr;
}

}  // namespace nanoproc
