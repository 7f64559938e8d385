#include "runtime/table.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace nanoproc {

namespace {
// Tables are arrays of pointers. Past 2^28 elements (2 GiB of references) growth fails as
// memory.grow does when the host is out of memory: with -1, never by asking the allocator
// for tens of gigabytes (which aborts under sanitizers and overcommits otherwise).
constexpr uint64_t kTableHardMax = uint64_t{1} << 28;

// Below this many bytes a table is a heap array; above it, an anonymous mapping whose
// untouched pages stay uncommitted (and are zero, i.e. null, when first read).
constexpr uint64_t kMapThresholdBytes = 256 * 1024;

// The largest size the table's address type can express: a table32 holds at most 2^32-1.
uint64_t type_max_of(const TableType& type) {
  if (type.limits.has_max) return type.limits.max;
  return type.limits.is64 ? UINT64_MAX : UINT32_MAX;
}

uint64_t page_round(uint64_t bytes) {
  uint64_t page = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  return (bytes + page - 1) / page * page;
}
}  // namespace

TableInstance::~TableInstance() {
  if (mapped_bytes_) munmap(elems_, mapped_bytes_);
  else std::free(elems_);
}

bool TableInstance::reserve(uint64_t n) {
  if (n <= capacity_) return true;
  uint64_t bytes = n * sizeof(Ref);
  if (bytes <= kMapThresholdBytes) {
    // Heap arrays grow geometrically (bounded by the threshold) so repeated table.grow
    // by one element stays amortised O(1).
    uint64_t cap = std::max<uint64_t>(n, std::min<uint64_t>(capacity_ * 2, kMapThresholdBytes / sizeof(Ref)));
    void* p = std::realloc(elems_, cap * sizeof(Ref));
    if (!p) return false;
    elems_ = static_cast<Ref*>(p);
    std::memset(elems_ + size_, 0, (cap - size_) * sizeof(Ref));
    capacity_ = cap;
    return true;
  }
  uint64_t map_bytes = page_round(bytes);
  void* p;
  if (mapped_bytes_) {
    // The kernel moves the page tables, not the contents, and the extension is fresh
    // zero pages.
    p = mremap(elems_, mapped_bytes_, map_bytes, MREMAP_MAYMOVE);
  } else {
    p = mmap(nullptr, map_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p != MAP_FAILED && size_) std::memcpy(p, elems_, size_ * sizeof(Ref));
  }
  if (p == MAP_FAILED) return false;
  if (!mapped_bytes_) std::free(elems_);
  elems_ = static_cast<Ref*>(p);
  mapped_bytes_ = map_bytes;
  capacity_ = map_bytes / sizeof(Ref);
  return true;
}

Expected<std::unique_ptr<TableInstance>> TableInstance::create(const TableType& type, Ref init, uint64_t max_elems_limit) {
  std::unique_ptr<TableInstance> t(new TableInstance());
  t->type_ = type;
  uint64_t type_max = type_max_of(type);
  t->limit_ = max_elems_limit ? max_elems_limit : kTableHardMax;
  t->max_ = std::min(std::min(type_max, t->limit_), kTableHardMax);
  if (type.limits.min > t->max_)
    return make_error(ErrorKind::Uninstantiable, "table of {} elements exceeds the limit of {}", type.limits.min, t->max_);
  if (t->grow(type.limits.min, init) < 0)
    return make_error(ErrorKind::Uninstantiable, "cannot allocate a table of {} elements", type.limits.min);
  return t;
}

int64_t TableInstance::grow(uint64_t delta, Ref init) {
  last_grow_hit_limit_ = false;
  uint64_t old = size_;
  if (delta > max_ || old > max_ - delta) {
    uint64_t type_max = type_max_of(type_);
    last_grow_hit_limit_ = delta <= type_max && old <= type_max - delta;
    return -1;
  }
  if (!reserve(old + delta)) return -1;
  // Storage past size_ is already null; only a non-null initial value touches the pages.
  if (init != nullptr) std::fill(elems_ + old, elems_ + old + delta, init);
  size_ = old + delta;
  return static_cast<int64_t>(old);
}

}  // namespace nanoproc
