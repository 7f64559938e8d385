// WAST constants (invoke arguments) and expected results (assert_return patterns).
#include <fmt/format.h>

#include "text/literals.h"
#include "text/wast_parser.h"

namespace nanoproc::text {
namespace {

struct NamedHeap {
  std::string_view name;
  AbsHeap heap;
};

constexpr NamedHeap kHeaps[] = {
    {"func", AbsHeap::Func},     {"extern", AbsHeap::Extern}, {"any", AbsHeap::Any},
    {"eq", AbsHeap::Eq},         {"i31", AbsHeap::I31},       {"struct", AbsHeap::Struct},
    {"array", AbsHeap::Array},   {"exn", AbsHeap::Exn},       {"none", AbsHeap::None},
    {"nofunc", AbsHeap::NoFunc}, {"noextern", AbsHeap::NoExtern}, {"noexn", AbsHeap::NoExn},
};

}  // namespace

Expected<HeapType> WastParser::heap_type() {
  const Token& t = c_.peek();
  if (t.kind == TokKind::Keyword) {
    for (const auto& h : kHeaps) {
      if (h.name == t.text) {
        c_.next();
        return HeapType::abstract(h.heap);
      }
    }
  }
  if (t.kind == TokKind::Number) {
    uint64_t v;
    if (parse_nat(t.text, HeapType::kAbstractBit - 1, &v) == LitStatus::Ok) {
      c_.next();
      return HeapType::index(uint32_t(v));
    }
  }
  return Unexpected(c_.unexpected());
}

// The N of `ref.extern N` / `ref.host N`.
Expected<uint64_t> WastParser::ref_index() {
  const Token& t = c_.peek();
  uint64_t v;
  if (t.kind != TokKind::Number) return Unexpected(c_.unexpected());
  LitStatus st = parse_nat(t.text, UINT32_MAX, &v);
  if (st == LitStatus::Range) return Unexpected(c_.error(t, "i32 constant out of range"));
  if (st != LitStatus::Ok) return Unexpected(c_.unexpected());
  c_.next();
  return v;
}

namespace {

// Scalar literal of `kw` ("i32.const" ...) into `v`; false if kw is not one.
bool scalar_kind(std::string_view kw, WastValue::Kind* k) {
  if (kw == "i32.const") *k = WastValue::Kind::I32;
  else if (kw == "i64.const") *k = WastValue::Kind::I64;
  else if (kw == "f32.const") *k = WastValue::Kind::F32;
  else if (kw == "f64.const") *k = WastValue::Kind::F64;
  else return false;
  return true;
}

LitStatus scalar_bits(WastValue::Kind k, std::string_view text, uint64_t* bits) {
  switch (k) {
    case WastValue::Kind::I32: return parse_int(text, 32, bits);
    case WastValue::Kind::I64: return parse_int(text, 64, bits);
    case WastValue::Kind::F32: return parse_lane(text, 32, true, bits);
    default: return parse_lane(text, 64, true, bits);
  }
}

}  // namespace

Expected<WastValue> WastParser::const_value() {
  NP_CHECK(c_.expect(TokKind::LParen));
  const Token& kw = c_.peek();
  if (kw.kind != TokKind::Keyword) return Unexpected(c_.unexpected());
  c_.next();
  WastValue v;
  if (scalar_kind(kw.text, &v.kind)) {
    const Token& t = c_.peek();
    if (t.kind != TokKind::Number && t.kind != TokKind::Keyword) return Unexpected(c_.unexpected());
    LitStatus st = scalar_bits(v.kind, t.text, &v.bits);
    if (st == LitStatus::Range) return Unexpected(c_.error(t, "constant out of range"));
    if (st != LitStatus::Ok) return Unexpected(c_.unexpected());
    c_.next();
  } else if (kw.text == "v128.const") {
    v.kind = WastValue::Kind::V128;
    const Token& shape = c_.peek();
    unsigned lane_bits;
    bool is_float;
    if (shape.kind != TokKind::Keyword || !v128_shape(shape.text, &lane_bits, &is_float))
      return Unexpected(c_.unexpected());
    c_.next();
    unsigned lanes = 128 / lane_bits, bytes = lane_bits / 8;
    for (unsigned i = 0; i < lanes; ++i) {
      const Token& t = c_.peek();
      uint64_t bits = 0;
      if (t.kind != TokKind::Number && t.kind != TokKind::Keyword)
        return Unexpected(c_.error(t, "wrong number of lane literals"));
      LitStatus st = parse_lane(t.text, lane_bits, is_float, &bits);
      if (st == LitStatus::Range) return Unexpected(c_.error(t, "constant out of range"));
      if (st != LitStatus::Ok) return Unexpected(c_.unexpected());
      c_.next();
      for (unsigned b = 0; b < bytes; ++b) v.v128[i * bytes + b] = uint8_t(bits >> (8 * b));
    }
  } else if (kw.text == "ref.null") {
    v.kind = WastValue::Kind::RefNull;
    v.heap = NP_TRY(heap_type());
  } else if (kw.text == "ref.extern") {
    v.kind = WastValue::Kind::RefExtern;
    v.bits = NP_TRY(ref_index());
  } else if (kw.text == "ref.host") {
    v.kind = WastValue::Kind::RefHost;
    v.bits = NP_TRY(ref_index());
  } else {
    return Unexpected(c_.error(kw, fmt::format("unknown constant {}", kw.text)));
  }
  NP_CHECK(c_.expect_rparen());
  return v;
}

Expected<WastResult> WastParser::result() {
  using RK = WastResult::Kind;
  if (!c_.is(TokKind::LParen) || !c_.is(TokKind::Keyword, 1)) return Unexpected(c_.unexpected());
  const Token& kw = c_.peek(1);
  std::string_view k = kw.text;
  WastResult r;
  WastValue::Kind sk = WastValue::Kind::I32;
  if (scalar_kind(k, &sk) || k == "ref.null" || k == "ref.host") {
    bool is_float = sk == WastValue::Kind::F32 || sk == WastValue::Kind::F64;
    if (is_float && (c_.is_keyword("nan:canonical", 2) || c_.is_keyword("nan:arithmetic", 2))) {
      r.kind = c_.is_keyword("nan:canonical", 2) ? RK::NanCanonical : RK::NanArithmetic;
      r.float_kind = sk == WastValue::Kind::F32 ? ValKind::F32 : ValKind::F64;
      c_.next();
      c_.next();
      c_.next();
      NP_CHECK(c_.expect_rparen());
      return r;
    }
    if (k == "ref.null" && c_.is(TokKind::RParen, 2)) {
      r.kind = RK::RefNull;
      r.value.kind = WastValue::Kind::RefNull;
      c_.next();
      c_.next();
      c_.next();
      return r;
    }
    r.value = NP_TRY(const_value());
    r.kind = k == "ref.null" ? RK::RefNull : k == "ref.host" ? RK::RefHost : RK::Exact;
    r.has_index = k == "ref.host";
    return r;
  }
  c_.next();
  c_.next();
  if (k == "v128.const") {
    const Token& shape = c_.peek();
    unsigned lane_bits;
    bool is_float;
    if (shape.kind != TokKind::Keyword || !v128_shape(shape.text, &lane_bits, &is_float))
      return Unexpected(c_.unexpected());
    c_.next();
    r.kind = RK::Exact;
    r.shape = std::string(shape.text);
    r.value.kind = WastValue::Kind::V128;
    unsigned lanes = 128 / lane_bits, bytes = lane_bits / 8;
    bool any_nan = false;
    for (unsigned i = 0; i < lanes; ++i) {
      const Token& t = c_.peek();
      WastResult lane;
      if (is_float && (t.text == "nan:canonical" || t.text == "nan:arithmetic") &&
          t.kind == TokKind::Keyword) {
        lane.kind = t.text == "nan:canonical" ? RK::NanCanonical : RK::NanArithmetic;
        lane.float_kind = lane_bits == 32 ? ValKind::F32 : ValKind::F64;
        any_nan = true;
      } else {
        if (t.kind != TokKind::Number && t.kind != TokKind::Keyword)
          return Unexpected(c_.error(t, "wrong number of lane literals"));
        uint64_t bits = 0;
        LitStatus st = parse_lane(t.text, lane_bits, is_float, &bits);
        if (st == LitStatus::Range) return Unexpected(c_.error(t, "constant out of range"));
        if (st != LitStatus::Ok) return Unexpected(c_.unexpected());
        for (unsigned b = 0; b < bytes; ++b) r.value.v128[i * bytes + b] = uint8_t(bits >> (8 * b));
        lane.kind = RK::Exact;
        lane.value.kind = !is_float          ? (lane_bits == 64 ? WastValue::Kind::I64 : WastValue::Kind::I32)
                          : lane_bits == 32 ? WastValue::Kind::F32
                                            : WastValue::Kind::F64;
        lane.value.bits = bits;
      }
      c_.next();
      r.lanes.push_back(std::move(lane));
    }
    if (any_nan) r.kind = RK::V128Pattern;
  } else if (k == "ref.extern") {
    r.kind = RK::RefExtern;
    if (c_.is(TokKind::Number)) {
      r.has_index = true;
      r.value.kind = WastValue::Kind::RefExtern;
      r.value.bits = NP_TRY(ref_index());
    }
  } else if (k == "ref.func") {
    r.kind = RK::RefFunc;
    if (c_.is(TokKind::Number)) NP_TRY(ref_index());
  } else if (k == "ref" || k == "ref.any") {
    r.kind = RK::RefAny;
  } else if (k == "ref.eq") {
    r.kind = RK::RefEq;
  } else if (k == "ref.i31") {
    r.kind = RK::RefI31;
  } else if (k == "ref.struct") {
    r.kind = RK::RefStruct;
  } else if (k == "ref.array") {
    r.kind = RK::RefArray;
  } else if (k == "ref.exn") {
    r.kind = RK::RefExn;
  } else if (k == "either") {
    r.kind = RK::Either;
    if (++either_depth_ > 100) return Unexpected(c_.error(kw, "either nested too deeply"));
    while (c_.is(TokKind::LParen)) r.alternatives.push_back(NP_TRY(result()));
    --either_depth_;
    if (r.alternatives.empty()) return Unexpected(c_.unexpected());
  } else {
    return Unexpected(c_.error(kw, fmt::format("unknown result pattern {}", k)));
  }
  NP_CHECK(c_.expect_rparen());
  return r;
}

}  // namespace nanoproc::text
