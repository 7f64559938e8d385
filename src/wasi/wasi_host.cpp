// Context set-up, descriptor bookkeeping, and the calls that touch no file: args, environ,
// clocks, randomness, process control.
#include "wasi/wasi_host.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "wasi/errno_map.h"
#include "wasi/rights.h"

namespace nanoproc::wasi {

Errno host_error(int e) { return e == 0 ? Errno::io : errno_from_host(e); }

p1::Filetype filetype_of(int fd, unsigned mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return p1::Filetype::regular_file;
    case S_IFDIR: return p1::Filetype::directory;
    case S_IFCHR: return p1::Filetype::character_device;
    case S_IFBLK: return p1::Filetype::block_device;
    case S_IFLNK: return p1::Filetype::symbolic_link;
    case S_IFSOCK: {
      int type = 0;
      socklen_t len = sizeof type;
      if (fd >= 0 && getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_DGRAM)
        return p1::Filetype::socket_dgram;
      return p1::Filetype::socket_stream;
    }
    default: return p1::Filetype::unknown;  // pipes: WASI has no type for them
  }
}

Rights rights_for(p1::Filetype t) {
  switch (t) {
    case p1::Filetype::directory: return rights::kDirectory;
    case p1::Filetype::regular_file:
    case p1::Filetype::block_device: return rights::kRegularFile;
    case p1::Filetype::socket_stream:
    case p1::Filetype::socket_dgram: return rights::kSocket;
    default: return rights::kStream;
  }
}

namespace {

p1::Timestamp to_ns(const timespec& ts) {
  if (ts.tv_sec < 0) return 0;
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

clockid_t host_clock(p1::Clockid id) {
  switch (id) {
    case p1::Clockid::realtime: return CLOCK_REALTIME;
    case p1::Clockid::monotonic: return CLOCK_MONOTONIC;
    case p1::Clockid::process_cputime_id: return CLOCK_PROCESS_CPUTIME_ID;
    case p1::Clockid::thread_cputime_id: return CLOCK_THREAD_CPUTIME_ID;
  }
  return CLOCK_MONOTONIC;
}

// A duplicate of a host descriptor for a guest's stdio or socket, with its WASI view.
Expected<std::unique_ptr<FdEntry>> adopt(int host_fd, bool shared, const char* what) {
  int fd = fcntl(host_fd, F_DUPFD_CLOEXEC, 3);
  if (fd < 0) return make_error(ErrorKind::Io, "wasi: cannot duplicate {} (descriptor {}): {}", what, host_fd, std::strerror(errno));
  auto e = std::make_unique<FdEntry>();
  e->host.reset(fd);
  struct stat st;
  if (fstat(fd, &st) != 0) return make_error(ErrorKind::Io, "wasi: cannot stat {}: {}", what, std::strerror(errno));
  e->type = filetype_of(fd, st.st_mode);
  e->base = rights_for(e->type);
  e->inheriting = Rights{};
  e->shared_description = shared;
  int fl = fcntl(fd, F_GETFL);
  if (fl >= 0) {
    uint16_t f = 0;
    if (fl & O_APPEND) f |= static_cast<uint16_t>(p1::Fdflags::append);
    if (fl & O_NONBLOCK) f |= static_cast<uint16_t>(p1::Fdflags::nonblock);
    e->flags = p1::Fdflags(f);
  }
  return e;
}

// Copies NUL-terminated strings and their pointers into the guest's two buffers.
Result<Unit, Errno> copy_strings(GuestMemory& mem, const std::vector<std::string>& strs, GuestPtr<GuestPtr<uint8_t>> ptrs,
                                 GuestPtr<uint8_t> buf) {
  uint64_t total = 0;
  for (const auto& s : strs) total += s.size() + 1;
  if (!mem.in_bounds(ptrs.addr, uint64_t(strs.size()) * 4) || !mem.in_bounds(buf.addr, total)) return Errno::fault;
  uint32_t at = buf.addr;
  for (size_t i = 0; i < strs.size(); ++i) {
    if (!mem.write(ptrs, GuestPtr<uint8_t>(at), i)) return Errno::fault;
    std::memcpy(mem.data + at, strs[i].c_str(), strs[i].size() + 1);
    at += static_cast<uint32_t>(strs[i].size() + 1);
  }
  return Unit{};
}

Result<std::tuple<p1::Size, p1::Size>, Errno> string_sizes(const std::vector<std::string>& strs) {
  uint64_t total = 0;
  for (const auto& s : strs) total += s.size() + 1;
  if (total > UINT32_MAX || strs.size() > UINT32_MAX) return Errno::overflow;
  return std::tuple<p1::Size, p1::Size>(static_cast<p1::Size>(strs.size()), static_cast<p1::Size>(total));
}

}  // namespace

WasiHost::WasiHost(const WasiOptions& opts)
    : fds_(opts.max_fds), resolver_(opts.resolve), args_(opts.args), env_(opts.env),
      clocks_(opts.clocks), random_(opts.random) {}

Expected<std::unique_ptr<WasiHost>> WasiHost::create(const WasiOptions& opts) {
  std::unique_ptr<WasiHost> h(new WasiHost(opts));
  if (opts.resolve == ResolveMode::Openat2 && !kernel_has_openat2())
    return make_error(ErrorKind::Unsupported, "wasi: this kernel has no openat2");
  const int stdio[3] = {opts.stdin_fd, opts.stdout_fd, opts.stderr_fd};
  static const char* const kNames[3] = {"stdin", "stdout", "stderr"};
  for (uint32_t i = 0; i < 3; ++i) {
    // A stream the host process itself does not have stays closed for the guest too.
    if (stdio[i] < 0 || (fcntl(stdio[i], F_GETFD) < 0 && errno == EBADF)) continue;
    auto e = NP_TRY(adopt(stdio[i], true, kNames[i]));
    h->fds_.insert_at(i, std::move(e));
  }
  uint32_t next_fd = 3;
  for (const PreopenDir& d : opts.dirs) {
    int fd = open(d.host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
      return make_error(ErrorKind::Io, "cannot preopen directory '{}': {}", d.host_path, std::strerror(errno));
    auto e = std::make_unique<FdEntry>();
    e->host.reset(fd);
    e->type = p1::Filetype::directory;
    e->read_only = d.read_only;
    if (d.read_only) {
      e->base = rights::intersect(rights::kDirectory, rights::kReadOnly);
      e->inheriting = rights::kReadOnly;
    } else {
      e->base = rights::kDirectory;
      e->inheriting = rights::unite(rights::kDirectory, rights::kRegularFile);
    }
    e->preopen_name = d.guest_path;
    // Numbered from 3 even when stdio is closed: wasi-libc looks for preopens from 3 up.
    if (next_fd >= opts.max_fds) return make_error(ErrorKind::Usage, "wasi: too many preopened directories");
    h->fds_.insert_at(next_fd++, std::move(e));
  }
  for (int s : opts.sockets) {
    auto e = NP_TRY(adopt(s, false, "socket"));
    if (e->type != p1::Filetype::socket_stream && e->type != p1::Filetype::socket_dgram)
      return make_error(ErrorKind::Usage, "wasi: descriptor {} is not a socket", s);
    if (next_fd >= opts.max_fds) return make_error(ErrorKind::Usage, "wasi: too many preopened sockets");
    h->fds_.insert_at(next_fd++, std::move(e));
  }
  return h;
}

Errno WasiHost::entry(Fd fd, Rights need, FdEntry** out) const {
  FdEntry* e = fds_.get(static_cast<uint32_t>(fd));
  if (!e) return Errno::badf;
  if (!rights::has_all(e->base, need)) return Errno::notcapable;
  *out = e;
  return Errno::success;
}

Errno WasiHost::dir_entry(Fd fd, Rights need, FdEntry** out) const {
  FdEntry* e = fds_.get(static_cast<uint32_t>(fd));
  if (!e) return Errno::badf;
  if (e->type != p1::Filetype::directory) return Errno::notdir;
  if (!rights::has_all(e->base, need)) return Errno::notcapable;
  *out = e;
  return Errno::success;
}

Errno WasiHost::guest_path(const GuestMemory& mem, GuestStr s, std::string* out) {
  auto v = mem.string(s);
  if (!v) return Errno::fault;
  out->assign(v->data(), v->size());
  return Errno::success;
}

Errno WasiHost::parent_of(const FdEntry& dir, const std::string& path, bool follow_final, bool keep_trailing_slash,
                          PathParent* out) const {
  int e = resolver_.parent(dir.host.get(), path, follow_final, keep_trailing_slash, out);
  return e ? host_error(e) : Errno::success;
}

Result<Fd, Errno> WasiHost::add_fd(std::unique_ptr<FdEntry> e) {
  auto n = fds_.insert(std::move(e));
  if (!n) return Errno::mfile;
  return Fd(*n);
}

// ---------------------------------------------------------------- args, environ

Result<Unit, Errno> WasiHost::args_get(GuestMemory& mem, GuestPtr<GuestPtr<uint8_t>> argv, GuestPtr<uint8_t> argv_buf) {
  return copy_strings(mem, args_, argv, argv_buf);
}
Result<std::tuple<p1::Size, p1::Size>, Errno> WasiHost::args_sizes_get(GuestMemory&) { return string_sizes(args_); }
Result<Unit, Errno> WasiHost::environ_get(GuestMemory& mem, GuestPtr<GuestPtr<uint8_t>> environ, GuestPtr<uint8_t> environ_buf) {
  return copy_strings(mem, env_, environ, environ_buf);
}
Result<std::tuple<p1::Size, p1::Size>, Errno> WasiHost::environ_sizes_get(GuestMemory&) { return string_sizes(env_); }

// ---------------------------------------------------------------- clocks, random, process

Result<p1::Timestamp, Errno> WasiHost::clock_res_get(GuestMemory&, p1::Clockid id) {
  if (!clocks_) return Errno::notcapable;
  timespec ts;
  if (clock_getres(host_clock(id), &ts) != 0) return host_error(errno);
  p1::Timestamp r = to_ns(ts);
  return r ? r : 1;
}

Result<p1::Timestamp, Errno> WasiHost::clock_time_get(GuestMemory&, p1::Clockid id, p1::Timestamp) {
  if (!clocks_) return Errno::notcapable;
  timespec ts;
  if (clock_gettime(host_clock(id), &ts) != 0) return host_error(errno);
  return to_ns(ts);
}

Result<Unit, Errno> WasiHost::random_get(GuestMemory& mem, GuestSlice<uint8_t> buf) {
  if (!random_) return Errno::notcapable;
  auto bytes = mem.bytes(buf);
  if (!bytes) return Errno::fault;
  size_t done = 0;
  while (done < bytes->size()) {
    ssize_t n = getrandom(bytes->data() + done, bytes->size() - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return host_error(errno);
    }
    done += static_cast<size_t>(n);
  }
  return Unit{};
}

HostResult WasiHost::proc_exit(GuestMemory&, p1::Exitcode rval) { return HostResult::exit(rval); }

// Signals would reach the whole host process (every nanoprocess in it), so none is sent.
Result<Unit, Errno> WasiHost::proc_raise(GuestMemory&, p1::Signal) { return Errno::nosys; }

Result<Unit, Errno> WasiHost::sched_yield(GuestMemory&) {
  ::sched_yield();
  return Unit{};
}

// ---------------------------------------------------------------- descriptors

Result<Unit, Errno> WasiHost::fd_close(GuestMemory&, Fd fd) {
  if (!fds_.remove(static_cast<uint32_t>(fd))) return Errno::badf;
  return Unit{};
}

Result<Unit, Errno> WasiHost::fd_renumber(GuestMemory&, Fd fd, Fd to) {
  if (!fds_.get(static_cast<uint32_t>(fd)) || !fds_.get(static_cast<uint32_t>(to))) return Errno::badf;
  if (fd == to) return Unit{};
  std::unique_ptr<FdEntry> e = fds_.remove(static_cast<uint32_t>(fd));
  fds_.insert_at(static_cast<uint32_t>(to), std::move(e));  // closes what `to` held
  return Unit{};
}

Result<p1::Prestat, Errno> WasiHost::fd_prestat_get(GuestMemory&, Fd fd) {
  FdEntry* e = fds_.get(static_cast<uint32_t>(fd));
  if (!e) return Errno::badf;
  if (!e->preopen_name) return Errno::badf;
  return p1::Prestat::make_dir(p1::PrestatDir{static_cast<p1::Size>(e->preopen_name->size())});
}

Result<Unit, Errno> WasiHost::fd_prestat_dir_name(GuestMemory& mem, Fd fd, GuestSlice<uint8_t> path) {
  FdEntry* e = fds_.get(static_cast<uint32_t>(fd));
  if (!e) return Errno::badf;
  if (!e->preopen_name) return Errno::badf;
  const std::string& name = *e->preopen_name;
  if (path.len < name.size()) return Errno::nametoolong;
  auto out = mem.bytes(GuestSlice<uint8_t>{path.ptr, static_cast<uint32_t>(name.size())});
  if (!out) return Errno::fault;
  std::memcpy(out->data(), name.data(), name.size());
  return Unit{};
}

Result<p1::Fdstat, Errno> WasiHost::fd_fdstat_get(GuestMemory&, Fd fd) {
  FdEntry* e = fds_.get(static_cast<uint32_t>(fd));
  if (!e) return Errno::badf;
  p1::Fdstat st{};
  st.fs_filetype = e->type;
  st.fs_flags = e->flags;
  st.fs_rights_base = e->base;
  st.fs_rights_inheriting = e->inheriting;
  return st;
}

Result<Unit, Errno> WasiHost::fd_fdstat_set_flags(GuestMemory&, Fd fd, p1::Fdflags flags) {
  FdEntry* e;
  if (Errno err = entry(fd, Rights::fd_fdstat_set_flags, &e); err != Errno::success) return err;
  using F = p1::Fdflags;
  // Linux cannot change the synchronisation flags of an open description.
  const F sync_flags = F::dsync | F::rsync | F::sync;
  if ((flags & sync_flags) != (e->flags & sync_flags)) return Errno::notsup;
  if (!e->shared_description) {
    int fl = fcntl(e->host.get(), F_GETFL);
    if (fl < 0) return host_error(errno);
    fl &= ~(O_APPEND | O_NONBLOCK);
    if (guest::has(flags, F::append)) fl |= O_APPEND;
    if (guest::has(flags, F::nonblock)) fl |= O_NONBLOCK;
    if (fcntl(e->host.get(), F_SETFL, fl) != 0) return host_error(errno);
  }
  e->flags = flags;
  return Unit{};
}

Result<Unit, Errno> WasiHost::fd_fdstat_set_rights(GuestMemory&, Fd fd, Rights base, Rights inheriting) {
  FdEntry* e = fds_.get(static_cast<uint32_t>(fd));
  if (!e) return Errno::badf;
  // Rights only ever shrink.
  if (!rights::has_all(e->base, base) || !rights::has_all(e->inheriting, inheriting)) return Errno::notcapable;
  e->base = base;
  e->inheriting = inheriting;
  return Unit{};
}

}  // namespace nanoproc::wasi
