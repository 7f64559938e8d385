// A composition: several nanoprocesses, the links between their imports and exports, and
// the entry whose _start runs (what `nanoproc compose APP.toml` describes; the file format
// is read by src/cli/compose_file.cpp and documented in docs/COMPOSE.md).
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "nanoproc/nanoprocess.h"

namespace nanoproc::api {

struct ComposeProcess {
  std::string name;
  std::string module_path;
  Capabilities caps;
  Limits limits;
  bool restart = false;  // respawned when it has ended and a linked importer calls it
  SourceLoc loc;         // where it is declared (errors point there)
};

struct ComposeLink {
  std::string importer, exporter;
  std::string interface_path;
  std::string witx_module;    // empty: the interface's only module
  std::string import_module;  // empty: the witx module's name
  SourceLoc loc;
};

struct ComposeSpec {
  std::string entry;
  SourceLoc entry_loc;
  std::vector<ComposeProcess> processes;
  std::vector<ComposeLink> links;
};

class Composition {
 public:
  // Compiles every module, checks every import and link (errors carry the location of the
  // declaration at fault), then spawns the nanoprocesses, exporters before their importers,
  // running a library's `_initialize` if it exports one.
  // `log` (optional) hears about what the composition does on its own: respawns.
  using Log = std::function<void(const std::string& message)>;
  static Expected<std::unique_ptr<Composition>> start(const Engine& engine, const ComposeSpec& spec, Log log = nullptr);
  // Runs the entry's `_start`: its exit status (0 when it returns), or the Error it trapped with.
  Expected<uint32_t> run();
  Nanoprocess* find(const std::string& name);

  ~Composition();

 private:
  Composition() = default;
  struct Proc;
  Expected<Nanoprocess> spawn_one(size_t index);
  Status check_imports(size_t index) const;
  std::optional<Engine> engine_;
  ComposeSpec spec_;
  std::vector<std::unique_ptr<Proc>> procs_;  // spec order
  std::map<std::string, Interface> interfaces_;
  Log log_;
};

}  // namespace nanoproc::api
