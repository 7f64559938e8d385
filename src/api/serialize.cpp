// Module::serialize / Module::deserialize (layout: serialize_format.h).
#include <array>
#include <cstring>
#include <string_view>

#include "api/engine_config.h"
#include "api/serialize_format.h"
#include "binary/decoder.h"
#include "binary/encoder.h"
#include "nanoproc/nanoproc.h"
#include "runtime/compiled_module.h"
#include "runtime/engine.h"
#include "util/error.h"
#include "validate/validator.h"

namespace nanoproc::api {
namespace serial {
namespace {

constexpr uint32_t kPoly = 0x82F63B78u;  // CRC-32C, reflected

constexpr std::array<uint32_t, 256> make_table() {
  std::array<uint32_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ kPoly : c >> 1;
    t[i] = c;
  }
  return t;
}
constexpr std::array<uint32_t, 256> kTable = make_table();

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) uint32_t crc32c_sse42(uint32_t crc, const uint8_t* p, size_t n) {
  uint64_t c = crc;
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    c = __builtin_ia32_crc32di(c, v);
  }
  uint32_t c32 = static_cast<uint32_t>(c);
  for (; n; ++p, --n) c32 = __builtin_ia32_crc32qi(c32, *p);
  return c32;
}
#endif

void put_u32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
void put_u64(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
uint32_t get_u32(const uint8_t* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= uint32_t{p[i]} << (8 * i);
  return v;
}
uint64_t get_u64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t{p[i]} << (8 * i);
  return v;
}

}  // namespace

uint32_t crc32c_portable(uint32_t crc, std::span<const uint8_t> bytes) {
  crc = ~crc;
  for (uint8_t b : bytes) crc = kTable[(crc ^ b) & 0xff] ^ (crc >> 8);
  return ~crc;
}

uint32_t crc32c(uint32_t crc, std::span<const uint8_t> bytes) {
#if defined(__x86_64__)
  static const bool kHardware = __builtin_cpu_supports("sse4.2");
  if (kHardware) return ~crc32c_sse42(~crc, bytes.data(), bytes.size());
#endif
  return crc32c_portable(crc, bytes);
}

uint64_t checksum(std::span<const uint8_t> s) {
  uint32_t c = crc32c(0, s.first(kChecksumOffset));
  return crc32c(c, s.subspan(kHeaderBytes));
}

}  // namespace serial

using namespace serial;

namespace {

Error corrupt(std::string what) {
  return make_error(ErrorKind::Malformed, "serialized module: {}", what);
}

}  // namespace

std::vector<uint8_t> Module::serialize() const {
  std::vector<uint8_t> wasm = encode_module(impl_->module());
  std::vector<uint8_t> out(kHeaderBytes + wasm.size(), 0);
  std::memcpy(out.data(), kMagic.data(), kMagic.size());
  put_u32(out.data() + 8, kFormatVersion);
  std::string_view v = version();
  std::memcpy(out.data() + kVersionOffset, v.data(), std::min(v.size(), kVersionBytes - 1));
  put_u64(out.data() + kFingerprintOffset, engine_fingerprint(*config_));
  put_u64(out.data() + kPayloadSizeOffset, wasm.size());
  std::memcpy(out.data() + kHeaderBytes, wasm.data(), wasm.size());
  put_u64(out.data() + kChecksumOffset, checksum(out));
  return out;
}

Expected<Module> Module::deserialize(const Engine& engine, std::span<const uint8_t> bytes, Verify verify) {
  if (bytes.size() < kHeaderBytes)
    return corrupt(fmt::format("truncated: {} bytes, the header alone is {}", bytes.size(), kHeaderBytes));
  if (std::memcmp(bytes.data(), kMagic.data(), kMagic.size()) != 0)
    return corrupt("not a serialized nanoproc module (bad magic)");
  const uint8_t* h = bytes.data();
  if (uint32_t f = get_u32(h + 8); f != kFormatVersion)
    return make_error(ErrorKind::Unsupported, "serialized module: format version {}, this nanoproc reads version {}", f,
                      kFormatVersion);
  if (get_u32(h + 12) != 0) return corrupt("reserved header field is not zero");
  // The version field is NUL-padded text; compare all 16 bytes so that trailing garbage
  // after the NUL is caught too.
  std::array<uint8_t, kVersionBytes> want{};
  std::string_view v = version();
  std::memcpy(want.data(), v.data(), std::min(v.size(), kVersionBytes - 1));
  if (std::memcmp(h + kVersionOffset, want.data(), kVersionBytes) != 0) {
    std::string theirs;
    for (size_t i = 0; i < kVersionBytes && h[kVersionOffset + i]; ++i) {
      char c = static_cast<char>(h[kVersionOffset + i]);
      theirs += (c >= 0x20 && c < 0x7f) ? c : '?';
    }
    return make_error(ErrorKind::Unsupported, "serialized module: made by nanoproc \"{}\", this is nanoproc {}",
                      theirs, v);
  }
  uint64_t payload = get_u64(h + kPayloadSizeOffset);
  if (payload != bytes.size() - kHeaderBytes)
    return corrupt(fmt::format("{} payload bytes recorded, {} present{}", payload, bytes.size() - kHeaderBytes,
                               payload > bytes.size() - kHeaderBytes ? " (truncated)" : ""));
  uint64_t sum = get_u64(h + kChecksumOffset);
  if (uint64_t actual = checksum(bytes); actual != sum)
    return corrupt(fmt::format("checksum mismatch (recorded {:08x}, computed {:08x}): the bytes are damaged", sum,
                               actual));
  // Checked after the checksum so that a damaged fingerprint is reported as damage.
  uint64_t theirs = get_u64(h + kFingerprintOffset);
  uint64_t ours = engine_fingerprint(engine.config());
  if (theirs != ours)
    return make_error(ErrorKind::Usage, "serialized module: {}", describe_fingerprint_difference(theirs, ours));

  DecodeOptions dopts;
  dopts.custom_page_sizes = true;
  auto m = decode_module(bytes.subspan(kHeaderBytes), dopts);
  if (!m) {
    Error e = std::move(m).error();
    return corrupt(e.to_string());
  }
  if (verify == Verify::Full) {
    if (auto st = validate_module(*m); !st) return std::move(st).error();
    NP_CHECK(check_features(*m, engine.config().features));
  }
  auto shared = std::make_shared<const nanoproc::Module>(std::move(m).value());
  return Module(engine.impl().compile(std::move(shared)), engine.cfg_);
}

}  // namespace nanoproc::api
