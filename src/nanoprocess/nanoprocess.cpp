// Nanoprocesses over the runtime: a Store per nanoprocess with its limits, fuel across
// calls, a per-call deadline through the watchdog, and an end state after any trap.
#include "nanoproc/nanoprocess.h"

#include <fmt/format.h>

#include "runtime/compiled_module.h"
#include "runtime/exec.h"
#include "runtime/store.h"
#include "runtime/watchdog.h"

namespace nanoproc::api {

struct Nanoprocess::State {
  Engine engine;
  Limits limits;
  std::unique_ptr<Store> store;
  std::optional<Instance> instance;
  std::string end_reason;
  uint64_t fuel_start = 0;
};

void KillSwitch::kill() const {
  if (cell_) cell_->reason.store(InterruptCell::Killed, std::memory_order_release);
}

Nanoprocess::Nanoprocess(std::unique_ptr<State> s) : st_(std::move(s)) {}
Nanoprocess::~Nanoprocess() = default;
Nanoprocess::Nanoprocess(Nanoprocess&&) noexcept = default;
Nanoprocess& Nanoprocess::operator=(Nanoprocess&&) noexcept = default;

Expected<Nanoprocess> Nanoprocess::spawn(const Engine& engine, const Module& module, const Limits& limits) {
  return spawn(engine, module, limits, nullptr);
}

namespace {
bool imports_wasi(const Module& module) {
  for (const nanoproc::Import& imp : module.impl()->module().imports)  // no copies: this is on every spawn
    if (imp.module == "wasi_snapshot_preview1" || imp.module == "wasi_unstable") return true;
  return false;
}
}  // namespace

Expected<Nanoprocess> Nanoprocess::spawn(const Engine& engine, const Module& module, const Limits& limits,
                                         const std::function<void(Store&, Linker&)>& define_imports) {
  return spawn(engine, module, Capabilities{}, limits, define_imports);
}

Expected<Nanoprocess> Nanoprocess::spawn(const Engine& engine, const Module& module, const Capabilities& caps,
                                         const Limits& limits,
                                         const std::function<void(Store&, Linker&)>& define_imports) {
  bool needs_checks = limits.fuel || limits.timeout.count() > 0;
  if (needs_checks && !engine.impl().config().interruptible)
    return make_error(ErrorKind::Usage, "fuel and timeouts need an engine made with Config::interruptible");
  auto st = std::make_unique<State>(State{engine, limits, nullptr, std::nullopt, {}, 0});
  StoreLimits sl;
  sl.max_memory_bytes = limits.max_memory_bytes;
  sl.max_table_elements = limits.max_table_elements;
  sl.max_call_depth = limits.max_call_depth;
  sl.stack_bytes = limits.max_stack_bytes;
  sl.trap_on_limit = true;
  st->store.reset(new Store(engine, sl));
  nanoproc::Store& s = st->store->impl();
  s.fuel = limits.fuel ? static_cast<int64_t>(limits.fuel) : nanoproc::Store::kUnlimitedFuel;
  st->fuel_start = static_cast<uint64_t>(s.fuel);
  Linker linker;
  if (imports_wasi(module)) NP_CHECK(linker.define_wasi(*st->store, caps));
  if (define_imports) define_imports(*st->store, linker);
  auto inst = linker.instantiate(*st->store, module);
  if (!inst) return std::move(inst).error();  // a trapping start function included
  st->instance.emplace(*inst);
  return Nanoprocess(std::move(st));
}

Expected<std::vector<Val>> Nanoprocess::call(const std::string& name, std::span<const Val> args) {
  if (!st_->end_reason.empty())
    return make_error(ErrorKind::Trap, "nanoprocess has ended: {}", st_->end_reason);
  auto f = st_->instance->func(name);
  if (!f) return make_error(ErrorKind::Usage, "the nanoprocess has no exported function \"{}\"", name);
  nanoproc::Store& s = st_->store->impl();
  auto r = [&] {
    DeadlineScope deadline(s.interrupt, st_->limits.timeout);
    return f->call(args);
  }();
  if (!r && (r.error().kind() == ErrorKind::Trap || r.error().kind() == ErrorKind::Exhaustion)) {
    if (auto code = st_->store->exit_code()) st_->end_reason = fmt::format("exited with status {}", *code);
    else st_->end_reason = r.error().message();
  }
  return r;
}

Status Nanoprocess::call_raw(const Func& f, uint64_t* slots) {
  if (!st_->end_reason.empty()) [[unlikely]]
    return make_error(ErrorKind::Trap, "nanoprocess has ended: {}", st_->end_reason);
  nanoproc::Store& s = st_->store->impl();
  TrapKind k;
  {
    DeadlineScope deadline(s.interrupt, st_->limits.timeout);
    k = call_function(s, f.impl(), slots);
  }
  if (k == TrapKind::None) [[likely]]
    return {};
  if (auto code = st_->store->exit_code()) st_->end_reason = fmt::format("exited with status {}", *code);
  else st_->end_reason = s.last_trap.message();
  return Error(k == TrapKind::StackExhausted ? ErrorKind::Exhaustion : ErrorKind::Trap, s.last_trap.message());
}

void Nanoprocess::end(std::string reason) {
  if (st_->end_reason.empty()) st_->end_reason = reason.empty() ? "ended by its host" : std::move(reason);
}

KillSwitch Nanoprocess::kill_switch() const { return KillSwitch(st_->store->impl().interrupt); }
bool Nanoprocess::ended() const { return !st_->end_reason.empty(); }
const std::string& Nanoprocess::end_reason() const { return st_->end_reason; }
std::optional<uint32_t> Nanoprocess::exit_code() const { return st_->store->exit_code(); }
uint64_t Nanoprocess::fuel_used() const {
  if (!st_->limits.fuel) return 0;
  int64_t left = st_->store->impl().fuel;
  return st_->fuel_start - static_cast<uint64_t>(left < 0 ? 0 : left);
}
const Limits& Nanoprocess::limits() const { return st_->limits; }
std::optional<Memory> Nanoprocess::memory(const std::string& name) const { return st_->instance->memory(name); }
Instance& Nanoprocess::instance() { return *st_->instance; }
Store& Nanoprocess::store() { return *st_->store; }

}  // namespace nanoproc::api
