#include "runtime/memory_image.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <optional>

#include "util/byte_reader.h"

namespace nanoproc {
namespace {

constexpr uint8_t kI32Const = 0x41, kEnd = 0x0B;

// The offset of `i32.const N end`; nullopt for any other constant expression.
std::optional<uint32_t> constant_offset(const ConstExpr& e) {
  if (e.bytes.size() < 3 || e.bytes[0] != kI32Const || e.bytes.back() != kEnd) return std::nullopt;
  ByteReader r(std::span<const uint8_t>(e.bytes.data() + 1, e.bytes.size() - 2));
  int32_t v = r.s32();
  if (!r.ok() || !r.at_end()) return std::nullopt;
  return static_cast<uint32_t>(v);
}

uint64_t round_up_os_page(uint64_t n) { return (n + 4095) & ~uint64_t{4095}; }

}  // namespace

std::unique_ptr<MemoryImage> MemoryImage::build(const Module& m, uint64_t min_bytes) {
  if (m.num_imported_memories != 0 || m.memories.size() != 1) return nullptr;
  const MemoryType& mt = m.memories[0].type;
  if (mt.limits.is64 || mt.page_size_log2 != 16) return nullptr;
  const uint64_t initial = mt.limits.min << 16;
  uint64_t end = 0, data = 0;
  for (const DataSegment& seg : m.datas) {
    if (seg.mode != SegmentMode::Active) continue;
    auto off = constant_offset(seg.offset);
    if (!off || seg.memory != 0) return nullptr;
    if (*off > initial || seg.bytes.size() > initial - *off) return nullptr;  // would trap
    end = std::max<uint64_t>(end, *off + seg.bytes.size());
    data += seg.bytes.size();
  }
  if (data == 0 || data < min_bytes) return nullptr;

  std::unique_ptr<MemoryImage> img(new MemoryImage());
  img->bytes_ = round_up_os_page(end);
  img->fd_ = ::memfd_create("nanoproc-memory-image", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (img->fd_ < 0 || ::ftruncate(img->fd_, static_cast<off_t>(img->bytes_)) != 0) return nullptr;
  void* p = ::mmap(nullptr, img->bytes_, PROT_READ | PROT_WRITE, MAP_SHARED, img->fd_, 0);
  if (p == MAP_FAILED) return nullptr;
  auto* base = static_cast<uint8_t*>(p);
  for (const DataSegment& seg : m.datas) {  // in order: a later segment overwrites
    if (seg.mode != SegmentMode::Active || seg.bytes.empty()) continue;
    std::memcpy(base + *constant_offset(seg.offset), seg.bytes.data(), seg.bytes.size());
  }
  ::munmap(p, img->bytes_);
  // Sealed: nothing can change the image under the instances mapping it.
  if (::fcntl(img->fd_, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) return nullptr;
  return img;
}

MemoryImage::~MemoryImage() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace nanoproc
