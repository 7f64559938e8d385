// Instruction sequences in the WAT parser: flat and folded forms, structured control
// (block, loop, if, try_table, legacy try) with labels and block types.
//
// Parsed without recursion: every open construct is a Frame on an explicit stack, so
// generated code nested many thousands deep (flat or folded) needs no deep C++ stack.
#include <fmt/format.h>

#include "text/wat_parser.h"

namespace nanoproc::text {
namespace {

// Keywords that end an instruction sequence inside a flat structured instruction.
bool at_terminator(const Cursor& c) {
  if (!c.is(TokKind::Keyword)) return false;
  std::string_view t = c.peek().text;
  return t == "end" || t == "else" || t == "catch" || t == "catch_all" || t == "delegate";
}

bool is_block_op(Opcode op) {
  return op == Opcode::Block || op == Opcode::Loop || op == Opcode::If ||
         op == Opcode::TryTable || op == Opcode::Try;
}

}  // namespace

// One open construct while parsing instructions.
struct WatParser::Frame {
  enum class Kind : uint8_t {
    Root,      // the sequence being parsed; ends at `)`, end of input or a terminator
    Flat,      // flat block/loop/if/try_table/try: ends with `end` (or `delegate`)
    Body,      // instructions inside a folded form: ends with `)`
    Operands,  // folded plain instruction: operand expressions, then `)` emits `in`
    If,        // folded if between its parts (conditions, then, else)
    Try,       // folded legacy try between its parts (do, catch..., delegate)
  };
  enum class Part : uint8_t { Start, AfterFirst, AfterElse };
  Kind kind = Kind::Root;
  Part part = Part::Start;
  Opcode op = Opcode::Nop;
  bool closes_block = false;  // Body of a folded block/loop/try_table: `)` emits `end`
  bool handlers = false;      // try: a catch or catch_all was seen
  bool catch_all = false;
  size_t else_at = SIZE_MAX;  // output size where `else` was emitted
  std::string label;
  Instr in;                   // Operands: the instruction; If: its block type
};

void WatParser::emit(const Instr& in) { write_instr(*out_, in); }

Status WatParser::instrs() { return parse_instrs(false); }
Status WatParser::folded() { return parse_instrs(true); }

Status WatParser::parse_instrs(bool one_folded) {
  std::vector<Frame> st(1);
  if (one_folded) {
    if (!c_.is(TokKind::LParen)) return Unexpected(c_.unexpected());
    NP_CHECK(open_folded(st));
  }
  while (!(one_folded && st.size() == 1)) {
    Frame& f = st.back();
    switch (f.kind) {
      case Frame::Kind::Root:
      case Frame::Kind::Flat:
      case Frame::Kind::Body:
        if (c_.is(TokKind::LParen)) {
          NP_CHECK(open_folded(st));
        } else if (c_.at_rparen_or_eof()) {
          if (f.kind == Frame::Kind::Root) return ok_status();
          if (f.kind == Frame::Kind::Flat) return Unexpected(c_.unexpected());  // no `end`
          NP_CHECK(c_.expect_rparen());
          if (f.closes_block) {
            labels_.pop_back();
            emit_op(Opcode::End);
          }
          st.pop_back();
        } else if (at_terminator(c_)) {
          if (f.kind == Frame::Kind::Root) return ok_status();  // the caller's to judge
          if (f.kind == Frame::Kind::Body) return Unexpected(c_.unexpected());
          NP_CHECK(flat_terminator(st));
        } else {
          NP_CHECK(flat_instr(st));
        }
        break;
      case Frame::Kind::Operands:
        if (c_.is(TokKind::LParen)) {
          NP_CHECK(open_folded(st));
        } else {
          NP_CHECK(c_.expect_rparen());
          emit(f.in);
          st.pop_back();
        }
        break;
      case Frame::Kind::If:
        NP_CHECK(folded_if_step(st));
        break;
      case Frame::Kind::Try:
        NP_CHECK(folded_try_step(st));
        break;
    }
  }
  return ok_status();
}

// A flat (keyword) instruction: a plain one, or the start of a structured one.
Status WatParser::flat_instr(std::vector<Frame>& st) {
  if (!c_.is(TokKind::Keyword)) return Unexpected(c_.unexpected());
  const Token& kw = c_.next();
  std::optional<Opcode> op = opcode_from_text(kw.text);
  if (!op) return Unexpected(c_.error(kw, fmt::format("unknown operator {}", kw.text)));
  Instr in;
  if (!is_block_op(*op)) {
    NP_CHECK(plain(*op, kw, in));
    emit(in);
    return ok_status();
  }
  Frame f;
  f.kind = Frame::Kind::Flat;
  f.op = *op;
  NP_CHECK(block_start(*op, &f.label, &in));
  emit(in);
  labels_.push_back(f.label);
  st.push_back(std::move(f));
  return ok_status();
}

// `$label? blocktype catch*` after a block keyword. try_table's catch labels are resolved
// before its own label is pushed: they are relative to the enclosing block.
Status WatParser::block_start(Opcode op, std::string* label, Instr* in) {
  if (c_.is(TokKind::Id)) *label = std::string(c_.next().text);
  in->op = op;
  NP_CHECK(block_type(&in->block));
  if (op == Opcode::TryTable) NP_CHECK(catch_clauses(&in->catches));
  return ok_status();
}

// `(` starting a folded instruction.
Status WatParser::open_folded(std::vector<Frame>& st) {
  NP_CHECK(c_.expect(TokKind::LParen));
  if (!c_.is(TokKind::Keyword)) return Unexpected(c_.unexpected());
  const Token& kw = c_.next();
  std::optional<Opcode> op = opcode_from_text(kw.text);
  if (!op) return Unexpected(c_.error(kw, fmt::format("unknown operator {}", kw.text)));
  Frame f;
  f.op = *op;
  switch (*op) {
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::TryTable: {
      Instr in;
      NP_CHECK(block_start(*op, &f.label, &in));
      emit(in);
      labels_.push_back(f.label);
      f.kind = Frame::Kind::Body;
      f.closes_block = true;
      break;
    }
    case Opcode::If:
      // The conditions come first (outside the if's label); `if` is emitted at `(then`.
      NP_CHECK(block_start(*op, &f.label, &f.in));
      f.kind = Frame::Kind::If;
      break;
    case Opcode::Try: {
      Instr in;
      NP_CHECK(block_start(*op, &f.label, &in));
      emit(in);
      labels_.push_back(f.label);
      f.kind = Frame::Kind::Try;
      break;
    }
    case Opcode::Else:
    case Opcode::End:
    case Opcode::Catch:
    case Opcode::CatchAll:
    case Opcode::Delegate:
      return Unexpected(c_.error(kw, "unexpected token"));
    default:
      NP_CHECK(plain(*op, kw, f.in));
      f.kind = Frame::Kind::Operands;
      break;
  }
  st.push_back(std::move(f));
  return ok_status();
}

// Pushes the Body frame of a folded construct's part (then, else, do, catch, catch_all).
void WatParser::push_part(std::vector<Frame>& st) {
  Frame body;
  body.kind = Frame::Kind::Body;
  st.push_back(std::move(body));
}

// `(if $l? bt cond* (then ...) (else ...)?)`, one part at a time.
Status WatParser::folded_if_step(std::vector<Frame>& st) {
  Frame& f = st.back();
  if (f.part == Frame::Part::Start) {
    if (!c_.is_sexpr("then")) return open_folded(st);  // a condition operand
    c_.next();
    c_.next();
    emit(f.in);
    labels_.push_back(f.label);
    f.part = Frame::Part::AfterFirst;
    push_part(st);
    return ok_status();
  }
  if (f.part == Frame::Part::AfterFirst && c_.is_sexpr("else")) {
    c_.next();
    c_.next();
    f.else_at = out_->size();
    emit_op(Opcode::Else);
    f.part = Frame::Part::AfterElse;
    push_part(st);
    return ok_status();
  }
  NP_CHECK(c_.expect_rparen());
  // An empty else branch is dropped, as the reference encoder does.
  if (f.else_at != SIZE_MAX && out_->size() == f.else_at + 1) out_->buffer().pop_back();
  labels_.pop_back();
  emit_op(Opcode::End);
  st.pop_back();
  return ok_status();
}

// Legacy `(try $l? bt (do ...) (catch $t ...)* (catch_all ...)?)` or
// `(try $l? bt (do ...) (delegate $l))`, one part at a time.
Status WatParser::folded_try_step(std::vector<Frame>& st) {
  Frame& f = st.back();
  if (f.part == Frame::Part::Start) {
    NP_CHECK(c_.expect_lparen_keyword("do"));
    f.part = Frame::Part::AfterFirst;
    push_part(st);
    return ok_status();
  }
  if (c_.is_sexpr("catch") && !f.catch_all) {
    c_.next();
    c_.next();
    Instr ci;
    ci.op = Opcode::Catch;
    ci.a = NP_TRY(index(Space::Tag));
    emit(ci);
    f.handlers = true;
    push_part(st);
    return ok_status();
  }
  if (c_.is_sexpr("catch_all") && !f.catch_all) {
    c_.next();
    c_.next();
    emit_op(Opcode::CatchAll);
    f.handlers = f.catch_all = true;
    push_part(st);
    return ok_status();
  }
  labels_.pop_back();
  if (c_.is_sexpr("delegate") && !f.handlers) {
    c_.next();
    c_.next();
    Instr di;
    di.op = Opcode::Delegate;
    di.a = NP_TRY(label_index());  // relative to the block around the try
    emit(di);
    NP_CHECK(c_.expect_rparen());
  } else {
    emit_op(Opcode::End);
  }
  NP_CHECK(c_.expect_rparen());
  st.pop_back();
  return ok_status();
}

// `end`, `else`, `catch`, `catch_all` or `delegate` for the innermost open flat block.
Status WatParser::flat_terminator(std::vector<Frame>& st) {
  Frame& b = st.back();
  std::string_view t = c_.peek().text;
  if (t == "else" && b.op == Opcode::If && b.else_at == SIZE_MAX) {
    c_.next();
    NP_CHECK(check_end_label(b.label));
    b.else_at = out_->size();
    emit_op(Opcode::Else);
    return ok_status();
  }
  if ((t == "catch" || t == "catch_all") && b.op == Opcode::Try && !b.catch_all) {
    c_.next();
    b.handlers = true;
    if (t == "catch_all") {
      b.catch_all = true;
      emit_op(Opcode::CatchAll);
      return ok_status();
    }
    Instr ci;
    ci.op = Opcode::Catch;
    ci.a = NP_TRY(index(Space::Tag));
    emit(ci);
    return ok_status();
  }
  if (t == "delegate" && b.op == Opcode::Try && !b.handlers) {
    c_.next();
    labels_.pop_back();  // delegate's label is relative to the enclosing block
    Instr di;
    di.op = Opcode::Delegate;
    di.a = NP_TRY(label_index());
    emit(di);
    st.pop_back();
    return ok_status();
  }
  if (t != "end") return Unexpected(c_.unexpected());
  c_.next();
  NP_CHECK(check_end_label(b.label));
  if (b.else_at != SIZE_MAX && out_->size() == b.else_at + 1) out_->buffer().pop_back();
  labels_.pop_back();
  emit_op(Opcode::End);
  st.pop_back();
  return ok_status();
}

Status WatParser::block_type(BlockType* bt) {
  TypeUse tu;
  NP_CHECK(type_use(&tu, false));
  if (tu.type_index) {
    bt->kind = BlockType::Kind::Index;
    bt->index = NP_TRY(resolve_type_use(tu));
  } else if (!tu.has_sig()) {
    bt->kind = BlockType::Kind::Empty;
  } else if (tu.sig.params.empty() && tu.sig.results.size() == 1) {
    bt->kind = BlockType::Kind::Value;
    bt->value = tu.sig.results[0];
  } else {
    bt->kind = BlockType::Kind::Index;
    bt->index = inline_func_type(tu.sig);
  }
  return ok_status();
}

// try_table's catch clauses (labels relative to the enclosing block).
Status WatParser::catch_clauses(std::vector<CatchClause>* out) {
  for (;;) {
    CatchClause cc;
    if (c_.is_sexpr("catch")) cc.kind = CatchKind::Catch;
    else if (c_.is_sexpr("catch_ref")) cc.kind = CatchKind::CatchRef;
    else if (c_.is_sexpr("catch_all")) cc.kind = CatchKind::CatchAll;
    else if (c_.is_sexpr("catch_all_ref")) cc.kind = CatchKind::CatchAllRef;
    else return ok_status();
    c_.next();
    c_.next();
    if (cc.kind == CatchKind::Catch || cc.kind == CatchKind::CatchRef)
      cc.tag = NP_TRY(index(Space::Tag));
    cc.label = NP_TRY(label_index());
    NP_CHECK(c_.expect_rparen());
    out->push_back(cc);
  }
}

// After `end` or `else`: an optional identifier that must repeat the block's label.
Status WatParser::check_end_label(const std::string& label) {
  if (!c_.is(TokKind::Id)) return ok_status();
  const Token& id = c_.next();
  if (label.empty() || id.text != label) return Unexpected(c_.error(id, "mismatching label"));
  return ok_status();
}

}  // namespace nanoproc::text
