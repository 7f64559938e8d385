// A WASI context's descriptor table: guest descriptor numbers -> host descriptors with their
// WASI kind, rights and flags. Numbers are indices of this table, never host descriptors, so
// a guest can only name what its own context holds.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wasi/unique_fd.h"
#include "wasi_gen/wasi_snapshot_preview1_types.h"

namespace nanoproc::wasi {

struct FdEntry {
  UniqueFd host;
  p1::Filetype type = p1::Filetype::unknown;
  p1::Rights base{};
  p1::Rights inheriting{};
  p1::Fdflags flags{};
  // Beneath a read-only preopen: nothing opened through it may write (on top of rights).
  bool read_only = false;
  // The host open file description is shared with the host process (inherited stdio), so
  // the flags are not changed on it with fcntl; append and nonblock are emulated instead.
  bool shared_description = false;
  // Set for preopened directories: the name the guest sees (fd_prestat_*).
  std::optional<std::string> preopen_name;
};

class FdTable {
 public:
  explicit FdTable(uint32_t max_fds) : max_(max_fds) {}

  FdEntry* get(uint32_t fd) const {
    return fd < slots_.size() ? slots_[fd].get() : nullptr;
  }
  // Puts `e` at the lowest free number; nullopt if the table is full.
  std::optional<uint32_t> insert(std::unique_ptr<FdEntry> e);
  // Puts `e` at exactly `fd` (setting up stdio), replacing what was there.
  void insert_at(uint32_t fd, std::unique_ptr<FdEntry> e);
  std::unique_ptr<FdEntry> remove(uint32_t fd);
  size_t size() const { return slots_.size(); }

 private:
  std::vector<std::unique_ptr<FdEntry>> slots_;
  uint32_t max_;
  uint32_t first_free_ = 0;  // no free slot below this
};

}  // namespace nanoproc::wasi
