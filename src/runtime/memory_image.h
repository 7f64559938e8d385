// A compiled module's initial linear memory as a sealed memfd, so that instantiating maps it
// copy-on-write (mmap MAP_PRIVATE) instead of copying the data segments: pages the instance
// never touches cost nothing, and those it only reads are shared by every instance.
// Built once per CompiledModule, only where it is exact: one defined 32-bit memory with
// 64 KiB pages, no imported memory, every active data segment at a constant offset inside
// the memory's initial size (so none of them can trap), and enough data to beat memcpy.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "ir/module.h"

namespace nanoproc {

class MemoryImage {
 public:
  // nullptr when the module does not qualify or the image is smaller than `min_bytes`.
  static std::unique_ptr<MemoryImage> build(const Module& m, uint64_t min_bytes);
  ~MemoryImage();
  MemoryImage(const MemoryImage&) = delete;
  MemoryImage& operator=(const MemoryImage&) = delete;

  int fd() const { return fd_; }
  uint64_t bytes() const { return bytes_; }  // a multiple of the OS page size

 private:
  MemoryImage() = default;
  int fd_ = -1;
  uint64_t bytes_ = 0;
};

}  // namespace nanoproc
