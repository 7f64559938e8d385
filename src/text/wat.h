// WAT parser: the WebAssembly text format -> Module.
#pragma once
#include <string_view>

#include "ir/module.h"
#include "util/expected.h"

namespace nanoproc {

// Parses a text module: either `(module ...)` or a bare list of module fields.
// Errors are ErrorKind::Malformed with file:line:column in loc().
Expected<Module> parse_wat(std::string_view text, std::string_view filename = "<input>");

}  // namespace nanoproc
