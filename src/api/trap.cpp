// Traps as values: Store::last_trap, trap codes and their text.
#include <fmt/format.h>

#include "nanoproc/nanoproc.h"
#include "runtime/store.h"

namespace nanoproc::api {
namespace {

// Every runtime trap kind maps to a public code; the switch has no default so that a new
// entry in traps.def fails to compile here until it is mapped.
std::optional<TrapCode> code_of(TrapKind k) {
  switch (k) {
    case TrapKind::None: return std::nullopt;
    case TrapKind::Unreachable: return TrapCode::Unreachable;
    case TrapKind::MemoryOutOfBounds: return TrapCode::MemoryOutOfBounds;
    case TrapKind::TableOutOfBounds: return TrapCode::TableOutOfBounds;
    case TrapKind::ArrayOutOfBounds: return TrapCode::ArrayOutOfBounds;
    case TrapKind::UninitializedElement: return TrapCode::UninitializedElement;
    case TrapKind::UndefinedElement: return TrapCode::UndefinedElement;
    case TrapKind::IndirectCallMismatch: return TrapCode::IndirectCallTypeMismatch;
    case TrapKind::IntegerDivideByZero: return TrapCode::IntegerDivideByZero;
    case TrapKind::IntegerOverflow: return TrapCode::IntegerOverflow;
    case TrapKind::InvalidConversion: return TrapCode::InvalidConversion;
    case TrapKind::NullReference:
    case TrapKind::NullFunctionReference:
    case TrapKind::NullStructReference:
    case TrapKind::NullArrayReference:
    case TrapKind::NullI31Reference:
    case TrapKind::NullExnReference: return TrapCode::NullReference;
    case TrapKind::CastFailure: return TrapCode::CastFailure;
    case TrapKind::StackExhausted: return TrapCode::StackOverflow;
    case TrapKind::UncaughtException: return TrapCode::UncaughtException;
    case TrapKind::OutOfFuel: return TrapCode::OutOfFuel;
    case TrapKind::DeadlineExceeded: return TrapCode::DeadlineExceeded;
    case TrapKind::MemoryLimit: return TrapCode::MemoryLimit;
    case TrapKind::GcHeapLimit: return TrapCode::GcHeapLimit;
    case TrapKind::TableLimit: return TrapCode::TableLimit;
    case TrapKind::Killed: return TrapCode::Killed;
    case TrapKind::HostError: return TrapCode::HostError;
    case TrapKind::Exit: return TrapCode::Exit;
    case TrapKind::Unsupported: return TrapCode::Unsupported;
  }
  return std::nullopt;
}

}  // namespace

const char* trap_code_name(TrapCode c) {
  switch (c) {
#define NANOPROC_TRAP_CODE_NAME(N) \
  case TrapCode::N: return #N;
    NANOPROC_TRAP_CODES(NANOPROC_TRAP_CODE_NAME)
#undef NANOPROC_TRAP_CODE_NAME
  }
  return "?";
}

std::string Trap::to_string() const {
  std::string out = message;
  for (const auto& f : frames) {
    if (f.host) out += fmt::format("\n  at {} (host function)", f.func_name);
    else out += fmt::format("\n  at {} (func {})", f.func_name, f.func_index);
  }
  return out;
}

std::optional<Trap> Store::last_trap() const {
  const nanoproc::Trap& t = impl_->last_trap;
  std::optional<TrapCode> code = code_of(t.kind);
  if (!code) return std::nullopt;
  Trap out;
  out.code = *code;
  out.message = t.message();
  if (t.kind == TrapKind::Exit) out.exit_code = t.exit_code;
  for (const auto& f : t.frames) {
    TrapFrame tf;
    tf.func_index = f.func_index;
    tf.func_name = f.func_name;
    tf.module_name = f.module_name;
    tf.host = f.instance == nullptr;
    // A body never starts at offset 0 of a binary; 0 means the module came from text.
    if (f.func_offset != nanoproc::TrapFrame::kNoOffset && f.func_offset != 0) tf.func_offset = f.func_offset;
    out.frames.push_back(std::move(tf));
  }
  return out;
}

}  // namespace nanoproc::api
