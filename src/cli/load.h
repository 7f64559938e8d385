// Loading a module from a file given on the command line: binary if it starts with the
// wasm magic, text otherwise. Errors name the file.
#pragma once
#include <string>

#include "ir/module.h"
#include "util/expected.h"

namespace nanoproc::cli {

struct LoadedModule {
  Module module;
  bool from_text = false;
  size_t file_size = 0;
};

Expected<LoadedModule> load_module(const std::string& path);

// Runs a CLI11 app over argv; returns -1 to continue, or the exit code to return.
// (Kept here so every subcommand parses flags and reports usage errors the same way.)
}  // namespace nanoproc::cli
