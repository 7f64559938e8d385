// The Store owns everything instances are made of: functions, tables, memories, globals,
// tags, host objects, GC objects and exceptions, and the execution stack. A Store is used by
// one thread at a time; everything in it lives until the Store is destroyed.
#pragma once
#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/compiled_module.h"
#include "runtime/engine.h"
#include "runtime/gc_heap.h"
#include "runtime/memory.h"
#include "runtime/object.h"
#include "runtime/table.h"
#include "runtime/trap.h"
#include "runtime/value.h"

namespace nanoproc {

class Instance;
class Store;
struct FuncInstance;

// Why running code must stop, set from any thread (kill) or by the deadline watchdog. Shared
// so that a late writer never touches a destroyed Store.
struct InterruptCell {
  enum Reason : uint32_t { None = 0, Killed = 1, Deadline = 2 };
  std::atomic<uint32_t> reason{None};
};

// What a host function sees of its call.
struct HostCall {
  Store& store;
  Instance* caller;  // the calling wasm instance, or nullptr when called from the host
  // For traps with context: set before returning a TrapKind other than None.
  std::string detail;
  int32_t exit_code = 0;
};

// A host function reads its arguments from slots[0..] (8 bytes per value, 16 for v128, in
// parameter order) and writes its results to slots[0..] in the same layout.
using HostFn = TrapKind (*)(HostCall& call, void* env, uint64_t* slots);

struct FuncInstance {
  ObjHeader header{ObjKind::Func, 0};  // header.type_id = canonical type id
  enum class Kind : uint8_t { Wasm, Host };
  Kind kind = Kind::Wasm;
  const FuncType* type = nullptr;  // canonical form (heap types are canonical ids)
  uint32_t param_slots = 0;
  uint32_t result_slots = 0;
  // Wasm
  Instance* instance = nullptr;
  CompiledModule* compiled = nullptr;
  uint32_t defined_index = 0;  // index among the module's defined functions
  uint32_t func_index = 0;     // index in the module's function index space
  FunctionCode* code = nullptr;  // cache of compiled->code(defined_index), set on first call
  // Host
  HostFn host = nullptr;
  void* env = nullptr;
  std::string debug_name;  // host functions: "module.name"
};

struct GlobalInstance {
  GlobalType type;  // canonical heap types
  RawValue value{};
};

struct TagInstance {
  uint32_t canon_type = 0;
  const FuncType* type = nullptr;  // canonical form
  uint32_t param_slots = 0;
};

// An exception (exnref points here), allocated in the Store's GC heap: the header, the tag,
// then the tag's parameters in slot layout.
struct ExnObject {
  ObjHeader header{ObjKind::Exn, 0};
  TagInstance* tag = nullptr;
  uint64_t slots = 0;  // payload size in 8-byte slots
  uint64_t* payload() { return reinterpret_cast<uint64_t*>(this + 1); }
};
static_assert(sizeof(ExnObject) == 24);

// A reference to an external value (import/export).
struct Extern {
  ExternKind kind = ExternKind::Func;
  void* ptr = nullptr;  // FuncInstance*, TableInstance*, LinearMemory*, GlobalInstance*, TagInstance*
  FuncInstance* func() const { return static_cast<FuncInstance*>(ptr); }
  TableInstance* table() const { return static_cast<TableInstance*>(ptr); }
  LinearMemory* memory() const { return static_cast<LinearMemory*>(ptr); }
  GlobalInstance* global() const { return static_cast<GlobalInstance*>(ptr); }
  TagInstance* tag() const { return static_cast<TagInstance*>(ptr); }
};

class Instance {
 public:
  std::shared_ptr<CompiledModule> compiled;
  Store* store = nullptr;
  std::vector<FuncInstance*> funcs;
  std::vector<TableInstance*> tables;
  std::vector<LinearMemory*> memories;
  LinearMemory* mem0 = nullptr;  // memories[0], or null: the interpreter's fast path
  std::vector<GlobalInstance*> globals;
  std::vector<TagInstance*> tags;
  std::vector<std::vector<Ref>> elems;  // evaluated element segments; emptied by elem.drop
  std::vector<uint8_t> data_dropped;    // 1 once data.drop ran (or the segment was active)
  std::unordered_map<std::string, Extern> exports;

  const Module& module() const { return compiled->module(); }
  const Extern* find_export(const std::string& name) const {
    auto it = exports.find(name);
    return it == exports.end() ? nullptr : &it->second;
  }
};

// Limits of one Store (one nanoprocess); zero fields take the engine's defaults.
struct StoreLimits {
  uint64_t max_memory_bytes = 0;
  uint64_t max_table_elements = 0;
  uint64_t stack_bytes = 0;
  uint32_t max_call_depth = 0;
  bool trap_on_limit = false;  // see EngineConfig::trap_on_limit
};

class Store {
 public:
  explicit Store(Engine& engine, const StoreLimits& limits = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  Engine& engine() { return engine_; }
  const StoreLimits& limits() const { return limits_; }

  FuncInstance* new_host_func(const FuncType& type, HostFn fn, void* env, std::string debug_name);
  FuncInstance* new_wasm_func(Instance* inst, CompiledModule* cm, uint32_t defined_index, uint32_t func_index);
  Expected<TableInstance*> new_table(const TableType& type, Ref init);
  Expected<LinearMemory*> new_memory(const MemoryType& type);
  GlobalInstance* new_global(const GlobalType& type, RawValue v);
  TagInstance* new_tag(uint32_t canon_type);
  Instance* new_instance(std::shared_ptr<CompiledModule> cm);
  ExternObject* new_extern(uint64_t value);
  // An exception of `tag` with an uninitialised payload; nullptr past the GC heap limit.
  ExnObject* new_exception(TagInstance* tag);
  GcHeap& gc() { return gc_; }
  // Canonical function types for host functions are registered as one-type rec groups.
  uint32_t canonical_func_type(const FuncType& ft);
  const FuncType& canonical_type_of(uint32_t canon_id);

  // The execution stack (value slots), reserved on first use and committed by the OS as
  // it is touched. The interpreter keeps its current top here across re-entrant calls.
  uint64_t* stack_base();
  uint64_t* stack_limit() { return stack_limit_; }
  uint64_t* stack_top = nullptr;
  // The call-frame stack (interpreter records), reserved on first use; `frame_top` is the
  // first free record, kept up to date across calls so traps can walk it.
  void* frame_base();
  void* frame_limit() { return frame_limit_; }
  void* frame_top = nullptr;
  void* current_func = nullptr;  // the innermost FuncInstance running (for backtraces)

  // Details of the last trap (set by the interpreter or a host function).
  Trap last_trap;

  // Limits of interruptible engines (EngineConfig::interruptible): the remaining fuel
  // (checks subtract the size of each loop iteration and call), and the interrupt cell.
  static constexpr int64_t kUnlimitedFuel = INT64_MAX;
  int64_t fuel = kUnlimitedFuel;
  std::shared_ptr<InterruptCell> interrupt = std::make_shared<InterruptCell>();

  // Keeps `p` alive until the store is destroyed (host-function closures and the like).
  void own(void* p, void (*destroy)(void*)) { owned_.push_back({p, destroy}); }

 private:
  Engine& engine_;
  GcHeap gc_;
  StoreLimits limits_;
  MemoryConfig memory_config_;
  std::deque<FuncInstance> funcs_;
  std::deque<GlobalInstance> globals_;
  std::deque<TagInstance> tags_;
  std::deque<ExternObject> externs_;
  std::vector<std::unique_ptr<TableInstance>> tables_;
  std::vector<std::unique_ptr<LinearMemory>> memories_;
  std::vector<std::unique_ptr<Instance>> instances_;
  std::unordered_map<uint32_t, std::unique_ptr<FuncType>> canon_func_types_;
  // Host function types already canonicalised (a WASI context defines ~90 functions of ~20
  // types; registering each through a one-type module was most of define_wasi's cost).
  std::vector<std::pair<FuncType, uint32_t>> host_type_ids_;
  struct Owned {
    void* p;
    void (*destroy)(void*);
  };
  std::vector<Owned> owned_;
  void* acquire_stack(size_t bytes);
  void release_stack(void* p, size_t bytes);
  void* frame_mem_ = nullptr;
  void* frame_limit_ = nullptr;
  size_t frame_bytes_ = 0;
  uint64_t* stack_mem_ = nullptr;
  uint64_t* stack_limit_ = nullptr;
  size_t stack_bytes_ = 0;
};

}  // namespace nanoproc
