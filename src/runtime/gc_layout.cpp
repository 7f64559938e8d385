#include "runtime/gc_layout.h"

#include <algorithm>

#include "runtime/type_registry.h"

namespace nanoproc {
namespace {

void build(TypeRegistry& types, uint32_t id, GcLayout& l) {
  const CanonicalType& ct = types.get(id);
  l.type_id = id;
  l.kind = ct.composite.kind;
  l.final = ct.final;
  for (uint32_t s = id; s != CanonicalType::kNoSuper; s = types.get(s).super) l.supers.push_back(s);
  std::reverse(l.supers.begin(), l.supers.end());
  l.depth = static_cast<uint32_t>(l.supers.size() - 1);
  if (l.kind == CompositeKind::Array) {
    l.elem_size = static_cast<uint8_t>(storage_size(ct.composite.array.field.type));
    return;
  }
  if (l.kind != CompositeKind::Struct) return;
  const auto& fields = ct.composite.struct_.fields;
  l.fields.resize(fields.size());
  // Fields in declaration order, each at the first naturally aligned place that is free:
  // earlier padding is filled by later small fields. Placement depends only on the fields
  // before, so a subtype (whose fields extend its supertype's) keeps the same offsets.
  struct Hole {
    uint32_t at, size;
  };
  std::vector<Hole> holes;
  uint32_t at = kStructFieldsOffset;
  for (size_t i = 0; i < fields.size(); ++i) {
    uint32_t size = storage_size(fields[i].type);
    uint32_t align = std::min(size, 8u);
    bool placed = false;
    for (size_t h = 0; h < holes.size() && !placed; ++h) {
      uint32_t start = (holes[h].at + align - 1) & ~(align - 1);
      uint32_t end = holes[h].at + holes[h].size;
      if (start + size > end) continue;
      l.fields[i].offset = start;
      Hole before{holes[h].at, start - holes[h].at}, after{start + size, end - start - size};
      holes.erase(holes.begin() + static_cast<std::ptrdiff_t>(h));
      if (after.size) holes.insert(holes.begin() + static_cast<std::ptrdiff_t>(h), after);
      if (before.size) holes.insert(holes.begin() + static_cast<std::ptrdiff_t>(h), before);
      placed = true;
    }
    if (!placed) {
      uint32_t start = (at + align - 1) & ~(align - 1);
      if (start > at) holes.push_back({at, start - at});
      l.fields[i].offset = start;
      at = start + size;
    }
    l.fields[i].size = static_cast<uint8_t>(size);
  }
  l.size = (at + 7) & ~7u;
}

}  // namespace

const GcLayout& GcLayoutCache::get(uint32_t type_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = layouts_[type_id];
  if (!slot) {
    slot = std::make_unique<GcLayout>();
    build(types_, type_id, *slot);
  }
  return *slot;
}

}  // namespace nanoproc
