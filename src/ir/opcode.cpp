#include "ir/opcode.h"

#include <array>
#include <string>
#include <unordered_map>

namespace nanoproc {
namespace {

constexpr ValKind sig_letter(char c) {
  switch (c) {
    case 'l': return ValKind::I64;
    case 'f': return ValKind::F32;
    case 'd': return ValKind::F64;
    case 'v': return ValKind::V128;
    default: return ValKind::I32;  // 'i' and 'a' (address; resolved by the validator)
  }
}

constexpr OpSig parse_sig(const char* s) {
  OpSig sig;
  if (s[0] == 's' && s[1] == 'p') return sig;
  sig.special = false;
  int i = 0;
  for (; s[i] != '_'; ++i) {
    if (s[i] == 'x') continue;
    sig.param_is_address[sig.num_params] = s[i] == 'a';
    sig.params[sig.num_params++] = sig_letter(s[i]);
  }
  for (++i; s[i]; ++i) {
    if (s[i] == 'x') continue;
    sig.result = sig_letter(s[i]);
    sig.num_results = 1;
  }
  return sig;
}

}  // namespace

namespace detail {
constexpr std::array<OpInfo, kOpcodeCount> kOpInfoRows = {{
#define NP_OP(E, P, C, T, I, S, B) \
  OpInfo{Opcode::E, P, C, T, ImmKind::I, parse_sig(#S), B},
#include "ir/opcodes.def"
#undef NP_OP
}};
}  // namespace detail

namespace {

constexpr const auto& kInfo = detail::kOpInfoRows;

// The table must be in enum order so that kInfo[op] is op's row.
constexpr bool table_in_order() {
  for (unsigned i = 0; i < kOpcodeCount; ++i)
    if (static_cast<unsigned>(kInfo[i].op) != i) return false;
  return true;
}
static_assert(table_in_order());

struct DecodeTables {
  std::array<uint16_t, 256> single;
  std::array<uint16_t, 32> gc;
  std::array<uint16_t, 32> misc;
  std::array<uint16_t, 0x120> simd;
};
constexpr uint16_t kNone = 0xFFFF;

constexpr DecodeTables make_decode_tables() {
  DecodeTables t{};
  for (auto& v : t.single) v = kNone;
  for (auto& v : t.gc) v = kNone;
  for (auto& v : t.misc) v = kNone;
  for (auto& v : t.simd) v = kNone;
  for (const auto& info : kInfo) {
    auto idx = static_cast<uint16_t>(info.op);
    switch (info.prefix) {
      case 0: t.single[info.code] = idx; break;
      case 0xFB: t.gc[info.code] = idx; break;
      case 0xFC: t.misc[info.code] = idx; break;
      case 0xFD: t.simd[info.code] = idx; break;
    }
  }
  return t;
}
constexpr DecodeTables kDecode = make_decode_tables();

std::optional<Opcode> to_op(uint16_t v) {
  if (v == kNone) return std::nullopt;
  return static_cast<Opcode>(v);
}

}  // namespace

namespace detail {
constexpr std::array<uint16_t, 256> kSingleByteOpcodes = kDecode.single;
static_assert(kNone == 0xFFFF, "opcode_from_byte in opcode.h tests for 0xFFFF");
}  // namespace detail

std::optional<Opcode> opcode_from_prefixed(uint8_t prefix, uint32_t code) {
  switch (prefix) {
    case 0xFB: return code < kDecode.gc.size() ? to_op(kDecode.gc[code]) : std::nullopt;
    case 0xFC: return code < kDecode.misc.size() ? to_op(kDecode.misc[code]) : std::nullopt;
    case 0xFD: return code < kDecode.simd.size() ? to_op(kDecode.simd[code]) : std::nullopt;
    default: return std::nullopt;
  }
}

std::optional<Opcode> opcode_from_text(std::string_view keyword) {
  static const auto* map = [] {
    auto* m = new std::unordered_map<std::string_view, Opcode>();
    for (const auto& info : kInfo) m->emplace(info.text, info.op);  // first row wins
    return m;
  }();
  auto it = map->find(keyword);
  if (it == map->end()) return std::nullopt;
  return it->second;
}

}  // namespace nanoproc
