// Helpers for the WASI tests: temporary directory trees, running a WASI guest with captured
// output, and the guests built by tests/wasi/CMakeLists.txt.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "wasi/wasi_host.h"

namespace nanoproc::wasi::test {

// A fresh directory under $TMPDIR (or /tmp), removed with its contents by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string at(const std::string& rel) const { return path_ + "/" + rel; }
  void mkdir(const std::string& rel) const;
  void write(const std::string& rel, const std::string& contents) const;
  void symlink(const std::string& target, const std::string& rel) const;
  std::string read(const std::string& rel) const;  // "<missing>" if it cannot be read
  bool exists(const std::string& rel) const;       // lstat succeeds
  // Every path below `rel`, sorted, with a trailing '/' on directories.
  std::vector<std::string> listing(const std::string& rel = ".") const;

 private:
  std::string path_;
};

struct GuestResult {
  int exit_code = 0;
  std::string error;  // a trap or load/link failure; empty if the guest ran to its end
  std::string out;
  std::string err;
  std::vector<std::string> out_lines() const;
};

// Runs `module` (a .wasm or .wat file) as a WASI command with `opts`; stdout and stderr are
// captured (opts' stdout_fd/stderr_fd are replaced), stdin is /dev/null unless opts says.
GuestResult run_wasi(const std::string& module, WasiOptions opts, bool keep_stdin = false);

// The path of a guest built at build time ("probe" -> .../guests/probe.wasm).
std::string guest(const std::string& name);
// Whether the C guests were built (clang-19 and wasi-libc present); tests skip otherwise.
bool guests_built();
std::string wat(const std::string& name);  // tests/wasi/wat/<name>.wat

// Runs tests/wasi/guests/probe.c with one operation per string; returns "operation" ->
// "result" ("ok ...", or an errno name), from the lines it printed.
std::map<std::string, std::string> probe(const WasiOptions& opts, const std::vector<std::string>& ops);

// Both resolvers where the kernel has openat2, else only the walk.
std::vector<ResolveMode> resolve_modes();
const char* mode_name(ResolveMode m);

}  // namespace nanoproc::wasi::test
