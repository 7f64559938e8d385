#include "cli/commands.h"

namespace nanoproc::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
  };
  return table;
}

}  // namespace nanoproc::cli
