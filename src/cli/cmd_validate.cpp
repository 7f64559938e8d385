// nanoproc validate FILE...: decode (or parse) and validate each module.
#include <cstdio>

#include "cli/cli_app.h"
#include "cli/commands.h"
#include "cli/load.h"
#include "validate/validator.h"

namespace nanoproc::cli {

int cmd_validate(int argc, char** argv) {
  CLI::App app{"Decode (or parse) and validate WebAssembly modules.", "nanoproc validate"};
  std::vector<std::string> files;
  bool quiet = false;
  app.add_option("FILE", files, ".wasm or .wat files")->required();
  app.add_flag("-q,--quiet", quiet, "print only errors");
  if (int rc = parse_args(app, argc, argv); rc >= 0) return rc;

  int status = 0;
  for (const auto& f : files) {
    auto m = load_module(f);
    if (!m) {
      std::fprintf(stderr, "%s: %s error: %s\n", f.c_str(), error_kind_name(m.error().kind()),
                   m.error().to_string().c_str());
      status = 1;
      continue;
    }
    auto v = validate_module(m->module);
    if (!v) {
      Error e = std::move(v).error();
      e.loc().file = f;
      std::fprintf(stderr, "%s error: %s\n", error_kind_name(e.kind()), e.to_string().c_str());
      status = 1;
      continue;
    }
    if (!quiet) std::printf("%s: valid\n", f.c_str());
  }
  return status;
}

}  // namespace nanoproc::cli
