// A canonical, order-independent description of a document's interface: every typename's
// structure and layout, and every function's signature and core wasm lowering. Two
// documents describe the same interface exactly when their summaries are equal (docs and
// the order of definitions do not count).
#pragma once
#include <map>
#include <string>

#include "witx/ast.h"

namespace nanoproc::witx {

// Keys: "type $name", "module $name", "func $module.name". Values: structure + layout.
std::map<std::string, std::string> interface_summary(const Document& doc);

// The layout part alone: "size=64 align=8 offsets=0,8,16,24,32,40,48,56".
std::string layout_string(const Type& t);

}  // namespace nanoproc::witx
