// Reading APP.toml (docs/COMPOSE.md) into a composition spec. Every error names
// file:line:column of the key or value at fault; unknown keys are errors. Limits given in
// the file override `defaults` (the command-line limit flags).
#pragma once
#include <string>

#include "cli/limit_flags.h"
#include "nanoprocess/compose.h"
#include "util/expected.h"

namespace nanoproc::cli {

Expected<api::ComposeSpec> read_compose_file(const std::string& path, const Limits& defaults);

// The TOML text itself (`path` for messages and to resolve relative paths).
Expected<api::ComposeSpec> parse_compose_text(const std::string& text, const std::string& path, const Limits& defaults);

}  // namespace nanoproc::cli
