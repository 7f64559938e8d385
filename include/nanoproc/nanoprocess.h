// Nanoprocesses: isolated, limited instances. Each has its own Store (memories, tables,
// stack), its own limits, and only the imports it is given; a trap, a limit or a kill ends
// that nanoprocess and nothing else. Spawning one from a compiled Module does no
// compilation work.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nanoproc/nanoproc.h"

namespace nanoproc {
struct InterruptCell;
namespace witx {
struct Document;
}
}  // namespace nanoproc

namespace nanoproc::api {

struct Limits {
  uint64_t max_memory_bytes = 0;    // per linear memory; growing past it traps "memory limit"
  uint64_t max_table_elements = 0;  // per table; growing past it traps "table limit"
  uint64_t fuel = 0;                // instruction budget for the nanoprocess's life; 0 = unlimited
  std::chrono::nanoseconds timeout{0};  // wall-clock limit of each call; 0 = none
  uint32_t max_call_depth = 0;      // 0 = the engine's
  uint64_t max_stack_bytes = 0;     // value stack; 0 = the engine's
};

// What a nanoprocess may touch through WASI: a WasiConfig that grants nothing by default:
// no directories, no environment, no arguments, its standard streams closed (-1), no
// clocks, no randomness.
struct Capabilities : WasiConfig {
  Capabilities() {
    stdin_fd = stdout_fd = stderr_fd = -1;
    clocks = false;
    random = false;
  }
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
  const Limits& limits() const;
  std::optional<Memory> memory(const std::string& name = "memory") const;
  Instance& instance();
  Store& store();

  // What `call` does (limits, deadline, ending on a trap) for `f`, a function of this
  // nanoprocess, with its arguments in `slots` (8 bytes per value, room for max(params,
  // results)) and its results left there: no value conversion, no name lookup, no
  // allocation. Links between nanoprocesses use it.
  Status call_raw(const Func& f, uint64_t* slots);
  // Ends the nanoprocess as a trap would, for a fault found outside it (e.g. a link that
  // received an invalid pointer from it). Does nothing if it has already ended.
  void end(std::string reason);

 private:
  struct State;
  explicit Nanoprocess(std::unique_ptr<State> s);
  std::unique_ptr<State> st_;
};

// ---------------------------------------------------------------- links (docs/COMPOSE.md)

// A witx interface: the functions one nanoprocess offers another. Types and the core wasm
// signature of each function follow the witx ABI (src/witx/abi.h): strings and lists pass
// as (address, length), records and variants by address, an `expected` result as an error
// code with its ok value written through return pointers.
class Interface {
 public:
  static Expected<Interface> load(const std::string& path);
  static Expected<Interface> parse(std::string_view text, const std::string& file = "<interface>");
  std::vector<std::string> module_names() const;
  const nanoproc::witx::Document& document() const { return *doc_; }

 private:
  explicit Interface(std::shared_ptr<const nanoproc::witx::Document> d) : doc_(std::move(d)) {}
  std::shared_ptr<const nanoproc::witx::Document> doc_;
};

struct LinkOptions {
  std::string import_module;    // the importer's import module; empty: the witx module's name
  std::string exporter_name = "exporter";  // for messages
  // When the exporter has ended (trap, limit, kill), the next call first replaces it with
  // what this returns (a fresh nanoprocess, a few microseconds). Empty: calls to an ended
  // exporter fail as its trap did.
  std::function<Expected<Nanoprocess>()> respawn;
};

// Shared-nothing calls from one nanoprocess (the importer) into another (the exporter)
// through the functions of one witx module. Each call copies the arguments out of the
// importer's memory into the exporter's (allocating there with the exporter's exported
// `cabi_realloc(old_ptr, old_size, align, new_size) -> ptr`), calls the export of the same
// name, and copies the results back the same way (the importer's `cabi_realloc`). After
// the results are copied, an export `cabi_post_<name>: [] -> []`, if present, lets the
// exporter free what the call allocated. Every address and length is bounds-checked.
//
// Failures:
//  - the importer passed an invalid address, length or enum value, or its own
//    cabi_realloc failed: the import traps in the importer;
//  - the exporter trapped (or hit a limit, was killed, or handed back an invalid address,
//    length or allocation): the exporter ends; if the function's result is
//    `expected<_, E>` with E an enum that has a case named `trapped`, the import returns
//    that error and the importer goes on, otherwise the import traps in the importer with
//    "<module>.<func>: nanoprocess "<exporter>" trapped: <reason>".
// The exporter must outlive every importer linked to it, at the same address.
class Link {
 public:
  // Checks that `exporter` exports every function of `witx_module` with the core type of
  // its witx lowering, and `memory` and `cabi_realloc` when values pass through memory.
  static Expected<Link> make(const Interface& iface, const std::string& witx_module, Nanoprocess& exporter,
                             LinkOptions options = {});
  // Defines the module's functions as imports of the nanoprocess being made in `store`
  // (call it from spawn's define_imports).
  void define(Store& store, Linker& linker) const;

  struct Plan;

 private:
  explicit Link(std::shared_ptr<Plan> p) : plan_(std::move(p)) {}
  std::shared_ptr<Plan> plan_;
};

}  // namespace nanoproc::api
