#include "runtime/gc_heap.h"

#include <sys/mman.h>

namespace nanoproc {
namespace {

constexpr size_t kChunkBytes = size_t{1} << 20;
constexpr size_t kLargeObjectBytes = kChunkBytes / 4;

void* map_zeroed(size_t len) {
  void* p = ::mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

}  // namespace

GcHeap::~GcHeap() {
  for (const Mapping& m : mappings_) ::munmap(m.p, m.len);
}

void* GcHeap::alloc_slow(uint64_t bytes) {
  if (bytes > budget_) return nullptr;
  if (bytes >= kLargeObjectBytes) {
    size_t len = (static_cast<size_t>(bytes) + 4095) & ~size_t{4095};
    void* p = map_zeroed(len);
    if (!p) return nullptr;
    mappings_.push_back({p, len});
    budget_ -= bytes;
    return p;
  }
  // The rest of the current chunk is abandoned (at most a quarter chunk).
  void* p = map_zeroed(kChunkBytes);
  if (!p) return nullptr;
  mappings_.push_back({p, kChunkBytes});
  top_ = static_cast<uint8_t*>(p);
  end_ = top_ + kChunkBytes;
  return alloc_fast(bytes);
}

Ref GcHeap::new_struct(const GcLayout& l) {
  void* p = alloc(l.size);
  if (!p) return nullptr;
  auto* h = static_cast<ObjHeader*>(p);
  h->kind = ObjKind::Struct;
  h->type_id = l.type_id;
  return p;
}

Ref GcHeap::new_array(const GcLayout& l, uint32_t length) {
  void* p = alloc(gc_array_bytes(l, length));
  if (!p) return nullptr;
  auto* h = static_cast<ObjHeader*>(p);
  h->kind = ObjKind::Array;
  h->type_id = l.type_id;
  std::memcpy(static_cast<uint8_t*>(p) + kArrayLengthOffset, &length, 4);
  return p;
}

const GcLayout& GcHeap::local_layout(uint32_t type_id) {
  if (type_id >= by_id_.size()) by_id_.resize(type_id + 1, nullptr);
  const GcLayout*& l = by_id_[type_id];
  if (!l) l = &layouts_.get(type_id);
  return *l;
}

bool GcHeap::is_subtype(uint32_t sub, uint32_t super) {
  if (sub == super) return true;
  const GcLayout& s = local_layout(sub);
  const GcLayout& t = local_layout(super);
  return s.depth >= t.depth && s.supers[t.depth] == super;
}

}  // namespace nanoproc
