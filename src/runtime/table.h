// Tables of references.
#pragma once
#include <cstdint>
#include <vector>

#include <memory>

#include "ir/types.h"
#include "runtime/object.h"
#include "util/expected.h"

namespace nanoproc {

class TableInstance {
 public:
  // `max_elems_limit` (0 = none) caps growth below the type's maximum.
  static Expected<std::unique_ptr<TableInstance>> create(const TableType& type, Ref init, uint64_t max_elems_limit);

  const TableType& type() const { return type_; }
  uint64_t size() const { return elems_.size(); }
  Ref* data() { return elems_.data(); }
  Ref get(uint64_t i) const { return elems_[i]; }
  void set(uint64_t i, Ref r) { elems_[i] = r; }

  // table.grow: returns the old size, or -1 if it cannot grow by `delta`.
  int64_t grow(uint64_t delta, Ref init);
  bool last_grow_hit_limit() const { return last_grow_hit_limit_; }

 private:
  TableInstance() = default;
  TableType type_;
  std::vector<Ref> elems_;
  uint64_t max_ = 0;
  uint64_t limit_ = 0;
  bool last_grow_hit_limit_ = false;
};

}  // namespace nanoproc
