// Linear memories. A 32-bit memory in guard mode reserves its whole reachable range
// (4 GiB of address space for the index plus 4 GiB for the static offset, plus a guard) as
// PROT_NONE and commits pages on grow, so the interpreter does no bounds checks: an access
// past the end faults in the reservation and the fault handler (guard.h) turns it into a
// trap. 64-bit memories, and every memory in explicit-bounds mode, are checked by the
// interpreter instead and reserve only what they may grow to.
#pragma once
#include <cstdint>
#include <memory>

#include "ir/types.h"
#include "util/expected.h"

namespace nanoproc {

class MemorySlotPool;
class MemoryImage;

struct MemoryConfig {
  // Rely on guard pages for 32-bit memories. Off: explicit checks everywhere, small
  // reservations (hosts with little address space, thousands of instances).
  bool guard_pages = true;
  // Address space reserved per guarded 32-bit memory. Must cover 2^32 + 2^32 + 16 bytes
  // for all loads to fault inside it; smaller values are rejected.
  uint64_t guard_reservation = (8ull << 30) + (64ull << 10);
  // Upper bound of what one unguarded memory reserves up front when its maximum is
  // unknown; beyond it, growth remaps (and may move) the memory.
  uint64_t unguarded_reservation = 64ull << 20;
  // Largest size any memory may grow to (bytes); 0 = only the type's limits apply.
  uint64_t max_bytes = 0;
  // Where guarded reservations come from and go back to (the Engine's); null: mmap each.
  MemorySlotPool* pool = nullptr;
};

class LinearMemory {
 public:
  static Expected<std::unique_ptr<LinearMemory>> create(const MemoryType& type, const MemoryConfig& cfg);
  // Whether this process can reserve one guarded memory's address space at all (a
  // RLIMIT_AS of a few GiB, as sandboxes and CI runners set, cannot).
  static bool can_reserve_guarded(const MemoryConfig& cfg);
  ~LinearMemory();
  LinearMemory(const LinearMemory&) = delete;
  LinearMemory& operator=(const LinearMemory&) = delete;

  uint8_t* data() const { return data_; }
  uint64_t size_bytes() const { return size_; }
  uint64_t pages() const { return size_ >> type_.page_size_log2; }
  const MemoryType& type() const { return type_; }
  bool is64() const { return type_.limits.is64; }
  // True if out-of-bounds accesses fault in the guard region rather than being checked.
  bool guarded() const { return guarded_; }

  // memory.grow: returns the old size in pages, or -1 if the memory cannot grow by
  // `delta` pages (type maximum, configured limit, or the OS refused).
  int64_t grow(uint64_t delta);
  // Why the last grow failed: true if a configured limit (not the type) refused it.
  bool last_grow_hit_limit() const { return last_grow_hit_limit_; }

  // Bounds check for host code: [offset, offset+len) inside the memory.
  bool in_bounds(uint64_t offset, uint64_t len) const {
    return offset <= size_ && len <= size_ - offset;
  }

  uint64_t max_pages() const { return max_pages_; }

  // Maps `image` copy-on-write over the start of a fresh guarded memory; false (nothing
  // changed) when this memory cannot take it, and the caller copies the segments instead.
  bool map_image(const MemoryImage& image);

 private:
  LinearMemory() = default;
  MemoryType type_;
  uint8_t* data_ = nullptr;
  uint64_t size_ = 0;        // accessible bytes
  uint64_t committed_ = 0;   // bytes with read/write protection
  uint64_t reserved_ = 0;    // bytes of address space mapped
  uint64_t max_pages_ = 0;   // largest size in pages (type max, limits)
  bool guarded_ = false;
  bool last_grow_hit_limit_ = false;
  uint64_t limit_bytes_ = 0;
  uint64_t image_bytes_ = 0;  // prefix mapped from a MemoryImage
  MemorySlotPool* pool_ = nullptr;  // set when the reservation came from (and returns to) a pool
};

}  // namespace nanoproc
