// Finding the handler of an exception in one function's exception table (eh_table.h).
#pragma once
#include <cstdint>

#include "runtime/eh_table.h"
#include "runtime/store.h"

namespace nanoproc::interp {

// The handler for `exn` thrown at code byte offset `at` of a function of instance `inst`,
// or nullptr if the exception leaves the function. Allocates nothing.
const EhHandler* find_eh_handler(const EhTable& t, uint32_t at, const ExnObject* exn, const Instance* inst);

}  // namespace nanoproc::interp
