// Engine-wide canonical types. Wasm 3.0 types are iso-recursive: two types are the same iff
// their rec groups are structurally identical and they sit at the same position. Every
// module's type indices are mapped to canonical ids here at compile time, so linking and
// call_indirect compare integers, and subtype checks walk a chain of canonical ids.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "ir/module.h"

namespace nanoproc {

// A canonical type: its composite type with every concrete heap type rewritten to a
// canonical id, and its declared supertype's canonical id.
struct CanonicalType {
  static constexpr uint32_t kNoSuper = UINT32_MAX;
  CompositeType composite;  // HeapType::index values are canonical ids
  uint32_t super = kNoSuper;
  bool final = true;
  uint32_t depth = 0;  // length of the supertype chain
};

class TypeRegistry {
 public:
  // Canonicalises all rec groups of `m`; returns the canonical id of each type index.
  std::vector<uint32_t> register_module(const Module& m);

  // Thread-safe reads (types are never removed, ids are stable).
  const CanonicalType& get(uint32_t id) const;
  bool is_subtype(uint32_t sub, uint32_t super) const;
  // Subtyping of value types whose concrete heap types are canonical ids.
  bool is_subtype(ValType a, ValType b) const;
  bool heap_subtype(HeapType a, HeapType b) const;
  // The abstract top of a heap type (func, any, extern, exn).
  AbsHeap top_of(HeapType h) const;

 private:
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<CanonicalType>> types_;  // stable addresses
  std::unordered_map<std::string, uint32_t> groups_;   // group key -> first id
};

// Rewrites the concrete heap types of `t` from module type indices to canonical ids.
ValType canonicalize(ValType t, const std::vector<uint32_t>& ids);

}  // namespace nanoproc
