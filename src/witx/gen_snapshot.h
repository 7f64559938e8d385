// Generates C++ that implements an older witx snapshot's interface (e.g. wasi_unstable) by
// delegating to a newer one's (wasi_snapshot_preview1), with conversions derived by
// comparing the two documents structurally:
//  - types are matched by typename; values convert field by field (records), case by name
//    (enums, variant tags) and flag by name (flags); integers widen freely and narrow with a
//    range check (errno `overflow`);
//  - types with the same representation in both (same layout and the same meaning of every
//    value) pass through unchanged, including behind pointers and in lists;
//  - a flag of the newer snapshot that the older one lacks is dropped on the way back;
//    an older value the newer snapshot cannot express is rejected with errno `inval`.
// What the witx files cannot say (which pointer parameters are arrays and how long; which
// older fields the newer snapshot has no place for) is stated in gen_snapshot.cpp, checked
// against the documents, and kept small.
#pragma once
#include <string>
#include <vector>

#include "util/expected.h"
#include "witx/ast.h"
#include "witx/gen_cpp.h"

namespace nanoproc::witx {

struct SnapshotOptions {
  std::string old_ns;     // namespace of the older snapshot's cpp-host output
  std::string new_ns;     // namespace of the newer snapshot's cpp-host output
  std::string old_base;   // basename of the older snapshot's cpp-host files
  std::string new_base;   // basename of the newer snapshot's cpp-host files
  std::string include_prefix;
  std::string source;
};

// Files "<old module>_from_<new module>.h/.cpp".
Expected<std::vector<GeneratedFile>> generate_snapshot_adapter(const Document& older, const Document& newer,
                                                               const SnapshotOptions& opt);

}  // namespace nanoproc::witx
