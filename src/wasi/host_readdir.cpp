// fd_readdir. Cookies are the file system's own directory positions (getdents64's d_off,
// which lseek accepts), so they stay valid across calls and while the directory changes;
// nothing is cached between calls.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <vector>

#include "wasi/wasi_host.h"

namespace nanoproc::wasi {
namespace {

struct LinuxDirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

p1::Filetype dirent_type(int dirfd, const char* name, unsigned char t) {
  switch (t) {
    case DT_REG: return p1::Filetype::regular_file;
    case DT_DIR: return p1::Filetype::directory;
    case DT_LNK: return p1::Filetype::symbolic_link;
    case DT_CHR: return p1::Filetype::character_device;
    case DT_BLK: return p1::Filetype::block_device;
    case DT_SOCK: return p1::Filetype::socket_stream;
    case DT_FIFO: return p1::Filetype::unknown;
    default: {
      struct stat st;
      if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return p1::Filetype::unknown;
      return filetype_of(-1, st.st_mode);
    }
  }
}

}  // namespace

Result<p1::Size, Errno> WasiHost::fd_readdir(GuestMemory& mem, Fd fd, GuestSlice<uint8_t> buf, p1::Dircookie cookie) {
  FdEntry* e;
  if (Errno err = entry(fd, Rights::fd_readdir, &e); err != Errno::success) return err;
  if (e->type != p1::Filetype::directory) return Errno::notdir;
  auto out = mem.bytes(buf);
  if (!out) return Errno::fault;
  if (cookie > static_cast<uint64_t>(INT64_MAX)) return Errno::inval;
  const int dirfd = e->host.get();
  if (lseek(dirfd, static_cast<off_t>(cookie), SEEK_SET) < 0) return host_error(errno);

  alignas(8) static thread_local uint8_t host_buf[32768];
  size_t used = 0;
  for (;;) {
    long n = syscall(SYS_getdents64, dirfd, host_buf, sizeof host_buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return host_error(errno);
    }
    if (n == 0) return static_cast<p1::Size>(used);
    for (long at = 0; at < n;) {
      const auto* d = reinterpret_cast<const LinuxDirent64*>(host_buf + at);
      at += d->d_reclen;
      const size_t namelen = std::strlen(d->d_name);
      p1::Dirent de{};
      de.d_next = static_cast<uint64_t>(d->d_off);
      de.d_ino = d->d_ino;
      de.d_namlen = static_cast<p1::Dirnamlen>(namelen);
      de.d_type = dirent_type(dirfd, d->d_name, d->d_type);
      uint8_t header[p1::Dirent::kGuestSize];
      de.guest_store(header);
      // Entries are written whole while they fit; the last one is cut at the end of the
      // buffer (the guest sees a full buffer and asks again from the previous cookie).
      const size_t room = out->size() - used;
      const size_t h = std::min(room, sizeof header);
      std::memcpy(out->data() + used, header, h);
      used += h;
      const size_t nm = std::min(out->size() - used, namelen);
      std::memcpy(out->data() + used, d->d_name, nm);
      used += nm;
      if (used == out->size()) return static_cast<p1::Size>(used);
    }
  }
}

}  // namespace nanoproc::wasi
