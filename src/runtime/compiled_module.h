// A validated module prepared for execution, shared by all its instances (and threads):
// canonical type ids, and each function's lowered code, produced lazily on first call.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "ir/module.h"
#include "runtime/eh_table.h"
#include "runtime/type_registry.h"

namespace nanoproc {

// Lowered code of one function, in the interpreter's format (interp/code.h). The runtime
// only owns the storage; the interpreter writes and reads it.
struct FunctionCode {
  std::unique_ptr<uint64_t[]> words;  // 8-byte aligned instruction stream
  size_t size_words = 0;
  uint32_t param_slots = 0;
  uint32_t local_slots = 0;  // params + declared locals
  // Constant pool: copied to slots [local_slots, local_slots + const_slots) at entry.
  std::unique_ptr<uint64_t[]> consts;
  uint32_t const_slots = 0;
  uint32_t frame_slots = 0;  // locals + maximum operand-stack depth
  uint32_t result_slots = 0;
  EhTable eh;  // exception handlers (empty for most functions)
};

struct CompiledFunction {
  uint32_t type_index = 0;
  uint32_t canon_type = 0;
  std::atomic<FunctionCode*> code{nullptr};
};

class Engine;

class CompiledModule {
 public:
  CompiledModule(std::shared_ptr<const Module> m, Engine& engine);
  ~CompiledModule();

  const Module& module() const { return *module_; }
  std::shared_ptr<const Module> module_ptr() const { return module_; }
  Engine& engine() const { return engine_; }
  const std::vector<uint32_t>& canon_ids() const { return canon_ids_; }
  uint32_t canon(uint32_t type_index) const { return canon_ids_[type_index]; }
  const FuncType& func_type(uint32_t type_index) const { return module_->types[type_index].composite.func; }

  // Defined function i (index space minus imports).
  CompiledFunction& function(uint32_t defined_index) { return funcs_[defined_index]; }
  size_t num_functions() const { return module_->functions.size(); }

  // The lowered code of defined function i, lowering it now if this is the first use.
  // Thread-safe: concurrent first calls race to publish; the loser's copy is discarded.
  FunctionCode* code(uint32_t defined_index);
  // Lowers every function now (e.g. to measure, or before forking).
  void lower_all();

 private:
  std::shared_ptr<const Module> module_;
  Engine& engine_;
  std::vector<uint32_t> canon_ids_;
  std::unique_ptr<CompiledFunction[]> funcs_;
};

}  // namespace nanoproc
