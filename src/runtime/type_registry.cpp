#include "runtime/type_registry.h"

#include <cstring>

namespace nanoproc {
namespace {

// Serialises a rec group so that structurally identical groups get identical keys:
// references into the group are written relative to its start, references outside it as
// canonical ids (already known, since a group may only refer backwards or to itself).
class KeyWriter {
 public:
  KeyWriter(const Module& m, const RecGroup& g, const std::vector<uint32_t>& ids)
      : m_(m), g_(g), ids_(ids) {}

  std::string key() {
    put(g_.count);
    for (uint32_t i = 0; i < g_.count; ++i) sub(m_.types[g_.first + i]);
    return std::move(out_);
  }

 private:
  void put(uint32_t v) { out_.append(reinterpret_cast<const char*>(&v), 4); }
  void idx(uint32_t type_index) {
    if (type_index >= g_.first && type_index < g_.first + g_.count) {
      put(0x80000000u | (type_index - g_.first));  // relative
    } else {
      put(type_index < ids_.size() ? ids_[type_index] : 0x7FFFFFFFu);
    }
  }
  void val(ValType t) {
    put(static_cast<uint32_t>(t.kind));
    if (t.kind == ValKind::Ref) {
      put(t.nullable);
      if (t.heap.is_abstract()) put(0xFFFF0000u | static_cast<uint32_t>(t.heap.abs()));
      else idx(t.heap.index());
    }
  }
  void sub(const SubType& s) {
    put(s.final);
    put(static_cast<uint32_t>(s.supertypes.size()));
    for (uint32_t st : s.supertypes) idx(st);
    const CompositeType& c = s.composite;
    put(static_cast<uint32_t>(c.kind));
    switch (c.kind) {
      case CompositeKind::Func:
        put(static_cast<uint32_t>(c.func.params.size()));
        for (auto t : c.func.params) val(t);
        put(static_cast<uint32_t>(c.func.results.size()));
        for (auto t : c.func.results) val(t);
        break;
      case CompositeKind::Struct:
        put(static_cast<uint32_t>(c.struct_.fields.size()));
        for (auto f : c.struct_.fields) {
          val(f.type);
          put(f.mut);
        }
        break;
      case CompositeKind::Array:
        val(c.array.field.type);
        put(c.array.field.mut);
        break;
    }
  }

  const Module& m_;
  const RecGroup& g_;
  const std::vector<uint32_t>& ids_;
  std::string out_;
};

}  // namespace

ValType canonicalize(ValType t, const std::vector<uint32_t>& ids) {
  if (t.kind == ValKind::Ref && t.heap.is_index() && t.heap.index() < ids.size())
    t.heap = HeapType::index(ids[t.heap.index()]);
  return t;
}

std::vector<uint32_t> TypeRegistry::register_module(const Module& m) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<uint32_t> ids(m.types.size(), 0);
  for (const RecGroup& g : m.rec_groups) {
    std::string key = KeyWriter(m, g, ids).key();
    auto it = groups_.find(key);
    if (it != groups_.end()) {
      for (uint32_t i = 0; i < g.count; ++i) ids[g.first + i] = it->second + i;
      continue;
    }
    uint32_t first = static_cast<uint32_t>(types_.size());
    for (uint32_t i = 0; i < g.count; ++i) ids[g.first + i] = first + i;
    for (uint32_t i = 0; i < g.count; ++i) {
      const SubType& s = m.types[g.first + i];
      auto ct = std::make_unique<CanonicalType>();
      ct->final = s.final;
      ct->composite = s.composite;
      auto fix = [&](ValType& t) { t = canonicalize(t, ids); };
      switch (ct->composite.kind) {
        case CompositeKind::Func:
          for (auto& t : ct->composite.func.params) fix(t);
          for (auto& t : ct->composite.func.results) fix(t);
          break;
        case CompositeKind::Struct:
          for (auto& f : ct->composite.struct_.fields) fix(f.type);
          break;
        case CompositeKind::Array:
          fix(ct->composite.array.field.type);
          break;
      }
      if (!s.supertypes.empty() && s.supertypes[0] < ids.size()) {
        ct->super = ids[s.supertypes[0]];
        const CanonicalType* sup =
            ct->super < types_.size() ? types_[ct->super].get() : nullptr;  // same group: set below
        ct->depth = sup ? sup->depth + 1 : 1;
      }
      types_.push_back(std::move(ct));
    }
    // Supertypes inside the same group: depths can only be fixed once all are present.
    for (uint32_t i = 0; i < g.count; ++i) {
      CanonicalType& ct = *types_[first + i];
      uint32_t d = 0;
      for (uint32_t s = ct.super; s != CanonicalType::kNoSuper && d <= types_.size(); s = types_[s]->super) ++d;
      ct.depth = d;
    }
    groups_.emplace(std::move(key), first);
  }
  return ids;
}

const CanonicalType& TypeRegistry::get(uint32_t id) const {
  std::lock_guard<std::mutex> lock(mu_);
  return *types_[id];
}

bool TypeRegistry::is_subtype(uint32_t sub, uint32_t super) const {
  if (sub == super) return true;
  std::lock_guard<std::mutex> lock(mu_);
  if (sub >= types_.size() || super >= types_.size()) return false;
  uint32_t target_depth = types_[super]->depth;
  uint32_t s = sub;
  while (s != CanonicalType::kNoSuper && types_[s]->depth > target_depth) s = types_[s]->super;
  return s == super;
}

AbsHeap TypeRegistry::top_of(HeapType h) const {
  if (h.is_index()) {
    switch (get(h.index()).composite.kind) {
      case CompositeKind::Func: return AbsHeap::Func;
      default: return AbsHeap::Any;
    }
  }
  return abs_heap_top(h.abs());
}

bool TypeRegistry::heap_subtype(HeapType a, HeapType b) const {
  if (a == b) return true;
  if (a.is_index() && b.is_index()) return is_subtype(a.index(), b.index());
  if (b.is_abstract()) {
    AbsHeap bb = b.abs();
    if (a.is_index()) {
      CompositeKind k = get(a.index()).composite.kind;
      switch (bb) {
        case AbsHeap::Func: return k == CompositeKind::Func;
        case AbsHeap::Any:
        case AbsHeap::Eq: return k != CompositeKind::Func;
        case AbsHeap::Struct: return k == CompositeKind::Struct;
        case AbsHeap::Array: return k == CompositeKind::Array;
        default: return false;
      }
    }
    AbsHeap aa = a.abs();
    switch (bb) {
      case AbsHeap::Any: return aa == AbsHeap::Eq || aa == AbsHeap::I31 || aa == AbsHeap::Struct || aa == AbsHeap::Array || aa == AbsHeap::None;
      case AbsHeap::Eq: return aa == AbsHeap::I31 || aa == AbsHeap::Struct || aa == AbsHeap::Array || aa == AbsHeap::None;
      case AbsHeap::I31:
      case AbsHeap::Struct:
      case AbsHeap::Array: return aa == AbsHeap::None;
      case AbsHeap::Func: return aa == AbsHeap::NoFunc;
      case AbsHeap::Extern: return aa == AbsHeap::NoExtern;
      case AbsHeap::Exn: return aa == AbsHeap::NoExn;
      default: return false;
    }
  }
  // b is concrete: only the bottom types are below it.
  if (a.is_abstract()) {
    CompositeKind k = get(b.index()).composite.kind;
    if (k == CompositeKind::Func) return a.abs() == AbsHeap::NoFunc;
    return a.abs() == AbsHeap::None;
  }
  return false;
}

bool TypeRegistry::is_subtype(ValType a, ValType b) const {
  if (a.kind != b.kind) return a.kind == ValKind::Bot;
  if (a.kind != ValKind::Ref) return true;
  if (a.nullable && !b.nullable) return false;
  return heap_subtype(a.heap, b.heap);
}

}  // namespace nanoproc
