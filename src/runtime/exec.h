// Calling functions: the entry points the runtime uses, implemented by the interpreter.
#pragma once
#include <cstdint>

#include "runtime/store.h"

namespace nanoproc {

// Calls `f` with its arguments in slots[0..] (slot layout as for host functions); on return
// the results are in slots[0..]. `slots` must have room for max(param, result) slots.
// Returns TrapKind::None, or the trap (details in store.last_trap).
TrapKind call_function(Store& store, FuncInstance* f, uint64_t* slots);

}  // namespace nanoproc
