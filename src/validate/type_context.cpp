#include "validate/type_context.h"

#include <fmt/format.h>

namespace nanoproc {

std::string type_name(ValType t) {
  if (t.kind == ValKind::Ref && is_bot_heap(t.heap)) return t.nullable ? "(ref null bot)" : "(ref bot)";
  return to_string(t);
}

std::string result_type_name(std::span<const ValType> ts) {
  std::string s = "[";
  for (size_t i = 0; i < ts.size(); ++i) {
    if (i) s += ' ';
    s += type_name(ts[i]);
  }
  s += ']';
  return s;
}

// ---- CanonicalTypeRegistry ----

size_t CanonicalTypeRegistry::KeyHash::operator()(const std::vector<uint32_t>& k) const {
  uint64_t h = 0xcbf29ce484222325ull;
  for (uint32_t w : k) {
    h ^= w;
    h *= 0x100000001b3ull;
  }
  return static_cast<size_t>(h ^ (h >> 29));
}

uint32_t CanonicalTypeRegistry::intern(std::vector<uint32_t> key, std::span<const Pending> types) {
  if (auto it = groups_.find(key); it != groups_.end()) return it->second;
  uint32_t base = size();
  for (const Pending& p : types) {
    Info info;
    if (p.has_super) info.super = p.super_in_group ? base + p.super : p.super;
    info.kind = p.kind;
    info.final = p.final;
    infos_.push_back(info);
  }
  groups_.emplace(std::move(key), base);
  return base;
}

bool CanonicalTypeRegistry::is_sub(uint32_t a, uint32_t b) const {
  while (a != kNoSuper) {
    if (a == b) return true;
    a = infos_[a].super;
  }
  return false;
}

// ---- TypeContext: subtyping ----

bool TypeContext::same_type(ValType a, ValType b) const {
  if (a.kind != b.kind) return false;
  if (a.kind != ValKind::Ref) return true;
  if (a.nullable != b.nullable) return false;
  if (a.heap.is_index() && b.heap.is_index()) return same_type(a.heap.index(), b.heap.index());
  return a.heap == b.heap;
}

namespace {

// Heap subtyping over concrete types named by `index` (module type indices or canonical ids):
// `kind(i)` gives a concrete type's composite kind, `concrete_sub(i, j)` decides between two
// concrete types.
template <typename KindOf, typename ConcreteSub>
bool heap_subtype(HeapType a, HeapType b, KindOf&& kind, ConcreteSub&& concrete_sub) {
  if (a == b || is_bot_heap(a)) return true;
  if (is_bot_heap(b)) return false;
  if (a.is_abstract() && b.is_abstract()) {
    AbsHeap x = a.abs();
    switch (b.abs()) {
      case AbsHeap::Any:
        return x == AbsHeap::Eq || x == AbsHeap::I31 || x == AbsHeap::Struct ||
               x == AbsHeap::Array || x == AbsHeap::None;
      case AbsHeap::Eq:
        return x == AbsHeap::I31 || x == AbsHeap::Struct || x == AbsHeap::Array ||
               x == AbsHeap::None;
      case AbsHeap::I31:
      case AbsHeap::Struct:
      case AbsHeap::Array: return x == AbsHeap::None;
      case AbsHeap::Func: return x == AbsHeap::NoFunc;
      case AbsHeap::Extern: return x == AbsHeap::NoExtern;
      case AbsHeap::Exn: return x == AbsHeap::NoExn;
      case AbsHeap::None:
      case AbsHeap::NoFunc:
      case AbsHeap::NoExtern:
      case AbsHeap::NoExn: return false;
    }
    return false;
  }
  if (a.is_index() && b.is_abstract()) {
    AbsHeap y = b.abs();
    switch (kind(a.index())) {
      case CompositeKind::Func: return y == AbsHeap::Func;
      case CompositeKind::Struct: return y == AbsHeap::Struct || y == AbsHeap::Eq || y == AbsHeap::Any;
      case CompositeKind::Array: return y == AbsHeap::Array || y == AbsHeap::Eq || y == AbsHeap::Any;
    }
    return false;
  }
  if (a.is_abstract()) {  // b is concrete: only its hierarchy's bottom is below it
    return a.abs() == (kind(b.index()) == CompositeKind::Func ? AbsHeap::NoFunc : AbsHeap::None);
  }
  return concrete_sub(a.index(), b.index());
}

template <typename HeapSub>
bool val_subtype(ValType a, ValType b, HeapSub&& heap_sub) {
  if (a == b || a.kind == ValKind::Bot) return true;
  if (a.kind != b.kind) return false;
  if (a.kind != ValKind::Ref) return true;
  if (a.nullable && !b.nullable) return false;
  return heap_sub(a.heap, b.heap);
}

}  // namespace

bool CanonicalTypeRegistry::is_heap_subtype(HeapType a, HeapType b) const {
  return heap_subtype(
      a, b, [&](uint32_t i) { return infos_[i].kind; },
      [&](uint32_t i, uint32_t j) { return is_sub(i, j); });
}

bool CanonicalTypeRegistry::is_subtype(ValType a, ValType b) const {
  return val_subtype(a, b, [&](HeapType x, HeapType y) { return is_heap_subtype(x, y); });
}

ValType TypeContext::canonicalize(ValType t) const {
  if (t.kind == ValKind::Ref && t.heap.is_index())
    t.heap = HeapType::index(canon_[t.heap.index()]);
  return t;
}

bool TypeContext::is_subtype_slow(ValType a, ValType b) const {
  return val_subtype(a, b, [&](HeapType x, HeapType y) { return is_heap_subtype(x, y); });
}

bool TypeContext::is_heap_subtype(HeapType a, HeapType b) const {
  return heap_subtype(
      a, b, [&](uint32_t i) { return kinds_[i]; },
      [&](uint32_t i, uint32_t j) {
        uint32_t ca = canon_[i], cb = canon_[j];
        return ca == cb || registry_->is_sub(ca, cb);
      });
}

bool TypeContext::is_field_subtype(const FieldType& a, const FieldType& b) const {
  if (a.mut != b.mut) return false;
  if (a.mut) return same_type(a.type, b.type);
  return is_subtype(a.type, b.type);
}

bool TypeContext::is_result_subtype(std::span<const ValType> a, std::span<const ValType> b) const {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!is_subtype(a[i], b[i])) return false;
  return true;
}

bool TypeContext::is_func_subtype(const FuncType& a, const FuncType& b) const {
  return is_result_subtype(b.params, a.params) && is_result_subtype(a.results, b.results);
}

bool TypeContext::is_composite_subtype(const CompositeType& a, const CompositeType& b) const {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case CompositeKind::Func: return is_func_subtype(a.func, b.func);
    case CompositeKind::Array: return is_field_subtype(a.array.field, b.array.field);
    case CompositeKind::Struct: {
      const auto& fa = a.struct_.fields;
      const auto& fb = b.struct_.fields;
      if (fa.size() < fb.size()) return false;
      for (size_t i = 0; i < fb.size(); ++i)
        if (!is_field_subtype(fa[i], fb[i])) return false;
      return true;
    }
  }
  return false;
}

HeapType TypeContext::top(HeapType h) const {
  if (is_bot_heap(h)) return h;
  if (h.is_index()) return HeapType::abstract(is_func(h.index()) ? AbsHeap::Func : AbsHeap::Any);
  return HeapType::abstract(abs_heap_top(h.abs()));
}

HeapType TypeContext::bottom(HeapType h) const {
  HeapType t = top(h);
  if (is_bot_heap(t)) return t;
  switch (t.abs()) {
    case AbsHeap::Func: return HeapType::abstract(AbsHeap::NoFunc);
    case AbsHeap::Extern: return HeapType::abstract(AbsHeap::NoExtern);
    case AbsHeap::Exn: return HeapType::abstract(AbsHeap::NoExn);
    default: return HeapType::abstract(AbsHeap::None);
  }
}

}  // namespace nanoproc
