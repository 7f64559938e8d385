// sock_*: accept, receive, send and shut down on sockets the host pre-opened for the guest.
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include <cerrno>
#include <climits>
#include <vector>

#include "wasi/rights.h"
#include "wasi/wasi_host.h"

namespace nanoproc::wasi {
namespace {

bool is_socket(const FdEntry& e) {
  return e.type == p1::Filetype::socket_stream || e.type == p1::Filetype::socket_dgram;
}

template <class Vec>
Errno socket_iovecs(const GuestMemory& mem, GuestSlice<Vec> vecs, std::vector<iovec>* out) {
  const uint32_t n = std::min<uint32_t>(vecs.len, IOV_MAX);
  uint64_t total = 0;
  for (uint32_t i = 0; i < n && total < 0x7ffff000u; ++i) {
    auto v = mem.read(vecs, i);
    if (!v) return Errno::fault;
    uint64_t len = v->buf_len;
    if (!mem.in_bounds(v->buf.addr, len)) return Errno::fault;
    if (total + len > 0x7ffff000u) len = 0x7ffff000u - total;
    total += len;
    out->push_back({mem.data + v->buf.addr, static_cast<size_t>(len)});
  }
  return Errno::success;
}

}  // namespace

Result<Fd, Errno> WasiHost::sock_accept(GuestMemory&, Fd fd, p1::Fdflags flags) {
  FdEntry* e = fds_.get(static_cast<uint32_t>(fd));
  if (!e) return Errno::badf;
  if (!is_socket(*e)) return Errno::notsock;
  if (!rights::has_all(e->base, Rights::sock_accept)) return Errno::notcapable;
  // Only nonblock is meaningful for a new connection.
  if ((static_cast<uint16_t>(flags) & ~static_cast<uint16_t>(p1::Fdflags::nonblock)) != 0) return Errno::inval;
  const int sflags = SOCK_CLOEXEC | (guest::has(flags, p1::Fdflags::nonblock) ? SOCK_NONBLOCK : 0);
  int c;
  do c = accept4(e->host.get(), nullptr, nullptr, sflags);
  while (c < 0 && errno == EINTR);
  if (c < 0) return host_error(errno);
  auto n = std::make_unique<FdEntry>();
  n->host.reset(c);
  n->type = p1::Filetype::socket_stream;
  n->base = rights::intersect(rights::kSocket, rights::bits({Rights::fd_read, Rights::fd_write, Rights::fd_fdstat_set_flags,
                                                              Rights::fd_filestat_get, Rights::poll_fd_readwrite,
                                                              Rights::sock_shutdown}));
  n->flags = flags;
  return add_fd(std::move(n));
}

Result<std::tuple<p1::Size, p1::Roflags>, Errno> WasiHost::sock_recv(GuestMemory& mem, Fd fd, IovecArray ri_data,
                                                                      p1::Riflags ri_flags) {
  FdEntry* e;
  if (Errno err = entry(fd, Rights::fd_read, &e); err != Errno::success) return err;
  if (!is_socket(*e)) return Errno::notsock;
  std::vector<iovec> v;
  if (Errno err = socket_iovecs(mem, ri_data, &v); err != Errno::success) return err;
  msghdr msg{};
  msg.msg_iov = v.data();
  msg.msg_iovlen = v.size();
  int flags = MSG_NOSIGNAL;
  if (guest::has(ri_flags, p1::Riflags::recv_peek)) flags |= MSG_PEEK;
  if (guest::has(ri_flags, p1::Riflags::recv_waitall)) flags |= MSG_WAITALL;
  ssize_t n;
  do n = recvmsg(e->host.get(), &msg, flags);
  while (n < 0 && errno == EINTR);
  if (n < 0) return host_error(errno);
  p1::Roflags ro{};
  if (msg.msg_flags & MSG_TRUNC) ro = p1::Roflags::recv_data_truncated;
  return std::tuple<p1::Size, p1::Roflags>(static_cast<p1::Size>(n), ro);
}

Result<p1::Size, Errno> WasiHost::sock_send(GuestMemory& mem, Fd fd, CiovecArray si_data, p1::Siflags si_flags) {
  FdEntry* e;
  if (Errno err = entry(fd, Rights::fd_write, &e); err != Errno::success) return err;
  if (!is_socket(*e)) return Errno::notsock;
  if (si_flags != 0) return Errno::inval;
  std::vector<iovec> v;
  if (Errno err = socket_iovecs(mem, si_data, &v); err != Errno::success) return err;
  msghdr msg{};
  msg.msg_iov = v.data();
  msg.msg_iovlen = v.size();
  ssize_t n;
  do n = sendmsg(e->host.get(), &msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  if (n < 0) return host_error(errno);
  return static_cast<p1::Size>(n);
}

Result<Unit, Errno> WasiHost::sock_shutdown(GuestMemory&, Fd fd, p1::Sdflags how) {
  FdEntry* e = fds_.get(static_cast<uint32_t>(fd));
  if (!e) return Errno::badf;
  if (!is_socket(*e)) return Errno::notsock;
  if (!rights::has_all(e->base, Rights::sock_shutdown)) return Errno::notcapable;
  const bool rd = guest::has(how, p1::Sdflags::rd), wr = guest::has(how, p1::Sdflags::wr);
  if (!rd && !wr) return Errno::inval;
  if (shutdown(e->host.get(), rd && wr ? SHUT_RDWR : rd ? SHUT_RD : SHUT_WR) != 0) return host_error(errno);
  return Unit{};
}

}  // namespace nanoproc::wasi
