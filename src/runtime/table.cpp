#include "runtime/table.h"

namespace nanoproc {

namespace {
// Tables are vectors of pointers. Past 2^28 elements (2 GiB of references) growth fails as
// memory.grow does when the host is out of memory: with -1, never by asking the allocator
// for tens of gigabytes (which aborts under sanitizers and overcommits otherwise).
constexpr uint64_t kTableHardMax = uint64_t{1} << 28;

// The largest size the table's address type can express: a table32 holds at most 2^32-1.
uint64_t type_max_of(const TableType& type) {
  if (type.limits.has_max) return type.limits.max;
  return type.limits.is64 ? UINT64_MAX : UINT32_MAX;
}
}

Expected<std::unique_ptr<TableInstance>> TableInstance::create(const TableType& type, Ref init, uint64_t max_elems_limit) {
  std::unique_ptr<TableInstance> t(new TableInstance());
  t->type_ = type;
  uint64_t type_max = type_max_of(type);
  t->limit_ = max_elems_limit ? max_elems_limit : kTableHardMax;
  t->max_ = std::min(std::min(type_max, t->limit_), kTableHardMax);
  if (type.limits.min > t->max_)
    return make_error(ErrorKind::Uninstantiable, "table of {} elements exceeds the limit of {}", type.limits.min, t->max_);
  try {
    t->elems_.assign(type.limits.min, init);
  } catch (const std::bad_alloc&) {
    return make_error(ErrorKind::Uninstantiable, "cannot allocate a table of {} elements", type.limits.min);
  }
  return t;
}

int64_t TableInstance::grow(uint64_t delta, Ref init) {
  last_grow_hit_limit_ = false;
  uint64_t old = elems_.size();
  if (delta > max_ || old > max_ - delta) {
    uint64_t type_max = type_max_of(type_);
    last_grow_hit_limit_ = delta <= type_max && old <= type_max - delta;
    return -1;
  }
  try {
    elems_.resize(old + delta, init);
  } catch (const std::bad_alloc&) {
    return -1;
  }
  return static_cast<int64_t>(old);
}

}  // namespace nanoproc
