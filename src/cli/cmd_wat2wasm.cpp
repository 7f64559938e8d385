// nanoproc wat2wasm IN.wat -o OUT.wasm: text to binary.
#include <cstdio>

#include "binary/encoder.h"
#include "cli/cli_app.h"
#include "cli/commands.h"
#include "text/wat.h"
#include "util/file.h"
#include "validate/validator.h"

namespace nanoproc::cli {

int cmd_wat2wasm(int argc, char** argv) {
  CLI::App app{"Translate the WebAssembly text format to a binary module.", "nanoproc wat2wasm"};
  std::string in, out;
  bool no_check = false;
  app.add_option("IN", in, "input .wat file")->required();
  app.add_option("-o,--output", out, "output .wasm file (default: IN with .wasm)");
  app.add_flag("--no-check", no_check, "do not validate the module");
  if (int rc = parse_args(app, argc, argv); rc >= 0) return rc;

  if (out.empty()) {
    out = in;
    auto dot = out.rfind('.');
    auto slash = out.rfind('/');
    if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) out.resize(dot);
    out += ".wasm";
  }
  if (out == in) {
    std::fprintf(stderr, "nanoproc wat2wasm: refusing to overwrite the input '%s'\n", in.c_str());
    return 2;
  }
  auto bytes = read_file(in);
  if (!bytes) {
    std::fprintf(stderr, "nanoproc wat2wasm: %s\n", bytes.error().to_string().c_str());
    return 1;
  }
  std::string_view text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  auto m = parse_wat(text, in);
  if (!m) {
    std::fprintf(stderr, "%s\n", m.error().to_string().c_str());
    return 1;
  }
  if (!no_check) {
    if (auto v = validate_module(*m); !v) {
      Error e = std::move(v).error();
      e.loc().file = in;
      std::fprintf(stderr, "%s error: %s\n", error_kind_name(e.kind()), e.to_string().c_str());
      return 1;
    }
  }
  auto encoded = encode_module(*m);
  if (auto w = write_file_atomic(out, encoded); !w) {
    std::fprintf(stderr, "nanoproc wat2wasm: %s\n", w.error().to_string().c_str());
    return 1;
  }
  return 0;
}

}  // namespace nanoproc::cli
