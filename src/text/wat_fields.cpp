// Module fields of the WAT parser (pass 2): functions, tables, memories, globals, tags,
// imports, exports and start; constant expressions.
#include <fmt/format.h>

#include "text/literals.h"
#include "text/wat_parser.h"

namespace nanoproc::text {
namespace {

bool kind_space(std::string_view kw, Space* s, const char** kind) {
  if (kw == "func") *s = Space::Func, *kind = "function";
  else if (kw == "table") *s = Space::Table, *kind = "table";
  else if (kw == "memory") *s = Space::Memory, *kind = "memory";
  else if (kw == "global") *s = Space::Global, *kind = "global";
  else if (kw == "tag") *s = Space::Tag, *kind = "tag";
  else return false;
  return true;
}

ExternKind extern_kind_of(Space s) {
  switch (s) {
    case Space::Table: return ExternKind::Table;
    case Space::Memory: return ExternKind::Memory;
    case Space::Global: return ExternKind::Global;
    case Space::Tag: return ExternKind::Tag;
    default: return ExternKind::Func;
  }
}

}  // namespace

Status WatParser::parse_field() {
  std::string_view kw = c_.peek(1).text;
  if (kw == "type" || kw == "rec") return c_.skip_sexpr();
  if (kw == "func") return func_field();
  if (kw == "table") return table_field();
  if (kw == "memory") return memory_field();
  if (kw == "global") return global_field();
  if (kw == "tag") return tag_field();
  if (kw == "import") return import_field();
  if (kw == "export") return export_field();
  if (kw == "start") return start_field();
  if (kw == "elem") return elem_field();
  return data_field();
}

Status WatParser::inline_exports(ExternKind kind, uint32_t index) {
  while (c_.is_sexpr("export")) {
    c_.next();
    c_.next();
    Export e;
    e.name = NP_TRY(c_.expect_name());
    e.kind = kind;
    e.index = index;
    m_.exports.push_back(std::move(e));
    NP_CHECK(c_.expect_rparen());
  }
  return ok_status();
}

Expected<bool> WatParser::inline_import(Import* imp) {
  if (!c_.is_sexpr("import")) return false;
  c_.next();
  c_.next();
  imp->module = NP_TRY(c_.expect_name());
  imp->name = NP_TRY(c_.expect_name());
  NP_CHECK(c_.expect_rparen());
  return true;
}

Status WatParser::func_field() {
  c_.next();
  c_.next();
  uint32_t idx = next_func_++;
  if (c_.is(TokKind::Id)) m_.names.functions[idx] = std::string(c_.next().text);
  NP_CHECK(inline_exports(ExternKind::Func, idx));
  Import imp;
  bool is_import = NP_TRY(inline_import(&imp));
  TypeUse tu;
  NP_CHECK(type_use(&tu, true));
  uint32_t type_index = NP_TRY(resolve_type_use(tu));
  if (is_import) {
    imp.kind = ExternKind::Func;
    imp.func_type = type_index;
    m_.imports.push_back(std::move(imp));
    return c_.expect_rparen();
  }
  NP_CHECK(func_body(idx, tu, type_index));
  return c_.expect_rparen();
}

Status WatParser::func_body(uint32_t func_index, const TypeUse& tu, uint32_t type_index) {
  locals_ = NameSpace();
  labels_.clear();
  auto bind_local = [&](const std::string& name, const Token& at) -> Status {
    if (!name.empty()) {
      if (!locals_.names.emplace(name, locals_.count).second)
        return Unexpected(c_.error(at, fmt::format("duplicate local ${}", name)));
      m_.names.locals[func_index][locals_.count] = name;
    }
    ++locals_.count;
    return ok_status();
  };
  if (tu.type_index && !tu.has_sig()) {
    const FuncType* ft = func_type_at(type_index);
    locals_.count = ft ? uint32_t(ft->params.size()) : 0;
  } else {
    for (const auto& name : tu.param_names) NP_CHECK(bind_local(name, c_.peek()));
  }
  Function f;
  f.type_index = type_index;
  while (c_.is_sexpr("local")) {
    c_.next();
    c_.next();
    std::vector<ValType> types;
    if (c_.is(TokKind::Id)) {
      const Token& id = c_.next();
      types.push_back(NP_TRY(val_type()));
      NP_CHECK(bind_local(std::string(id.text), id));
    } else {
      while (!c_.at_rparen_or_eof()) {
        types.push_back(NP_TRY(val_type()));
        NP_CHECK(bind_local("", c_.peek()));
      }
    }
    NP_CHECK(c_.expect_rparen());
    for (ValType t : types) {
      if (!f.locals.empty() && f.locals.back().type == t) ++f.locals.back().count;
      else f.locals.push_back(LocalDecl{1, t});
    }
  }
  ByteWriter w;
  out_ = &w;
  NP_CHECK(instrs());
  if (!c_.is(TokKind::RParen)) return Unexpected(c_.unexpected());
  emit_op(Opcode::End);
  out_ = nullptr;
  f.body = w.take();
  m_.functions.push_back(std::move(f));
  return ok_status();
}

Expected<ConstExpr> WatParser::const_expr() {
  locals_ = NameSpace();
  labels_.clear();
  ByteWriter w;
  out_ = &w;
  NP_CHECK(instrs());
  if (!c_.is(TokKind::RParen)) return Unexpected(c_.unexpected());
  emit_op(Opcode::End);
  out_ = nullptr;
  ConstExpr e;
  e.bytes = w.take();
  return e;
}

Expected<ConstExpr> WatParser::offset_expr() {
  if (c_.is_sexpr("offset")) {
    c_.next();
    c_.next();
    ConstExpr e = NP_TRY(const_expr());
    NP_CHECK(c_.expect_rparen());
    return e;
  }
  if (!c_.is(TokKind::LParen)) return Unexpected(c_.unexpected());
  locals_ = NameSpace();
  labels_.clear();
  ByteWriter w;
  out_ = &w;
  NP_CHECK(folded());
  emit_op(Opcode::End);
  out_ = nullptr;
  ConstExpr e;
  e.bytes = w.take();
  return e;
}

Expected<ConstExpr> WatParser::elem_item() {
  if (c_.is_sexpr("item")) {
    c_.next();
    c_.next();
    ConstExpr e = NP_TRY(const_expr());
    NP_CHECK(c_.expect_rparen());
    return e;
  }
  return offset_expr();
}

Expected<Limits> WatParser::limits(bool is64) {
  Limits l;
  l.is64 = is64;
  auto nat = [&](uint64_t* out) -> Status {
    const Token& t = c_.peek();
    if (!c_.is(TokKind::Number)) return Unexpected(c_.unexpected());
    LitStatus st = parse_nat(t.text, UINT64_MAX, out);
    if (st == LitStatus::Range) return Unexpected(c_.error(t, "i64 constant out of range"));
    if (st != LitStatus::Ok) return Unexpected(c_.unexpected());
    c_.next();
    return ok_status();
  };
  NP_CHECK(nat(&l.min));
  if (c_.is(TokKind::Number)) {
    l.has_max = true;
    NP_CHECK(nat(&l.max));
  }
  return l;
}

Expected<std::string> WatParser::data_strings() {
  std::string bytes;
  while (c_.is(TokKind::String)) bytes += c_.next().text;
  return bytes;
}

Status WatParser::table_field() {
  c_.next();
  c_.next();
  uint32_t idx = next_table_++;
  if (c_.is(TokKind::Id)) c_.next();
  NP_CHECK(inline_exports(ExternKind::Table, idx));
  Import imp;
  if (NP_TRY(inline_import(&imp))) {
    imp.kind = ExternKind::Table;
    imp.table = NP_TRY(table_type());
    m_.imports.push_back(std::move(imp));
    return c_.expect_rparen();
  }
  bool is64 = c_.is_keyword("i64");
  if (is64 || c_.is_keyword("i32")) c_.next();
  Table t;
  if (at_ref_type()) {
    // `(table addrtype? reftype (elem ...))`: a table exactly as large as its segment.
    t.type.elem = NP_TRY(ref_type());
    NP_CHECK(c_.expect_lparen_keyword("elem"));
    ElemSegment seg;
    seg.mode = SegmentMode::Active;
    seg.table = idx;
    seg.type = t.type.elem;
    ByteWriter w;
    Instr zero;
    zero.op = is64 ? Opcode::I64Const : Opcode::I32Const;
    write_instr(w, zero);
    w.u8(0x0B);
    seg.offset.bytes = w.take();
    if (c_.is(TokKind::LParen)) {
      while (!c_.at_rparen_or_eof()) seg.exprs.push_back(NP_TRY(elem_item()));
    } else {
      while (at_index()) {
        Instr rf;
        rf.op = Opcode::RefFunc;
        rf.a = NP_TRY(index(Space::Func));
        ByteWriter ew;
        write_instr(ew, rf);
        ew.u8(0x0B);
        seg.exprs.push_back(ConstExpr{ew.take(), 0});
      }
    }
    NP_CHECK(c_.expect_rparen());
    set_elem_flags(&seg);
    t.type.limits.is64 = is64;
    t.type.limits.min = t.type.limits.max = seg.size();
    t.type.limits.has_max = true;
    m_.tables.push_back(std::move(t));
    m_.elems.push_back(std::move(seg));
    ++next_elem_;
    return c_.expect_rparen();
  }
  t.type.limits = NP_TRY(limits(is64));
  t.type.elem = NP_TRY(ref_type());
  if (!c_.is(TokKind::RParen)) t.init = NP_TRY(const_expr());
  m_.tables.push_back(std::move(t));
  return c_.expect_rparen();
}

Status WatParser::memory_field() {
  c_.next();
  c_.next();
  uint32_t idx = next_memory_++;
  if (c_.is(TokKind::Id)) c_.next();
  NP_CHECK(inline_exports(ExternKind::Memory, idx));
  Import imp;
  if (NP_TRY(inline_import(&imp))) {
    imp.kind = ExternKind::Memory;
    imp.memory = NP_TRY(memory_type());
    m_.imports.push_back(std::move(imp));
    return c_.expect_rparen();
  }
  size_t save = c_.pos();
  bool is64 = c_.is_keyword("i64");
  if (is64 || c_.is_keyword("i32")) c_.next();
  Memory mem;
  if (c_.is_sexpr("pagesize")) mem.type.page_size_log2 = NP_TRY(page_size());
  if (!c_.is_sexpr("data")) {
    c_.seek(save);
    mem.type = NP_TRY(memory_type());
    m_.memories.push_back(mem);
    return c_.expect_rparen();
  }
  // `(memory addrtype? (data ...))`: a memory exactly as large as its data.
  c_.next();
  c_.next();
  DataSegment seg;
  std::string bytes = NP_TRY(data_strings());
  NP_CHECK(c_.expect_rparen());
  seg.bytes.assign(bytes.begin(), bytes.end());
  seg.mode = SegmentMode::Active;
  seg.memory = idx;
  seg.flags = idx == 0 ? 0 : 2;
  ByteWriter w;
  Instr zero;
  zero.op = is64 ? Opcode::I64Const : Opcode::I32Const;
  write_instr(w, zero);
  w.u8(0x0B);
  seg.offset.bytes = w.take();
  uint64_t page = uint64_t(1) << mem.type.page_size_log2;
  uint64_t pages = (uint64_t(seg.bytes.size()) + page - 1) / page;
  mem.type.limits.is64 = is64;
  mem.type.limits.min = mem.type.limits.max = pages;
  mem.type.limits.has_max = true;
  m_.memories.push_back(mem);
  m_.datas.push_back(std::move(seg));
  ++next_data_;
  return c_.expect_rparen();
}

Status WatParser::global_field() {
  c_.next();
  c_.next();
  uint32_t idx = next_global_++;
  if (c_.is(TokKind::Id)) c_.next();
  NP_CHECK(inline_exports(ExternKind::Global, idx));
  Import imp;
  if (NP_TRY(inline_import(&imp))) {
    imp.kind = ExternKind::Global;
    imp.global = NP_TRY(global_type());
    m_.imports.push_back(std::move(imp));
    return c_.expect_rparen();
  }
  Global g;
  g.type = NP_TRY(global_type());
  g.init = NP_TRY(const_expr());
  m_.globals.push_back(std::move(g));
  return c_.expect_rparen();
}

Status WatParser::tag_field() {
  c_.next();
  c_.next();
  uint32_t idx = next_tag_++;
  if (c_.is(TokKind::Id)) c_.next();
  NP_CHECK(inline_exports(ExternKind::Tag, idx));
  Import imp;
  bool is_import = NP_TRY(inline_import(&imp));
  TypeUse tu;
  NP_CHECK(type_use(&tu, true));
  TagType tt;
  tt.type_index = NP_TRY(resolve_type_use(tu));
  if (is_import) {
    imp.kind = ExternKind::Tag;
    imp.tag = tt;
    m_.imports.push_back(std::move(imp));
  } else {
    m_.tags.push_back(Tag{tt});
  }
  return c_.expect_rparen();
}

Status WatParser::import_field() {
  c_.next();
  c_.next();
  Import imp;
  imp.module = NP_TRY(c_.expect_name());
  imp.name = NP_TRY(c_.expect_name());
  NP_CHECK(c_.expect(TokKind::LParen));
  Space s;
  const char* kind;
  if (!c_.is(TokKind::Keyword) || !kind_space(c_.peek().text, &s, &kind))
    return Unexpected(c_.unexpected());
  c_.next();
  imp.kind = extern_kind_of(s);
  std::optional<std::string> name;
  if (c_.is(TokKind::Id)) name = std::string(c_.next().text);
  switch (s) {
    case Space::Func: {
      uint32_t idx = next_func_++;
      if (name) m_.names.functions[idx] = *name;
      TypeUse tu;
      NP_CHECK(type_use(&tu, true));
      imp.func_type = NP_TRY(resolve_type_use(tu));
      break;
    }
    case Space::Table:
      ++next_table_;
      imp.table = NP_TRY(table_type());
      break;
    case Space::Memory:
      ++next_memory_;
      imp.memory = NP_TRY(memory_type());
      break;
    case Space::Global:
      ++next_global_;
      imp.global = NP_TRY(global_type());
      break;
    default: {
      ++next_tag_;
      TypeUse tu;
      NP_CHECK(type_use(&tu, true));
      imp.tag.type_index = NP_TRY(resolve_type_use(tu));
      break;
    }
  }
  NP_CHECK(c_.expect_rparen());
  m_.imports.push_back(std::move(imp));
  return c_.expect_rparen();
}

Status WatParser::export_field() {
  c_.next();
  c_.next();
  Export e;
  e.name = NP_TRY(c_.expect_name());
  NP_CHECK(c_.expect(TokKind::LParen));
  Space s;
  const char* kind;
  if (!c_.is(TokKind::Keyword) || !kind_space(c_.peek().text, &s, &kind))
    return Unexpected(c_.unexpected());
  c_.next();
  e.kind = extern_kind_of(s);
  e.index = NP_TRY(index(s));
  NP_CHECK(c_.expect_rparen());
  m_.exports.push_back(std::move(e));
  return c_.expect_rparen();
}

Status WatParser::start_field() {
  const Token& open = c_.next();
  c_.next();
  uint32_t f = NP_TRY(index(Space::Func));
  if (m_.start) return Unexpected(c_.error(open, "multiple start sections"));
  m_.start = f;
  return c_.expect_rparen();
}

}  // namespace nanoproc::text
