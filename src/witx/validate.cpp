#include "witx/validate.h"

#include <map>
#include <set>

#include "witx/abi.h"
#include "witx/layout.h"

namespace nanoproc::witx {

namespace {

Error invalid(const SourceLoc& loc, std::string msg) { return Error(ErrorKind::Invalid, std::move(msg), loc); }

std::string where(const SourceLoc& l) { return fmt::format("{}:{}:{}", l.file, l.line, l.column); }

// Unique names within one scope (fields of a record, parameters of a function, ...).
class Scope {
 public:
  explicit Scope(std::string what) : what_(std::move(what)) {}
  Status add(const std::string& name, const SourceLoc& loc) {
    auto [it, fresh] = names_.emplace(name, loc);
    if (!fresh) return invalid(loc, fmt::format("{} `{}` is defined twice (first at {})", what_, name, where(it->second)));
    return {};
  }

 private:
  std::string what_;
  std::map<std::string, SourceLoc> names_;
};

const char* kind_name(const Type& t) {
  switch (t.kind) {
    case TypeKind::Builtin: return "a builtin type";
    case TypeKind::Pointer: return "a pointer";
    case TypeKind::ConstPointer: return "a const pointer";
    case TypeKind::List: return t.is_string ? "a string" : "a list";
    case TypeKind::Handle: return "a handle";
    case TypeKind::Record:
      switch (t.record_form) {
        case RecordForm::Record: return "a record";
        case RecordForm::Tuple: return "a tuple";
        case RecordForm::Flags: return "flags";
      }
      break;
    case TypeKind::Variant:
      switch (t.variant_form) {
        case VariantForm::Enum: return "an enum";
        case VariantForm::Union: return "a union";
        case VariantForm::Expected: return "an expected";
        case VariantForm::Bool: return "a bool";
        case VariantForm::Variant: return t.is_enum() ? "an enum-like variant" : "a variant";
      }
      break;
  }
  return "a type";
}

std::optional<IntRepr> unsigned_repr(Builtin b) {
  switch (b) {
    case Builtin::U8:
    case Builtin::Char8: return IntRepr::U8;
    case Builtin::U16: return IntRepr::U16;
    case Builtin::U32:
    case Builtin::Usize: return IntRepr::U32;
    case Builtin::U64: return IntRepr::U64;
    default: return std::nullopt;
  }
}

// Largest number of distinct values a tag of this width can hold (capped: it only gates
// case counts, which are far smaller).
uint64_t tag_capacity(IntRepr r) { return r == IntRepr::U8 ? 256 : r == IntRepr::U16 ? 65536 : UINT64_MAX; }

class Validator {
 public:
  explicit Validator(Document& doc) : doc_(doc) {}

  Status run() {
    // Typenames and modules share one scope; report a redefinition at its second site.
    Scope top("name");
    std::map<std::string, const SourceLoc*> all_types;
    for (auto& nt : doc_.typenames) {
      NP_CHECK(top.add(fmt::format("${}", nt->name), nt->loc));
      all_types.emplace(nt->name, &nt->loc);
    }
    for (Module& m : doc_.modules) NP_CHECK(top.add(fmt::format("${}", m.name), m.loc));

    for (auto& nt : doc_.typenames) {
      current_ = nt->name;
      NP_CHECK(ref(nt->ref, /*top=*/true, all_types));
      defined_.emplace(nt->name, nt.get());
    }
    current_.clear();
    for (Module& m : doc_.modules) NP_CHECK(module(m, all_types));
    return {};
  }

 private:
  using AllTypes = std::map<std::string, const SourceLoc*>;

  Status ref(TypeRef& r, bool top, const AllTypes& all) {
    if (!r.is_named()) return type(*r.anon, top, all);
    auto it = defined_.find(r.name);
    if (it != defined_.end()) {
      r.named = it->second;
      return {};
    }
    if (r.name == current_) return invalid(r.loc, fmt::format("type `${}` refers to itself: witx types cannot be recursive", r.name));
    auto later = all.find(r.name);
    if (later != all.end())
      return invalid(r.loc, fmt::format("type `${}` is used before its definition at {}", r.name, where(*later->second)));
    if (doc_.find_module(r.name)) return invalid(r.loc, fmt::format("`${}` is a module, not a type", r.name));
    return invalid(r.loc, fmt::format("unknown type `${}`", r.name));
  }

  Status structured_needs_name(const Type& t, bool top) {
    if (top) return {};
    return invalid(t.loc, fmt::format("{} must be the value of a `typename`: anonymous records, flags, enums, "
                                      "unions and handles are not allowed",
                                      kind_name(t)));
  }

  Expected<IntRepr> int_repr(const Type& t, std::string_view what) {
    if (!t.repr_syntax) return IntRepr::U32;
    switch (*t.repr_syntax) {
      case Builtin::U8: return IntRepr::U8;
      case Builtin::U16: return IntRepr::U16;
      case Builtin::U32: return IntRepr::U32;
      case Builtin::U64: return IntRepr::U64;
      default:
        return invalid(t.loc, fmt::format("{} must be u8, u16, u32 or u64, not {}", what, builtin_name(*t.repr_syntax)));
    }
  }

  Status type(Type& t, bool top, const AllTypes& all) {
    switch (t.kind) {
      case TypeKind::Builtin: break;
      case TypeKind::Pointer:
      case TypeKind::ConstPointer:
      case TypeKind::List: NP_CHECK(ref(*t.elem, false, all)); break;
      case TypeKind::Handle: NP_CHECK(structured_needs_name(t, top)); break;
      case TypeKind::Record: NP_CHECK(record(t, top, all)); break;
      case TypeKind::Variant: NP_CHECK(variant(t, top, all)); break;
    }
    return compute_layout(t);
  }

  Status record(Type& t, bool top, const AllTypes& all) {
    if (t.record_form == RecordForm::Flags) {
      NP_CHECK(structured_needs_name(t, top));
      t.repr = NP_TRY(int_repr(t, "a flags repr"));
      const uint32_t bits = int_repr_bytes(t.repr) * 8;
      if (t.members.size() > bits)
        return invalid(t.loc, fmt::format("{} flags do not fit in the {} repr ({} bits)", t.members.size(), int_repr_name(t.repr), bits));
      Scope names("flag");
      for (size_t i = 0; i < t.members.size(); ++i) {
        NP_CHECK(names.add(t.members[i].name, t.members[i].loc));
        t.members[i].bit = static_cast<uint32_t>(i);
      }
      return {};
    }
    if (t.record_form == RecordForm::Record) NP_CHECK(structured_needs_name(t, top));
    Scope names("field");
    for (Member& m : t.members) {
      NP_CHECK(names.add(m.name, m.loc));
      NP_CHECK(ref(*m.type, false, all));
    }
    return {};
  }

  Status variant(Type& t, bool top, const AllTypes& all) {
    switch (t.variant_form) {
      case VariantForm::Enum: {
        NP_CHECK(structured_needs_name(t, top));
        t.repr = NP_TRY(int_repr(t, "an enum tag"));
        if (t.cases.size() > tag_capacity(t.repr))
          return invalid(t.loc, fmt::format("{} enum cases do not fit in the {} tag", t.cases.size(), int_repr_name(t.repr)));
        Scope names("enum case");
        for (const Case& c : t.cases) NP_CHECK(names.add(c.name, c.loc));
        return {};
      }
      case VariantForm::Bool:
        return {};
      case VariantForm::Expected:
        for (Case& c : t.cases)
          if (c.type) NP_CHECK(ref(*c.type, false, all));
        return {};
      case VariantForm::Union:
        NP_CHECK(structured_needs_name(t, top));
        [[fallthrough]];
      case VariantForm::Variant:
        break;
    }
    if (t.cases.empty()) return invalid(t.loc, fmt::format("{} needs at least one case", kind_name(t)));
    for (Case& c : t.cases)
      if (c.type) NP_CHECK(ref(*c.type, false, all));
    if (!t.tag) {
      t.repr = IntRepr::U32;
      Scope names("case");
      for (const Case& c : t.cases) NP_CHECK(names.add(c.name, c.loc));
      return {};
    }
    NP_CHECK(ref(*t.tag, false, all));
    const Type& tag = t.tag->type();
    if (tag.kind == TypeKind::Builtin) {
      auto repr = unsigned_repr(tag.builtin);
      if (!repr)
        return invalid(t.tag->loc, fmt::format("a tag must be an enum or an unsigned integer type, not {}", builtin_name(tag.builtin)));
      t.repr = *repr;
      if (t.cases.size() > tag_capacity(t.repr))
        return invalid(t.tag->loc, fmt::format("{} cases do not fit in the {} tag", t.cases.size(), int_repr_name(t.repr)));
      Scope names("case");
      for (const Case& c : t.cases) NP_CHECK(names.add(c.name, c.loc));
      return {};
    }
    if (!tag.is_enum())
      return invalid(t.tag->loc, fmt::format("a tag must be an enum or an unsigned integer type, not {}", kind_name(tag)));
    t.repr = tag.repr;
    if (tag.cases.size() != t.cases.size())
      return invalid(t.loc, fmt::format("the tag has {} cases but the {} has {}", tag.cases.size(),
                                        t.variant_form == VariantForm::Union ? "union" : "variant", t.cases.size()));
    if (t.variant_form == VariantForm::Union) {
      // Union members are positional: the i-th member is the payload of the tag's i-th case.
      for (size_t i = 0; i < t.cases.size(); ++i) t.cases[i].name = tag.cases[i].name;
      return {};
    }
    // Variant cases are named; they must be exactly the tag's cases and are reordered into
    // the tag's order (the tag value of a case is its position in the enum).
    std::map<std::string, size_t> position;
    for (size_t i = 0; i < tag.cases.size(); ++i) position.emplace(tag.cases[i].name, i);
    std::vector<std::optional<Case>> ordered(tag.cases.size());
    for (Case& c : t.cases) {
      auto it = position.find(c.name);
      if (it == position.end())
        return invalid(c.loc, fmt::format("case `{}` is not a case of the tag `${}`", c.name, t.tag->name));
      if (ordered[it->second]) return invalid(c.loc, fmt::format("case `{}` is defined twice", c.name));
      ordered[it->second] = std::move(c);
    }
    t.cases.clear();
    for (auto& c : ordered) t.cases.push_back(std::move(*c));
    return {};
  }

  Status module(Module& m, const AllTypes& all) {
    Scope names(fmt::format("member of module `${}`:", m.name));
    for (const Import& i : m.imports) NP_CHECK(names.add(i.name, i.loc));
    for (Func& f : m.funcs) {
      NP_CHECK(names.add(f.name, f.loc));
      Scope params(fmt::format("parameter of `{}`:", f.name));
      for (Param& p : f.params) {
        NP_CHECK(params.add(p.name, p.loc));
        NP_CHECK(ref(p.type, false, all));
      }
      for (Param& p : f.results) {
        NP_CHECK(params.add(p.name, p.loc));
        NP_CHECK(ref(p.type, false, all));
      }
      NP_CHECK(lower_function(f));
    }
    return {};
  }

  Document& doc_;
  std::map<std::string, const NamedType*> defined_;
  std::string current_;
};

}  // namespace

Status validate(Document& doc) { return Validator(doc).run(); }

Expected<Document> load_document(const std::vector<std::string>& paths, const FileLoader& loader) {
  Document doc = NP_TRY(parse_files(paths, loader));
  NP_CHECK(validate(doc));
  return doc;
}

}  // namespace nanoproc::witx
