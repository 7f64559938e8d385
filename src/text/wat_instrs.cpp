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

// Counts the nesting of folded instructions so hostile input cannot exhaust the stack.
// (Flat structured instructions are parsed without recursion.)
class WatParser::DepthGuard {
 public:
  explicit DepthGuard(WatParser& p) : p_(p) { ++p_.depth_; }
  ~DepthGuard() { --p_.depth_; }
  bool too_deep() const { return p_.depth_ > kMaxNesting; }

 private:
  WatParser& p_;
};

// A flat block, loop, if, try_table or try whose `end` has not been seen yet.
struct WatParser::OpenBlock {
  Opcode op;
  std::string label;
  size_t else_at = SIZE_MAX;  // output size where `else` was emitted
  bool handlers = false;      // try: a catch or catch_all was seen
  bool catch_all = false;
};

// An instruction sequence up to `)`, the end of input, or a terminator keyword (end,
// else, catch, catch_all, delegate) that does not close a block opened in this sequence.
Status WatParser::instrs() {
  std::vector<OpenBlock> open;
  for (;;) {
    if (c_.is(TokKind::LParen)) {
      NP_CHECK(folded());
      continue;
    }
    if (c_.at_rparen_or_eof()) break;
    if (!c_.is(TokKind::Keyword)) return Unexpected(c_.unexpected());
    if (at_terminator(c_)) {
      if (open.empty()) return ok_status();
      NP_CHECK(flat_terminator(open));
      continue;
    }
    const Token& kw = c_.next();
    std::optional<Opcode> op = opcode_from_text(kw.text);
    if (!op) return Unexpected(c_.error(kw, fmt::format("unknown operator {}", kw.text)));
    if (is_block_op(*op)) {
      OpenBlock b{*op, {}};
      if (c_.is(TokKind::Id)) b.label = std::string(c_.next().text);
      Instr in;
      in.op = *op;
      NP_CHECK(block_type(&in.block));
      if (*op == Opcode::TryTable) NP_CHECK(catch_clauses(&in.catches));
      emit(in);
      labels_.push_back(b.label);
      open.push_back(std::move(b));
      continue;
    }
    Instr in;
    NP_CHECK(plain(*op, kw, in));
    emit(in);
  }
  if (!open.empty()) return Unexpected(c_.unexpected());  // a block without `end`
  return ok_status();
}

// `end`, `else`, `catch`, `catch_all` or `delegate` for the innermost open flat block.
Status WatParser::flat_terminator(std::vector<OpenBlock>& open) {
  OpenBlock& b = open.back();
  const Token& kw = c_.peek();
  std::string_view t = kw.text;
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
    open.pop_back();
    return ok_status();
  }
  if (t != "end") return Unexpected(c_.unexpected());
  c_.next();
  NP_CHECK(check_end_label(b.label));
  // An empty else branch is dropped, as the reference encoder does.
  if (b.else_at != SIZE_MAX && out_->size() == b.else_at + 1) out_->buffer().pop_back();
  labels_.pop_back();
  emit_op(Opcode::End);
  open.pop_back();
  return ok_status();
}

Status WatParser::folded() {
  DepthGuard guard(*this);
  if (guard.too_deep()) return Unexpected(c_.error("instructions nested too deeply"));
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
    size_t else_at = out_->size();
    emit_op(Opcode::Else);
    NP_CHECK(instrs());
    if (out_->size() == else_at + 1) out_->buffer().pop_back();  // empty: dropped
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
