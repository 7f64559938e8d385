#include "witx/gen_util.h"

#include <algorithm>
#include <array>

namespace nanoproc::witx {

std::string pascal_case(std::string_view name) {
  std::string out;
  bool up = true;
  for (char c : name) {
    if (c == '_' || c == '-') {
      up = true;
      continue;
    }
    out += up && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    up = false;
  }
  if (out.empty() || (out[0] >= '0' && out[0] <= '9')) out.insert(out.begin(), 'T');
  return out;
}

std::string c_ident(std::string_view name) {
  // C and C++ keywords a witx name could plausibly collide with.
  static constexpr std::array<std::string_view, 62> kKeywords = {
      "alignas", "alignof", "and", "asm", "auto", "bool", "break", "case", "catch", "char",
      "class", "const", "constexpr", "continue", "default", "delete", "do", "double", "else",
      "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if",
      "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "nullptr",
      "operator", "or", "private", "protected", "public", "register", "return", "short",
      "signed", "sizeof", "static", "struct", "switch", "template", "this", "throw", "true",
      "try", "typedef", "union", "unsigned", "using", "virtual", "void"};
  std::string out;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    out += ok ? c : '_';
  }
  if (out.empty() || (out[0] >= '0' && out[0] <= '9')) out.insert(out.begin(), '_');
  if (std::find(kKeywords.begin(), kKeywords.end(), out) != kKeywords.end()) out += '_';
  return out;
}

std::string upper_case(std::string_view name) {
  std::string out;
  for (char c : c_ident(name)) out += c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  return out;
}

std::string doc_comment(std::string_view docs, std::string_view indent, std::string_view marker) {
  if (docs.empty()) return {};
  std::string out;
  size_t pos = 0;
  while (pos <= docs.size()) {
    size_t end = docs.find('\n', pos);
    if (end == std::string_view::npos) end = docs.size();
    std::string_view line = docs.substr(pos, end - pos);
    out += indent;
    out += marker;
    if (!line.empty()) {
      out += ' ';
      out += line;
    }
    out += '\n';
    pos = end + 1;
  }
  return out;
}

std::string function_docs(const Func& f) {
  std::string docs = f.docs;
  auto add = [&](const Param& p, std::string_view what) {
    if (p.docs.empty()) return;
    docs += fmt::format("{}{}`{}`: {}", docs.empty() ? "" : "\n", what, p.name, p.docs);
  };
  for (const Param& p : f.params) add(p, "");
  for (const Param& p : f.results) add(p, "Result ");
  return docs;
}

std::string witx_type_string(const TypeRef& r) {
  if (r.is_named()) return fmt::format("${}", r.name);
  return witx_definition_string(*r.anon);
}

std::string witx_definition_string(const Type& t) {
  switch (t.kind) {
    case TypeKind::Builtin:
      if (t.builtin == Builtin::Usize || t.builtin == Builtin::Char8) return fmt::format("(@witx {})", builtin_name(t.builtin));
      return builtin_name(t.builtin);
    case TypeKind::Pointer: return fmt::format("(@witx pointer {})", witx_type_string(*t.elem));
    case TypeKind::ConstPointer: return fmt::format("(@witx const_pointer {})", witx_type_string(*t.elem));
    case TypeKind::List:
      if (t.is_string) return "string";
      return fmt::format("(list {})", witx_type_string(*t.elem));
    case TypeKind::Handle: return "(handle)";
    case TypeKind::Record: {
      std::string out;
      if (t.record_form == RecordForm::Flags) {
        out = fmt::format("(flags (@witx repr {})", int_repr_name(t.repr));
        for (const Member& m : t.members) out += fmt::format(" ${}", m.name);
      } else if (t.record_form == RecordForm::Tuple) {
        out = "(tuple";
        for (const Member& m : t.members) out += fmt::format(" {}", witx_type_string(*m.type));
      } else {
        out = "(record";
        for (const Member& m : t.members) out += fmt::format(" (field ${} {})", m.name, witx_type_string(*m.type));
      }
      return out + ")";
    }
    case TypeKind::Variant: {
      std::string out;
      switch (t.variant_form) {
        case VariantForm::Bool: return "bool";
        case VariantForm::Enum:
          out = fmt::format("(enum (@witx tag {})", int_repr_name(t.repr));
          for (const Case& c : t.cases) out += fmt::format(" ${}", c.name);
          return out + ")";
        case VariantForm::Expected:
          out = "(expected";
          if (t.ok_type()) out += fmt::format(" {}", witx_type_string(*t.ok_type()));
          out += " (error";
          if (t.err_type()) out += fmt::format(" {}", witx_type_string(*t.err_type()));
          return out + "))";
        case VariantForm::Union:
        case VariantForm::Variant:
          out = fmt::format("(variant (@witx tag {})", t.tag ? witx_type_string(*t.tag) : int_repr_name(t.repr));
          for (const Case& c : t.cases) {
            out += fmt::format(" (case ${}", c.name);
            if (c.type) out += fmt::format(" {}", witx_type_string(*c.type));
            out += ")";
          }
          return out + ")";
      }
      break;
    }
  }
  return "?";
}

bool is_pointer_length_pair(const Func& f, size_t i) {
  if (i + 1 >= f.params.size()) return false;
  const Type& p = f.params[i].type.type();
  if (p.kind != TypeKind::Pointer && p.kind != TypeKind::ConstPointer) return false;
  if (f.params[i + 1].name != f.params[i].name + "_len") return false;
  const Type& n = f.params[i + 1].type.type();
  return n.kind == TypeKind::Builtin && (n.builtin == Builtin::U32 || n.builtin == Builtin::Usize);
}

const TypeRef* error_enum_ref(const Func& f) {
  if (f.results.size() != 1) return nullptr;
  const Type& t = f.results[0].type.type();
  if (!t.is_expected() || !t.err_type()) return nullptr;
  if (!t.err_type()->type().is_enum()) return nullptr;
  return &*t.err_type();
}

const Type* error_enum(const Func& f) {
  const TypeRef* r = error_enum_ref(f);
  return r ? &r->type() : nullptr;
}

int enum_case_index(const Type& e, std::string_view name) {
  for (size_t i = 0; i < e.cases.size(); ++i)
    if (e.cases[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace nanoproc::witx
