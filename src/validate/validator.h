// The validator: the spec's validation algorithm for every Wasm 3.0 feature.
#pragma once
#include "ir/module.h"
#include "util/expected.h"

namespace nanoproc {

struct ValidateOptions {
  // Accept the legacy exception-handling instructions (try/catch/delegate/rethrow).
  bool legacy_exceptions = true;
};

// Errors are ErrorKind::Invalid. The message starts with the spec's wording (e.g.
// "type mismatch", "unknown local") and loc().offset is the byte offset of the offending
// instruction when the module came from a binary; the message names the function index.
Status validate_module(const Module& m, const ValidateOptions& opts = {});

}  // namespace nanoproc
