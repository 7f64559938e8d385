// Internal error helpers on top of the public error types (nanoproc/error.h).
#pragma once
#include <fmt/format.h>

#include "nanoproc/error.h"

namespace nanoproc {

template <typename... Args>
Error make_error(ErrorKind kind, fmt::format_string<Args...> f, Args&&... args) {
  return Error(kind, fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace nanoproc
