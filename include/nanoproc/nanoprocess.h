// Nanoprocesses: isolated, limited instances. Each has its own Store (memories, tables,
// stack), its own limits, and only the imports it is given; a trap, a limit or a kill ends
// that nanoprocess and nothing else. Spawning one from a compiled Module does no
// compilation work.
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "nanoproc/nanoproc.h"

namespace nanoproc {
struct InterruptCell;
}

namespace nanoproc::api {

struct Limits {
  uint64_t max_memory_bytes = 0;    // per linear memory; growing past it traps "memory limit"
  uint64_t max_table_elements = 0;  // per table; growing past it traps "table limit"
  uint64_t fuel = 0;                // instruction budget for the nanoprocess's life; 0 = unlimited
  std::chrono::nanoseconds timeout{0};  // wall-clock limit of each call; 0 = none
  uint32_t max_call_depth = 0;      // 0 = the engine's
  uint64_t max_stack_bytes = 0;     // value stack; 0 = the engine's
};

// Stops a nanoprocess from any thread, even while it runs; valid after the nanoprocess is
// gone (it then does nothing).
class KillSwitch {
 public:
  void kill() const;

 private:
  friend class Nanoprocess;
  explicit KillSwitch(std::shared_ptr<nanoproc::InterruptCell> c) : cell_(std::move(c)) {}
  std::shared_ptr<nanoproc::InterruptCell> cell_;
};

class Nanoprocess {
 public:
  // `imports` resolves the module's imports (host functions made in any store are not
  // allowed: define them with Nanoprocess::host_linker()). Fuel, timeouts and kill need an
  // engine made with Config::interruptible.
  static Expected<Nanoprocess> spawn(const Engine& engine, const Module& module, const Limits& limits = {});
  static Expected<Nanoprocess> spawn(const Engine& engine, const Module& module, const Limits& limits,
                                     const std::function<void(Store&, Linker&)>& define_imports);
  ~Nanoprocess();
  Nanoprocess(Nanoprocess&&) noexcept;
  Nanoprocess& operator=(Nanoprocess&&) noexcept;

  // Calls an export. A trap (including a limit or a kill) ends the nanoprocess: this and
  // every later call return an Error (kind Trap) naming what ended it.
  Expected<std::vector<Val>> call(const std::string& export_name, std::span<const Val> args);
  Expected<std::vector<Val>> call(const std::string& export_name, std::initializer_list<Val> args) {
    return call(export_name, std::span<const Val>(args.begin(), args.size()));
  }

  KillSwitch kill_switch() const;
  bool ended() const;
  const std::string& end_reason() const;  // empty while alive
  uint64_t fuel_used() const;
  std::optional<Memory> memory(const std::string& name = "memory") const;
  Instance& instance();
  Store& store();

 private:
  struct State;
  explicit Nanoprocess(std::unique_ptr<State> s);
  std::unique_ptr<State> st_;
};

}  // namespace nanoproc::api
