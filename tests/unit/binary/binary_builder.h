// Test helper: hand-assembling small binaries.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "binary/decoder.h"

namespace nanoproc::test {

using Bytes = std::vector<uint8_t>;

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline Bytes uleb(uint64_t v) {
  Bytes out;
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    if (v) b |= 0x80;
    out.push_back(b);
  } while (v);
  return out;
}

inline Bytes str(std::string_view s) {
  Bytes out = uleb(s.size());
  for (char c : s) out.push_back(static_cast<uint8_t>(c));  // (insert() trips a g++ 12 false warning)
  return out;
}

inline Bytes section(uint8_t id, const Bytes& content) {
  return cat({Bytes{id}, uleb(content.size()), content});
}

inline const Bytes kHeader = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};

inline Bytes module_of(std::initializer_list<Bytes> sections) {
  Bytes out = kHeader;
  for (const auto& s : sections) out.insert(out.end(), s.begin(), s.end());
  return out;
}

// Common sections.
inline const Bytes kTypeVoid = section(1, {0x01, 0x60, 0x00, 0x00});  // one type: [] -> []
inline const Bytes kOneFunc = section(3, {0x01, 0x00});               // one function of type 0
inline const Bytes kEmptyBody = section(10, {0x01, 0x02, 0x00, 0x0B}); // one body: no locals, end

inline Expected<Module> decode(const Bytes& b) { return decode_module(b); }

}  // namespace nanoproc::test
