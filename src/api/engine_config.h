// How the public Config maps onto the stages: validator options, the feature check every
// compiled module passes, and the fingerprint a serialized module records.
#pragma once
#include <cstdint>
#include <string>

#include "ir/module.h"
#include "nanoproc/nanoproc.h"
#include "util/expected.h"

namespace nanoproc::api {

// ErrorKind::Invalid naming the first disabled feature the module uses and where (the
// function index and byte offset for an instruction). The module has been validated.
Status check_features(const nanoproc::Module& m, const Features& f);

// The settings compiled code depends on, as bits: the bounds-check strategy, interruption
// checks, and every feature flag (a module is only valid relative to them).
uint64_t engine_fingerprint(const Config& cfg);
// What differs between two fingerprints, for error messages: "made for an engine with
// guard pages; this engine has explicit bounds checks".
std::string describe_fingerprint_difference(uint64_t theirs, uint64_t ours);

}  // namespace nanoproc::api
