// ByteReader: bounds-checked reading of a byte range with LEB128 and IEEE floats.
// Errors are sticky: the first failure is recorded (with its byte offset) and every later
// read returns 0, so hot decoding loops test ok() once per item instead of per read.
#pragma once
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "util/error.h"

namespace nanoproc {

class ByteReader {
 public:
  ByteReader() = default;
  // `base` is the absolute offset of `begin` in the whole input, used in error messages.
  ByteReader(const uint8_t* begin, const uint8_t* end, uint64_t base = 0)
      : begin_(begin), pos_(begin), end_(end), base_(base) {}
  explicit ByteReader(std::span<const uint8_t> s, uint64_t base = 0)
      : ByteReader(s.data(), s.data() + s.size(), base) {}

  bool ok() const { return !failed_; }
  bool at_end() const { return pos_ >= end_; }
  size_t remaining() const { return static_cast<size_t>(end_ - pos_); }
  uint64_t offset() const { return base_ + static_cast<uint64_t>(pos_ - begin_); }
  const uint8_t* pos() const { return pos_; }
  const uint8_t* end() const { return end_; }
  const uint8_t* begin() const { return begin_; }
  void set_pos(const uint8_t* p) { pos_ = p; }

  // Records the first error at the current offset (or `at`), then stops all reading.
  void fail(std::string message) { fail_at(offset(), std::move(message)); }
  void fail_at(uint64_t at, std::string message);
  const Error& error() const { return error_; }
  Error take_error() { return std::move(error_); }

  uint8_t peek_u8() {
    if (pos_ >= end_) return 0;
    return *pos_;
  }
  uint8_t u8() {
    if (pos_ >= end_) [[unlikely]] {
      fail_eof();
      return 0;
    }
    return *pos_++;
  }
  uint32_t u32_fixed() { return fixed<uint32_t>(); }
  uint64_t u64_fixed() { return fixed<uint64_t>(); }
  float f32() {
    uint32_t b = fixed<uint32_t>();
    float f;
    std::memcpy(&f, &b, 4);
    return f;
  }
  double f64() {
    uint64_t b = fixed<uint64_t>();
    double d;
    std::memcpy(&d, &b, 8);
    return d;
  }

  // LEB128. Over-long encodings and set unused bits in the last byte are errors
  // ("integer representation too long" / "integer too large"), as the spec requires.
  uint32_t u32() {
    if (pos_ < end_ && *pos_ < 0x80) [[likely]] return *pos_++;
    return static_cast<uint32_t>(leb_unsigned(32));
  }
  uint64_t u64() { return leb_unsigned(64); }
  int32_t s32() {
    if (pos_ < end_ && *pos_ < 0x40) [[likely]] return *pos_++;
    return static_cast<int32_t>(leb_signed(32));
  }
  int64_t s33() { return leb_signed(33); }
  int64_t s64() { return leb_signed(64); }

  // n raw bytes; fails with "unexpected end" (or `what`) if fewer remain.
  std::span<const uint8_t> bytes(size_t n, const char* what = nullptr);
  // A vector length that must be plausible: at most the remaining bytes (each element is
  // at least `min_elem_size` bytes), so hostile lengths never drive huge allocations.
  uint32_t count(size_t min_elem_size = 1);
  // A UTF-8 name (u32 length + bytes); fails with "malformed UTF-8 encoding".
  std::string_view name();

  void skip(size_t n) {
    if (n > remaining()) {
      fail_eof();
      pos_ = end_;
      return;
    }
    pos_ += n;
  }

 private:
  template <typename T>
  T fixed() {
    if (remaining() < sizeof(T)) [[unlikely]] {
      fail_eof();
      return 0;
    }
    T v;
    std::memcpy(&v, pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  void fail_eof();
  uint64_t leb_unsigned(unsigned bits);
  int64_t leb_signed(unsigned bits);

  const uint8_t* begin_ = nullptr;
  const uint8_t* pos_ = nullptr;
  const uint8_t* end_ = nullptr;
  uint64_t base_ = 0;
  bool failed_ = false;
  Error error_;
};

}  // namespace nanoproc
