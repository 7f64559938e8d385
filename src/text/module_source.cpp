#include "text/module_source.h"

#include <algorithm>
#include <string_view>

#include "text/wat.h"

namespace nanoproc {

Expected<SourceModule> module_from_bytes(std::span<const uint8_t> bytes, const std::string& name,
                                         const DecodeOptions& opts) {
  static constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6D};
  SourceModule out;
  if (bytes.size() >= 4 && std::equal(kMagic, kMagic + 4, bytes.begin())) {
    auto m = decode_module(bytes, opts);
    if (!m) {
      Error e = std::move(m).error();
      e.loc().file = name;
      return e;
    }
    out.module = std::move(*m);
  } else {
    std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    out.module = NP_TRY(parse_wat(text, name));
    out.from_text = true;
  }
  return out;
}

}  // namespace nanoproc
