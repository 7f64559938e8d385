#include "runtime/memory.h"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>

#include "runtime/guard.h"
#include "runtime/memory_image.h"
#include "runtime/pools.h"

namespace nanoproc {
namespace {

constexpr uint64_t kPage32Max = 65536;               // pages of a 32-bit memory
constexpr uint64_t kPage64Max = uint64_t{1} << 48;   // pages of a 64-bit memory (spec limit)
// No host can map more than this (x86-64 and AArch64 user space is 2^47 bytes); bigger
// memories fail to instantiate or grow as if the host were out of memory. It also keeps
// `pages << shift` below 2^64: a memory64 of 2^48 64-KiB pages would wrap to 0 bytes.
constexpr uint64_t kHostMaxBytes = uint64_t{1} << 47;
constexpr uint64_t kMinGuardReservation = (8ull << 30) + 16;

uint64_t round_up_os_page(uint64_t n) { return (n + 4095) & ~uint64_t{4095}; }

}  // namespace

Expected<std::unique_ptr<LinearMemory>> LinearMemory::create(const MemoryType& type, const MemoryConfig& cfg) {
  std::unique_ptr<LinearMemory> m(new LinearMemory());
  m->type_ = type;
  const unsigned shift = type.page_size_log2;
  const uint64_t type_max = type.limits.has_max ? type.limits.max : (type.limits.is64 ? kPage64Max : kPage32Max);
  uint64_t max_pages = std::min<uint64_t>(type_max, kHostMaxBytes >> shift);
  if (cfg.max_bytes) max_pages = std::min<uint64_t>(max_pages, cfg.max_bytes >> shift);
  m->max_pages_ = max_pages;
  m->limit_bytes_ = cfg.max_bytes;
  if (type.limits.min > max_pages) {
    return make_error(ErrorKind::Uninstantiable, "memory of {} pages exceeds the limit of {} pages",
                      type.limits.min, max_pages);
  }
  // Cannot overflow: min <= max_pages <= 2^47 bytes >> shift.
  const uint64_t initial = type.limits.min << shift;

  m->guarded_ = cfg.guard_pages && !type.limits.is64 && shift == 16;
  if (m->guarded_) {
    if (cfg.guard_reservation < kMinGuardReservation)
      return make_error(ErrorKind::Usage, "guard reservation of {} bytes is too small (need at least 8 GiB)",
                        cfg.guard_reservation);
    m->reserved_ = round_up_os_page(cfg.guard_reservation);
  } else {
    // Reserve the maximum if it is known and modest; otherwise start small and remap on grow.
    uint64_t max_bytes = max_pages << shift;
    uint64_t want = std::max<uint64_t>(initial, std::min<uint64_t>(max_bytes, cfg.unguarded_reservation));
    m->reserved_ = round_up_os_page(std::max<uint64_t>(want, 4096));
  }
  if (m->guarded_ && cfg.pool) {
    if (auto slot = cfg.pool->take(m->reserved_)) {
      // A pooled slot is zero and registered; only its read/write prefix needs adjusting.
      const uint64_t commit = round_up_os_page(initial);
      int rc = 0;
      if (slot->rw_bytes < commit)
        rc = ::mprotect(slot->base + slot->rw_bytes, commit - slot->rw_bytes, PROT_READ | PROT_WRITE);
      else if (slot->rw_bytes > commit)
        rc = ::mprotect(slot->base + commit, slot->rw_bytes - commit, PROT_NONE);
      if (rc == 0) {
        m->data_ = slot->base;
        m->committed_ = commit;
        m->size_ = initial;
        m->pool_ = cfg.pool;
        return m;
      }
      unregister_guard_region(slot->base);
      ::munmap(slot->base, slot->reserved);
    }
  }
  void* p = ::mmap(nullptr, m->reserved_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    return make_error(ErrorKind::Uninstantiable, "cannot reserve {} bytes of address space for a memory: {}",
                      m->reserved_, std::strerror(errno));
  }
  m->data_ = static_cast<uint8_t*>(p);
  if (initial) {
    uint64_t commit = round_up_os_page(initial);
    if (::mprotect(m->data_, commit, PROT_READ | PROT_WRITE) != 0) {
      return make_error(ErrorKind::Uninstantiable, "cannot commit {} bytes of memory: {}", commit,
                        std::strerror(errno));
    }
    m->committed_ = commit;
  }
  m->size_ = initial;
  if (m->guarded_ && !register_guard_region(m->data_, m->reserved_)) {
    m->guarded_ = false;  // so the destructor unmaps without unregistering
    return make_error(ErrorKind::Uninstantiable, "too many guarded memories in this process");
  }
  if (m->guarded_) m->pool_ = cfg.pool;
  return m;
}

bool LinearMemory::can_reserve_guarded(const MemoryConfig& cfg) {
  const uint64_t bytes = round_up_os_page(cfg.guard_reservation);
  void* p = ::mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return false;
  ::munmap(p, bytes);
  return true;
}

LinearMemory::~LinearMemory() {
  if (data_ && pool_ && pool_->give({data_, reserved_, committed_}, committed_, image_bytes_)) return;
  if (data_) {
    if (guarded_) unregister_guard_region(data_);
    ::munmap(data_, reserved_);
  }
}

bool LinearMemory::map_image(const MemoryImage& image) {
  if (!guarded_ || image_bytes_ || image.bytes() > committed_) return false;
  void* p = ::mmap(data_, image.bytes(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, image.fd(), 0);
  if (p == MAP_FAILED) return false;
  image_bytes_ = image.bytes();
  return true;
}

int64_t LinearMemory::grow(uint64_t delta) {
  last_grow_hit_limit_ = false;
  const unsigned shift = type_.page_size_log2;
  const uint64_t old_pages = pages();
  if (delta == 0) return static_cast<int64_t>(old_pages);
  const uint64_t type_max = type_.limits.has_max ? type_.limits.max : (type_.limits.is64 ? kPage64Max : kPage32Max);
  if (delta > max_pages_ || old_pages > max_pages_ - delta) {
    last_grow_hit_limit_ = limit_bytes_ != 0 && delta <= type_max && old_pages <= type_max - delta;
    return -1;
  }
  const uint64_t new_size = (old_pages + delta) << shift;
  const uint64_t new_commit = round_up_os_page(new_size);
  if (new_commit > reserved_) {
    if (guarded_) return -1;  // cannot happen: the reservation covers 4 GiB
    // Move the committed part (one read/write mapping) to a larger one; the kernel moves
    // page tables, it does not copy. The old PROT_NONE tail is released separately
    // because mremap cannot span two mappings with different protections.
    void* p;
    if (committed_ == 0) {
      p = ::mmap(nullptr, new_commit, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (p == MAP_FAILED) return -1;
      ::munmap(data_, reserved_);
    } else {
      p = ::mremap(data_, committed_, new_commit, MREMAP_MAYMOVE);
      if (p == MAP_FAILED) return -1;
      if (reserved_ > committed_ && p != data_) ::munmap(data_ + committed_, reserved_ - committed_);
    }
    data_ = static_cast<uint8_t*>(p);
    reserved_ = committed_ = new_commit;
  }
  if (new_commit > committed_) {
    if (::mprotect(data_ + committed_, new_commit - committed_, PROT_READ | PROT_WRITE) != 0) return -1;
    committed_ = new_commit;
  }
  size_ = new_size;
  return static_cast<int64_t>(old_pages);
}

}  // namespace nanoproc
