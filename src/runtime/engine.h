// The Engine: configuration and state shared by all stores and modules (canonical types,
// the code lowering hook). Thread-safe.
#pragma once
#include <cstdint>
#include <memory>

#include "runtime/gc_layout.h"
#include "runtime/memory.h"
#include "runtime/pools.h"
#include "runtime/type_registry.h"
#include "util/expected.h"

namespace nanoproc {

class CompiledModule;
struct FunctionCode;

struct EngineConfig {
  MemoryConfig memory;
  uint64_t value_stack_bytes = 64ull << 20;  // reserved; committed lazily by the OS
  uint32_t max_call_depth = 100000;
  uint64_t max_table_elements = 0;  // 0 = only the type's limits
  // Bytes of GC objects (structs, arrays, exceptions) one Store may allocate; past it the
  // allocating instruction traps (TrapKind::GcHeapLimit). Nothing is collected yet.
  uint64_t max_gc_heap_bytes = 1ull << 30;
  // Compile checks at function entries and loop headers so that execution can be stopped:
  // fuel, deadlines and kill requests (Store::interrupt). Off: no checks, no cost.
  bool interruptible = false;
  // A memory.grow / table.grow refused by max_bytes / max_table_elements (not by the
  // module's own limits) traps with "memory limit" / "table limit" instead of returning -1.
  bool trap_on_limit = false;
  // Released memory slots and stacks kept for reuse by later Stores (see pools.h); 0 turns
  // pooling off.
  size_t pool_max_idle = 64;
  // Modules with at least this much data in memory 0 get a copy-on-write memory image
  // (memory_image.h); below it copying the segments is cheaper than mapping.
  uint64_t memory_image_min_bytes = 64 << 10;
};

class Engine {
 public:
  // With guard pages asked for but no room for even one guarded memory (see
  // guard_pages_unavailable), the engine checks bounds explicitly instead: every
  // instantiation would fail otherwise. Code lowered by this engine and its memories agree,
  // so the choice is made once, here.
  explicit Engine(EngineConfig cfg = {});
  const EngineConfig& config() const { return cfg_; }
  // True if guard pages were asked for and this engine fell back to explicit bounds checks.
  bool guard_pages_unavailable() const { return guard_pages_unavailable_; }
  EngineConfig& mutable_config() { return cfg_; }
  TypeRegistry& types() { return types_; }
  GcLayoutCache& gc_layouts() { return gc_layouts_; }
  MemorySlotPool& memory_pool() { return memory_pool_; }
  StackPool& stack_pool() { return stack_pool_; }

  // Compiles a validated module (the caller validated it).
  std::shared_ptr<CompiledModule> compile(std::shared_ptr<const Module> m);

 private:
  EngineConfig cfg_;
  bool guard_pages_unavailable_ = false;
  TypeRegistry types_;
  GcLayoutCache gc_layouts_{types_};
  MemorySlotPool memory_pool_{cfg_.pool_max_idle};
  StackPool stack_pool_{cfg_.pool_max_idle * 2};  // value stack + frames per Store
};

// Implemented by the interpreter: lowers one function of a compiled module.
std::unique_ptr<FunctionCode> lower_function(const CompiledModule& cm, uint32_t defined_index);

}  // namespace nanoproc
