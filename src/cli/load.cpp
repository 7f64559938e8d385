#include "cli/load.h"

#include "text/module_source.h"
#include "util/file.h"

namespace nanoproc::cli {

Expected<LoadedModule> load_module(const std::string& path) {
  auto bytes = NP_TRY(read_file(path));
  // The text path accepts custom page sizes, so binaries written by `wat2wasm` from such
  // text must load too.
  DecodeOptions opts;
  opts.custom_page_sizes = true;
  auto src = NP_TRY(module_from_bytes(bytes, path, opts));
  LoadedModule out;
  out.module = std::move(src.module);
  out.from_text = src.from_text;
  out.file_size = bytes.size();
  return out;
}

}  // namespace nanoproc::cli
