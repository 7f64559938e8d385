// The `nanoproc` command: dispatches to one subcommand per file (cmd_*.cpp).
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/commands.h"

using namespace nanoproc::cli;

static void usage(FILE* out) {
  std::fprintf(out, "usage: nanoproc <command> [options]\n\ncommands:\n");
  for (const Command& c : commands()) std::fprintf(out, "  %-10s %s\n", c.name, c.summary);
  std::fprintf(out, "\nRun 'nanoproc <command> --help' for a command's options.\n");
}

int main(int argc, char** argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    usage(stdout);
    return 0;
  }
  if (name == "--version" || name == "version") {
    std::printf("nanoproc 0.1.0\n");
    return 0;
  }
  for (const Command& c : commands()) {
    if (name == c.name) return c.run(argc - 1, argv + 1);
  }
  std::fprintf(stderr, "nanoproc: unknown command '%s'\n\n", name.c_str());
  usage(stderr);
  return 2;
}
