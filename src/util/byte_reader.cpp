#include "util/byte_reader.h"

#include "util/utf8.h"

namespace nanoproc {

void ByteReader::fail_at(uint64_t at, std::string message) {
  if (!failed_) {
    failed_ = true;
    SourceLoc loc;
    loc.offset = at;
    error_ = Error(ErrorKind::Malformed, std::move(message), loc);
  }
  pos_ = end_;
}

void ByteReader::fail_eof() {
  fail(failed_ ? "" : "unexpected end");
}

uint64_t ByteReader::leb_unsigned(unsigned bits) {
  uint64_t result = 0;
  unsigned shift = 0;
  const unsigned max_bytes = (bits + 6) / 7;
  for (unsigned i = 0; i < max_bytes; ++i) {
    if (pos_ >= end_) {
      fail_eof();
      return 0;
    }
    uint8_t b = *pos_++;
    if (i == max_bytes - 1) {
      // The last permitted byte: the continuation bit is an over-long encoding and any
      // bits above `bits` must be zero.
      if (b & 0x80) {
        fail_at(offset() - 1, "integer representation too long");  // at the offending byte
        return 0;
      }
      unsigned used = bits - shift;
      if (used < 7 && (b >> used) != 0) {
        fail_at(offset() - 1, "integer too large");
        return 0;
      }
    }
    result |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return result;
    shift += 7;
  }
  return result;
}

int64_t ByteReader::leb_signed(unsigned bits) {
  int64_t result = 0;
  unsigned shift = 0;
  const unsigned max_bytes = (bits + 6) / 7;
  for (unsigned i = 0; i < max_bytes; ++i) {
    if (pos_ >= end_) {
      fail_eof();
      return 0;
    }
    uint8_t b = *pos_++;
    if (i == max_bytes - 1) {
      if (b & 0x80) {
        fail_at(offset() - 1, "integer representation too long");  // at the offending byte
        return 0;
      }
      // The unused high bits of the last byte must all equal the sign bit.
      unsigned used = bits - shift;  // 1..7 meaningful bits in this byte
      if (used < 7) {
        int8_t sb = static_cast<int8_t>(b << 1) >> 1;  // sign-extend 7-bit payload
        // Sign-extend from the highest meaningful bit (bit used-1).
        int8_t expected = static_cast<int8_t>(sb << (8 - used)) >> (8 - used);
        if (sb != expected) {
          fail_at(offset() - 1, "integer too large");
          return 0;
        }
      }
    }
    result |= static_cast<int64_t>(static_cast<uint64_t>(b & 0x7f) << shift);
    shift += 7;
    if (!(b & 0x80)) {
      if (shift < 64 && (b & 0x40)) result |= static_cast<int64_t>(~uint64_t{0} << shift);
      return result;
    }
  }
  return result;
}

std::span<const uint8_t> ByteReader::bytes(size_t n, const char* what) {
  if (n > remaining()) {
    fail(what ? what : "unexpected end");
    return {};
  }
  std::span<const uint8_t> s(pos_, n);
  pos_ += n;
  return s;
}

uint32_t ByteReader::count(size_t min_elem_size) {
  uint32_t n = u32();
  if (ok() && min_elem_size > 0 && n > remaining() / min_elem_size) {
    // The spec's wording for a vector whose length exceeds its section.
    fail("unexpected end");
    return 0;
  }
  return n;
}

std::string_view ByteReader::name() {
  uint32_t n = u32();
  if (!ok()) return {};
  if (n > remaining()) {
    fail("length out of bounds");
    return {};
  }
  std::string_view s(reinterpret_cast<const char*>(pos_), n);
  if (!utf8_valid(s)) {
    fail("malformed UTF-8 encoding");
    return {};
  }
  pos_ += n;
  return s;
}

}  // namespace nanoproc
