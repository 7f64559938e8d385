// Shared CLI11 plumbing for subcommands.
#pragma once
#include <CLI/CLI.hpp>

namespace nanoproc::cli {

// Parses argv with `app`; returns -1 to continue, or the exit code to return now
// (0 after --help, 2 after a usage error, which CLI11 has already printed).
inline int parse_args(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  return -1;
}

}  // namespace nanoproc::cli
