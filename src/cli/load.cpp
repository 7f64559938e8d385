#include "cli/load.h"

#include "binary/decoder.h"
#include "text/wat.h"
#include "util/file.h"

namespace nanoproc::cli {

Expected<LoadedModule> load_module(const std::string& path) {
  auto bytes = NP_TRY(read_file(path));
  LoadedModule out;
  out.file_size = bytes.size();
  static constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6D};
  if (bytes.size() >= 4 && std::equal(kMagic, kMagic + 4, bytes.begin())) {
    // The text path accepts custom page sizes, so binaries written by `wat2wasm` from
    // such text must load too.
    DecodeOptions opts;
    opts.custom_page_sizes = true;
    auto m = decode_module(bytes, opts);
    if (!m) {
      Error e = std::move(m).error();
      e.loc().file = path;
      return e;
    }
    out.module = std::move(*m);
  } else {
    std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    auto m = parse_wat(text, path);
    if (!m) return std::move(m).error();
    out.module = std::move(*m);
    out.from_text = true;
  }
  return out;
}

}  // namespace nanoproc::cli
