#include "wasi/fd_table.h"

#include <algorithm>

namespace nanoproc::wasi {

std::optional<uint32_t> FdTable::insert(std::unique_ptr<FdEntry> e) {
  size_t i = std::min<size_t>(first_free_, slots_.size());
  while (i < slots_.size() && slots_[i]) ++i;
  if (i >= max_) return std::nullopt;
  if (i == slots_.size()) slots_.emplace_back();
  slots_[i] = std::move(e);
  first_free_ = static_cast<uint32_t>(i + 1);
  return static_cast<uint32_t>(i);
}

void FdTable::insert_at(uint32_t fd, std::unique_ptr<FdEntry> e) {
  if (fd >= slots_.size()) slots_.resize(fd + 1);
  slots_[fd] = std::move(e);
  if (fd == first_free_) ++first_free_;
}

std::unique_ptr<FdEntry> FdTable::remove(uint32_t fd) {
  if (fd >= slots_.size() || !slots_[fd]) return nullptr;
  std::unique_ptr<FdEntry> e = std::move(slots_[fd]);
  if (fd < first_free_) first_free_ = fd;
  while (!slots_.empty() && !slots_.back()) slots_.pop_back();
  return e;
}

}  // namespace nanoproc::wasi
