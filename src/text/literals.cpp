#include "text/literals.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace nanoproc::text {
namespace {

int digit_value(char c, bool hex) {
  if (c >= '0' && c <= '9') return c - '0';
  if (hex && c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (hex && c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// digit ('_'? digit)*
bool valid_digits(std::string_view s, bool hex) {
  if (s.empty() || digit_value(s.front(), hex) < 0 || digit_value(s.back(), hex) < 0)
    return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_') {
      if (s[i + 1] == '_') return false;  // s.back() is a digit, so i + 1 is in range
    } else if (digit_value(s[i], hex) < 0) {
      return false;
    }
  }
  return true;
}

// Length of the leading run of digits and underscores.
size_t digit_run(std::string_view s, bool hex) {
  size_t i = 0;
  while (i < s.size() && (s[i] == '_' || digit_value(s[i], hex) >= 0)) ++i;
  return i;
}

bool take_sign(std::string_view& s, bool* neg) {
  *neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    *neg = s[0] == '-';
    s.remove_prefix(1);
    return true;
  }
  return false;
}

// Magnitude of a nat (decimal or 0x hex); Range if it exceeds 2^64-1.
LitStatus nat_magnitude(std::string_view s, uint64_t* out) {
  bool hex = s.size() >= 2 && s[0] == '0' && s[1] == 'x';
  if (hex) s.remove_prefix(2);
  if (!valid_digits(s, hex)) return LitStatus::Syntax;
  uint64_t v = 0, base = hex ? 16 : 10;
  bool overflow = false;
  for (char c : s) {
    if (c == '_') continue;
    uint64_t d = uint64_t(digit_value(c, hex));
    if (v > (UINT64_MAX - d) / base) overflow = true;
    v = v * base + d;
  }
  *out = v;
  return overflow ? LitStatus::Range : LitStatus::Ok;
}

// The pieces of a float literal after its sign.
struct FloatParts {
  bool hex = false;
  std::string_view int_digits, frac_digits, exp_digits;
  bool exp_neg = false;
};

bool split_float(std::string_view s, FloatParts* p) {
  p->hex = s.size() >= 2 && s[0] == '0' && s[1] == 'x';
  if (p->hex) s.remove_prefix(2);
  size_t n = digit_run(s, p->hex);
  p->int_digits = s.substr(0, n);
  if (!valid_digits(p->int_digits, p->hex)) return false;
  s.remove_prefix(n);
  if (!s.empty() && s[0] == '.') {
    s.remove_prefix(1);
    n = digit_run(s, p->hex);
    p->frac_digits = s.substr(0, n);
    if (n && !valid_digits(p->frac_digits, p->hex)) return false;
    s.remove_prefix(n);
  }
  char e = p->hex ? 'p' : 'e', E = p->hex ? 'P' : 'E';
  if (!s.empty() && (s[0] == e || s[0] == E)) {
    s.remove_prefix(1);
    take_sign(s, &p->exp_neg);
    n = digit_run(s, false);
    p->exp_digits = s.substr(0, n);
    if (!valid_digits(p->exp_digits, false)) return false;
    s.remove_prefix(n);
  }
  return s.empty();
}

// m >> shift, rounded to nearest with ties to even; `sticky` says non-zero bits were
// already dropped below m.
uint64_t round_shift(uint64_t m, int64_t shift, bool sticky) {
  if (shift > 64) return 0;
  uint64_t q = shift == 64 ? 0 : m >> shift;
  bool half = (m >> (shift - 1)) & 1;
  bool rest = sticky || (shift > 1 && (m & ((uint64_t(1) << (shift - 1)) - 1)) != 0);
  if (half && (rest || (q & 1))) ++q;
  return q;
}

// Exact conversion of a hex float to IEEE bits (without the sign), for a format with
// `mant_bits` stored mantissa bits and exponent range [emin, emax].
LitStatus hex_float_bits(const FloatParts& p, int mant_bits, int emin, int emax, uint64_t* out) {
  uint64_t m = 0;
  int64_t exp2 = 0;
  bool sticky = false;
  for (char c : p.int_digits) {
    if (c == '_') continue;
    uint64_t d = uint64_t(digit_value(c, true));
    if ((m >> 60) == 0) {
      m = m * 16 + d;
    } else {
      exp2 += 4;
      sticky |= d != 0;
    }
  }
  for (char c : p.frac_digits) {
    if (c == '_') continue;
    uint64_t d = uint64_t(digit_value(c, true));
    if ((m >> 60) == 0) {
      m = m * 16 + d;
      exp2 -= 4;
    } else {
      sticky |= d != 0;
    }
  }
  // Saturate the written exponent: anything beyond this range over- or underflows anyway.
  int64_t e = 0;
  for (char c : p.exp_digits) {
    if (c == '_') continue;
    if (e < 100000000) e = e * 10 + (c - '0');
  }
  exp2 += p.exp_neg ? -e : e;
  if (m == 0) {
    *out = 0;
    return LitStatus::Ok;
  }
  int msb = 63 - __builtin_clzll(m);
  int64_t top = msb + exp2;  // exponent of the leading bit
  if (top > emax) return LitStatus::Range;
  int64_t lsb = (top >= emin ? top : emin) - mant_bits;  // exponent of the result's last bit
  int64_t shift = lsb - exp2;
  uint64_t mant = shift <= 0 ? m << -shift : round_shift(m, shift, sticky);
  if (top < emin) {
    *out = mant;  // subnormal; rounding up to 2^mant_bits lands on the smallest normal
    return LitStatus::Ok;
  }
  if (mant >> (mant_bits + 1)) {
    mant >>= 1;
    ++top;
  }
  if (top > emax) return LitStatus::Range;
  uint64_t bias = uint64_t(emax);
  *out = (uint64_t(top) + bias) << mant_bits | (mant & ((uint64_t(1) << mant_bits) - 1));
  return LitStatus::Ok;
}

std::string decimal_string(const FloatParts& p) {
  std::string s;
  for (char c : p.int_digits)
    if (c != '_') s += c;
  s += '.';
  for (char c : p.frac_digits)
    if (c != '_') s += c;
  if (!p.exp_digits.empty()) {
    s += p.exp_neg ? "e-" : "e";
    for (char c : p.exp_digits)
      if (c != '_') s += c;
  }
  return s;
}

// Shared float logic: `mant_bits`/`emin`/`emax` describe the format; `decimal` converts a
// cleaned decimal string with correct rounding and returns false if it overflowed.
template <typename Decimal>
LitStatus parse_float(std::string_view s, int mant_bits, int emin, int emax, uint64_t* out,
                      Decimal decimal) {
  bool neg;
  take_sign(s, &neg);
  uint64_t sign = neg ? uint64_t(1) << (mant_bits + (mant_bits == 23 ? 8 : 11)) : 0;
  uint64_t exp_all = ((uint64_t(1) << (mant_bits == 23 ? 8 : 11)) - 1) << mant_bits;
  uint64_t mant_mask = (uint64_t(1) << mant_bits) - 1;
  if (s == "inf") {
    *out = sign | exp_all;
    return LitStatus::Ok;
  }
  if (s == "nan") {
    *out = sign | exp_all | (uint64_t(1) << (mant_bits - 1));
    return LitStatus::Ok;
  }
  if (s.substr(0, 6) == "nan:0x") {
    uint64_t payload;
    LitStatus st = nat_magnitude(s.substr(4), &payload);
    if (st == LitStatus::Syntax) return st;
    if (st == LitStatus::Range || payload == 0 || payload > mant_mask) return LitStatus::Range;
    *out = sign | exp_all | payload;
    return LitStatus::Ok;
  }
  FloatParts p;
  if (!split_float(s, &p)) return LitStatus::Syntax;
  uint64_t bits;
  if (p.hex) {
    LitStatus st = hex_float_bits(p, mant_bits, emin, emax, &bits);
    if (st != LitStatus::Ok) return st;
  } else {
    if (!decimal(decimal_string(p), &bits)) return LitStatus::Range;
  }
  *out = sign | bits;
  return LitStatus::Ok;
}

}  // namespace

LitStatus parse_nat(std::string_view s, uint64_t max, uint64_t* out) {
  LitStatus st = nat_magnitude(s, out);
  if (st == LitStatus::Ok && *out > max) return LitStatus::Range;
  return st;
}

LitStatus parse_int(std::string_view s, unsigned bits, uint64_t* out) {
  bool neg;
  take_sign(s, &neg);
  uint64_t mag;
  LitStatus st = nat_magnitude(s, &mag);
  if (st != LitStatus::Ok) return st;
  uint64_t umax = bits == 64 ? UINT64_MAX : (uint64_t(1) << bits) - 1;
  uint64_t nmax = uint64_t(1) << (bits - 1);
  if (neg ? mag > nmax : mag > umax) return LitStatus::Range;
  *out = (neg ? uint64_t(0) - mag : mag) & umax;
  return LitStatus::Ok;
}

LitStatus parse_f32(std::string_view s, uint32_t* out) {
  uint64_t bits = 0;
  LitStatus st = parse_float(s, 23, -126, 127, &bits, [](const std::string& d, uint64_t* b) {
    errno = 0;
    float f = std::strtof(d.c_str(), nullptr);
    if (std::isinf(f)) return false;
    uint32_t u;
    std::memcpy(&u, &f, 4);
    *b = u;
    return true;
  });
  *out = uint32_t(bits);
  return st;
}

LitStatus parse_f64(std::string_view s, uint64_t* out) {
  return parse_float(s, 52, -1022, 1023, out, [](const std::string& d, uint64_t* b) {
    errno = 0;
    double f = std::strtod(d.c_str(), nullptr);
    if (std::isinf(f)) return false;
    std::memcpy(b, &f, 8);
    return true;
  });
}

bool v128_shape(std::string_view shape, unsigned* lane_bits, bool* is_float) {
  *is_float = !shape.empty() && shape[0] == 'f';
  if (shape == "i8x16") *lane_bits = 8;
  else if (shape == "i16x8") *lane_bits = 16;
  else if (shape == "i32x4" || shape == "f32x4") *lane_bits = 32;
  else if (shape == "i64x2" || shape == "f64x2") *lane_bits = 64;
  else return false;
  return true;
}

LitStatus parse_lane(std::string_view s, unsigned lane_bits, bool is_float, uint64_t* out) {
  if (!is_float) return parse_int(s, lane_bits, out);
  if (lane_bits == 64) return parse_f64(s, out);
  uint32_t b = 0;
  LitStatus st = parse_f32(s, &b);
  *out = b;
  return st;
}

}  // namespace nanoproc::text
