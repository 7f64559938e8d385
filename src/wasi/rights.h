// Which WASI rights make sense for which kind of descriptor, and which never modify anything.
#pragma once
#include "wasi_gen/wasi_snapshot_preview1_types.h"

namespace nanoproc::wasi::rights {

using R = p1::Rights;

constexpr R bits(std::initializer_list<R> list) {
  uint64_t v = 0;
  for (R r : list) v |= static_cast<uint64_t>(r);
  return R(v);
}
constexpr bool has_all(R have, R need) { return (static_cast<uint64_t>(have) & static_cast<uint64_t>(need)) == static_cast<uint64_t>(need); }
constexpr bool has_any(R have, R need) { return (static_cast<uint64_t>(have) & static_cast<uint64_t>(need)) != 0; }
constexpr R intersect(R a, R b) { return R(static_cast<uint64_t>(a) & static_cast<uint64_t>(b)); }
constexpr R unite(R a, R b) { return R(static_cast<uint64_t>(a) | static_cast<uint64_t>(b)); }

inline constexpr R kDirectory = bits({
    R::fd_datasync, R::fd_sync, R::fd_fdstat_set_flags, R::fd_readdir, R::fd_filestat_get,
    R::fd_filestat_set_times, R::path_create_directory, R::path_create_file, R::path_link_source,
    R::path_link_target, R::path_open, R::path_readlink, R::path_rename_source, R::path_rename_target,
    R::path_filestat_get, R::path_filestat_set_size, R::path_filestat_set_times, R::path_symlink,
    R::path_remove_directory, R::path_unlink_file});

inline constexpr R kRegularFile = bits({
    R::fd_datasync, R::fd_read, R::fd_seek, R::fd_fdstat_set_flags, R::fd_sync, R::fd_tell, R::fd_write,
    R::fd_advise, R::fd_allocate, R::fd_filestat_get, R::fd_filestat_set_size, R::fd_filestat_set_times,
    R::poll_fd_readwrite});

// Pipes, terminals and other character devices: no seek/tell (wasi-libc's isatty relies on it).
inline constexpr R kStream = bits({R::fd_read, R::fd_write, R::fd_fdstat_set_flags, R::fd_filestat_get,
                                   R::poll_fd_readwrite});

inline constexpr R kSocket = bits({R::fd_read, R::fd_write, R::fd_fdstat_set_flags, R::fd_filestat_get,
                                   R::poll_fd_readwrite, R::sock_shutdown, R::sock_accept});

// Rights that never change a file system or a file's contents, size, times or links: all a
// read-only preopen (and everything opened beneath it) can ever hold.
inline constexpr R kReadOnly = bits({R::fd_read, R::fd_seek, R::fd_tell, R::fd_advise, R::fd_readdir,
                                     R::fd_fdstat_set_flags, R::fd_filestat_get, R::path_open,
                                     R::path_readlink, R::path_filestat_get, R::poll_fd_readwrite});

// The rights that need a host descriptor open for writing (fd_datasync does not: directories
// have it, and fdatasync works on read-only descriptors).
inline constexpr R kWriting = bits({R::fd_write, R::fd_allocate, R::fd_filestat_set_size});
inline constexpr R kReading = bits({R::fd_read, R::fd_readdir});

}  // namespace nanoproc::wasi::rights
