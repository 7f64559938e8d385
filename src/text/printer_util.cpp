// Text printer: exact float literals, string literals, identifiers, types and names.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include "text/printer_internal.h"

namespace nanoproc::print_detail {
namespace {

// IEEE layout of one float format.
struct FloatFormat {
  unsigned mantissa_bits;
  unsigned exponent_bits;
  int bias;
};
constexpr FloatFormat kF32{23, 8, 127};
constexpr FloatFormat kF64{52, 11, 1023};

std::string float_text(uint64_t bits, const FloatFormat& f) {
  const unsigned total = f.mantissa_bits + f.exponent_bits + 1;
  const bool negative = (bits >> (total - 1)) & 1;
  const uint64_t exp_mask = (uint64_t{1} << f.exponent_bits) - 1;
  const uint64_t mant_mask = (uint64_t{1} << f.mantissa_bits) - 1;
  const uint64_t exp = (bits >> f.mantissa_bits) & exp_mask;
  uint64_t mant = bits & mant_mask;
  const char* sign = negative ? "-" : "";

  if (exp == exp_mask) {
    if (mant == 0) return fmt::format("{}inf", sign);
    // The canonical NaN has only the quiet bit set.
    if (mant == uint64_t{1} << (f.mantissa_bits - 1)) return fmt::format("{}nan", sign);
    return fmt::format("{}nan:0x{:x}", sign, mant);
  }
  if (exp == 0 && mant == 0) return fmt::format("{}0", sign);

  // Normalise: value = 1.fraction * 2^e (subnormals included, with e below the minimum).
  int e;
  if (exp == 0) {
    e = 1 - f.bias;
    while (!(mant >> f.mantissa_bits)) {
      mant <<= 1;
      --e;
    }
    mant &= mant_mask;
  } else {
    e = static_cast<int>(exp) - f.bias;
  }
  // Integers that any parser converts exactly (below 2^53) are printed in decimal.
  if (e >= 0 && e <= 52 &&
      (e >= static_cast<int>(f.mantissa_bits) ||
       (mant & ((uint64_t{1} << (f.mantissa_bits - e)) - 1)) == 0)) {
    uint64_t whole = (uint64_t{1} << e) |
                     (e >= static_cast<int>(f.mantissa_bits) ? mant << (e - f.mantissa_bits)
                                                             : mant >> (f.mantissa_bits - e));
    return fmt::format("{}{}", sign, whole);
  }
  // Hex float: the fraction as whole hex digits (f32's 23 bits padded to 24).
  unsigned pad = (4 - f.mantissa_bits % 4) % 4;
  uint64_t frac = mant << pad;
  unsigned digits = (f.mantissa_bits + pad) / 4;
  while (digits > 0 && (frac & 0xF) == 0) {
    frac >>= 4;
    --digits;
  }
  if (digits == 0) return fmt::format("{}0x1p{:+d}", sign, e);
  return fmt::format("{}0x1.{:0{}x}p{:+d}", sign, frac, digits, e);
}

bool is_idchar(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  return std::strchr("!#$%&'*+-./:<=>?@\\^_`|~", c) != nullptr && c != 0;
}

}  // namespace

std::string f32_text(uint32_t bits) { return float_text(bits, kF32); }
std::string f64_text(uint64_t bits) { return float_text(bits, kF64); }

void append_string(std::string& out, std::span<const uint8_t> bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (uint8_t b : bytes) {
    switch (b) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (b >= 0x20 && b < 0x7F) {
          out += static_cast<char>(b);
        } else {
          out += '\\';
          out += kHex[b >> 4];
          out += kHex[b & 0xF];
        }
    }
  }
  out += '"';
}

void append_string(std::string& out, std::string_view s) {
  append_string(out,
                std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
}

bool is_identifier(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_idchar(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string heap_type_text(HeapType h) {
  if (h.is_abstract()) return abs_heap_name(h.abs());
  return fmt::format("{}", h.index());
}

std::string ref_type_text(HeapType h, bool nullable) {
  return fmt::format("(ref {}{})", nullable ? "null " : "", heap_type_text(h));
}

std::string val_type_text(ValType t) {
  if (t.kind == ValKind::Ref && !(t.nullable && t.heap.is_abstract()))
    return ref_type_text(t.heap, t.nullable);
  return to_string(t);  // keywords: i32, v128, funcref, nullexternref, i8, ...
}

PrintNames make_names(const Module& m) {
  PrintNames n;
  if (is_identifier(m.names.module_name)) n.module = fmt::format("${}", m.names.module_name);
  n.funcs.resize(m.num_funcs());
  // The first function with a name keeps it; a repeated name would not parse.
  std::unordered_set<std::string_view> used;
  for (uint32_t i = 0; i < n.funcs.size(); ++i) {
    auto it = m.names.functions.find(i);
    if (it == m.names.functions.end() || !is_identifier(it->second)) continue;
    if (!used.insert(it->second).second) continue;
    n.funcs[i] = fmt::format("${}", it->second);
  }
  return n;
}

std::vector<std::string> PrintNames::locals_of(const Module& m, uint32_t func,
                                               uint32_t num_locals) const {
  std::vector<std::string> out(num_locals);
  auto it = m.names.locals.find(func);
  if (it == m.names.locals.end()) return out;
  std::unordered_set<std::string_view> used;
  // Visit in index order so that the lower index keeps a repeated name.
  std::vector<std::pair<uint32_t, const std::string*>> sorted;
  for (const auto& [index, name] : it->second)
    if (index < num_locals) sorted.emplace_back(index, &name);
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [index, name] : sorted) {
    if (!is_identifier(*name) || !used.insert(*name).second) continue;
    out[index] = fmt::format("${}", *name);
  }
  return out;
}

std::string func_ref(const PrintNames& n, uint32_t func) {
  if (func < n.funcs.size() && !n.funcs[func].empty()) return n.funcs[func];
  return fmt::format("{}", func);
}

}  // namespace nanoproc::print_detail
