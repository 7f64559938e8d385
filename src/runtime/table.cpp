#include "runtime/table.h"

namespace nanoproc {

namespace {
// Tables are vectors of pointers; cap them where a vector can still be allocated.
constexpr uint64_t kTableHardMax = uint64_t{1} << 32;
}

Expected<std::unique_ptr<TableInstance>> TableInstance::create(const TableType& type, Ref init, uint64_t max_elems_limit) {
  std::unique_ptr<TableInstance> t(new TableInstance());
  t->type_ = type;
  uint64_t type_max = type.limits.has_max ? type.limits.max : kTableHardMax;
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
    uint64_t type_max = type_.limits.has_max ? type_.limits.max : kTableHardMax;
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
