#include "runtime/store.h"

#include <sys/mman.h>

#include <new>

namespace nanoproc {

Store::Store(Engine& engine, const StoreLimits& limits)
    : engine_(engine), gc_(engine.gc_layouts(), engine.config().max_gc_heap_bytes), limits_(limits) {
  const EngineConfig& cfg = engine.config();
  if (!limits_.max_memory_bytes) limits_.max_memory_bytes = cfg.memory.max_bytes;
  if (!limits_.max_table_elements) limits_.max_table_elements = cfg.max_table_elements;
  if (!limits_.stack_bytes) limits_.stack_bytes = cfg.value_stack_bytes;
  if (!limits_.max_call_depth) limits_.max_call_depth = cfg.max_call_depth;
  limits_.trap_on_limit = limits_.trap_on_limit || cfg.trap_on_limit;
  memory_config_ = cfg.memory;
  memory_config_.max_bytes = limits_.max_memory_bytes;
  if (cfg.pool_max_idle) memory_config_.pool = &engine.memory_pool();
}

Store::~Store() {
  for (auto it = owned_.rbegin(); it != owned_.rend(); ++it) it->destroy(it->p);
  if (stack_mem_) release_stack(stack_mem_, stack_bytes_);
  if (frame_mem_) release_stack(frame_mem_, frame_bytes_);
}

void* Store::acquire_stack(size_t bytes) {
  if (engine_.config().pool_max_idle)
    if (auto s = engine_.stack_pool().take(bytes)) return s->base;
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

void Store::release_stack(void* p, size_t bytes) {
  if (engine_.config().pool_max_idle) engine_.stack_pool().give({p, bytes});
  else ::munmap(p, bytes);
}

void* Store::frame_base() {
  if (!frame_mem_) {
    // 32 bytes per record (interp::CallFrame); committed by the OS as it is touched.
    frame_bytes_ = static_cast<size_t>(limits_.max_call_depth + 16) * 32;
    void* p = acquire_stack(frame_bytes_);
    if (!p) return nullptr;
    frame_mem_ = p;
    frame_limit_ = static_cast<char*>(p) + static_cast<size_t>(limits_.max_call_depth) * 32;
    frame_top = p;
  }
  return frame_mem_;
}

uint32_t Store::canonical_func_type(const FuncType& ft) {
  for (const auto& [t, id] : host_type_ids_)
    if (t == ft) return id;
  Module m;
  SubType st;
  st.composite.kind = CompositeKind::Func;
  st.composite.func = ft;
  m.types.push_back(st);
  m.rec_groups.push_back(RecGroup{0, 1, false});
  uint32_t id = engine_.types().register_module(m)[0];
  host_type_ids_.emplace_back(ft, id);
  return id;
}

const FuncType& Store::canonical_type_of(uint32_t id) {
  auto it = canon_func_types_.find(id);
  if (it != canon_func_types_.end()) return *it->second;
  auto ft = std::make_unique<FuncType>(engine_.types().get(id).composite.func);
  auto* p = ft.get();
  canon_func_types_.emplace(id, std::move(ft));
  return *p;
}

static uint32_t slots_of(const std::vector<ValType>& ts) {
  uint32_t n = 0;
  for (ValType t : ts) n += slot_count(t);
  return n;
}

FuncInstance* Store::new_host_func(const FuncType& type, HostFn fn, void* env, std::string debug_name) {
  FuncInstance& f = funcs_.emplace_back();
  f.kind = FuncInstance::Kind::Host;
  f.header.type_id = canonical_func_type(type);
  f.type = &canonical_type_of(f.header.type_id);
  f.param_slots = slots_of(type.params);
  f.result_slots = slots_of(type.results);
  f.host = fn;
  f.env = env;
  f.debug_name = std::move(debug_name);
  return &f;
}

FuncInstance* Store::new_wasm_func(Instance* inst, CompiledModule* cm, uint32_t defined_index, uint32_t func_index) {
  FuncInstance& f = funcs_.emplace_back();
  f.kind = FuncInstance::Kind::Wasm;
  const CompiledFunction& cf = cm->function(defined_index);
  f.header.type_id = cf.canon_type;
  f.type = &canonical_type_of(cf.canon_type);
  f.param_slots = slots_of(f.type->params);
  f.result_slots = slots_of(f.type->results);
  f.instance = inst;
  f.compiled = cm;
  f.defined_index = defined_index;
  f.func_index = func_index;
  return &f;
}

Expected<TableInstance*> Store::new_table(const TableType& type, Ref init) {
  auto t = NP_TRY(TableInstance::create(type, init, limits_.max_table_elements));
  tables_.push_back(std::move(t));
  return tables_.back().get();
}

Expected<LinearMemory*> Store::new_memory(const MemoryType& type) {
  auto m = NP_TRY(LinearMemory::create(type, memory_config_));
  memories_.push_back(std::move(m));
  return memories_.back().get();
}

GlobalInstance* Store::new_global(const GlobalType& type, RawValue v) {
  GlobalInstance& g = globals_.emplace_back();
  g.type = type;
  g.value = v;
  return &g;
}

TagInstance* Store::new_tag(uint32_t canon_type) {
  TagInstance& t = tags_.emplace_back();
  t.canon_type = canon_type;
  t.type = &canonical_type_of(canon_type);
  t.param_slots = slots_of(t.type->params);
  return &t;
}

Instance* Store::new_instance(std::shared_ptr<CompiledModule> cm) {
  instances_.push_back(std::make_unique<Instance>());
  Instance* inst = instances_.back().get();
  inst->compiled = std::move(cm);
  inst->store = this;
  return inst;
}

ExternObject* Store::new_extern(uint64_t value) {
  ExternObject& e = externs_.emplace_back();
  e.value = value;
  return &e;
}

ExnObject* Store::new_exception(TagInstance* tag) {
  void* p = gc_.alloc(sizeof(ExnObject) + uint64_t{tag->param_slots} * 8);
  if (!p) return nullptr;
  auto* e = new (p) ExnObject;
  e->tag = tag;
  e->slots = tag->param_slots;
  return e;
}

uint64_t* Store::stack_base() {
  if (!stack_mem_) {
    stack_bytes_ = limits_.stack_bytes;
    void* p = acquire_stack(stack_bytes_);
    if (!p) return nullptr;
    stack_mem_ = static_cast<uint64_t*>(p);
    stack_limit_ = stack_mem_ + stack_bytes_ / sizeof(uint64_t);
    stack_top = stack_mem_;
  }
  return stack_mem_;
}

}  // namespace nanoproc
