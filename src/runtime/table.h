// Tables of references.
#pragma once
#include <cstdint>
#include <memory>

#include "ir/types.h"
#include "runtime/object.h"
#include "util/expected.h"

namespace nanoproc {

class TableInstance {
 public:
  // `max_elems_limit` (0 = none) caps growth below the type's maximum.
  static Expected<std::unique_ptr<TableInstance>> create(const TableType& type, Ref init, uint64_t max_elems_limit);
  ~TableInstance();
  TableInstance(const TableInstance&) = delete;
  TableInstance& operator=(const TableInstance&) = delete;

  const TableType& type() const { return type_; }
  uint64_t size() const { return size_; }
  Ref* data() { return elems_; }
  Ref get(uint64_t i) const { return elems_[i]; }
  void set(uint64_t i, Ref r) { elems_[i] = r; }

  // table.grow: returns the old size, or -1 if it cannot grow by `delta`.
  int64_t grow(uint64_t delta, Ref init);
  bool last_grow_hit_limit() const { return last_grow_hit_limit_; }

 private:
  TableInstance() = default;
  // Makes room for `n` elements; new elements are null. False if the host is out of memory.
  bool reserve(uint64_t n);

  TableType type_;
  // Small tables live on the heap; large ones in an anonymous mapping, so elements that are
  // never written (null is all-zero bits) are never committed: a declared 2^27-element table
  // costs address space, not 1 GiB of resident memory. `mapped_bytes_` is 0 for the heap.
  Ref* elems_ = nullptr;
  uint64_t size_ = 0;
  uint64_t capacity_ = 0;
  uint64_t mapped_bytes_ = 0;
  uint64_t max_ = 0;
  uint64_t limit_ = 0;
  bool last_grow_hit_limit_ = false;
};

}  // namespace nanoproc
