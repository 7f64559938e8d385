// The decoder copies function bodies without walking them, but the spec decodes the whole
// module before validating it: a malformed body anywhere makes the module malformed, even
// when validation already found an invalid construct earlier. find_malformed_body walks
// bodies with InstrReader only (no typing) to find the first such decoding error.
#pragma once
#include <cstdint>
#include <optional>

#include "ir/module.h"
#include "util/error.h"

namespace nanoproc {

// The first malformed body among Module::functions[first..], with the byte offset of the
// problem: undecodable instructions, block structure (else/catch/delegate without their
// block, a missing final `end`, bytes after it), data indices without a data count
// section, too many locals.
std::optional<Error> find_malformed_body(const Module& m, size_t first);

}  // namespace nanoproc
