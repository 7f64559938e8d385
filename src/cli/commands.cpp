#include "cli/commands.h"

namespace nanoproc::cli {

int cmd_validate(int argc, char** argv);
int cmd_inspect(int argc, char** argv);
int cmd_wat2wasm(int argc, char** argv);
int cmd_wasm2wat(int argc, char** argv);
int cmd_wast(int argc, char** argv);
int cmd_run(int argc, char** argv);
int cmd_bench(int argc, char** argv);
int cmd_compose(int argc, char** argv);

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"validate", "decode (or parse) and validate modules", cmd_validate},
      {"inspect", "summarise a module: sections, types, imports, exports, sizes", cmd_inspect},
      {"wat2wasm", "translate the text format to a binary module", cmd_wat2wasm},
      {"wasm2wat", "print a module in the text format", cmd_wasm2wat},
      {"wast", "run spec-test scripts (.wast)", cmd_wast},
      {"run", "run a module (its _start, or --invoke an export)", cmd_run},
      {"compose", "run nanoprocesses linked through witx interfaces (docs/COMPOSE.md)", cmd_compose},
      {"bench", "benchmark a WASI command (docs/bench/README.md)", cmd_bench},
  };
  return table;
}

}  // namespace nanoproc::cli
