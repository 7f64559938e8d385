// TypeContext::build: validation of the type section and canonicalisation of rec groups.
#include <fmt/format.h>

#include "validate/type_context.h"

namespace nanoproc {
namespace {

Error invalid(std::string msg) { return Error(ErrorKind::Invalid, std::move(msg)); }

template <typename F>
void for_each_val_type(const CompositeType& c, F&& f) {
  switch (c.kind) {
    case CompositeKind::Func:
      for (const ValType& t : c.func.params) f(t);
      for (const ValType& t : c.func.results) f(t);
      break;
    case CompositeKind::Struct:
      for (const FieldType& ft : c.struct_.fields) f(ft.type);
      break;
    case CompositeKind::Array: f(c.array.field.type); break;
  }
}

// Builds the structural key of the rec group [first, end): type references inside the group
// are encoded by relative position, references outside it by canonical id.
class KeyBuilder {
 public:
  KeyBuilder(const std::vector<uint32_t>& canon, uint32_t first, uint32_t end)
      : canon_(canon), first_(first), end_(end) {}

  void type_ref(uint32_t idx) {
    if (idx >= first_ && idx < end_) {
      key.push_back(1);
      key.push_back(idx - first_);
    } else {
      key.push_back(2);
      key.push_back(canon_[idx]);
    }
  }
  void val_type(ValType t) {
    uint32_t w = static_cast<uint32_t>(t.kind) | (t.nullable ? 0x100u : 0u);
    if (t.kind == ValKind::Ref && t.heap.is_abstract()) w |= uint32_t(t.heap.abs()) << 16;
    key.push_back(w);
    if (t.kind == ValKind::Ref && t.heap.is_index()) type_ref(t.heap.index());
    else key.push_back(0);
  }
  void field(const FieldType& f) {
    key.push_back(f.mut ? 1 : 0);
    val_type(f.type);
  }
  void sub_type(const SubType& st) {
    key.push_back(st.final ? 1 : 0);
    key.push_back(static_cast<uint32_t>(st.supertypes.size()));
    for (uint32_t s : st.supertypes) type_ref(s);
    const CompositeType& c = st.composite;
    key.push_back(static_cast<uint32_t>(c.kind));
    switch (c.kind) {
      case CompositeKind::Func:
        key.push_back(static_cast<uint32_t>(c.func.params.size()));
        for (ValType t : c.func.params) val_type(t);
        key.push_back(static_cast<uint32_t>(c.func.results.size()));
        for (ValType t : c.func.results) val_type(t);
        break;
      case CompositeKind::Struct:
        key.push_back(static_cast<uint32_t>(c.struct_.fields.size()));
        for (const FieldType& f : c.struct_.fields) field(f);
        break;
      case CompositeKind::Array: field(c.array.field); break;
    }
  }

  std::vector<uint32_t> key;

 private:
  const std::vector<uint32_t>& canon_;
  uint32_t first_, end_;
};

}  // namespace

Expected<TypeContext> TypeContext::build(const Module& m, std::shared_ptr<CanonicalTypeRegistry> registry) {
  TypeContext tc;
  tc.types_ = &m.types;
  tc.registry_ = registry ? std::move(registry) : std::make_shared<CanonicalTypeRegistry>();
  const uint32_t n = static_cast<uint32_t>(m.types.size());
  tc.canon_.assign(n, 0);
  tc.kinds_.resize(n);
  for (uint32_t i = 0; i < n; ++i) tc.kinds_[i] = m.types[i].composite.kind;

  // The groups must tile the type section; a module built without rec groups has one
  // implicit group per type.
  std::vector<RecGroup> groups = m.rec_groups;
  if (groups.empty()) {
    for (uint32_t i = 0; i < n; ++i) groups.push_back(RecGroup{i, 1, false});
  }
  uint32_t next = 0;
  for (const RecGroup& g : groups) {
    if (g.first != next || g.count > n - next)
      return invalid(fmt::format("malformed rec group at type {}", g.first));
    next += g.count;
  }
  if (next != n) return invalid("rec groups do not cover the type section");

  std::vector<CanonicalTypeRegistry::Pending> pending;
  for (const RecGroup& g : groups) {
    const uint32_t end = g.first + g.count;
    // References may point anywhere before the end of the current group.
    for (uint32_t i = g.first; i < end; ++i) {
      const SubType& st = m.types[i];
      std::optional<uint32_t> bad;
      for_each_val_type(st.composite, [&](ValType t) {
        if (!bad && t.kind == ValKind::Ref && t.heap.is_index() && t.heap.index() >= end)
          bad = t.heap.index();
      });
      if (bad) return invalid(fmt::format("unknown type {} (in type {})", *bad, i));
      if (st.supertypes.size() > 1)
        return invalid(fmt::format("sub type {} has more than one supertype", i));
      for (uint32_t s : st.supertypes) {
        if (s >= end) return invalid(fmt::format("unknown type {} (supertype of type {})", s, i));
        if (s >= i)
          return invalid(fmt::format("unknown type {}: forward use of a supertype in sub type {}", s, i));
      }
    }
    KeyBuilder kb(tc.canon_, g.first, end);
    kb.key.push_back(g.count);
    pending.clear();
    for (uint32_t i = g.first; i < end; ++i) {
      const SubType& st = m.types[i];
      kb.sub_type(st);
      CanonicalTypeRegistry::Pending p;
      p.kind = st.composite.kind;
      p.final = st.final;
      if (!st.supertypes.empty()) {
        uint32_t s = st.supertypes[0];
        p.has_super = true;
        p.super_in_group = s >= g.first;
        p.super = p.super_in_group ? s - g.first : tc.canon_[s];
      }
      pending.push_back(p);
    }
    uint32_t base = tc.registry_->intern(std::move(kb.key), pending);
    for (uint32_t k = 0; k < g.count; ++k) tc.canon_[g.first + k] = base + k;

    for (uint32_t i = g.first; i < end; ++i) {
      const SubType& st = m.types[i];
      if (st.supertypes.empty()) continue;
      uint32_t s = st.supertypes[0];
      const SubType& sup = m.types[s];
      if (sup.final)
        return invalid(fmt::format("sub type {} does not match super type {}: the supertype is final", i, s));
      if (!tc.is_composite_subtype(st.composite, sup.composite))
        return invalid(fmt::format("sub type {} does not match super type {}", i, s));
    }
  }
  return tc;
}

}  // namespace nanoproc
