#include "witx/ast.h"

#include <cassert>

namespace nanoproc::witx {

const char* builtin_name(Builtin b) {
  switch (b) {
    case Builtin::U8: return "u8";
    case Builtin::U16: return "u16";
    case Builtin::U32: return "u32";
    case Builtin::U64: return "u64";
    case Builtin::S8: return "s8";
    case Builtin::S16: return "s16";
    case Builtin::S32: return "s32";
    case Builtin::S64: return "s64";
    case Builtin::F32: return "f32";
    case Builtin::F64: return "f64";
    case Builtin::Char: return "char";
    case Builtin::Char8: return "char8";
    case Builtin::Usize: return "usize";
  }
  return "?";
}

const char* int_repr_name(IntRepr r) { return builtin_name(int_repr_builtin(r)); }

uint32_t int_repr_bytes(IntRepr r) {
  switch (r) {
    case IntRepr::U8: return 1;
    case IntRepr::U16: return 2;
    case IntRepr::U32: return 4;
    case IntRepr::U64: return 8;
  }
  return 4;
}

Builtin int_repr_builtin(IntRepr r) {
  switch (r) {
    case IntRepr::U8: return Builtin::U8;
    case IntRepr::U16: return Builtin::U16;
    case IntRepr::U32: return Builtin::U32;
    case IntRepr::U64: return Builtin::U64;
  }
  return Builtin::U32;
}

const char* core_type_name(CoreType t) {
  switch (t) {
    case CoreType::I32: return "i32";
    case CoreType::I64: return "i64";
    case CoreType::F32: return "f32";
    case CoreType::F64: return "f64";
  }
  return "?";
}

const Type& TypeRef::type() const {
  if (anon) return *anon;
  assert(named && "type reference used before validation resolved it");
  return named->type();
}

bool Type::is_enum() const {
  if (kind != TypeKind::Variant) return false;
  for (const Case& c : cases)
    if (c.type) return false;
  return true;
}

bool Type::is_expected() const {
  return kind == TypeKind::Variant && cases.size() == 2 && cases[0].name == "ok" &&
         cases[1].name == "err";
}

const Func* Module::find_func(std::string_view n) const {
  for (const Func& f : funcs)
    if (f.name == n) return &f;
  return nullptr;
}

Type* Document::new_type(TypeKind k, SourceLoc loc) {
  arena.push_back(std::make_unique<Type>());
  Type* t = arena.back().get();
  t->kind = k;
  t->loc = std::move(loc);
  return t;
}

const NamedType* Document::find_type(std::string_view name) const {
  for (const auto& t : typenames)
    if (t->name == name) return t.get();
  return nullptr;
}

const Module* Document::find_module(std::string_view name) const {
  for (const Module& m : modules)
    if (m.name == name) return &m;
  return nullptr;
}

}  // namespace nanoproc::witx
