// path_*: everything that names a file by a path relative to a directory descriptor. Every
// path goes through the PathResolver (path_resolve.h); the *at() calls below only ever see
// a resolved parent directory and one final component.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "wasi/rights.h"
#include "wasi/wasi_host.h"

namespace nanoproc::wasi {
namespace {

using p1::Fdflags;
using p1::Oflags;

bool follows(p1::Lookupflags f) { return guest::has(f, p1::Lookupflags::symlink_follow); }

int open_flags(Oflags oflags, Fdflags fdflags, bool read, bool write) {
  // A directory opened for writing fails with EISDIR, as it should.
  int flags = guest::has(oflags, Oflags::directory) ? O_DIRECTORY : 0;
  if (write) {
    flags |= read ? O_RDWR : O_WRONLY;
  } else {
    flags |= O_RDONLY;
  }
  if (guest::has(oflags, Oflags::creat)) flags |= O_CREAT;
  if (guest::has(oflags, Oflags::excl)) flags |= O_EXCL;
  if (guest::has(oflags, Oflags::trunc)) flags |= O_TRUNC;
  if (guest::has(fdflags, Fdflags::append)) flags |= O_APPEND;
  if (guest::has(fdflags, Fdflags::dsync)) flags |= O_DSYNC;
  if (guest::has(fdflags, Fdflags::nonblock)) flags |= O_NONBLOCK;
  if (guest::has(fdflags, Fdflags::rsync)) flags |= O_RSYNC;
  if (guest::has(fdflags, Fdflags::sync)) flags |= O_SYNC;
  return flags;
}

}  // namespace

Result<Fd, Errno> WasiHost::path_open(GuestMemory& mem, Fd fd, p1::Lookupflags dirflags, GuestStr path, Oflags oflags,
                                      Rights base, Rights inheriting, Fdflags fdflags) {
  Rights need = Rights::path_open;
  if (guest::has(oflags, Oflags::creat)) need |= Rights::path_create_file;
  FdEntry* dir;
  if (Errno err = dir_entry(fd, need, &dir); err != Errno::success) return err;
  if (guest::has(oflags, Oflags::trunc) && !rights::has_all(dir->base, Rights::path_filestat_set_size))
    return Errno::perm;
  std::string p;
  if (Errno err = guest_path(mem, path, &p); err != Errno::success) return err;

  // The new descriptor gets what was asked for, within what the directory passes on.
  Rights nbase = rights::intersect(base, dir->inheriting);
  Rights ninh = rights::intersect(inheriting, dir->inheriting);
  if (dir->read_only) {
    // Refuse an explicit request to write rather than hand out a descriptor that cannot.
    if (guest::has(oflags, Oflags::creat) || guest::has(oflags, Oflags::trunc) ||
        guest::has(fdflags, Fdflags::append) || rights::has_any(base, rights::kWriting))
      return Errno::notcapable;
    nbase = rights::intersect(nbase, rights::kReadOnly);
    ninh = rights::intersect(ninh, rights::kReadOnly);
  }
  const bool write = rights::has_any(nbase, rights::kWriting);
  const bool read = rights::has_any(nbase, rights::kReading) || !write;
  const int flags = open_flags(oflags, fdflags, read, write);

  UniqueFd host;
  if (int e = resolver_.open(dir->host.get(), p, flags, 0666, follows(dirflags), &host)) return host_error(e);
  struct stat st;
  if (fstat(host.get(), &st) != 0) return host_error(errno);

  auto e = std::make_unique<FdEntry>();
  e->host = std::move(host);
  e->type = filetype_of(e->host.get(), st.st_mode);
  e->base = rights::intersect(nbase, rights_for(e->type));
  e->inheriting = ninh;
  e->flags = Fdflags(static_cast<uint16_t>(fdflags) & static_cast<uint16_t>(p1::kFdflagsAll));
  e->read_only = dir->read_only;
  return add_fd(std::move(e));
}

Result<Unit, Errno> WasiHost::path_create_directory(GuestMemory& mem, Fd fd, GuestStr path) {
  FdEntry* dir;
  if (Errno err = dir_entry(fd, Rights::path_create_directory, &dir); err != Errno::success) return err;
  if (dir->read_only) return Errno::notcapable;
  std::string p;
  if (Errno err = guest_path(mem, path, &p); err != Errno::success) return err;
  PathParent pp;
  if (Errno err = parent_of(*dir, p, false, true, &pp); err != Errno::success) return err;
  if (mkdirat(pp.dirfd, pp.leaf.c_str(), 0777) != 0) return host_error(errno);
  return Unit{};
}

Result<p1::Filestat, Errno> WasiHost::path_filestat_get(GuestMemory& mem, Fd fd, p1::Lookupflags flags, GuestStr path) {
  FdEntry* dir;
  if (Errno err = dir_entry(fd, Rights::path_filestat_get, &dir); err != Errno::success) return err;
  std::string p;
  if (Errno err = guest_path(mem, path, &p); err != Errno::success) return err;
  PathParent pp;
  if (Errno err = parent_of(*dir, p, follows(flags), false, &pp); err != Errno::success) return err;
  struct stat st;
  if (fstatat(pp.dirfd, pp.leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return host_error(errno);
  return filestat_from(st, filetype_of(-1, st.st_mode));
}

Result<Unit, Errno> WasiHost::path_filestat_set_times(GuestMemory& mem, Fd fd, p1::Lookupflags flags, GuestStr path,
                                                       p1::Timestamp atim, p1::Timestamp mtim, p1::Fstflags fst_flags) {
  FdEntry* dir;
  if (Errno err = dir_entry(fd, Rights::path_filestat_set_times, &dir); err != Errno::success) return err;
  if (dir->read_only) return Errno::notcapable;
  timespec ts[2];
  if (Errno err = set_times_args(atim, mtim, fst_flags, ts); err != Errno::success) return err;
  std::string p;
  if (Errno err = guest_path(mem, path, &p); err != Errno::success) return err;
  PathParent pp;
  if (Errno err = parent_of(*dir, p, follows(flags), false, &pp); err != Errno::success) return err;
  if (utimensat(pp.dirfd, pp.leaf.c_str(), ts, AT_SYMLINK_NOFOLLOW) != 0) return host_error(errno);
  return Unit{};
}

Result<Unit, Errno> WasiHost::path_link(GuestMemory& mem, Fd old_fd, p1::Lookupflags old_flags, GuestStr old_path,
                                        Fd new_fd, GuestStr new_path) {
  FdEntry* from;
  FdEntry* to;
  if (Errno err = dir_entry(old_fd, Rights::path_link_source, &from); err != Errno::success) return err;
  if (Errno err = dir_entry(new_fd, Rights::path_link_target, &to); err != Errno::success) return err;
  // A second name for a file of a read-only tree would make it writable through the new one.
  if (from->read_only || to->read_only) return Errno::notcapable;
  std::string op, np;
  if (Errno err = guest_path(mem, old_path, &op); err != Errno::success) return err;
  if (Errno err = guest_path(mem, new_path, &np); err != Errno::success) return err;
  PathParent a, b;
  if (Errno err = parent_of(*from, op, follows(old_flags), false, &a); err != Errno::success) return err;
  if (Errno err = parent_of(*to, np, false, true, &b); err != Errno::success) return err;
  if (linkat(a.dirfd, a.leaf.c_str(), b.dirfd, b.leaf.c_str(), 0) != 0) return host_error(errno);
  return Unit{};
}

Result<p1::Size, Errno> WasiHost::path_readlink(GuestMemory& mem, Fd fd, GuestStr path, GuestSlice<uint8_t> buf) {
  FdEntry* dir;
  if (Errno err = dir_entry(fd, Rights::path_readlink, &dir); err != Errno::success) return err;
  std::string p;
  if (Errno err = guest_path(mem, path, &p); err != Errno::success) return err;
  auto out = mem.bytes(buf);
  if (!out) return Errno::fault;
  PathParent pp;
  if (Errno err = parent_of(*dir, p, false, false, &pp); err != Errno::success) return err;
  char target[PathResolver::kMaxPath + 1];
  ssize_t n = readlinkat(pp.dirfd, pp.leaf.c_str(), target, sizeof target);
  if (n < 0) return host_error(errno);
  const size_t len = std::min(static_cast<size_t>(n), out->size());
  std::memcpy(out->data(), target, len);
  return static_cast<p1::Size>(len);
}

Result<Unit, Errno> WasiHost::path_remove_directory(GuestMemory& mem, Fd fd, GuestStr path) {
  FdEntry* dir;
  if (Errno err = dir_entry(fd, Rights::path_remove_directory, &dir); err != Errno::success) return err;
  if (dir->read_only) return Errno::notcapable;
  std::string p;
  if (Errno err = guest_path(mem, path, &p); err != Errno::success) return err;
  PathParent pp;
  if (Errno err = parent_of(*dir, p, false, true, &pp); err != Errno::success) return err;
  if (unlinkat(pp.dirfd, pp.leaf.c_str(), AT_REMOVEDIR) != 0) return host_error(errno);
  return Unit{};
}

Result<Unit, Errno> WasiHost::path_rename(GuestMemory& mem, Fd fd, GuestStr old_path, Fd new_fd, GuestStr new_path) {
  FdEntry* from;
  FdEntry* to;
  if (Errno err = dir_entry(fd, Rights::path_rename_source, &from); err != Errno::success) return err;
  if (Errno err = dir_entry(new_fd, Rights::path_rename_target, &to); err != Errno::success) return err;
  if (from->read_only || to->read_only) return Errno::notcapable;
  std::string op, np;
  if (Errno err = guest_path(mem, old_path, &op); err != Errno::success) return err;
  if (Errno err = guest_path(mem, new_path, &np); err != Errno::success) return err;
  PathParent a, b;
  if (Errno err = parent_of(*from, op, false, true, &a); err != Errno::success) return err;
  if (Errno err = parent_of(*to, np, false, true, &b); err != Errno::success) return err;
  if (renameat(a.dirfd, a.leaf.c_str(), b.dirfd, b.leaf.c_str()) != 0) return host_error(errno);
  return Unit{};
}

Result<Unit, Errno> WasiHost::path_symlink(GuestMemory& mem, GuestStr old_path, Fd fd, GuestStr new_path) {
  FdEntry* dir;
  if (Errno err = dir_entry(fd, Rights::path_symlink, &dir); err != Errno::success) return err;
  if (dir->read_only) return Errno::notcapable;
  std::string contents, np;
  if (Errno err = guest_path(mem, old_path, &contents); err != Errno::success) return err;
  if (Errno err = guest_path(mem, new_path, &np); err != Errno::success) return err;
  if (contents.find('\0') != std::string::npos) return Errno::inval;
  if (contents.size() > PathResolver::kMaxPath) return Errno::nametoolong;
  // The sandbox never follows an absolute link, but host programs would: refuse to make one.
  if (!contents.empty() && contents[0] == '/') return Errno::perm;
  PathParent pp;
  if (Errno err = parent_of(*dir, np, false, true, &pp); err != Errno::success) return err;
  if (symlinkat(contents.c_str(), pp.dirfd, pp.leaf.c_str()) != 0) return host_error(errno);
  return Unit{};
}

Result<Unit, Errno> WasiHost::path_unlink_file(GuestMemory& mem, Fd fd, GuestStr path) {
  FdEntry* dir;
  if (Errno err = dir_entry(fd, Rights::path_unlink_file, &dir); err != Errno::success) return err;
  if (dir->read_only) return Errno::notcapable;
  std::string p;
  if (Errno err = guest_path(mem, path, &p); err != Errno::success) return err;
  PathParent pp;
  if (Errno err = parent_of(*dir, p, false, true, &pp); err != Errno::success) return err;
  if (unlinkat(pp.dirfd, pp.leaf.c_str(), 0) != 0) return host_error(errno);
  return Unit{};
}

}  // namespace nanoproc::wasi
