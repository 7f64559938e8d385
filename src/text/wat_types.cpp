// Types in the WAT parser: value/heap/reference types, type definitions with rec groups
// and subtyping, and type uses with the inline-signature rule.
#include <fmt/format.h>

#include "text/literals.h"
#include "text/wat_parser.h"

namespace nanoproc::text {
namespace {

struct NamedHeap {
  std::string_view name;
  AbsHeap heap;
};

// `func`, `extern`, ... as heap types.
constexpr NamedHeap kHeapNames[] = {
    {"func", AbsHeap::Func},     {"extern", AbsHeap::Extern}, {"any", AbsHeap::Any},
    {"eq", AbsHeap::Eq},         {"i31", AbsHeap::I31},       {"struct", AbsHeap::Struct},
    {"array", AbsHeap::Array},   {"exn", AbsHeap::Exn},       {"none", AbsHeap::None},
    {"nofunc", AbsHeap::NoFunc}, {"noextern", AbsHeap::NoExtern}, {"noexn", AbsHeap::NoExn},
};

// `funcref`, `externref`, ...: nullable shorthands.
constexpr NamedHeap kRefShorthands[] = {
    {"funcref", AbsHeap::Func},         {"externref", AbsHeap::Extern},
    {"anyref", AbsHeap::Any},           {"eqref", AbsHeap::Eq},
    {"i31ref", AbsHeap::I31},           {"structref", AbsHeap::Struct},
    {"arrayref", AbsHeap::Array},       {"exnref", AbsHeap::Exn},
    {"nullref", AbsHeap::None},         {"nullfuncref", AbsHeap::NoFunc},
    {"nullexternref", AbsHeap::NoExtern}, {"nullexnref", AbsHeap::NoExn},
};

bool find_heap(const NamedHeap* table, size_t n, std::string_view name, AbsHeap* out) {
  for (size_t i = 0; i < n; ++i) {
    if (table[i].name == name) {
      *out = table[i].heap;
      return true;
    }
  }
  return false;
}

bool num_type(std::string_view kw, ValType* out) {
  if (kw == "i32") *out = kI32;
  else if (kw == "i64") *out = kI64;
  else if (kw == "f32") *out = kF32;
  else if (kw == "f64") *out = kF64;
  else if (kw == "v128") *out = kV128;
  else return false;
  return true;
}

}  // namespace

bool WatParser::at_ref_type() const {
  AbsHeap h;
  if (c_.is(TokKind::Keyword))
    return find_heap(kRefShorthands, std::size(kRefShorthands), c_.peek().text, &h);
  return c_.is_sexpr("ref");
}

bool WatParser::at_val_type() const {
  ValType t;
  return (c_.is(TokKind::Keyword) && num_type(c_.peek().text, &t)) || at_ref_type();
}

Expected<HeapType> WatParser::heap_type() {
  AbsHeap h;
  if (c_.is(TokKind::Keyword) && find_heap(kHeapNames, std::size(kHeapNames), c_.peek().text, &h)) {
    c_.next();
    return HeapType::abstract(h);
  }
  if (at_index()) {
    const Token t = c_.peek();
    uint32_t i = NP_TRY(index(Space::Type));
    // HeapType keeps abstract heaps in the top bit; no module has 2^31 types, so such an
    // index is simply unknown (and must not alias an abstract heap type).
    if (i & HeapType::kAbstractBit) return Unexpected(c_.error(t, fmt::format("unknown type {}", i)));
    return HeapType::index(i);
  }
  return Unexpected(c_.unexpected());
}

Expected<ValType> WatParser::ref_type() {
  AbsHeap h;
  if (c_.is(TokKind::Keyword) &&
      find_heap(kRefShorthands, std::size(kRefShorthands), c_.peek().text, &h)) {
    c_.next();
    return ValType::ref(h, true);
  }
  if (!c_.is_sexpr("ref")) return Unexpected(c_.unexpected());
  c_.next();
  c_.next();
  bool null = c_.is_keyword("null");
  if (null) c_.next();
  HeapType ht = NP_TRY(heap_type());
  NP_CHECK(c_.expect_rparen());
  return ValType::ref(ht, null);
}

Expected<ValType> WatParser::val_type() {
  ValType t;
  if (c_.is(TokKind::Keyword) && num_type(c_.peek().text, &t)) {
    c_.next();
    return t;
  }
  return ref_type();
}

Expected<ValType> WatParser::storage_type() {
  if (c_.is_keyword("i8")) {
    c_.next();
    return ValType(ValKind::I8);
  }
  if (c_.is_keyword("i16")) {
    c_.next();
    return ValType(ValKind::I16);
  }
  return val_type();
}

Expected<FieldType> WatParser::field_type() {
  FieldType ft;
  if (c_.is_sexpr("mut")) {
    c_.next();
    c_.next();
    ft.mut = true;
    ft.type = NP_TRY(storage_type());
    NP_CHECK(c_.expect_rparen());
  } else {
    ft.type = NP_TRY(storage_type());
  }
  return ft;
}

Expected<GlobalType> WatParser::global_type() {
  GlobalType gt;
  if (c_.is_sexpr("mut")) {
    c_.next();
    c_.next();
    gt.mut = true;
    gt.type = NP_TRY(val_type());
    NP_CHECK(c_.expect_rparen());
  } else {
    gt.type = NP_TRY(val_type());
  }
  return gt;
}

Expected<TableType> WatParser::table_type() {
  bool is64 = c_.is_keyword("i64");
  if (is64 || c_.is_keyword("i32")) c_.next();
  TableType tt;
  tt.limits = NP_TRY(limits(is64));
  tt.elem = NP_TRY(ref_type());
  return tt;
}

// `(pagesize N)` of the custom-page-sizes proposal, as log2 of N.
Expected<uint32_t> WatParser::page_size() {
  NP_CHECK(c_.expect_lparen_keyword("pagesize"));
  const Token& t = c_.peek();
  uint64_t size = 0;
  if (!c_.is(TokKind::Number) || parse_nat(t.text, UINT64_MAX, &size) != LitStatus::Ok)
    return Unexpected(c_.unexpected());
  if (size == 0 || (size & (size - 1)) != 0)
    return Unexpected(c_.error(t, "invalid custom page size"));
  c_.next();
  NP_CHECK(c_.expect_rparen());
  return uint32_t(__builtin_ctzll(size));
}

Expected<MemoryType> WatParser::memory_type() {
  bool is64 = c_.is_keyword("i64");
  if (is64 || c_.is_keyword("i32")) c_.next();
  MemoryType mt;
  mt.limits = NP_TRY(limits(is64));
  if (c_.is_keyword("shared")) {
    c_.next();
    mt.limits.shared = true;
  }
  if (c_.is_sexpr("pagesize")) mt.page_size_log2 = NP_TRY(page_size());
  return mt;
}

Status WatParser::func_type(FuncType* ft, std::vector<std::string>* names, bool allow_names) {
  while (c_.is_sexpr("param")) {
    c_.next();
    c_.next();
    if (c_.is(TokKind::Id)) {
      if (!allow_names) return Unexpected(c_.unexpected());
      std::string name(c_.next().text);
      ft->params.push_back(NP_TRY(val_type()));
      if (names) names->push_back(std::move(name));
    } else {
      while (!c_.at_rparen_or_eof()) {
        ft->params.push_back(NP_TRY(val_type()));
        if (names) names->emplace_back();
      }
    }
    NP_CHECK(c_.expect_rparen());
  }
  while (c_.is_sexpr("result")) {
    c_.next();
    c_.next();
    while (!c_.at_rparen_or_eof()) ft->results.push_back(NP_TRY(val_type()));
    NP_CHECK(c_.expect_rparen());
  }
  return ok_status();
}

Expected<CompositeType> WatParser::composite_type(uint32_t index) {
  NP_CHECK(c_.expect(TokKind::LParen));
  CompositeType ct;
  if (c_.is_keyword("func")) {
    c_.next();
    ct.kind = CompositeKind::Func;
    NP_CHECK(func_type(&ct.func, nullptr, true));
  } else if (c_.is_keyword("struct")) {
    c_.next();
    ct.kind = CompositeKind::Struct;
    auto& names = field_names_[index];
    while (c_.is_sexpr("field")) {
      c_.next();
      c_.next();
      if (c_.is(TokKind::Id)) {
        const Token& id = c_.next();
        if (!names.emplace(std::string(id.text), uint32_t(ct.struct_.fields.size())).second)
          return Unexpected(c_.error(id, fmt::format("duplicate field ${}", id.text)));
        ct.struct_.fields.push_back(NP_TRY(field_type()));
      } else {
        while (!c_.at_rparen_or_eof()) ct.struct_.fields.push_back(NP_TRY(field_type()));
      }
      NP_CHECK(c_.expect_rparen());
    }
  } else if (c_.is_keyword("array")) {
    c_.next();
    ct.kind = CompositeKind::Array;
    ct.array.field = NP_TRY(field_type());
  } else {
    return Unexpected(c_.unexpected());
  }
  NP_CHECK(c_.expect_rparen());
  return ct;
}

Status WatParser::type_def(uint32_t type_index) {
  NP_CHECK(c_.expect_lparen_keyword("type"));
  if (c_.is(TokKind::Id)) c_.next();
  SubType st;
  if (c_.is_sexpr("sub")) {
    c_.next();
    c_.next();
    st.final = c_.is_keyword("final");
    if (st.final) c_.next();
    while (at_index()) st.supertypes.push_back(NP_TRY(index(Space::Type)));
    st.composite = NP_TRY(composite_type(type_index));
    NP_CHECK(c_.expect_rparen());
    // The reference encoder writes `sub final` without supertypes as a bare type.
    st.explicit_sub = !(st.final && st.supertypes.empty());
  } else {
    st.composite = NP_TRY(composite_type(type_index));
  }
  m_.types.push_back(std::move(st));
  return c_.expect_rparen();
}

Status WatParser::type_definitions() {
  uint32_t next = 0;
  for (size_t p : field_positions_) {
    c_.seek(p);
    if (c_.is_sexpr("type")) {
      m_.rec_groups.push_back(RecGroup{next, 1, false});
      NP_CHECK(type_def(next++));
    } else if (c_.is_sexpr("rec")) {
      c_.next();
      c_.next();
      uint32_t first = next;
      while (c_.is_sexpr("type")) NP_CHECK(type_def(next++));
      NP_CHECK(c_.expect_rparen());
      m_.rec_groups.push_back(RecGroup{first, next - first, next - first != 1});
    }
  }
  return ok_status();
}

Status WatParser::type_use(TypeUse* tu, bool allow_names) {
  if (c_.is_sexpr("type")) {
    c_.next();
    c_.next();
    tu->type_token = c_.peek();
    tu->type_index = NP_TRY(index(Space::Type));
    NP_CHECK(c_.expect_rparen());
  }
  return func_type(&tu->sig, &tu->param_names, allow_names);
}

const FuncType* WatParser::func_type_at(uint32_t index) const {
  if (index >= m_.types.size() || m_.types[index].composite.kind != CompositeKind::Func)
    return nullptr;
  return &m_.types[index].composite.func;
}

Expected<uint32_t> WatParser::resolve_type_use(const TypeUse& tu) {
  if (!tu.type_index) return inline_func_type(tu.sig);
  if (tu.has_sig()) {
    const FuncType* ft = func_type_at(*tu.type_index);
    if (!ft) return Unexpected(c_.error(tu.type_token, fmt::format("unknown type {}", *tu.type_index)));
    if (!(*ft == tu.sig))
      return Unexpected(
          c_.error(tu.type_token, "inline function type does not match explicit type"));
  }
  return *tu.type_index;
}

// The first type that is a lone, final function type with this signature, else a new
// one appended to the type section (as the text format's abbreviation rule says).
uint32_t WatParser::inline_func_type(const FuncType& ft) {
  for (const RecGroup& g : m_.rec_groups) {
    if (g.count != 1) continue;
    const SubType& st = m_.types[g.first];
    if (st.final && st.supertypes.empty() && st.composite.kind == CompositeKind::Func &&
        st.composite.func == ft)
      return g.first;
  }
  uint32_t idx = uint32_t(m_.types.size());
  SubType st;
  st.composite.kind = CompositeKind::Func;
  st.composite.func = ft;
  m_.types.push_back(std::move(st));
  m_.rec_groups.push_back(RecGroup{idx, 1, false});
  field_names_.emplace_back();
  return idx;
}

}  // namespace nanoproc::text
