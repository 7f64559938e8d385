// The public API (include/nanoproc/nanoproc.h) over the runtime.
#include "nanoproc/nanoproc.h"

#include "api/convert.h"
#include "api/engine_config.h"

#include "runtime/exec.h"
#include "runtime/instantiate.h"
#include "runtime/linker.h"
#include "runtime/store.h"
#include "text/module_source.h"
#include "util/file.h"
#include "validate/validator.h"
#include "wasi/wasi_link.h"

namespace nanoproc::api {
namespace {

// The runtime-side adapter of a type-erased public host function.
struct HostClosure {
  detail::RawHostFn fn;
  void* closure;
};

TrapKind host_trampoline(HostCall& call, void* env, uint64_t* slots) {
  auto* hc = static_cast<HostClosure*>(env);
  Caller caller = HostThunk::make_caller(&call);
  std::string error;
  if (hc->fn(hc->closure, caller, slots, &error)) return TrapKind::None;
  call.detail = std::move(error);
  return TrapKind::HostError;
}

}  // namespace

const char* val_type_name(ValType t) {
  switch (t) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
    case ValType::OtherRef: return "ref";
  }
  return "?";
}

// ---------------------------------------------------------------- Engine

const char* version() { return NANOPROC_VERSION; }

Engine::Engine(Config cfg) : cfg_(std::make_shared<const Config>(cfg)) {
  EngineConfig ec;
  ec.memory.guard_pages = cfg.guard_pages;
  ec.memory.max_bytes = cfg.max_memory_bytes;
  ec.max_table_elements = cfg.max_table_elements;
  ec.value_stack_bytes = cfg.stack_bytes;
  ec.max_call_depth = cfg.max_call_depth;
  ec.max_gc_heap_bytes = cfg.max_gc_heap_bytes;
  ec.interruptible = cfg.interruptible;
  impl_ = std::make_shared<nanoproc::Engine>(ec);
}
Engine::~Engine() = default;
Engine::Engine(const Engine&) = default;
Engine& Engine::operator=(const Engine&) = default;

// ---------------------------------------------------------------- Module

Expected<Module> Module::compile(const Engine& engine, std::span<const uint8_t> bytes, const std::string& name) {
  DecodeOptions dopts;
  dopts.custom_page_sizes = engine.config().features.custom_page_sizes;
  nanoproc::Module m = NP_TRY(module_from_bytes(bytes, name, dopts)).module;
  if (auto v = validate_module(m); !v) {
    Error e = std::move(v).error();
    e.loc().file = name;
    return e;
  }
  if (auto f = check_features(m, engine.config().features); !f) {
    Error e = std::move(f).error();
    e.loc().file = name;
    return e;
  }
  return Module(engine.impl().compile(std::make_shared<const nanoproc::Module>(std::move(m))), engine.cfg_);
}

Expected<Module> Module::from_file(const Engine& engine, const std::string& path) {
  auto bytes = NP_TRY(read_file(path));
  return compile(engine, bytes, path);
}

// ---------------------------------------------------------------- Store

Store::Store(const Engine& engine) : engine_(engine), impl_(std::make_unique<nanoproc::Store>(engine.impl())) {}
Store::Store(const Engine& engine, const nanoproc::StoreLimits& limits)
    : engine_(engine), impl_(std::make_unique<nanoproc::Store>(engine.impl(), limits)) {}
Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&& o) noexcept {
  // The old store goes before the engine it may hold the last reference to.
  impl_.reset();
  engine_ = std::move(o.engine_);
  impl_ = std::move(o.impl_);
  return *this;
}

std::optional<uint32_t> Store::exit_code() const {
  if (impl_->last_trap.kind != TrapKind::Exit) return std::nullopt;
  return static_cast<uint32_t>(impl_->last_trap.exit_code);
}

std::vector<TrapFrameInfo> Store::backtrace() const {
  std::vector<TrapFrameInfo> out;
  for (const auto& f : impl_->last_trap.frames) out.push_back({f.func_name, f.func_index});
  return out;
}

// ---------------------------------------------------------------- Memory, Global, Table

uint8_t* Memory::data() const { return m_->data(); }
uint64_t Memory::size() const { return m_->size_bytes(); }
uint64_t Memory::pages() const { return m_->pages(); }
Expected<uint64_t> Memory::grow(uint64_t delta) const {
  int64_t r = m_->grow(delta);
  if (r < 0) return make_error(ErrorKind::Usage, "memory cannot grow by {} pages", delta);
  return static_cast<uint64_t>(r);
}

Val Global::get() const { return Val::from_raw(to_api(g_->type.type), g_->value.slots[0], g_->value.slots[1]); }
ValType Global::type() const { return to_api(g_->type.type); }
bool Global::is_mutable() const { return g_->type.mut; }
Status Global::set(const Val& v) const {
  if (!g_->type.mut) return make_error(ErrorKind::Usage, "global is immutable");
  if (v.type() != type()) return make_error(ErrorKind::Usage, "global is {}, value is {}", val_type_name(type()), val_type_name(v.type()));
  g_->value.slots[0] = v.raw(0);
  g_->value.slots[1] = v.raw(1);
  return {};
}


std::optional<Memory> Caller::memory(const std::string& name) const {
  if (!hc_->caller) return std::nullopt;
  const nanoproc::Extern* e = hc_->caller->find_export(name);
  if (!e || e->kind != ExternKind::Memory) return std::nullopt;
  return Memory(e->memory());
}

Caller HostThunk::make_caller(HostCall* hc) { return Caller(hc); }

// ---------------------------------------------------------------- Func

FuncSig Func::signature() const {
  FuncSig s;
  for (auto t : f_->type->params) s.params.push_back(to_api(t));
  for (auto t : f_->type->results) s.results.push_back(to_api(t));
  return s;
}

Status Func::call_raw(nanoproc::Store* s, nanoproc::FuncInstance* f, uint64_t* slots) {
  if (uint8_t trap = enter(s, f, slots)) [[unlikely]]
    return trap_error(s, trap);
  return {};
}

uint8_t Func::enter(nanoproc::Store* s, nanoproc::FuncInstance* f, uint64_t* slots) {
  static_assert(static_cast<uint8_t>(TrapKind::None) == 0);
  return static_cast<uint8_t>(call_function(*s, f, slots));
}

[[gnu::cold]] Error Func::trap_error(nanoproc::Store* s, uint8_t trap) {
  return Error(static_cast<TrapKind>(trap) == TrapKind::StackExhausted ? ErrorKind::Exhaustion : ErrorKind::Trap,
               s->last_trap.message());
}

Status Func::check_signature(const Func& f, const FuncSig& expected) {
  FuncSig actual = f.signature();
  auto names = [](const std::vector<ValType>& ts) {
    std::string out = "(";
    for (size_t i = 0; i < ts.size(); ++i) {
      if (i) out += ' ';
      out += val_type_name(ts[i]);
    }
    return out + ")";
  };
  if (actual.params != expected.params || actual.results != expected.results)
    return make_error(ErrorKind::Usage, "the function's type is {} -> {}, not {} -> {}", names(actual.params),
                      names(actual.results), names(expected.params), names(expected.results));
  return {};
}

Expected<std::vector<Val>> Func::call(std::span<const Val> args) const {
  const FuncType& ft = *f_->type;
  if (args.size() != ft.params.size())
    return make_error(ErrorKind::Usage, "function takes {} arguments, {} given", ft.params.size(), args.size());
  std::vector<uint64_t> slots(std::max(f_->param_slots, f_->result_slots) + 2, 0);
  unsigned at = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type() != to_api(ft.params[i]))
      return make_error(ErrorKind::Usage, "argument {} is {}, the function expects {}", i, val_type_name(args[i].type()),
                        val_type_name(to_api(ft.params[i])));
    slots[at] = args[i].raw(0);
    if (ft.params[i].kind == ValKind::V128) slots[at + 1] = args[i].raw(1);
    at += slot_count(ft.params[i]);
  }
  TrapKind k = call_function(*store_, f_, slots.data());
  if (k != TrapKind::None) {
    return Error(k == TrapKind::StackExhausted ? ErrorKind::Exhaustion : ErrorKind::Trap, store_->last_trap.message());
  }
  std::vector<Val> out;
  at = 0;
  for (auto t : ft.results) {
    out.push_back(Val::from_raw(to_api(t), slots[at], t.kind == ValKind::V128 ? slots[at + 1] : 0));
    at += slot_count(t);
  }
  return out;
}

Func Func::make_host(Store& store, const FuncSig& sig, detail::RawHostFn fn, void* closure, void (*destroy)(void*)) {
  nanoproc::Store& s = store.impl();
  s.own(closure, destroy);
  auto* hc = new HostClosure{fn, closure};
  s.own(hc, [](void* p) { delete static_cast<HostClosure*>(p); });
  FuncType ft;
  for (auto t : sig.params) ft.params.push_back(from_api(t));
  for (auto t : sig.results) ft.results.push_back(from_api(t));
  return Func(&s, s.new_host_func(ft, host_trampoline, hc, "host"));
}

// ---------------------------------------------------------------- Instance

std::optional<Func> Instance::func(const std::string& name) const {
  const nanoproc::Extern* e = inst_->find_export(name);
  if (!e || e->kind != ExternKind::Func) return std::nullopt;
  return Func(store_, e->func());
}
std::optional<Memory> Instance::memory(const std::string& name) const {
  const nanoproc::Extern* e = inst_->find_export(name);
  if (!e || e->kind != ExternKind::Memory) return std::nullopt;
  return Memory(e->memory());
}
std::optional<Global> Instance::global(const std::string& name) const {
  const nanoproc::Extern* e = inst_->find_export(name);
  if (!e || e->kind != ExternKind::Global) return std::nullopt;
  return Global(e->global());
}
std::optional<Table> Instance::table(const std::string& name) const {
  const nanoproc::Extern* e = inst_->find_export(name);
  if (!e || e->kind != ExternKind::Table) return std::nullopt;
  return Table(e->table());
}
std::optional<Extern> Instance::get(const std::string& name) const {
  const nanoproc::Extern* e = inst_->find_export(name);
  if (!e) return std::nullopt;
  return Extern(to_api(e->kind), e->ptr);
}
std::vector<std::string> Instance::export_names() const {
  std::vector<std::string> out;
  for (const auto& e : inst_->module().exports) out.push_back(e.name);
  return out;
}

// ---------------------------------------------------------------- Linker

struct Linker::Defs {
  nanoproc::Linker linker;
};

Linker::Linker() : defs_(std::make_unique<Defs>()) {}
Linker::~Linker() = default;
Linker::Linker(const Linker& o) : defs_(std::make_unique<Defs>(*o.defs_)) {}
Linker& Linker::operator=(const Linker& o) {
  defs_ = std::make_unique<Defs>(*o.defs_);
  return *this;
}

void Linker::define(const std::string& module, const std::string& name, const Extern& e) {
  // Host functions are made before they have a name; the first one they are defined under
  // names them in trap frames.
  if (e.kind() == ExternType::Func) {
    auto* f = static_cast<FuncInstance*>(e.raw());
    if (f->kind == FuncInstance::Kind::Host && f->debug_name == "host") f->debug_name = module + "." + name;
  }
  defs_->linker.define(module, name, nanoproc::Extern{static_cast<ExternKind>(e.kind()), e.raw()});
}

void Linker::define_instance(const std::string& module, const Instance& inst) {
  defs_->linker.define_instance(module, *inst.impl());
}

Status Linker::define_wasi(Store& store, const WasiConfig& config) {
  wasi::WasiOptions opts;
  opts.args = config.args;
  opts.env = config.env;
  for (const WasiDir& d : config.dirs) opts.dirs.push_back({d.host_path, d.guest_path, d.read_only});
  opts.sockets = config.sockets;
  opts.stdin_fd = config.stdin_fd;
  opts.stdout_fd = config.stdout_fd;
  opts.stderr_fd = config.stderr_fd;
  opts.clocks = config.clocks;
  opts.random = config.random;
  auto host = wasi::define_wasi(store.impl(), defs_->linker, opts);
  if (!host) return Unexpected(std::move(host).error());
  return {};
}

Expected<Instance> Linker::instantiate(Store& store, const Module& module) const {
  auto imports = NP_TRY(defs_->linker.resolve(module.impl()->module()));
  nanoproc::Instance* inst = NP_TRY(nanoproc::instantiate(store.impl(), module.impl(), imports));
  return Instance(&store.impl(), inst);
}

}  // namespace nanoproc::api
