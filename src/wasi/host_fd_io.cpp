// Reading, writing, seeking and the attributes of open descriptors.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <vector>

#include "wasi/rights.h"
#include "wasi/wasi_host.h"

namespace nanoproc::wasi {
namespace {

using p1::Fdflags;
using p1::Filetype;

// Guest buffers as host iovecs pointing into linear memory (every buffer bounds-checked).
// At most IOV_MAX buffers and 2 GiB in total are used: a shorter transfer is allowed.
template <class Vec>
Errno host_iovecs(const GuestMemory& mem, GuestSlice<Vec> vecs, std::vector<iovec>* out) {
  uint64_t total = 0;
  const uint32_t n = std::min<uint32_t>(vecs.len, IOV_MAX);
  out->reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    auto v = mem.read(vecs, i);
    if (!v) return Errno::fault;
    const uint64_t addr = v->buf.addr;
    uint64_t len = v->buf_len;
    if (!mem.in_bounds(addr, len)) return Errno::fault;
    if (total + len > 0x7ffff000u) len = 0x7ffff000u - total;
    total += len;
    out->push_back({mem.data + addr, static_cast<size_t>(len)});
    if (total >= 0x7ffff000u) break;
  }
  return Errno::success;
}

// A write to a pipe or socket whose reader is gone raises SIGPIPE, which would end the
// whole host process. Unless the process ignores it, it is blocked around such writes and
// a pending one is consumed.
class SigpipeGuard {
 public:
  explicit SigpipeGuard(bool needed) {
    if (!needed || ignored()) return;
    sigset_t pipe_set;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    active_ = pthread_sigmask(SIG_BLOCK, &pipe_set, &old_) == 0;
  }
  ~SigpipeGuard() {
    if (!active_) return;
    if (!was_pending_) {
      sigset_t pipe_set;
      sigemptyset(&pipe_set);
      sigaddset(&pipe_set, SIGPIPE);
      timespec zero{0, 0};
      while (sigtimedwait(&pipe_set, nullptr, &zero) == SIGPIPE) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  static bool ignored() {
    struct sigaction sa;
    return sigaction(SIGPIPE, nullptr, &sa) == 0 && sa.sa_handler == SIG_IGN;
  }
  sigset_t old_;
  bool active_ = false;
  bool was_pending_ = false;
};

bool is_stream(Filetype t) { return t != Filetype::regular_file && t != Filetype::directory && t != Filetype::block_device; }

// Emulated O_NONBLOCK on descriptors shared with the host: would the call block?
bool would_block(const FdEntry& e, short events) {
  if (!e.shared_description || !guest::has(e.flags, Fdflags::nonblock) || !is_stream(e.type)) return false;
  pollfd p{e.host.get(), events, 0};
  int r;
  do r = poll(&p, 1, 0);
  while (r < 0 && errno == EINTR);
  return r == 0;
}

Errno check_offset(p1::Filesize offset) { return offset > static_cast<uint64_t>(INT64_MAX) ? Errno::inval : Errno::success; }

timespec time_arg(p1::Timestamp t, bool set, bool now) {
  if (now) return {0, UTIME_NOW};
  if (!set) return {0, UTIME_OMIT};
  return {static_cast<time_t>(t / 1000000000ull), static_cast<long>(t % 1000000000ull)};
}

}  // namespace

// Shared by fd_filestat_set_times and path_filestat_set_times.
Errno set_times_args(p1::Timestamp atim, p1::Timestamp mtim, p1::Fstflags f, timespec out[2]) {
  using F = p1::Fstflags;
  if ((guest::has(f, F::atim) && guest::has(f, F::atim_now)) || (guest::has(f, F::mtim) && guest::has(f, F::mtim_now)))
    return Errno::inval;
  out[0] = time_arg(atim, guest::has(f, F::atim), guest::has(f, F::atim_now));
  out[1] = time_arg(mtim, guest::has(f, F::mtim), guest::has(f, F::mtim_now));
  return Errno::success;
}

p1::Filestat filestat_from(const struct stat& st, p1::Filetype type) {
  auto ns = [](const timespec& ts) -> uint64_t {
    if (ts.tv_sec < 0) return 0;
    return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
  };
  p1::Filestat f{};
  f.dev = static_cast<uint64_t>(st.st_dev);
  f.ino = static_cast<uint64_t>(st.st_ino);
  f.filetype = type;
  f.nlink = static_cast<uint64_t>(st.st_nlink);
  f.size = static_cast<uint64_t>(st.st_size);
  f.atim = ns(st.st_atim);
  f.mtim = ns(st.st_mtim);
  f.ctim = ns(st.st_ctim);
  return f;
}

Result<p1::Size, Errno> WasiHost::fd_read(GuestMemory& mem, Fd fd, IovecArray iovs) {
  FdEntry* e;
  if (Errno err = entry(fd, Rights::fd_read, &e); err != Errno::success) return err;
  std::vector<iovec> v;
  if (Errno err = host_iovecs(mem, iovs, &v); err != Errno::success) return err;
  if (would_block(*e, POLLIN)) return Errno::again;
  ssize_t n;
  do n = readv(e->host.get(), v.data(), static_cast<int>(v.size()));
  while (n < 0 && errno == EINTR);
  if (n < 0) return host_error(errno);
  return static_cast<p1::Size>(n);
}

Result<p1::Size, Errno> WasiHost::fd_write(GuestMemory& mem, Fd fd, CiovecArray iovs) {
  FdEntry* e;
  if (Errno err = entry(fd, Rights::fd_write, &e); err != Errno::success) return err;
  if (e->read_only) return Errno::notcapable;
  std::vector<iovec> v;
  if (Errno err = host_iovecs(mem, iovs, &v); err != Errno::success) return err;
  if (would_block(*e, POLLOUT)) return Errno::again;
  if (e->shared_description && guest::has(e->flags, Fdflags::append) && e->type == Filetype::regular_file)
    lseek(e->host.get(), 0, SEEK_END);
  SigpipeGuard guard(is_stream(e->type));
  ssize_t n;
  do n = writev(e->host.get(), v.data(), static_cast<int>(v.size()));
  while (n < 0 && errno == EINTR);
  if (n < 0) return host_error(errno);
  return static_cast<p1::Size>(n);
}

Result<p1::Size, Errno> WasiHost::fd_pread(GuestMemory& mem, Fd fd, IovecArray iovs, p1::Filesize offset) {
  FdEntry* e;
  if (Errno err = entry(fd, Rights::fd_read | Rights::fd_seek, &e); err != Errno::success) return err;
  if (Errno err = check_offset(offset); err != Errno::success) return err;
  std::vector<iovec> v;
  if (Errno err = host_iovecs(mem, iovs, &v); err != Errno::success) return err;
  ssize_t n;
  do n = preadv(e->host.get(), v.data(), static_cast<int>(v.size()), static_cast<off_t>(offset));
  while (n < 0 && errno == EINTR);
  if (n < 0) return host_error(errno);
  return static_cast<p1::Size>(n);
}

Result<p1::Size, Errno> WasiHost::fd_pwrite(GuestMemory& mem, Fd fd, CiovecArray iovs, p1::Filesize offset) {
  FdEntry* e;
  if (Errno err = entry(fd, Rights::fd_write | Rights::fd_seek, &e); err != Errno::success) return err;
  if (e->read_only) return Errno::notcapable;
  if (Errno err = check_offset(offset); err != Errno::success) return err;
  std::vector<iovec> v;
  if (Errno err = host_iovecs(mem, iovs, &v); err != Errno::success) return err;
  SigpipeGuard guard(is_stream(e->type));
  ssize_t n;
  do n = pwritev(e->host.get(), v.data(), static_cast<int>(v.size()), static_cast<off_t>(offset));
  while (n < 0 && errno == EINTR);
  if (n < 0) return host_error(errno);
  return static_cast<p1::Size>(n);
}

Result<p1::Filesize, Errno> WasiHost::fd_seek(GuestMemory&, Fd fd, p1::Filedelta offset, p1::Whence whence) {
  // Asking for the current offset needs only fd_tell.
  const Rights need = (offset == 0 && whence == p1::Whence::cur) ? Rights::fd_tell : Rights::fd_seek;
  FdEntry* e;
  if (Errno err = entry(fd, need, &e); err != Errno::success) return err;
  if (e->type == Filetype::directory) return Errno::isdir;
  int w = whence == p1::Whence::set ? SEEK_SET : whence == p1::Whence::cur ? SEEK_CUR : SEEK_END;
  off_t r = lseek(e->host.get(), static_cast<off_t>(offset), w);
  if (r < 0) return host_error(errno);
  return static_cast<p1::Filesize>(r);
}

Result<p1::Filesize, Errno> WasiHost::fd_tell(GuestMemory&, Fd fd) {
  FdEntry* e;
  if (Errno err = entry(fd, Rights::fd_tell, &e); err != Errno::success) return err;
  off_t r = lseek(e->host.get(), 0, SEEK_CUR);
  if (r < 0) return host_error(errno);
  return static_cast<p1::Filesize>(r);
}

Result<Unit, Errno> WasiHost::fd_advise(GuestMemory&, Fd fd, p1::Filesize offset, p1::Filesize len, p1::Advice advice) {
  FdEntry* e;
  if (Errno err = entry(fd, Rights::fd_advise, &e); err != Errno::success) return err;
  if (check_offset(offset) != Errno::success || check_offset(len) != Errno::success) return Errno::inval;
  int a = POSIX_FADV_NORMAL;
  switch (advice) {
    case p1::Advice::normal: a = POSIX_FADV_NORMAL; break;
    case p1::Advice::sequential: a = POSIX_FADV_SEQUENTIAL; break;
    case p1::Advice::random: a = POSIX_FADV_RANDOM; break;
    case p1::Advice::willneed: a = POSIX_FADV_WILLNEED; break;
    case p1::Advice::dontneed: a = POSIX_FADV_DONTNEED; break;
    case p1::Advice::noreuse: a = POSIX_FADV_NOREUSE; break;
  }
  int r = posix_fadvise(e->host.get(), static_cast<off_t>(offset), static_cast<off_t>(len), a);
  if (r != 0) return host_error(r);
  return Unit{};
}

Result<Unit, Errno> WasiHost::fd_allocate(GuestMemory&, Fd fd, p1::Filesize offset, p1::Filesize len) {
  FdEntry* e;
  if (Errno err = entry(fd, Rights::fd_allocate, &e); err != Errno::success) return err;
  if (e->read_only) return Errno::notcapable;
  if (check_offset(offset) != Errno::success || check_offset(len) != Errno::success) return Errno::inval;
  if (offset + len > static_cast<uint64_t>(INT64_MAX)) return Errno::fbig;
  int r = posix_fallocate(e->host.get(), static_cast<off_t>(offset), static_cast<off_t>(len));
  if (r != 0) return host_error(r);
  return Unit{};
}

Result<Unit, Errno> WasiHost::fd_datasync(GuestMemory&, Fd fd) {
  FdEntry* e;
  if (Errno err = entry(fd, Rights::fd_datasync, &e); err != Errno::success) return err;
  if (fdatasync(e->host.get()) != 0) return host_error(errno);
  return Unit{};
}

Result<Unit, Errno> WasiHost::fd_sync(GuestMemory&, Fd fd) {
  FdEntry* e;
  if (Errno err = entry(fd, Rights::fd_sync, &e); err != Errno::success) return err;
  if (fsync(e->host.get()) != 0) return host_error(errno);
  return Unit{};
}

Result<p1::Filestat, Errno> WasiHost::fd_filestat_get(GuestMemory&, Fd fd) {
  FdEntry* e;
  if (Errno err = entry(fd, Rights::fd_filestat_get, &e); err != Errno::success) return err;
  struct stat st;
  if (fstat(e->host.get(), &st) != 0) return host_error(errno);
  return filestat_from(st, e->type);
}

Result<Unit, Errno> WasiHost::fd_filestat_set_size(GuestMemory&, Fd fd, p1::Filesize size) {
  FdEntry* e;
  if (Errno err = entry(fd, Rights::fd_filestat_set_size, &e); err != Errno::success) return err;
  if (e->read_only) return Errno::notcapable;
  if (check_offset(size) != Errno::success) return Errno::fbig;
  if (ftruncate(e->host.get(), static_cast<off_t>(size)) != 0) return host_error(errno);
  return Unit{};
}

Result<Unit, Errno> WasiHost::fd_filestat_set_times(GuestMemory&, Fd fd, p1::Timestamp atim, p1::Timestamp mtim,
                                                     p1::Fstflags fst_flags) {
  FdEntry* e;
  if (Errno err = entry(fd, Rights::fd_filestat_set_times, &e); err != Errno::success) return err;
  if (e->read_only) return Errno::notcapable;
  timespec ts[2];
  if (Errno err = set_times_args(atim, mtim, fst_flags, ts); err != Errno::success) return err;
  if (futimens(e->host.get(), ts) != 0) return host_error(errno);
  return Unit{};
}

}  // namespace nanoproc::wasi
