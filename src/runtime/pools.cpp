#include "runtime/pools.h"

#include <sys/mman.h>

#include "runtime/guard.h"

namespace nanoproc {

MemorySlotPool::~MemorySlotPool() {
  for (const Slot& s : idle_) {
    unregister_guard_region(s.base);
    ::munmap(s.base, s.reserved);
  }
}

std::optional<MemorySlotPool::Slot> MemorySlotPool::take(uint64_t reserved) {
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t i = idle_.size(); i-- > 0;) {
    if (idle_[i].reserved != reserved) continue;
    Slot s = idle_[i];
    idle_[i] = idle_.back();
    idle_.pop_back();
    return s;
  }
  return std::nullopt;
}

bool MemorySlotPool::give(const Slot& s, uint64_t used, uint64_t image) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (idle_.size() >= max_idle_) return false;
  }
  // Zero what the last owner could have written; the kernel frees the pages it touched and
  // maps zero pages on the next touch. Done outside the lock: it is the expensive part.
  if (image && ::mmap(s.base, image, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
                      -1, 0) == MAP_FAILED)
    return false;
  if (used > image && ::madvise(s.base + image, used - image, MADV_DONTNEED) != 0) return false;
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() >= max_idle_) return false;
  idle_.push_back(s);
  return true;
}

StackPool::~StackPool() {
  for (const Stack& s : idle_) ::munmap(s.base, s.bytes);
}

std::optional<StackPool::Stack> StackPool::take(size_t bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t i = idle_.size(); i-- > 0;) {
    if (idle_[i].bytes != bytes) continue;
    Stack s = idle_[i];
    idle_[i] = idle_.back();
    idle_.pop_back();
    return s;
  }
  return std::nullopt;
}

void StackPool::give(const Stack& s) {
  bool keep;
  {
    std::lock_guard<std::mutex> lock(mu_);
    keep = idle_.size() < max_idle_;
  }
  if (keep && s.bytes > kKeepResident &&
      ::madvise(static_cast<char*>(s.base) + kKeepResident, s.bytes - kKeepResident, MADV_DONTNEED) != 0)
    keep = false;
  if (keep) {
    std::lock_guard<std::mutex> lock(mu_);
    if (idle_.size() < max_idle_) {
      idle_.push_back(s);
      return;
    }
  }
  ::munmap(s.base, s.bytes);
}

}  // namespace nanoproc
