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

// What a nanoprocess may touch through WASI. Nothing by default: no directories, no
// environment, no arguments, its standard streams closed, no clocks, no randomness.
struct Capabilities {
  std::vector<std::string> args;  // args[0] is the program's name
  std::vector<std::string> env;   // "NAME=VALUE"
  std::vector<WasiDir> dirs;      // preopened directories, read-only or read-write
  // Host descriptors given to the guest as its 0, 1 and 2 (duplicated); -1 keeps one closed.
  int stdin_fd = -1;
  int stdout_fd = -1;
  int stderr_fd = -1;
  bool clocks = false;
  bool random = false;
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
  // With WASI (both wasi_snapshot_preview1 and wasi_unstable) limited to `caps`; defined only
  // when the module imports WASI, so a pure compute module spawns without a WASI context.
  static Expected<Nanoprocess> spawn(const Engine& engine, const Module& module, const Capabilities& caps,
                                     const Limits& limits,
                                     const std::function<void(Store&, Linker&)>& define_imports = nullptr);
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
  // The status the guest passed to WASI proc_exit, once it has (that also ends it).
  std::optional<uint32_t> exit_code() const;
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
