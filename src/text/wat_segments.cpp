// Element and data segment fields of the WAT parser.
#include "text/wat_parser.h"
#include "util/byte_reader.h"

namespace nanoproc::text {
namespace {

// The function index of a constant expression that is exactly `ref.func x`.
bool single_ref_func(const ConstExpr& e, uint32_t* func) {
  if (e.bytes.empty() || e.bytes[0] != 0xD2) return false;
  ByteReader r(e.bytes.data() + 1, e.bytes.data() + e.bytes.size());
  *func = r.u32();
  return r.ok() && r.remaining() == 1 && r.u8() == 0x0B;
}

ConstExpr ref_func_expr(uint32_t func) {
  Instr in;
  in.op = Opcode::RefFunc;
  in.a = func;
  ByteWriter w;
  write_instr(w, in);
  w.u8(0x0B);
  return ConstExpr{w.take(), 0};
}

}  // namespace

// Chooses the binary form the reference encoder would: function indices when the
// segment's type is `(ref func)` and every item is `ref.func x`, expressions otherwise.
void WatParser::set_elem_flags(ElemSegment* seg) {
  bool funcs = seg->type == ValType::ref(AbsHeap::Func, false);
  std::vector<uint32_t> indices;
  for (const auto& e : seg->exprs) {
    uint32_t f;
    if (!funcs || !single_ref_func(e, &f)) {
      funcs = false;
      break;
    }
    indices.push_back(f);
  }
  bool table0 = seg->table == 0;
  if (funcs) {
    seg->uses_exprs = false;
    seg->func_indices = std::move(indices);
    seg->exprs.clear();
    switch (seg->mode) {
      case SegmentMode::Active: seg->flags = table0 ? 0 : 2; break;
      case SegmentMode::Passive: seg->flags = 1; break;
      case SegmentMode::Declarative: seg->flags = 3; break;
    }
  } else {
    seg->uses_exprs = true;
    switch (seg->mode) {
      case SegmentMode::Active: seg->flags = table0 && seg->type == kFuncRef ? 4 : 6; break;
      case SegmentMode::Passive: seg->flags = 5; break;
      case SegmentMode::Declarative: seg->flags = 7; break;
    }
  }
}

// `func x*`, `reftype item*`, or (after an offset only) a bare list of function indices.
Status WatParser::elem_list(ElemSegment* seg, bool allow_bare_indices) {
  if (c_.is_keyword("func") || (allow_bare_indices && !at_ref_type())) {
    if (c_.is_keyword("func")) c_.next();
    seg->type = ValType::ref(AbsHeap::Func, false);
    while (at_index()) seg->exprs.push_back(ref_func_expr(NP_TRY(index(Space::Func))));
    return ok_status();
  }
  seg->type = NP_TRY(ref_type());
  while (c_.is(TokKind::LParen)) seg->exprs.push_back(NP_TRY(elem_item()));
  return ok_status();
}

Status WatParser::elem_field() {
  c_.next();
  c_.next();
  ++next_elem_;
  if (c_.is(TokKind::Id)) c_.next();
  ElemSegment seg;
  if (c_.is_keyword("declare")) {
    c_.next();
    seg.mode = SegmentMode::Declarative;
    NP_CHECK(elem_list(&seg, false));
  } else if (c_.is_sexpr("table")) {
    c_.next();
    c_.next();
    seg.mode = SegmentMode::Active;
    seg.table = NP_TRY(index(Space::Table));
    NP_CHECK(c_.expect_rparen());
    seg.offset = NP_TRY(offset_expr());
    NP_CHECK(elem_list(&seg, true));
  } else if (c_.is(TokKind::LParen) && !c_.is_sexpr("ref")) {
    seg.mode = SegmentMode::Active;
    seg.offset = NP_TRY(offset_expr());
    NP_CHECK(elem_list(&seg, true));
  } else {
    seg.mode = SegmentMode::Passive;
    NP_CHECK(elem_list(&seg, false));
  }
  NP_CHECK(c_.expect_rparen());
  set_elem_flags(&seg);
  m_.elems.push_back(std::move(seg));
  return ok_status();
}

Status WatParser::data_field() {
  c_.next();
  c_.next();
  ++next_data_;
  if (c_.is(TokKind::Id)) c_.next();
  DataSegment seg;
  if (c_.is_sexpr("memory")) {
    c_.next();
    c_.next();
    seg.mode = SegmentMode::Active;
    seg.memory = NP_TRY(index(Space::Memory));
    NP_CHECK(c_.expect_rparen());
    seg.offset = NP_TRY(offset_expr());
  } else if (c_.is(TokKind::LParen)) {
    seg.mode = SegmentMode::Active;
    seg.offset = NP_TRY(offset_expr());
  } else {
    seg.mode = SegmentMode::Passive;
  }
  std::string bytes = NP_TRY(data_strings());
  seg.bytes.assign(bytes.begin(), bytes.end());
  seg.flags = seg.mode == SegmentMode::Passive ? 1 : seg.memory == 0 ? 0 : 2;
  NP_CHECK(c_.expect_rparen());
  m_.datas.push_back(std::move(seg));
  return ok_status();
}

}  // namespace nanoproc::text
