// The per-Store GC heap: structs, arrays and exceptions (object formats: gc_layout.h).
//
// Allocation bumps a pointer through 1 MiB chunks of fresh anonymous memory (zero-filled
// by the OS, so default-initialised objects need no clearing); objects larger than a
// quarter chunk get a mapping of their own. Nothing is freed before the Store is destroyed:
// there is no collector yet. Instead the bytes handed out are bounded by a limit
// (EngineConfig::max_gc_heap_bytes); an allocation past it fails and the interpreter traps
// (TrapKind::GcHeapLimit) instead of exhausting the host.
//
// The heap also answers subtype questions about canonical types for casts, from a
// store-local table of layouts (no lock on the hot path; the engine-wide layout cache is
// consulted once per type).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "runtime/gc_layout.h"
#include "runtime/object.h"

namespace nanoproc {

class GcHeap {
 public:
  GcHeap(GcLayoutCache& layouts, uint64_t limit_bytes) : layouts_(layouts), budget_(limit_bytes) {}
  ~GcHeap();
  GcHeap(const GcHeap&) = delete;
  GcHeap& operator=(const GcHeap&) = delete;

  // `bytes` (a multiple of 8) of zeroed memory, 8-aligned; nullptr once the limit is
  // reached. The fast path is inline; alloc_slow maps memory (callers in the interpreter
  // loop call it with guest execution marked inactive).
  void* alloc_fast(uint64_t bytes) {
    if (bytes > static_cast<uint64_t>(end_ - top_) || bytes > budget_) return nullptr;
    void* p = top_;
    top_ += bytes;
    budget_ -= bytes;
    return p;
  }
  void* alloc_slow(uint64_t bytes);
  void* alloc(uint64_t bytes) {
    void* p = alloc_fast(bytes);
    return p ? p : alloc_slow(bytes);
  }

  // A struct of the given layout with zeroed fields / an array of `length` zeroed
  // elements; nullptr at the limit.
  Ref new_struct(const GcLayout& l);
  Ref new_array(const GcLayout& l, uint32_t length);

  // Is canonical type `sub` a subtype of `super`?
  bool is_subtype(uint32_t sub, uint32_t super);

  const GcLayout& layout(uint32_t type_id) { return layouts_.get(type_id); }
  uint64_t bytes_left() const { return budget_; }

 private:
  const GcLayout& local_layout(uint32_t type_id);

  GcLayoutCache& layouts_;
  uint8_t* top_ = nullptr;
  uint8_t* end_ = nullptr;
  uint64_t budget_;  // bytes that may still be handed out
  struct Mapping {
    void* p;
    size_t len;
  };
  std::vector<Mapping> mappings_;
  std::vector<const GcLayout*> by_id_;  // store-local view of layouts_, filled on demand
};

// Size in bytes of an array object, or UINT64_MAX if it cannot exist (overflow).
inline uint64_t gc_array_bytes(const GcLayout& l, uint64_t length) {
  if (length > UINT32_MAX) return UINT64_MAX;
  return (kArrayDataOffset + length * l.elem_size + 7) & ~uint64_t{7};
}

inline uint32_t gc_array_length(Ref r) {
  uint32_t n;
  std::memcpy(&n, static_cast<const uint8_t*>(r) + kArrayLengthOffset, 4);
  return n;
}
inline uint8_t* gc_array_data(Ref r) { return static_cast<uint8_t*>(r) + kArrayDataOffset; }

// Moves one field value between its slot form (8-byte slots, zero-extended; v128: two
// slots) and its storage form of `size` bytes (packed values truncate).
inline void gc_store_field(uint8_t* at, unsigned size, const uint64_t* slot) {
  std::memcpy(at, slot, size);  // little-endian: the low bytes of the slot
}
// Loads an unpacked field (size 4, 8 or 16) into slot form.
inline void gc_load_field(const uint8_t* at, unsigned size, uint64_t* slot) {
  if (size == 4) {
    uint32_t v;
    std::memcpy(&v, at, 4);
    slot[0] = v;
  } else {
    std::memcpy(slot, at, size);
  }
}

}  // namespace nanoproc
