// ByteWriter: appends bytes, LEB128 and IEEE floats to a growable buffer.
#pragma once
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

namespace nanoproc {

class ByteWriter {
 public:
  std::vector<uint8_t>& buffer() { return buf_; }
  const std::vector<uint8_t>& buffer() const { return buf_; }
  std::vector<uint8_t> take() { return std::move(buf_); }
  size_t size() const { return buf_.size(); }

  void u8(uint8_t b) { buf_.push_back(b); }
  void bytes(std::span<const uint8_t> s) { buf_.insert(buf_.end(), s.begin(), s.end()); }
  void u32(uint32_t v) { u64(v); }
  void u64(uint64_t v) {
    do {
      uint8_t b = v & 0x7f;
      v >>= 7;
      if (v) b |= 0x80;
      buf_.push_back(b);
    } while (v);
  }
  void s32(int32_t v) { s64(v); }
  void s64(int64_t v) {
    bool more = true;
    while (more) {
      uint8_t b = v & 0x7f;
      v >>= 7;  // arithmetic shift
      if ((v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40))) more = false;
      else b |= 0x80;
      buf_.push_back(b);
    }
  }
  void f32_bits(uint32_t bits) { fixed(bits); }
  void f64_bits(uint64_t bits) { fixed(bits); }
  void name(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    buf_.insert(buf_.end(), s.begin(), s.end());
  }

 private:
  template <typename T>
  void fixed(T v) {
    uint8_t b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    buf_.insert(buf_.end(), b, b + sizeof(T));
  }
  std::vector<uint8_t> buf_;
};

}  // namespace nanoproc
