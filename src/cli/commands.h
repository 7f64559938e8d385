// The subcommand table. Each subcommand lives in its own cmd_<name>.cpp and receives
// argv starting at its own name. Exit codes: 0 success, 1 failure of the input, 2 usage.
#pragma once
#include <vector>

namespace nanoproc::cli {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(int argc, char** argv);
};

const std::vector<Command>& commands();

}  // namespace nanoproc::cli
