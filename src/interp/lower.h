// Lowering: one validated function body -> the interpreter's register code (code.h).
//
// The wasm operand stack is mapped onto frame slots: stack entry k always has the same
// "home" slot (after the locals), so control-flow merges need no bookkeeping at run time.
// To avoid copies, an entry may instead stand for a local (after local.get) or a constant
// (after *.const) until something needs it in its home slot. Results can be retargeted
// into locals (`...; local.set x` writes x directly) and comparisons fused into branches.
#pragma once
#include <memory>

#include "runtime/compiled_module.h"

namespace nanoproc::interp {

std::unique_ptr<FunctionCode> lower(const CompiledModule& cm, uint32_t defined_index);

}  // namespace nanoproc::interp
