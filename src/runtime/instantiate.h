// Instantiation: allocate an instance's entities, initialise segments, run start.
#pragma once
#include <memory>
#include <vector>

#include "runtime/store.h"
#include "util/expected.h"

namespace nanoproc {

// `imports` has one Extern per import of the module, in order. Errors:
//  - Unlinkable ("incompatible import type: ...") when an import does not match;
//  - Trap (message = the trap's) when a segment initialisation or the start function traps;
//    the instance is then not returned, but writes already made to imported tables and
//    memories remain, as the spec requires.
Expected<Instance*> instantiate(Store& store, std::shared_ptr<CompiledModule> cm, const std::vector<Extern>& imports);

// Import matching, for linkers that want to check before instantiating.
Status check_import(Store& store, const CompiledModule& cm, const Import& imp, const Extern& ext);

}  // namespace nanoproc
