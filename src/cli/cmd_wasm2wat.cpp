// nanoproc wasm2wat IN.wasm [-o OUT.wat]: binary to text.
#include <cstdio>

#include "cli/cli_app.h"
#include "cli/commands.h"
#include "cli/load.h"
#include "text/printer.h"
#include "util/file.h"

namespace nanoproc::cli {

int cmd_wasm2wat(int argc, char** argv) {
  CLI::App app{"Print a WebAssembly module in the text format.", "nanoproc wasm2wat"};
  std::string in, out;
  app.add_option("IN", in, "input .wasm (or .wat) file")->required();
  app.add_option("-o,--output", out, "output file (default: standard output)");
  if (int rc = parse_args(app, argc, argv); rc >= 0) return rc;

  if (!out.empty() && out == in) {
    std::fprintf(stderr, "nanoproc wasm2wat: refusing to overwrite the input '%s'\n", in.c_str());
    return 2;
  }
  auto m = load_module(in);
  if (!m) {
    std::fprintf(stderr, "%s error: %s\n", error_kind_name(m.error().kind()), m.error().to_string().c_str());
    return 1;
  }
  std::string text = print_module(m->module);
  if (out.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }
  auto w = write_file_atomic(out, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  if (!w) {
    std::fprintf(stderr, "nanoproc wasm2wat: %s\n", w.error().to_string().c_str());
    return 1;
  }
  return 0;
}

}  // namespace nanoproc::cli
