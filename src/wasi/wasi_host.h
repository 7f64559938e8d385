// The WASI preview1 host on Linux: one WasiHost per nanoprocess (its WASI context: args,
// environment, descriptor table, preopens). It implements the generated interface
// p1::WasiSnapshotPreview1; the generated adapters decode and check the guest's arguments
// and call it with typed values. Nothing here is shared between two WasiHost objects.
#pragma once
#include <sys/stat.h>
#include <time.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "util/expected.h"
#include "wasi/fd_table.h"
#include "wasi/path_resolve.h"
#include "wasi_gen/wasi_snapshot_preview1_host.h"

namespace nanoproc::wasi {

using p1::CiovecArray;
using p1::Errno;
using p1::Fd;
using p1::IovecArray;
using p1::Rights;
using guest::GuestMemory;
using guest::GuestPtr;
using guest::GuestSlice;
using guest::GuestStr;
using guest::HostResult;
using guest::Result;
using guest::Unit;

struct PreopenDir {
  std::string host_path;
  std::string guest_path;  // the name the guest sees (fd_prestat_dir_name)
  bool read_only = false;  // no writes of any kind beneath it
};

struct WasiOptions {
  std::vector<std::string> args;  // args[0] is the program name
  std::vector<std::string> env;   // "NAME=VALUE"
  std::vector<PreopenDir> dirs;   // guest descriptors 3, 4, ... in this order
  // Pre-opened sockets (listening or connected), after the directories. Duplicated.
  std::vector<int> sockets;
  // Host descriptors for guest 0, 1, 2; duplicated (the guest closing one closes only its
  // copy). -1 leaves the guest number unused.
  int stdin_fd = 0;
  int stdout_fd = 1;
  int stderr_fd = 2;
  ResolveMode resolve = ResolveMode::Auto;
  // Capabilities beyond descriptors: reading the clocks and the host's randomness. Without
  // them the calls fail with `notcapable` (a nanoprocess granted nothing cannot time its
  // neighbours or drain entropy).
  bool clocks = true;
  bool random = true;
  uint32_t max_fds = 4096;  // descriptors one context may hold
};

class WasiHost final : public p1::WasiSnapshotPreview1 {
 public:
  // Opens the preopened directories (errors name the one that failed) and duplicates the
  // stdio and socket descriptors.
  static Expected<std::unique_ptr<WasiHost>> create(const WasiOptions& opts);

  const PathResolver& resolver() const { return resolver_; }
  FdTable& fds() { return fds_; }

  Result<Unit, Errno> args_get(GuestMemory& mem, GuestPtr<GuestPtr<uint8_t>> argv, GuestPtr<uint8_t> argv_buf) override;
  Result<std::tuple<p1::Size, p1::Size>, Errno> args_sizes_get(GuestMemory& mem) override;
  Result<Unit, Errno> environ_get(GuestMemory& mem, GuestPtr<GuestPtr<uint8_t>> environ, GuestPtr<uint8_t> environ_buf) override;
  Result<std::tuple<p1::Size, p1::Size>, Errno> environ_sizes_get(GuestMemory& mem) override;
  Result<p1::Timestamp, Errno> clock_res_get(GuestMemory& mem, p1::Clockid id) override;
  Result<p1::Timestamp, Errno> clock_time_get(GuestMemory& mem, p1::Clockid id, p1::Timestamp precision) override;
  Result<Unit, Errno> fd_advise(GuestMemory& mem, Fd fd, p1::Filesize offset, p1::Filesize len, p1::Advice advice) override;
  Result<Unit, Errno> fd_allocate(GuestMemory& mem, Fd fd, p1::Filesize offset, p1::Filesize len) override;
  Result<Unit, Errno> fd_close(GuestMemory& mem, Fd fd) override;
  Result<Unit, Errno> fd_datasync(GuestMemory& mem, Fd fd) override;
  Result<p1::Fdstat, Errno> fd_fdstat_get(GuestMemory& mem, Fd fd) override;
  Result<Unit, Errno> fd_fdstat_set_flags(GuestMemory& mem, Fd fd, p1::Fdflags flags) override;
  Result<Unit, Errno> fd_fdstat_set_rights(GuestMemory& mem, Fd fd, Rights base, Rights inheriting) override;
  Result<p1::Filestat, Errno> fd_filestat_get(GuestMemory& mem, Fd fd) override;
  Result<Unit, Errno> fd_filestat_set_size(GuestMemory& mem, Fd fd, p1::Filesize size) override;
  Result<Unit, Errno> fd_filestat_set_times(GuestMemory& mem, Fd fd, p1::Timestamp atim, p1::Timestamp mtim, p1::Fstflags fst_flags) override;
  Result<p1::Size, Errno> fd_pread(GuestMemory& mem, Fd fd, IovecArray iovs, p1::Filesize offset) override;
  Result<p1::Prestat, Errno> fd_prestat_get(GuestMemory& mem, Fd fd) override;
  Result<Unit, Errno> fd_prestat_dir_name(GuestMemory& mem, Fd fd, GuestSlice<uint8_t> path) override;
  Result<p1::Size, Errno> fd_pwrite(GuestMemory& mem, Fd fd, CiovecArray iovs, p1::Filesize offset) override;
  Result<p1::Size, Errno> fd_read(GuestMemory& mem, Fd fd, IovecArray iovs) override;
  Result<p1::Size, Errno> fd_readdir(GuestMemory& mem, Fd fd, GuestSlice<uint8_t> buf, p1::Dircookie cookie) override;
  Result<Unit, Errno> fd_renumber(GuestMemory& mem, Fd fd, Fd to) override;
  Result<p1::Filesize, Errno> fd_seek(GuestMemory& mem, Fd fd, p1::Filedelta offset, p1::Whence whence) override;
  Result<Unit, Errno> fd_sync(GuestMemory& mem, Fd fd) override;
  Result<p1::Filesize, Errno> fd_tell(GuestMemory& mem, Fd fd) override;
  Result<p1::Size, Errno> fd_write(GuestMemory& mem, Fd fd, CiovecArray iovs) override;
  Result<Unit, Errno> path_create_directory(GuestMemory& mem, Fd fd, GuestStr path) override;
  Result<p1::Filestat, Errno> path_filestat_get(GuestMemory& mem, Fd fd, p1::Lookupflags flags, GuestStr path) override;
  Result<Unit, Errno> path_filestat_set_times(GuestMemory& mem, Fd fd, p1::Lookupflags flags, GuestStr path, p1::Timestamp atim,
                                              p1::Timestamp mtim, p1::Fstflags fst_flags) override;
  Result<Unit, Errno> path_link(GuestMemory& mem, Fd old_fd, p1::Lookupflags old_flags, GuestStr old_path, Fd new_fd,
                                GuestStr new_path) override;
  Result<Fd, Errno> path_open(GuestMemory& mem, Fd fd, p1::Lookupflags dirflags, GuestStr path, p1::Oflags oflags,
                              Rights base, Rights inheriting, p1::Fdflags fdflags) override;
  Result<p1::Size, Errno> path_readlink(GuestMemory& mem, Fd fd, GuestStr path, GuestSlice<uint8_t> buf) override;
  Result<Unit, Errno> path_remove_directory(GuestMemory& mem, Fd fd, GuestStr path) override;
  Result<Unit, Errno> path_rename(GuestMemory& mem, Fd fd, GuestStr old_path, Fd new_fd, GuestStr new_path) override;
  Result<Unit, Errno> path_symlink(GuestMemory& mem, GuestStr old_path, Fd fd, GuestStr new_path) override;
  Result<Unit, Errno> path_unlink_file(GuestMemory& mem, Fd fd, GuestStr path) override;
  Result<p1::Size, Errno> poll_oneoff(GuestMemory& mem, GuestPtr<const p1::Subscription> in, GuestPtr<p1::Event> out,
                                      p1::Size nsubscriptions) override;
  HostResult proc_exit(GuestMemory& mem, p1::Exitcode rval) override;
  Result<Unit, Errno> proc_raise(GuestMemory& mem, p1::Signal sig) override;
  Result<Unit, Errno> sched_yield(GuestMemory& mem) override;
  Result<Unit, Errno> random_get(GuestMemory& mem, GuestSlice<uint8_t> buf) override;
  Result<Fd, Errno> sock_accept(GuestMemory& mem, Fd fd, p1::Fdflags flags) override;
  Result<std::tuple<p1::Size, p1::Roflags>, Errno> sock_recv(GuestMemory& mem, Fd fd, IovecArray ri_data, p1::Riflags ri_flags) override;
  Result<p1::Size, Errno> sock_send(GuestMemory& mem, Fd fd, CiovecArray si_data, p1::Siflags si_flags) override;
  Result<Unit, Errno> sock_shutdown(GuestMemory& mem, Fd fd, p1::Sdflags how) override;

 private:
  explicit WasiHost(const WasiOptions& opts);

  // The entry for `fd` if it holds every right in `need`: badf / notcapable otherwise.
  Errno entry(Fd fd, Rights need, FdEntry** out) const;
  // The entry for a directory descriptor that paths are resolved from.
  Errno dir_entry(Fd fd, Rights need, FdEntry** out) const;
  // Copies a guest path out of memory (fault if out of bounds).
  static Errno guest_path(const GuestMemory& mem, GuestStr s, std::string* out);
  // Resolves a path's parent directory beneath `dir`.
  Errno parent_of(const FdEntry& dir, const std::string& path, bool follow_final, bool keep_trailing_slash,
                  PathParent* out) const;
  // Registers an opened host descriptor; mfile when the table is full.
  Result<Fd, Errno> add_fd(std::unique_ptr<FdEntry> e);

  FdTable fds_;
  PathResolver resolver_;
  std::vector<std::string> args_;
  std::vector<std::string> env_;
  bool clocks_ = true;
  bool random_ = true;
};

// Host errno -> Errno with a success check: 0 is not an error.
Errno host_error(int e);
// The WASI file type of an open host descriptor (from its st_mode; sockets by SO_TYPE).
p1::Filetype filetype_of(int fd, unsigned mode);
// The rights that make sense for a descriptor of this type.
Rights rights_for(p1::Filetype t);
p1::Filestat filestat_from(const struct stat& st, p1::Filetype type);
// The two timespecs of futimens/utimensat for a set_times call; inval for contradictory flags.
Errno set_times_args(p1::Timestamp atim, p1::Timestamp mtim, p1::Fstflags flags, struct timespec out[2]);

}  // namespace nanoproc::wasi
