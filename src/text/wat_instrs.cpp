// Instruction sequences in the WAT parser: flat and folded forms, structured control
// (block, loop, if, try_table, legacy try) with labels and block types.
#include <fmt/format.h>

#include "text/wat_parser.h"

namespace nanoproc::text {
namespace {

// Keywords that end an instruction sequence inside a structured instruction.
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

void WatParser::emit(const Instr& in) { write_instr(*out_, in); }

Status WatParser::instrs() {
  while (!c_.at_rparen_or_eof() && !at_terminator(c_)) NP_CHECK(instr());
  return ok_status();
}

Status WatParser::instr() {
  if (c_.is(TokKind::LParen)) return folded();
  if (!c_.is(TokKind::Keyword)) return Unexpected(c_.unexpected());
  const Token& kw = c_.next();
  std::optional<Opcode> op = opcode_from_text(kw.text);
  if (!op) return Unexpected(c_.error(kw, fmt::format("unknown operator {}", kw.text)));
  if (is_block_op(*op)) return block_instr(*op, kw);
  Instr in;
  NP_CHECK(plain(*op, kw, in));
  emit(in);
  return ok_status();
}

Status WatParser::folded() {
  NP_CHECK(c_.expect(TokKind::LParen));
  if (!c_.is(TokKind::Keyword)) return Unexpected(c_.unexpected());
  const Token& kw = c_.next();
  std::optional<Opcode> op = opcode_from_text(kw.text);
  if (!op) return Unexpected(c_.error(kw, fmt::format("unknown operator {}", kw.text)));
  switch (*op) {
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::TryTable:
      return folded_block(*op, kw);
    case Opcode::If:
      return folded_if(kw);
    case Opcode::Try:
      return folded_try(kw);
    case Opcode::Else:
    case Opcode::End:
    case Opcode::Catch:
    case Opcode::CatchAll:
    case Opcode::Delegate:
      return Unexpected(c_.error(kw, "unexpected token"));
    default:
      break;
  }
  Instr in;
  NP_CHECK(plain(*op, kw, in));
  while (c_.is(TokKind::LParen)) NP_CHECK(folded());
  NP_CHECK(c_.expect_rparen());
  emit(in);
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

// try_table's catch clauses. Their labels are resolved outside the try_table's own label.
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

// An else branch; an empty one is dropped, as the reference encoder does.
Status WatParser::else_body() {
  size_t before = out_->size();
  emit_op(Opcode::Else);
  NP_CHECK(instrs());
  if (out_->size() == before + 1) out_->buffer().pop_back();
  return ok_status();
}

Status WatParser::block_instr(Opcode op, const Token& kw) {
  std::string label;
  if (c_.is(TokKind::Id)) label = std::string(c_.next().text);
  Instr in;
  in.op = op;
  NP_CHECK(block_type(&in.block));
  if (op == Opcode::TryTable) NP_CHECK(catch_clauses(&in.catches));
  emit(in);
  labels_.push_back(label);
  NP_CHECK(instrs());
  if (op == Opcode::If && c_.is_keyword("else")) {
    c_.next();
    NP_CHECK(check_end_label(label));
    NP_CHECK(else_body());
  }
  if (op == Opcode::Try) {
    bool handlers = c_.is_keyword("catch") || c_.is_keyword("catch_all");
    while (c_.is_keyword("catch")) {
      c_.next();
      Instr ci;
      ci.op = Opcode::Catch;
      ci.a = NP_TRY(index(Space::Tag));
      emit(ci);
      NP_CHECK(instrs());
    }
    if (c_.is_keyword("catch_all")) {
      c_.next();
      emit_op(Opcode::CatchAll);
      NP_CHECK(instrs());
    }
    if (!handlers && c_.is_keyword("delegate")) {
      c_.next();
      labels_.pop_back();  // delegate's label is relative to the enclosing block
      Instr di;
      di.op = Opcode::Delegate;
      di.a = NP_TRY(label_index());
      emit(di);
      return ok_status();
    }
  }
  NP_CHECK(c_.expect_keyword("end"));
  NP_CHECK(check_end_label(label));
  labels_.pop_back();
  emit_op(Opcode::End);
  return ok_status();
}

Status WatParser::folded_block(Opcode op, const Token& kw) {
  std::string label;
  if (c_.is(TokKind::Id)) label = std::string(c_.next().text);
  Instr in;
  in.op = op;
  NP_CHECK(block_type(&in.block));
  if (op == Opcode::TryTable) NP_CHECK(catch_clauses(&in.catches));
  emit(in);
  labels_.push_back(label);
  NP_CHECK(instrs());
  labels_.pop_back();
  NP_CHECK(c_.expect_rparen());
  emit_op(Opcode::End);
  return ok_status();
}

Status WatParser::folded_if(const Token& kw) {
  std::string label;
  if (c_.is(TokKind::Id)) label = std::string(c_.next().text);
  Instr in;
  in.op = Opcode::If;
  NP_CHECK(block_type(&in.block));
  // The condition operands come first, outside the if's label.
  while (c_.is(TokKind::LParen) && !c_.is_sexpr("then")) NP_CHECK(folded());
  emit(in);
  labels_.push_back(label);
  NP_CHECK(c_.expect_lparen_keyword("then"));
  NP_CHECK(instrs());
  NP_CHECK(c_.expect_rparen());
  if (c_.is_sexpr("else")) {
    c_.next();
    c_.next();
    NP_CHECK(else_body());
    NP_CHECK(c_.expect_rparen());
  }
  labels_.pop_back();
  NP_CHECK(c_.expect_rparen());
  emit_op(Opcode::End);
  return ok_status();
}

// Legacy exception handling: `(try $l? bt (do ...) (catch $t ...)* (catch_all ...)?)`
// or `(try $l? bt (do ...) (delegate $l))`.
Status WatParser::folded_try(const Token& kw) {
  std::string label;
  if (c_.is(TokKind::Id)) label = std::string(c_.next().text);
  Instr in;
  in.op = Opcode::Try;
  NP_CHECK(block_type(&in.block));
  emit(in);
  labels_.push_back(label);
  NP_CHECK(c_.expect_lparen_keyword("do"));
  NP_CHECK(instrs());
  NP_CHECK(c_.expect_rparen());
  bool handlers = c_.is_sexpr("catch") || c_.is_sexpr("catch_all");
  while (c_.is_sexpr("catch")) {
    c_.next();
    c_.next();
    Instr ci;
    ci.op = Opcode::Catch;
    ci.a = NP_TRY(index(Space::Tag));
    emit(ci);
    NP_CHECK(instrs());
    NP_CHECK(c_.expect_rparen());
  }
  if (c_.is_sexpr("catch_all")) {
    c_.next();
    c_.next();
    emit_op(Opcode::CatchAll);
    NP_CHECK(instrs());
    NP_CHECK(c_.expect_rparen());
  }
  labels_.pop_back();
  if (!handlers && c_.is_sexpr("delegate")) {
    c_.next();
    c_.next();
    Instr di;
    di.op = Opcode::Delegate;
    di.a = NP_TRY(label_index());
    emit(di);
    NP_CHECK(c_.expect_rparen());
    return c_.expect_rparen();
  }
  emit_op(Opcode::End);
  return c_.expect_rparen();
}

}  // namespace nanoproc::text
