#include "witx/parser.h"

#include <filesystem>
#include <set>

#include "util/file.h"
#include "witx/sexpr.h"

namespace nanoproc::witx {

namespace {

Error syntax_error(const SourceLoc& loc, std::string msg) {
  return Error(ErrorKind::Malformed, std::move(msg), loc);
}

std::optional<Builtin> builtin_keyword(std::string_view k) {
  static constexpr std::pair<std::string_view, Builtin> kNames[] = {
      {"u8", Builtin::U8},   {"u16", Builtin::U16}, {"u32", Builtin::U32}, {"u64", Builtin::U64},
      {"s8", Builtin::S8},   {"s16", Builtin::S16}, {"s32", Builtin::S32}, {"s64", Builtin::S64},
      {"f32", Builtin::F32}, {"f64", Builtin::F64}, {"char", Builtin::Char},
  };
  for (const auto& [name, b] : kNames)
    if (name == k) return b;
  return std::nullopt;
}

class Parser {
 public:
  Parser(Document& doc, const FileLoader& loader) : doc_(doc), loader_(loader) {}

  Status file(const std::string& path) {
    std::string key = std::filesystem::path(path).lexically_normal().string();
    if (!seen_.insert(key).second) return {};  // already read (or being read: a `use` cycle)
    std::string text = NP_TRY(loader_(path));
    return text_of(text, path);
  }

  Status text_of(std::string_view text, const std::string& path) {
    seen_.insert(std::filesystem::path(path).lexically_normal().string());
    std::vector<SExpr> items = NP_TRY(read_sexprs(text, path));
    doc_.files.push_back(path);
    for (const SExpr& item : items) NP_CHECK(top_level(item, path));
    return {};
  }

 private:
  Status top_level(const SExpr& s, const std::string& path) {
    if (s.is_form("use")) {
      if (s.items.size() != 2 || s.items[1].kind != SExpr::Kind::String)
        return syntax_error(s.loc, "expected `(use \"file.witx\")`");
      std::filesystem::path target = std::filesystem::path(path).parent_path() / s.items[1].text;
      Status st = file(target.string());
      if (!st && st.error().kind() == ErrorKind::Io)
        return syntax_error(s.items[1].loc, fmt::format("cannot use \"{}\": {}", s.items[1].text, st.error().message()));
      return st;
    }
    if (s.is_form("typename")) return typename_decl(s);
    if (s.is_form("module")) return module_decl(s);
    if (s.is_form("@witx") && s.items.size() > 1 && s.items[1].is_keyword("const"))
      return Error(ErrorKind::Unsupported, "`(@witx const ...)` declarations are not supported", s.loc);
    return syntax_error(s.loc, fmt::format("expected `(typename ...)`, `(module ...)` or `(use ...)`, found {}", s.describe()));
  }

  Status typename_decl(const SExpr& s) {
    if (s.items.size() != 3 || s.items[1].kind != SExpr::Kind::Id)
      return syntax_error(s.loc, "expected `(typename $name <type>)`");
    auto nt = std::make_unique<NamedType>();
    nt->name = s.items[1].text;
    nt->loc = s.items[1].loc;
    nt->docs = s.docs;
    nt->ref = NP_TRY(type(s.items[2]));
    doc_.typenames.push_back(std::move(nt));
    return {};
  }

  TypeRef anon(Type* t) {
    TypeRef r;
    r.anon = t;
    r.loc = t->loc;
    return r;
  }

  Expected<TypeRef> type(const SExpr& s) {
    if (s.kind == SExpr::Kind::Id) {
      TypeRef r;
      r.name = s.text;
      r.loc = s.loc;
      return r;
    }
    if (s.kind == SExpr::Kind::Keyword) {
      if (auto b = builtin_keyword(s.text)) return builtin(*b, s.loc);
      if (s.text == "string") {
        Type* t = doc_.new_type(TypeKind::List, s.loc);
        t->is_string = true;
        t->elem = builtin(Builtin::Char, s.loc);
        return anon(t);
      }
      if (s.text == "bool") {
        Type* t = doc_.new_type(TypeKind::Variant, s.loc);
        t->variant_form = VariantForm::Bool;
        t->repr = IntRepr::U32;
        for (const char* n : {"false", "true"}) t->cases.push_back(Case{n, std::nullopt, {}, s.loc});
        return anon(t);
      }
      return syntax_error(s.loc, fmt::format("unknown type `{}`", s.text));
    }
    if (s.kind != SExpr::Kind::List || s.items.empty() || s.items[0].kind != SExpr::Kind::Keyword)
      return syntax_error(s.loc, fmt::format("expected a type, found {}", s.describe()));
    const std::string& head = s.items[0].text;
    if (head == "enum") return enum_type(s);
    if (head == "flags") return flags_type(s);
    if (head == "record") return record_type(s);
    if (head == "tuple") return tuple_type(s);
    if (head == "expected") return expected_type(s);
    if (head == "union") return union_type(s);
    if (head == "variant") return variant_type(s);
    if (head == "handle") {
      if (s.items.size() != 1) return syntax_error(s.items[1].loc, "`(handle)` takes no arguments");
      return anon(doc_.new_type(TypeKind::Handle, s.loc));
    }
    if (head == "list") {
      if (s.items.size() != 2) return syntax_error(s.loc, "expected `(list <type>)`");
      Type* t = doc_.new_type(TypeKind::List, s.loc);
      t->elem = NP_TRY(type(s.items[1]));
      return anon(t);
    }
    if (head == "@witx") return witx_annotation_type(s);
    return syntax_error(s.loc, fmt::format("unknown type constructor `{}`", head));
  }

  TypeRef builtin(Builtin b, const SourceLoc& loc) {
    Type* t = doc_.new_type(TypeKind::Builtin, loc);
    t->builtin = b;
    return anon(t);
  }

  Expected<TypeRef> witx_annotation_type(const SExpr& s) {
    if (s.items.size() < 2 || s.items[1].kind != SExpr::Kind::Keyword)
      return syntax_error(s.loc, "expected `(@witx pointer|const_pointer|usize|char8 ...)`");
    const std::string& what = s.items[1].text;
    if (what == "pointer" || what == "const_pointer") {
      if (s.items.size() != 3) return syntax_error(s.loc, fmt::format("expected `(@witx {} <type>)`", what));
      Type* t = doc_.new_type(what == "pointer" ? TypeKind::Pointer : TypeKind::ConstPointer, s.loc);
      t->elem = NP_TRY(type(s.items[2]));
      return anon(t);
    }
    if (what == "usize" || what == "char8") {
      if (s.items.size() != 2) return syntax_error(s.items[2].loc, fmt::format("`(@witx {})` takes no arguments", what));
      return builtin(what == "usize" ? Builtin::Usize : Builtin::Char8, s.loc);
    }
    return syntax_error(s.items[1].loc, fmt::format("unknown `@witx` type annotation `{}`", what));
  }

  // `(@witx <word> X)` at items[1]: returns X, or nullptr if there is no annotation there.
  Expected<const SExpr*> annotation_arg(const SExpr& s, std::string_view word) {
    if (s.items.size() < 2 || !s.items[1].is_form("@witx")) return nullptr;
    const SExpr& a = s.items[1];
    if (a.items.size() != 3 || !a.items[1].is_keyword(word))
      return syntax_error(a.loc, fmt::format("expected `(@witx {} <type>)`", word));
    return &a.items[2];
  }

  Expected<std::optional<Builtin>> repr_annotation(const SExpr& s, std::string_view word) {
    const SExpr* arg = NP_TRY(annotation_arg(s, word));
    if (!arg) return std::optional<Builtin>();
    if (arg->kind == SExpr::Kind::Keyword)
      if (auto b = builtin_keyword(arg->text)) return std::optional<Builtin>(*b);
    return syntax_error(arg->loc, fmt::format("expected a builtin integer type after `{}`, found {}", word, arg->describe()));
  }

  Expected<TypeRef> enum_type(const SExpr& s) {
    Type* t = doc_.new_type(TypeKind::Variant, s.loc);
    t->variant_form = VariantForm::Enum;
    t->repr_syntax = NP_TRY(repr_annotation(s, "tag"));
    size_t i = t->repr_syntax ? 2 : 1;
    if (i >= s.items.size()) return syntax_error(s.loc, "an enum needs at least one case");
    for (; i < s.items.size(); ++i) {
      const SExpr& c = s.items[i];
      if (c.kind != SExpr::Kind::Id) return syntax_error(c.loc, fmt::format("expected an enum case `$name`, found {}", c.describe()));
      t->cases.push_back(Case{c.text, std::nullopt, c.docs, c.loc});
    }
    return anon(t);
  }

  Expected<TypeRef> flags_type(const SExpr& s) {
    Type* t = doc_.new_type(TypeKind::Record, s.loc);
    t->record_form = RecordForm::Flags;
    t->repr_syntax = NP_TRY(repr_annotation(s, "repr"));
    for (size_t i = t->repr_syntax ? 2 : 1; i < s.items.size(); ++i) {
      const SExpr& f = s.items[i];
      if (f.kind != SExpr::Kind::Id) return syntax_error(f.loc, fmt::format("expected a flag `$name`, found {}", f.describe()));
      Member m;
      m.name = f.text;
      m.docs = f.docs;
      m.loc = f.loc;
      t->members.push_back(std::move(m));
    }
    return anon(t);
  }

  Expected<TypeRef> record_type(const SExpr& s) {
    Type* t = doc_.new_type(TypeKind::Record, s.loc);
    t->record_form = RecordForm::Record;
    if (s.items.size() < 2) return syntax_error(s.loc, "a record needs at least one field");
    for (size_t i = 1; i < s.items.size(); ++i) {
      const SExpr& f = s.items[i];
      if (!f.is_form("field") || f.items.size() != 3 || f.items[1].kind != SExpr::Kind::Id)
        return syntax_error(f.loc, fmt::format("expected `(field $name <type>)`, found {}", f.describe()));
      Member m;
      m.name = f.items[1].text;
      m.docs = f.docs;
      m.loc = f.items[1].loc;
      m.type = NP_TRY(type(f.items[2]));
      t->members.push_back(std::move(m));
    }
    return anon(t);
  }

  Expected<TypeRef> tuple_type(const SExpr& s) {
    Type* t = doc_.new_type(TypeKind::Record, s.loc);
    t->record_form = RecordForm::Tuple;
    for (size_t i = 1; i < s.items.size(); ++i) {
      Member m;
      m.name = std::to_string(i - 1);
      m.loc = s.items[i].loc;
      m.type = NP_TRY(type(s.items[i]));
      t->members.push_back(std::move(m));
    }
    return anon(t);
  }

  Expected<TypeRef> expected_type(const SExpr& s) {
    // (expected <ok>? (error <err>?))
    Type* t = doc_.new_type(TypeKind::Variant, s.loc);
    t->variant_form = VariantForm::Expected;
    t->repr = IntRepr::U32;
    size_t n = s.items.size();
    if (n < 2 || n > 3 || !s.items[n - 1].is_form("error"))
      return syntax_error(s.loc, "expected `(expected <type>? (error <type>?))`");
    Case ok{"ok", std::nullopt, {}, s.loc};
    Case err{"err", std::nullopt, {}, s.items[n - 1].loc};
    if (n == 3) ok.type = NP_TRY(type(s.items[1]));
    const SExpr& e = s.items[n - 1];
    if (e.items.size() > 2) return syntax_error(e.loc, "`(error ...)` takes at most one type");
    if (e.items.size() == 2) err.type = NP_TRY(type(e.items[1]));
    t->cases.push_back(std::move(ok));
    t->cases.push_back(std::move(err));
    return anon(t);
  }

  Expected<TypeRef> union_type(const SExpr& s) {
    Type* t = doc_.new_type(TypeKind::Variant, s.loc);
    t->variant_form = VariantForm::Union;
    const SExpr* tag = NP_TRY(annotation_arg(s, "tag"));
    if (tag) t->tag = NP_TRY(type(*tag));
    for (size_t i = tag ? 2 : 1; i < s.items.size(); ++i) {
      const SExpr& c = s.items[i];
      // Case names come from the tag enum (or are "0", "1", ...); validation fills them in.
      Case k{std::to_string(i - (tag ? 2 : 1)), NP_TRY(type(c)), c.docs, c.loc};
      t->cases.push_back(std::move(k));
    }
    return anon(t);
  }

  Expected<TypeRef> variant_type(const SExpr& s) {
    Type* t = doc_.new_type(TypeKind::Variant, s.loc);
    t->variant_form = VariantForm::Variant;
    const SExpr* tag = NP_TRY(annotation_arg(s, "tag"));
    if (tag) t->tag = NP_TRY(type(*tag));
    for (size_t i = tag ? 2 : 1; i < s.items.size(); ++i) {
      const SExpr& c = s.items[i];
      if (!c.is_form("case") || c.items.size() < 2 || c.items.size() > 3 || c.items[1].kind != SExpr::Kind::Id)
        return syntax_error(c.loc, fmt::format("expected `(case $name <type>?)`, found {}", c.describe()));
      Case k{c.items[1].text, std::nullopt, c.docs, c.items[1].loc};
      if (c.items.size() == 3) k.type = NP_TRY(type(c.items[2]));
      t->cases.push_back(std::move(k));
    }
    return anon(t);
  }

  Status module_decl(const SExpr& s) {
    if (s.items.size() < 2 || s.items[1].kind != SExpr::Kind::Id)
      return syntax_error(s.loc, "expected `(module $name ...)`");
    Module m;
    m.name = s.items[1].text;
    m.loc = s.items[1].loc;
    m.docs = s.docs;
    for (size_t i = 2; i < s.items.size(); ++i) {
      const SExpr& d = s.items[i];
      if (d.is_form("import")) {
        if (d.items.size() != 3 || d.items[1].kind != SExpr::Kind::String || !d.items[2].is_form("memory") ||
            d.items[2].items.size() != 1)
          return syntax_error(d.loc, "expected `(import \"name\" (memory))`: only memory imports exist in witx");
        m.imports.push_back(Import{d.items[1].text, d.docs, d.items[1].loc});
      } else if (d.is_form("@interface")) {
        m.funcs.push_back(NP_TRY(func_decl(d)));
      } else {
        return syntax_error(d.loc, fmt::format("expected `(import ...)` or `(@interface func ...)`, found {}", d.describe()));
      }
    }
    doc_.modules.push_back(std::move(m));
    return {};
  }

  Expected<Func> func_decl(const SExpr& s) {
    if (s.items.size() < 3 || !s.items[1].is_keyword("func") || !s.items[2].is_form("export") ||
        s.items[2].items.size() != 2 || s.items[2].items[1].kind != SExpr::Kind::String)
      return syntax_error(s.loc, "expected `(@interface func (export \"name\") ...)`");
    Func f;
    f.name = s.items[2].items[1].text;
    f.loc = s.items[2].items[1].loc;
    f.docs = s.docs;
    for (size_t i = 3; i < s.items.size(); ++i) {
      const SExpr& p = s.items[i];
      if (p.is_form("param") || p.is_form("result")) {
        if (p.items.size() != 3 || p.items[1].kind != SExpr::Kind::Id)
          return syntax_error(p.loc, fmt::format("expected `({} $name <type>)`", p.items[0].text));
        Param param{p.items[1].text, NP_TRY(type(p.items[2])), p.docs, p.items[1].loc};
        (p.is_form("param") ? f.params : f.results).push_back(std::move(param));
      } else if (p.is_form("@witx") && p.items.size() == 2 && p.items[1].is_keyword("noreturn")) {
        f.noreturn = true;
      } else {
        return syntax_error(p.loc, fmt::format("expected `(param ...)`, `(result ...)` or `(@witx noreturn)`, found {}", p.describe()));
      }
    }
    return f;
  }

  Document& doc_;
  const FileLoader& loader_;
  std::set<std::string> seen_;
};

}  // namespace

Expected<std::string> load_file_from_disk(const std::string& path) {
  std::vector<uint8_t> bytes = NP_TRY(read_file(path));
  return std::string(bytes.begin(), bytes.end());
}

Expected<Document> parse_files(const std::vector<std::string>& paths, const FileLoader& loader) {
  Document doc;
  Parser p(doc, loader);
  for (const std::string& path : paths) NP_CHECK(p.file(path));
  return doc;
}

Expected<Document> parse_text(std::string_view text, const std::string& file, const FileLoader& loader) {
  Document doc;
  Parser p(doc, loader);
  NP_CHECK(p.text_of(text, file));
  return doc;
}

}  // namespace nanoproc::witx
