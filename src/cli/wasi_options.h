// The WASI flags shared by `nanoproc run` and `nanoproc bench`:
//   --dir HOST[::GUEST]  --dir-ro HOST[::GUEST]  --env NAME=VALUE  --env NAME
// and their translation into a WASI context's options.
#pragma once
#include <string>
#include <vector>

#include "cli/cli_app.h"
#include "util/expected.h"
#include "wasi/wasi_host.h"

namespace nanoproc::cli {

struct WasiFlags {
  std::vector<std::string> dirs;
  std::vector<std::string> dirs_ro;
  std::vector<std::string> env;
  std::string resolver = "auto";  // hidden: auto | openat2 | walk (tests of the sandbox)

  // Adds the flags to `app` (`with_env`: bench runs with an empty environment).
  void add_to(CLI::App& app, bool with_env);
  // Preopens, environment and resolver into `opts`. Usage errors name the flag.
  Status apply(wasi::WasiOptions& opts) const;
};

// "dir/prog.wasm" -> "prog.wasm": the guest's argv[0].
std::string program_name(const std::string& path);

}  // namespace nanoproc::cli
