// The `name` custom section: module, function and local names (subsections 0, 1, 2).
// Other subsections are skipped. Anything malformed discards all names: a custom
// section never makes a module fail to decode.
#include "binary/decode_internal.h"

namespace nanoproc::decode_detail {
namespace {

enum NameSubsection : uint8_t { kModuleName = 0, kFunctionNames = 1, kLocalNames = 2 };

void read_name_map(ByteReader& r, std::unordered_map<uint32_t, std::string>& out) {
  uint32_t n = read_len(r);
  out.reserve(reserve_hint(r, n, 2));
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    uint32_t index = r.u32();
    std::string name = read_name(r);
    if (r.ok()) out.insert_or_assign(index, std::move(name));
  }
}

}  // namespace

bool parse_name_section(std::span<const uint8_t> payload, NameMap& out) {
  ByteReader r(payload);
  NameMap names;
  int last_id = -1;
  while (!r.at_end() && r.ok()) {
    uint8_t id = r.u8();
    uint32_t size = read_len(r);
    if (!r.ok()) break;
    if (static_cast<int>(id) <= last_id || size > r.remaining()) {
      r.fail("malformed name section");
      break;
    }
    last_id = id;
    ByteReader sub(r.pos(), r.pos() + size, r.offset());
    r.skip(size);
    switch (id) {
      case kModuleName: names.module_name = read_name(sub); break;
      case kFunctionNames: read_name_map(sub, names.functions); break;
      case kLocalNames: {
        uint32_t n = read_len(sub);
        for (uint32_t i = 0; i < n && sub.ok(); ++i) {
          uint32_t func = sub.u32();
          read_name_map(sub, names.locals[func]);
        }
        break;
      }
      default: sub.skip(size); break;
    }
    if (sub.ok() && !sub.at_end()) sub.fail("name subsection size mismatch");
    if (!sub.ok()) {
      r.fail(sub.error().message());
      break;
    }
  }
  if (!r.ok()) return false;
  out = std::move(names);
  return true;
}

}  // namespace nanoproc::decode_detail
