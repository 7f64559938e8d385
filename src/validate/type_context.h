// Type equivalence and subtyping for one module's types (and, through a shared
// CanonicalTypeRegistry, across modules).
//
// Wasm 3.0 types are iso-recursive: two type indices denote the same type iff their rec
// groups are structurally identical (type references inside the group compared by relative
// position, references outside it by identity) and they sit at the same position. The
// CanonicalTypeRegistry interns rec groups by such a structural key and hands out canonical ids;
// types from different modules that share a registry are equal iff their ids are equal.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "ir/module.h"
#include "util/expected.h"

namespace nanoproc {

// The bottom heap type, below every other heap type. It only appears on the validator's
// operand stack (a reference popped from unreachable code); it is not an AbsHeap value.
inline constexpr HeapType kBotHeap = HeapType::abstract(static_cast<AbsHeap>(0));
inline constexpr bool is_bot_heap(HeapType h) { return h == kBotHeap; }

// Type names for diagnostics; unlike to_string(ValType) these know the bottom types.
std::string type_name(ValType t);
// "[i32 i64]"
std::string result_type_name(std::span<const ValType> ts);

// Canonical types shared by any number of modules.
class CanonicalTypeRegistry {
 public:
  static constexpr uint32_t kNoSuper = UINT32_MAX;

  struct Info {
    uint32_t super = kNoSuper;  // canonical id of the declared supertype
    CompositeKind kind = CompositeKind::Func;
    bool final = true;
  };

  // One type of a rec group being interned. `super` is a canonical id, or (if
  // super_in_group) a position within the group.
  struct Pending {
    bool has_super = false;
    bool super_in_group = false;
    uint32_t super = 0;
    CompositeKind kind = CompositeKind::Func;
    bool final = true;
  };

  // Interns a rec group given its structural key (see TypeContext) and returns the
  // canonical id of its first type; the group's types get consecutive ids.
  uint32_t intern(std::vector<uint32_t> key, std::span<const Pending> types);

  uint32_t size() const { return static_cast<uint32_t>(infos_.size()); }
  const Info& info(uint32_t id) const { return infos_[id]; }
  // True if canonical type `a` is `b` or has `b` among its declared supertypes.
  bool is_sub(uint32_t a, uint32_t b) const;
  // Subtyping between types whose concrete heap types are canonical ids of this registry
  // (TypeContext::canonicalize): compares types of different modules, e.g. for linking.
  bool is_subtype(ValType a, ValType b) const;
  bool is_heap_subtype(HeapType a, HeapType b) const;

 private:
  struct KeyHash {
    size_t operator()(const std::vector<uint32_t>& k) const;
  };
  std::unordered_map<std::vector<uint32_t>, uint32_t, KeyHash> groups_;
  std::vector<Info> infos_;
};

// One module's view of its types: canonical ids, lookups and the subtyping relation over
// value, heap, field and function types. Refers to the Module it was built from, which must
// outlive it.
class TypeContext {
 public:
  // Validates the type section (indices in range, supertypes declared before their
  // subtypes, not final, structurally compatible) and canonicalises every rec group.
  // Errors are ErrorKind::Invalid. With a shared registry, canonical ids are comparable
  // across every module built with it.
  static Expected<TypeContext> build(const Module& m,
                                     std::shared_ptr<CanonicalTypeRegistry> registry = nullptr);

  uint32_t size() const { return static_cast<uint32_t>(canon_.size()); }
  bool valid_index(uint32_t idx) const { return idx < canon_.size(); }
  uint32_t canonical(uint32_t idx) const { return canon_[idx]; }
  const CanonicalTypeRegistry& registry() const { return *registry_; }
  const std::shared_ptr<CanonicalTypeRegistry>& registry_ptr() const { return registry_; }

  const SubType& sub_type(uint32_t idx) const { return (*types_)[idx]; }
  CompositeKind kind(uint32_t idx) const { return kinds_[idx]; }
  bool is_func(uint32_t idx) const { return kinds_[idx] == CompositeKind::Func; }
  bool is_struct(uint32_t idx) const { return kinds_[idx] == CompositeKind::Struct; }
  bool is_array(uint32_t idx) const { return kinds_[idx] == CompositeKind::Array; }
  const FuncType& func_type(uint32_t idx) const { return (*types_)[idx].composite.func; }
  const StructType& struct_type(uint32_t idx) const { return (*types_)[idx].composite.struct_; }
  const ArrayType& array_type(uint32_t idx) const { return (*types_)[idx].composite.array; }

  // `t` with a concrete heap type replaced by its canonical id, for CanonicalTypeRegistry::is_subtype.
  ValType canonicalize(ValType t) const;

  // Two type indices denote the same type.
  bool same_type(uint32_t a, uint32_t b) const { return canon_[a] == canon_[b]; }
  bool same_type(ValType a, ValType b) const;

  bool is_subtype(ValType a, ValType b) const {
    if (a == b) return true;
    return is_subtype_slow(a, b);
  }
  bool is_heap_subtype(HeapType a, HeapType b) const;
  bool is_field_subtype(const FieldType& a, const FieldType& b) const;
  bool is_func_subtype(const FuncType& a, const FuncType& b) const;
  // Every a[i] <: b[i], same length.
  bool is_result_subtype(std::span<const ValType> a, std::span<const ValType> b) const;
  // Composite `a` may declare `b` as its supertype.
  bool is_composite_subtype(const CompositeType& a, const CompositeType& b) const;

  // any, func, extern or exn: the top of `h`'s hierarchy (kBotHeap for kBotHeap).
  HeapType top(HeapType h) const;
  // none, nofunc, noextern or noexn: the bottom of `h`'s hierarchy.
  HeapType bottom(HeapType h) const;

 private:
  bool is_subtype_slow(ValType a, ValType b) const;

  const std::vector<SubType>* types_ = nullptr;
  std::shared_ptr<CanonicalTypeRegistry> registry_;
  std::vector<uint32_t> canon_;
  std::vector<CompositeKind> kinds_;
};

}  // namespace nanoproc
