// Pools of the address-space reservations a Store needs: guarded linear-memory slots and
// execution stacks. Spawning a nanoprocess is dominated by mmap/munmap and by the page
// faults of fresh mappings, so a released reservation is reset in place (its pages given
// back to the kernel with MADV_DONTNEED, which also zeroes them) and kept for the next
// Store of the same Engine. Thread-safe; owned by the Engine, which outlives its Stores.
#pragma once
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

namespace nanoproc {

// Guarded 32-bit memory reservations, all of one size, registered with the fault handler
// for as long as they exist. A pooled slot is PROT_NONE beyond `rw_bytes` and zero below.
class MemorySlotPool {
 public:
  struct Slot {
    uint8_t* base = nullptr;
    uint64_t reserved = 0;
    uint64_t rw_bytes = 0;  // read/write prefix (zeroed)
  };
  explicit MemorySlotPool(size_t max_idle) : max_idle_(max_idle) {}
  ~MemorySlotPool();
  MemorySlotPool(const MemorySlotPool&) = delete;
  MemorySlotPool& operator=(const MemorySlotPool&) = delete;

  std::optional<Slot> take(uint64_t reserved);
  // Zeroes the slot's first `used` bytes (the first `image` of them mapped from a memory
  // image are replaced by anonymous memory) and keeps it; false (the caller unmaps it) when
  // the pool is full or the reset failed.
  bool give(const Slot& s, uint64_t used, uint64_t image = 0);

 private:
  std::mutex mu_;
  std::vector<Slot> idle_;
  size_t max_idle_;
};

// Execution stacks (values + call frames in one mapping, committed lazily by the OS).
// A stack is reused without zeroing its hot prefix: the interpreter never reads a slot or
// frame it has not written in the current call (locals are zeroed at function entry,
// operands are written before they are read by validation, constants are copied in), so
// stale values are unobservable; pages past the prefix are returned to the kernel.
class StackPool {
 public:
  struct Stack {
    void* base = nullptr;
    size_t bytes = 0;
  };
  explicit StackPool(size_t max_idle) : max_idle_(max_idle) {}
  ~StackPool();
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;

  std::optional<Stack> take(size_t bytes);
  void give(const Stack& s);  // unmaps it when the pool is full

  static constexpr size_t kKeepResident = 64 << 10;

 private:
  std::mutex mu_;
  std::vector<Stack> idle_;
  size_t max_idle_;
};

}  // namespace nanoproc
