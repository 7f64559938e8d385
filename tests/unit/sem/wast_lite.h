// Checks sem against the spec suite's assertions without an interpreter: a small .wast
// reader that understands exactly one shape of function,
//   (func (export "name") (param ...) (result ...) (OP imm* (local.get i)*))
// (folded or flat), i.e. an exported wrapper around one operator applied to its
// parameters, and then evaluates each (assert_return (invoke "name" consts...) results...)
// and (assert_trap (invoke ...) "message") against that operator through semtest::eval.
// Anything else (other function shapes, modules, commands, literal forms) is skipped and
// counted, never guessed at.
#pragma once
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sem_eval.h"
#include "util/file.h"

namespace {
namespace semtest {

struct Node {
  bool is_list = false;
  std::string atom;  // for atoms; strings keep their quotes
  std::vector<Node> kids;
  int line = 0;
  bool is(std::string_view head) const { return is_list && !kids.empty() && !kids[0].is_list && kids[0].atom == head; }
};

class SexprReader {
 public:
  explicit SexprReader(std::string_view text) : s_(text) {}
  // All top-level forms; nullopt on a syntax error (unbalanced parens, bad string).
  std::optional<std::vector<Node>> read_all() {
    std::vector<Node> out;
    for (;;) {
      skip_space();
      if (pos_ >= s_.size()) return out;
      if (s_[pos_] != '(') return std::nullopt;
      Node n;
      if (!read(n)) return std::nullopt;
      out.push_back(std::move(n));
    }
  }

 private:
  void skip_space() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == '\n') {
        ++line_;
        ++pos_;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (s_.substr(pos_, 2) == ";;") {
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
      } else if (s_.substr(pos_, 2) == "(;") {
        int depth = 0;
        while (pos_ < s_.size()) {
          if (s_.substr(pos_, 2) == "(;") {
            ++depth;
            pos_ += 2;
          } else if (s_.substr(pos_, 2) == ";)") {
            pos_ += 2;
            if (--depth == 0) break;
          } else {
            if (s_[pos_] == '\n') ++line_;
            ++pos_;
          }
        }
      } else {
        return;
      }
    }
  }
  bool read(Node& n) {
    n.line = line_;
    if (s_[pos_] == '(') {
      n.is_list = true;
      ++pos_;
      for (;;) {
        skip_space();
        if (pos_ >= s_.size()) return false;
        if (s_[pos_] == ')') {
          ++pos_;
          return true;
        }
        Node k;
        if (!read(k)) return false;
        n.kids.push_back(std::move(k));
      }
    }
    size_t start = pos_;
    if (s_[pos_] == '"') {
      ++pos_;
      while (pos_ < s_.size() && s_[pos_] != '"') pos_ += s_[pos_] == '\\' ? 2 : 1;
      if (pos_ >= s_.size()) return false;
      ++pos_;
    } else {
      while (pos_ < s_.size() && !std::strchr(" \t\r\n()", s_[pos_])) ++pos_;
    }
    n.atom = std::string(s_.substr(start, pos_ - start));
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  int line_ = 1;
};

inline std::string strip_underscores(std::string_view t) {
  std::string r;
  for (char c : t)
    if (c != '_') r += c;
  return r;
}

// An integer literal of `bits` width: decimal or 0x hex, optional sign, wrapping.
inline std::optional<uint64_t> parse_int(std::string_view text, int bits) {
  std::string t = strip_underscores(text);
  bool neg = false;
  size_t i = 0;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) neg = t[i++] == '-';
  int base = 10;
  if (t.compare(i, 2, "0x") == 0) {
    base = 16;
    i += 2;
  }
  if (i >= t.size()) return std::nullopt;
  uint64_t v = 0;
  for (; i < t.size(); ++i) {
    int d;
    char c = t[i];
    if (c >= '0' && c <= '9') d = c - '0';
    else if (base == 16 && c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (base == 16 && c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return std::nullopt;
    v = v * uint64_t(base) + uint64_t(d);
  }
  if (neg) v = 0 - v;
  if (bits < 64) v &= (uint64_t(1) << bits) - 1;
  return v;
}

// A float literal's bits, or a NaN pattern in expected results.
struct FloatLit {
  enum Kind { Bits, Canonical, Arithmetic } kind = Bits;
  uint64_t bits = 0;
};
template <typename F>
std::optional<FloatLit> parse_float(std::string_view text) {
  using U = std::conditional_t<sizeof(F) == 4, uint32_t, uint64_t>;
  constexpr U sign = U(1) << (sizeof(F) * 8 - 1);
  constexpr U exp = sizeof(F) == 4 ? U(0x7F800000u) : U(0x7FF0000000000000ull);
  std::string t = strip_underscores(text);
  U s = 0;
  std::string body = t;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    if (body[0] == '-') s = sign;
    body = body.substr(1);
  }
  if (body == "nan:canonical") return FloatLit{FloatLit::Canonical, 0};
  if (body == "nan:arithmetic") return FloatLit{FloatLit::Arithmetic, 0};
  if (body == "inf") return FloatLit{FloatLit::Bits, s | exp};
  if (body == "nan") return FloatLit{FloatLit::Bits, s | exp | (U(1) << (sizeof(F) == 4 ? 22 : 51))};
  if (body.rfind("nan:0x", 0) == 0) {
    auto p = parse_int(body.substr(4), 64);
    if (!p) return std::nullopt;
    return FloatLit{FloatLit::Bits, s | exp | U(*p)};
  }
  errno = 0;
  char* end = nullptr;
  F v;
  // strtof rounds directly to float (never through double): no double rounding.
  if constexpr (sizeof(F) == 4) v = std::strtof(t.c_str(), &end);
  else v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size()) return std::nullopt;
  return FloatLit{FloatLit::Bits, uint64_t(std::bit_cast<U>(v))};
}

// A constant in an invoke or a result: its value, plus per-lane float patterns.
struct Expect {
  Value value;
  char lane_type = 0;  // 'f' or 'd' when the lanes are floats (f32x4/f64x2 or scalars)
  int lanes = 0;
  FloatLit lane[4];
};

inline bool is_nan_bits(uint64_t b, char t) {
  return t == 'f' ? (b & 0x7FFFFFFFu) > 0x7F800000u : (b & 0x7FFFFFFFFFFFFFFFull) > 0x7FF0000000000000ull;
}
inline bool lane_matches(const FloatLit& e, uint64_t got, char t) {
  const uint64_t quiet = t == 'f' ? 0x00400000u : 0x0008000000000000ull;
  const uint64_t payload = t == 'f' ? 0x007FFFFFu : 0x000FFFFFFFFFFFFFull;
  switch (e.kind) {
    case FloatLit::Canonical: return is_nan_bits(got, t) && (got & payload) == quiet;
    case FloatLit::Arithmetic: return is_nan_bits(got, t) && (got & quiet) != 0;
    default: return got == e.bits;
  }
}
inline bool matches(const Expect& e, const Value& got) {
  if (got.type != e.value.type) return false;
  if (!e.lane_type) return got == e.value;
  if (e.value.type != 'v') return lane_matches(e.lane[0], got.lo, e.lane_type);
  const int width = e.lane_type == 'f' ? 32 : 64;
  for (int i = 0; i < e.lanes; ++i) {
    const int bit = i * width;
    uint64_t word = bit < 64 ? got.lo : got.hi;
    uint64_t lane_bits = width == 64 ? word : (word >> (bit % 64)) & 0xFFFFFFFFu;
    if (!lane_matches(e.lane[i], lane_bits, e.lane_type)) return false;
  }
  return true;
}

inline std::optional<Expect> parse_const(const Node& n) {
  if (!n.is_list || n.kids.size() < 2 || n.kids[0].is_list) return std::nullopt;
  for (const Node& k : n.kids)
    if (k.is_list) return std::nullopt;
  const std::string& head = n.kids[0].atom;
  Expect e;
  if (head == "i32.const" || head == "i64.const") {
    auto v = parse_int(n.kids[1].atom, head[1] == '3' ? 32 : 64);
    if (!v) return std::nullopt;
    e.value = head[1] == '3' ? I32(uint32_t(*v)) : I64(*v);
    return e;
  }
  if (head == "f32.const" || head == "f64.const") {
    bool f32 = head[1] == '3';
    auto v = f32 ? parse_float<float>(n.kids[1].atom) : parse_float<double>(n.kids[1].atom);
    if (!v) return std::nullopt;
    e.value = f32 ? F32Bits(uint32_t(v->bits)) : F64Bits(v->bits);
    if (v->kind != FloatLit::Bits) {
      e.lane_type = f32 ? 'f' : 'd';
      e.lanes = 1;
      e.lane[0] = *v;
    }
    return e;
  }
  if (head != "v128.const" || n.kids.size() < 3) return std::nullopt;
  const std::string& shape = n.kids[1].atom;
  int lanes, width;
  bool is_float = shape[0] == 'f';
  if (shape == "i8x16") lanes = 16, width = 8;
  else if (shape == "i16x8") lanes = 8, width = 16;
  else if (shape == "i32x4" || shape == "f32x4") lanes = 4, width = 32;
  else if (shape == "i64x2" || shape == "f64x2") lanes = 2, width = 64;
  else return std::nullopt;
  if (int(n.kids.size()) != 2 + lanes) return std::nullopt;
  uint64_t words[2] = {0, 0};
  bool patterns = false;
  for (int i = 0; i < lanes; ++i) {
    const std::string& t = n.kids[2 + i].atom;
    uint64_t b;
    if (is_float) {
      auto v = width == 32 ? parse_float<float>(t) : parse_float<double>(t);
      if (!v) return std::nullopt;
      e.lane[i] = *v;
      patterns |= v->kind != FloatLit::Bits;
      b = v->bits;
    } else {
      auto v = parse_int(t, width);
      if (!v) return std::nullopt;
      b = *v;
    }
    const int bit = i * width;
    words[bit / 64] |= b << (bit % 64);
  }
  e.value = V128(words[0], words[1]);
  if (is_float && patterns) {
    e.lane_type = width == 32 ? 'f' : 'd';
    e.lanes = lanes;
  }
  return e;
}

// One exported single-operator function.
struct SimpleFunc {
  Opcode op;
  std::vector<int> args;  // parameter index of each operand
  Imm imm;
};
using Exports = std::map<std::string, std::optional<SimpleFunc>>;

inline int local_index(const Node& n, const std::vector<std::string>& names) {
  if (n.is_list || n.atom.empty()) return -1;
  if (n.atom[0] == '$') {
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == n.atom) return int(i);
    return -1;
  }
  auto v = parse_int(n.atom, 32);
  return v ? int(*v) : -1;
}

// The operator of a function body, with its immediates and operands.
inline std::optional<SimpleFunc> parse_body(const std::vector<const Node*>& body, const std::vector<std::string>& names) {
  // Flatten the folded form (OP imm* (local.get x)*) into the flat one.
  std::vector<const Node*> flat;
  if (body.size() == 1 && body[0]->is_list) {
    const Node& f = *body[0];
    std::vector<const Node*> head;
    for (const Node& k : f.kids) {
      if (k.is_list) {
        if (!k.is("local.get") || k.kids.size() != 2) return std::nullopt;
        flat.push_back(&k.kids[0]);
        flat.push_back(&k.kids[1]);
      } else {
        head.push_back(&k);
      }
    }
    flat.insert(flat.end(), head.begin(), head.end());
  } else {
    for (const Node* n : body)
      if (n->is_list) return std::nullopt;
    flat = body;
  }
  SimpleFunc fn;
  size_t i = 0;
  while (i + 1 < flat.size() && flat[i]->atom == "local.get") {
    int idx = local_index(*flat[i + 1], names);
    if (idx < 0) return std::nullopt;
    fn.args.push_back(idx);
    i += 2;
  }
  if (i >= flat.size()) return std::nullopt;
  auto op = nanoproc::opcode_from_text(flat[i]->atom);
  if (!op || !nanoproc::sem::has_sem(*op)) return std::nullopt;
  fn.op = *op;
  const auto& info = nanoproc::op_info(*op);
  std::vector<uint64_t> imms;
  for (++i; i < flat.size(); ++i) {
    auto v = parse_int(flat[i]->atom, 8);
    if (!v) return std::nullopt;
    imms.push_back(*v);
  }
  if (info.imm == ImmKind::Lane) {
    if (imms.size() != 1) return std::nullopt;
    fn.imm.lane = uint32_t(imms[0]);
  } else if (info.imm == ImmKind::Shuffle) {
    if (imms.size() != 16) return std::nullopt;
    for (int k = 0; k < 16; ++k) fn.imm.shuffle[k] = uint8_t(imms[k]);
  } else if (!imms.empty()) {
    return std::nullopt;
  }
  if (fn.args.size() != info.sig.num_params) return std::nullopt;
  return fn;
}

inline void read_module(const Node& m, Exports& exports) {
  for (const Node& f : m.kids) {
    if (!f.is("func")) continue;
    std::vector<std::string> export_names, param_names;
    std::vector<const Node*> body;
    bool simple = true;
    for (size_t i = 1; i < f.kids.size(); ++i) {
      const Node& k = f.kids[i];
      if (!k.is_list && k.atom[0] == '$' && i == 1) continue;  // function name
      if (k.is("export") && k.kids.size() == 2) {
        const std::string& q = k.kids[1].atom;
        export_names.push_back(q.size() >= 2 ? q.substr(1, q.size() - 2) : q);
      } else if (k.is("param")) {
        if (k.kids.size() == 3 && !k.kids[1].is_list && k.kids[1].atom[0] == '$') {
          param_names.push_back(k.kids[1].atom);
        } else {
          for (size_t j = 1; j < k.kids.size(); ++j) param_names.push_back("");
        }
      } else if (k.is("result")) {
      } else if (k.is("local") || k.is("type") || k.is("import")) {
        simple = false;
      } else {
        body.push_back(&k);
      }
    }
    std::optional<SimpleFunc> fn;
    if (simple) fn = parse_body(body, param_names);
    for (auto& name : export_names) exports[name] = fn;
  }
}

struct WastStats {
  int checked = 0, skipped = 0;
  std::set<Opcode> ops;  // operators some assertion exercised
  std::vector<std::string> failures;
};

inline std::string describe(const Value& v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%c:%016llx:%016llx", v.type, (unsigned long long)v.hi, (unsigned long long)v.lo);
  return buf;
}

inline const char* trap_text(TrapKind k) {
  switch (k) {
#define NP_TRAP(E, M) \
  case TrapKind::E:   \
    return M;
#include "runtime/traps.def"
#undef NP_TRAP
  }
  return "?";
}

// Runs every assertion of a .wast text that targets a simple function.
inline void run_wast(const std::string& file, std::string_view text, WastStats& st) {
  auto forms = SexprReader(text).read_all();
  if (!forms) {
    st.failures.push_back(file + ": cannot read s-expressions");
    return;
  }
  std::map<std::string, Exports> named;
  Exports current;
  for (const Node& form : *forms) {
    if (form.is("module")) {
      current.clear();
      read_module(form, current);
      if (form.kids.size() > 1 && !form.kids[1].is_list && form.kids[1].atom[0] == '$') named[form.kids[1].atom] = current;
      continue;
    }
    const bool is_return = form.is("assert_return"), is_trap = form.is("assert_trap");
    if (!is_return && !is_trap) continue;
    const std::string where = file + ":" + std::to_string(form.line);
    if (form.kids.size() < 2 || !form.kids[1].is("invoke")) {
      ++st.skipped;
      continue;
    }
    const Node& inv = form.kids[1];
    size_t k = 1;
    const Exports* ex = &current;
    if (k < inv.kids.size() && !inv.kids[k].is_list && inv.kids[k].atom[0] == '$') {
      auto it = named.find(inv.kids[k].atom);
      ex = it == named.end() ? nullptr : &it->second;
      ++k;
    }
    if (!ex || k >= inv.kids.size()) {
      ++st.skipped;
      continue;
    }
    std::string name = inv.kids[k].atom;
    name = name.substr(1, name.size() - 2);
    auto fit = ex->find(name);
    if (fit == ex->end() || !fit->second) {
      ++st.skipped;
      continue;
    }
    const SimpleFunc& fn = *fit->second;
    std::vector<Value> params;
    bool ok = true;
    for (++k; k < inv.kids.size(); ++k) {
      auto c = parse_const(inv.kids[k]);
      if (!c || c->lane_type) ok = false;
      else params.push_back(c->value);
    }
    if (!ok) {
      ++st.skipped;
      continue;
    }
    Value in[3];
    for (size_t i = 0; i < fn.args.size(); ++i) {
      if (size_t(fn.args[i]) >= params.size()) ok = false;
      else in[i] = params[size_t(fn.args[i])];
    }
    if (!ok) {
      ++st.skipped;
      continue;
    }
    Value got;
    TrapKind trap = TrapKind::None;
    eval(fn.op, in, fn.imm, &got, &trap);
    st.ops.insert(fn.op);
    const std::string opname(nanoproc::op_name(fn.op));
    if (is_trap) {
      std::string msg = form.kids.size() > 2 ? form.kids[2].atom : "";
      msg = msg.size() >= 2 ? msg.substr(1, msg.size() - 2) : msg;
      ++st.checked;
      if (trap == TrapKind::None || msg.rfind(trap_text(trap), 0) != 0)
        st.failures.push_back(where + ": " + opname + " expected trap \"" + msg + "\", got " +
                              (trap == TrapKind::None ? describe(got) : std::string(trap_text(trap))));
      continue;
    }
    // Expected results: one constant, or (either c1 c2 ...). Nop-like functions return none.
    std::vector<Expect> alts;
    if (form.kids.size() == 3 && form.kids[2].is("either")) {
      for (size_t i = 1; i < form.kids[2].kids.size(); ++i) {
        auto c = parse_const(form.kids[2].kids[i]);
        if (!c) ok = false;
        else alts.push_back(*c);
      }
    } else if (form.kids.size() == 3) {
      auto c = parse_const(form.kids[2]);
      if (!c) ok = false;
      else alts.push_back(*c);
    } else {
      ok = false;
    }
    if (!ok) {
      ++st.skipped;
      continue;
    }
    ++st.checked;
    bool any = false;
    for (const Expect& e : alts) any |= trap == TrapKind::None && matches(e, got);
    if (!any) {
      st.failures.push_back(where + ": " + opname + " got " +
                            (trap == TrapKind::None ? describe(got) : std::string(trap_text(trap))) +
                            ", expected " + describe(alts[0].value));
    }
  }
}

}  // namespace semtest
}  // namespace
