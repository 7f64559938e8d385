// The interpreter: one function whose handlers are labels, dispatched by computed goto
// (direct threading: each instruction starts with its handler's address).
//
// Registers of the virtual machine (locals of run(), so the compiler keeps them in machine
// registers): pc, fp (frame base: slot 0 = first parameter), inst, funcs, and the base and
// size of memory 0. A call's arguments are already where the callee's frame starts (the
// caller's operand-stack slots), so calls copy nothing.
#include <algorithm>
#include <bit>
#include <cstring>

#include "interp/code.h"
#include "interp/eh_search.h"
#include "interp/frame.h"
#include "interp/gc_cast.h"
#include "interp/sem/sem.h"
#include "interp/vmem.h"
#include "runtime/exec.h"
#include "runtime/guard.h"
#include "runtime/store.h"

namespace nanoproc::interp {
namespace {

template <bool kTraps, typename R, typename F, typename... A>
[[gnu::always_inline]] inline TrapKind call_sem(F f, R& out, A... a) {
  if constexpr (kTraps) {
    return f(a..., &out);
  } else {
    out = f(a...);
    return TrapKind::None;
  }
}

constexpr uint32_t isz(unsigned nimm, unsigned nops) { return (8 + 8 * nimm + 4 * nops + 7) & ~7u; }

const void* const* g_handlers = nullptr;

// Copies `n` slots. Most frames have a few locals and constants: an inline loop (kept from
// becoming a memset/memcpy call by the empty asm) beats a library call for them.
[[gnu::always_inline]] inline void copy_slots(uint64_t* d, const uint64_t* s, uint32_t n) {
  if (n > 16) {
    std::memcpy(d, s, n * 8);
    return;
  }
  for (uint32_t i = 0; i < n; ++i) {
    d[i] = s[i];
    asm("" : "+r"(d));
  }
}

// Zeroes the declared locals and fills the constant pool of a new frame.
[[gnu::always_inline]] inline void init_frame(uint64_t* fp, const FunctionCode* code) {
  uint64_t* p = fp + code->param_slots;
  uint64_t* const e = fp + code->local_slots;
  if (e - p > 16) {
    std::memset(p, 0, (e - p) * 8);
  } else {
    for (; p < e; ++p) {
      *p = 0;
      asm("" : "+r"(p));
    }
  }
  if (code->const_slots) copy_slots(fp + code->local_slots, code->consts.get(), code->const_slots);
}

struct RunResult {
  TrapKind trap;
};

// Fills store.last_trap with the trap and a backtrace from the frame records. A trap
// raised by a host function keeps the detail and exit code the host set.
void record_trap(Store& store, TrapKind kind, CallFrame* frames_begin, CallFrame* frames_end,
                 FuncInstance* innermost, FuncInstance* host, uint32_t unsupported_op) {
  Trap& t = store.last_trap;
  t.kind = kind;
  t.frames.clear();
  if (!host) {
    t.detail.clear();
    t.exit_code = 0;
  }
  if (kind == TrapKind::Unsupported)
    t.detail = std::string(op_name(static_cast<Opcode>(unsupported_op)));
  auto add = [&](FuncInstance* f) {
    if (!f) return;
    TrapFrame tf;
    if (f->kind == FuncInstance::Kind::Wasm) {
      tf.func_index = f->func_index;
      tf.func_name = f->instance->module().func_display_name(f->func_index);
      tf.module_name = f->instance->module().names.module_name;
      tf.instance = f->instance;
      if (f->compiled) tf.func_offset = f->compiled->module().functions[f->defined_index].body_offset;
    } else {
      tf.func_name = f->debug_name;
    }
    t.frames.push_back(std::move(tf));
  };
  add(host);
  add(innermost);
  for (CallFrame* fr = frames_end; fr > frames_begin;) {
    --fr;
    add(fr->func);
  }
}

}  // namespace

// Runs `entry` (a wasm function) with its arguments in slots[0..], in a frame at the
// store's stack top (which the caller has checked is allocated). Returns with the results in
// slots[0..], or a trap. This is the whole entry path from the runtime (call_function only
// screens out host functions and first calls), so a call from the host costs one C++ frame.
//
// Fault-to-trap invariant (see runtime/guard.h): between the sigsetjmp below and any
// guest load/store that can fault, the only active C++ frame of this thread above it is
// this function, and it keeps no object with a non-trivial destructor alive across guest
// instructions (all VM state is plain pointers and integers). Every call out of the loop
// (host functions, lazy lowering, growth) runs with `ge.active == 0`, so a fault there is
// never turned into a trap. Hence jumping back here skips no destructor.
static TrapKind run(Store* store_ptr, FuncInstance* entry, uint64_t* slots) {
  static const void* const kTable[] = {
#define NP_IOP_ENTRY(N) &&L_##N,
#include "interp/iop_list.inc"
#undef NP_IOP_ENTRY
  };
  static_assert(sizeof(kTable) / sizeof(kTable[0]) == kIOpCount, "one handler per IOp");
  if (!store_ptr) {
    g_handlers = kTable;
    return TrapKind::None;
  }

  Store& store = *store_ptr;
  uint64_t* const entry_fp = store.stack_top;
  void* const saved_func = store.current_func;
  CallFrame* const frames_begin = static_cast<CallFrame*>(store.frame_top);
  CallFrame* const frames_limit = static_cast<CallFrame*>(store.frame_limit());
  uint64_t* const stack_limit = store.stack_limit();
  TypeRegistry& types = store.engine().types();

  // Read only through this copy after sigsetjmp: a register-held argument live across it
  // might be clobbered by the longjmp (g++ -Wclobbered).
  uint64_t* volatile const io_slots = slots;
  GuestExecution ge;
  GuestExecution* const prev_ge = current_guest_execution();
  if (sigsetjmp(ge.jmp, 0)) {
    // A guest memory access faulted in a guard region (guard.h).
    set_current_guest_execution(prev_ge);
    CallFrame* fe = static_cast<CallFrame*>(store.frame_top);
    record_trap(store, TrapKind::MemoryOutOfBounds, frames_begin, fe,
                static_cast<FuncInstance*>(store.current_func), nullptr, 0);
    store.frame_top = frames_begin;
    store.stack_top = entry_fp;
    store.current_func = saved_func;
    return TrapKind::MemoryOutOfBounds;
  }
  set_current_guest_execution(&ge);

  InterruptCell* const icell = store.interrupt.get();
  const bool trap_on_limit = store.limits().trap_on_limit;
  int64_t fuel = store.fuel;
  CallFrame* frame = frames_begin;
  uint64_t* fp = entry_fp;
  Instance* inst = entry->instance;
  FuncInstance* cur = entry;
  FuncInstance** funcs = inst->funcs.data();
  LinearMemory* m0 = nullptr;
  uint8_t* mem0 = nullptr;
  uint64_t mem0_size = 0;
  const uint8_t* pc = nullptr;
  // Slow-path state lives in memory (volatile): kept in registers, the compiler would carry
  // it through every dispatch.
  volatile TrapKind trap = TrapKind::None;
  volatile uint32_t trap_detail = 0;
  FunctionCode* code = nullptr;
  uint64_t* nfp = nullptr;
  FuncInstance* callee = nullptr;
  const uint8_t* ret_pc = nullptr;
  FuncInstance* volatile trap_host = nullptr;
  volatile bool tail_call = false;
  GcHeap& gc = store.gc();
  ExnObject* exn = nullptr;          // the exception being thrown
  const uint8_t* throw_at = nullptr;  // where, while unwinding

// Memory 0 can grow (and, without guard pages, move) in any call: refresh it after calls.
#define RELOAD_MEM()                  \
  do {                                \
    if (m0) {                         \
      mem0 = m0->data();              \
      mem0_size = m0->size_bytes();   \
    }                                 \
  } while (0)
#define RELOAD_INST()          \
  do {                         \
    funcs = inst->funcs.data(); \
    m0 = inst->mem0;           \
    mem0 = nullptr;            \
    mem0_size = 0;             \
    RELOAD_MEM();              \
  } while (0)
#define DISPATCH() goto** reinterpret_cast<void* const*>(pc)
#define NEXT(bytes)  \
  do {               \
    pc += (bytes);   \
    DISPATCH();      \
  } while (0)
#define IMM64(k) (reinterpret_cast<const uint64_t*>(pc + 8)[k])
#define OPN(nimm, i) (reinterpret_cast<const uint32_t*>(pc + 8 + 8 * (nimm))[i])
#define OP(i) OPN(0, i)
#define DISP(i) static_cast<int32_t>(OP(i))
#define TRAP(kind)   \
  do {               \
    trap = (kind);   \
    goto do_trap;    \
  } while (0)
#define ACTIVE(v) (ge.active = (v))

#define TY_i uint32_t
#define TY_l uint64_t
#define TY_f float
#define TY_d double
#define TY_v v128
#define RD_i(s) static_cast<uint32_t>(fp[s])
#define RD_l(s) fp[s]
#define RD_f(s) std::bit_cast<float>(static_cast<uint32_t>(fp[s]))
#define RD_d(s) std::bit_cast<double>(fp[s])
#define RD_v(s) load_v128(&fp[s])
#define WR_i(s, x) (fp[s] = static_cast<uint32_t>(x))
#define WR_l(s, x) (fp[s] = (x))
#define WR_f(s, x) (fp[s] = std::bit_cast<uint32_t>(x))
#define WR_d(s, x) (fp[s] = std::bit_cast<uint64_t>(x))
#define WR_v(s, x) store_v128(&fp[s], (x))

  // Enter the entry function.
  RELOAD_INST();
  code = entry->code;
  if (!code) [[unlikely]]
    code = entry->code = entry->compiled->code(entry->defined_index);
  // The frame holds the parameters and, on return, the results.
  if (entry_fp + std::max({code->frame_slots, entry->param_slots, entry->result_slots}) > stack_limit) [[unlikely]] {
    trap = TrapKind::StackExhausted;
    goto do_trap;
  }
  copy_slots(fp, io_slots, entry->param_slots);
  init_frame(fp, code);
  pc = reinterpret_cast<const uint8_t*>(code->words.get());
  store.current_func = cur;
  ACTIVE(1);
  DISPATCH();

#include "interp/interp_generated.inc"
#include "interp/interp_control.inc"
#include "interp/interp_misc.inc"
#include "interp/interp_gc.inc"
#include "interp/interp_eh.inc"

limit_hit : {
  // A FuelCheck found the fuel spent or an interrupt request.
  uint32_t why = icell->reason.load(std::memory_order_acquire);
  if (why == InterruptCell::Killed) TRAP(TrapKind::Killed);
  if (why == InterruptCell::Deadline) TRAP(TrapKind::DeadlineExceeded);
  fuel = 0;
  TRAP(TrapKind::OutOfFuel);
}

do_trap:
  store.fuel = fuel;
  ACTIVE(0);
  set_current_guest_execution(prev_ge);
  record_trap(store, trap, frames_begin, frame, cur, trap_host, trap_detail);
  if (!trap_host) store.last_trap.exception = trap == TrapKind::UncaughtException ? exn : nullptr;
  store.frame_top = frames_begin;
  store.stack_top = entry_fp;
  store.current_func = saved_func;
  return trap;

done:
  store.fuel = fuel;
  ACTIVE(0);
  set_current_guest_execution(prev_ge);
  store.frame_top = frames_begin;
  store.stack_top = entry_fp;
  store.current_func = saved_func;
  copy_slots(io_slots, entry_fp, entry->result_slots);
  return TrapKind::None;
}

namespace {
struct HandlerInit {
  HandlerInit() { run(nullptr, nullptr, nullptr); }
};
}  // namespace

const char* iop_name(IOp op) {
  static const char* const kNames[] = {
#define NP_IOP_ENTRY(N) #N,
#include "interp/iop_list.inc"
#undef NP_IOP_ENTRY
  };
  static_assert(sizeof(kNames) / sizeof(kNames[0]) == kIOpCount);
  return kNames[static_cast<unsigned>(op)];
}

const void* const* handler_table() {
  static HandlerInit init;
  return g_handlers;
}

}  // namespace nanoproc::interp

namespace nanoproc {

namespace {

// Once per thread: the handler is process-wide, the alternate signal stack per thread.
__thread bool t_fault_handler_ready = false;

// Host functions, a store's first call (its stacks are reserved then) and a thread's first
// call (its signal stack).
[[gnu::noinline, gnu::cold]] TrapKind call_function_slow(Store& store, FuncInstance* f, uint64_t* slots) {
  if (!store.stack_top) store.stack_top = store.stack_base();
  if (!store.frame_top) store.frame_base();
  if (!store.stack_top || !store.frame_top) {
    store.last_trap = Trap{};
    store.last_trap.kind = TrapKind::StackExhausted;
    store.last_trap.detail = "cannot allocate the execution stack";
    return TrapKind::StackExhausted;
  }
  if (f->kind == FuncInstance::Kind::Host) {
    HostCall hc{store, nullptr, {}, 0};
    TrapKind k = f->host(hc, f->env, slots);
    if (k != TrapKind::None) {
      store.last_trap = Trap{};
      store.last_trap.kind = k;
      store.last_trap.detail = hc.detail;
      store.last_trap.exit_code = hc.exit_code;
    }
    return k;
  }
  install_fault_handler();
  t_fault_handler_ready = true;
  return interp::run(&store, f, slots);
}

}  // namespace

TrapKind call_function(Store& store, FuncInstance* f, uint64_t* slots) {
  if (f->kind == FuncInstance::Kind::Host || !store.stack_top || !store.frame_top || !t_fault_handler_ready)
      [[unlikely]]
    return call_function_slow(store, f, slots);
  return interp::run(&store, f, slots);
}

}  // namespace nanoproc
