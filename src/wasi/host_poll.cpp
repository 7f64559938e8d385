// poll_oneoff: clock subscriptions (relative or absolute, realtime or monotonic) and
// fd_read/fd_write readiness. Streams and sockets are waited for with ppoll(2); regular
// files are always ready, as POSIX has it.
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "wasi/rights.h"
#include "wasi/wasi_host.h"

namespace nanoproc::wasi {
namespace {

using p1::Event;
using p1::Eventtype;
using p1::Subscription;

// More subscriptions than a host poll(2) would take is a guest error, not host memory.
constexpr uint32_t kMaxSubscriptions = 1u << 16;

uint64_t now_ns(clockid_t c) {
  timespec ts;
  clock_gettime(c, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

Event make_event(const Subscription& s, Errno error) {
  Event e{};
  e.userdata = s.userdata;
  e.error = error;
  e.type = s.u.tag;
  return e;
}

}  // namespace

Result<p1::Size, Errno> WasiHost::poll_oneoff(GuestMemory& mem, GuestPtr<const Subscription> in, GuestPtr<Event> out,
                                              p1::Size nsubscriptions) {
  if (nsubscriptions == 0) return Errno::inval;
  if (nsubscriptions > kMaxSubscriptions) return Errno::nomem;
  if (!mem.in_bounds(in.addr, uint64_t(nsubscriptions) * Subscription::kGuestSize) ||
      !mem.in_bounds(out.addr, uint64_t(nsubscriptions) * Event::kGuestSize))
    return Errno::fault;

  std::vector<Subscription> subs(nsubscriptions);
  for (uint32_t i = 0; i < nsubscriptions; ++i) {
    auto s = mem.read(in, i);
    if (!s) return Errno::fault;
    if (!p1::is_valid(*s)) return Errno::inval;
    subs[i] = *s;
  }

  std::vector<Event> events;
  struct Clock {
    uint32_t sub;
    uint64_t deadline;  // CLOCK_MONOTONIC nanoseconds
  };
  std::vector<Clock> clocks;
  std::vector<pollfd> pfds;
  std::vector<uint32_t> pfd_sub;
  const uint64_t start = now_ns(CLOCK_MONOTONIC);

  for (uint32_t i = 0; i < nsubscriptions; ++i) {
    const Subscription& s = subs[i];
    switch (s.u.tag) {
      case Eventtype::clock: {
        const p1::SubscriptionClock& c = s.u.u.clock;
        uint64_t rel = c.timeout;
        const bool abs = guest::has(c.flags, p1::Subclockflags::subscription_clock_abstime);
        if (c.id == p1::Clockid::realtime || c.id == p1::Clockid::monotonic) {
          if (abs) {
            const uint64_t now = now_ns(c.id == p1::Clockid::realtime ? CLOCK_REALTIME : CLOCK_MONOTONIC);
            rel = c.timeout > now ? c.timeout - now : 0;
          }
          clocks.push_back({i, rel > UINT64_MAX - start ? UINT64_MAX : start + rel});
        } else {
          events.push_back(make_event(s, Errno::inval));  // CPU-time clocks cannot be waited for
        }
        break;
      }
      case Eventtype::fd_read:
      case Eventtype::fd_write: {
        const bool reading = s.u.tag == Eventtype::fd_read;
        const Fd fd = reading ? s.u.u.fd_read.file_descriptor : s.u.u.fd_write.file_descriptor;
        FdEntry* e = fds_.get(static_cast<uint32_t>(fd));
        if (!e) {
          events.push_back(make_event(s, Errno::badf));
          break;
        }
        if (!rights::has_any(e->base, rights::unite(Rights::poll_fd_readwrite, reading ? Rights::fd_read : Rights::fd_write))) {
          events.push_back(make_event(s, Errno::notcapable));
          break;
        }
        if (e->type == p1::Filetype::regular_file || e->type == p1::Filetype::directory ||
            e->type == p1::Filetype::block_device) {
          Event ev = make_event(s, Errno::success);
          if (reading && e->type == p1::Filetype::regular_file) {
            struct stat st;
            off_t pos = lseek(e->host.get(), 0, SEEK_CUR);
            if (fstat(e->host.get(), &st) == 0 && pos >= 0 && st.st_size > pos)
              ev.fd_readwrite.nbytes = static_cast<uint64_t>(st.st_size - pos);
          }
          events.push_back(ev);
          break;
        }
        pfds.push_back({e->host.get(), static_cast<short>(reading ? POLLIN : POLLOUT), 0});
        pfd_sub.push_back(i);
        break;
      }
    }
  }

  for (;;) {
    // Wait for nothing if something is ready already; forever if there is no clock.
    const uint64_t now = now_ns(CLOCK_MONOTONIC);
    timespec ts{0, 0};
    timespec* timeout = &ts;
    if (events.empty()) {
      if (clocks.empty()) {
        timeout = nullptr;
      } else {
        uint64_t first = UINT64_MAX;
        for (const Clock& c : clocks) first = std::min(first, c.deadline);
        const uint64_t rel = first > now ? first - now : 0;
        ts.tv_sec = static_cast<time_t>(std::min<uint64_t>(rel / 1000000000ull, INT32_MAX));
        ts.tv_nsec = static_cast<long>(rel % 1000000000ull);
      }
    }
    if (pfds.empty() && !timeout) break;  // only errors to report (cannot happen: see above)
    int r = ppoll(pfds.data(), pfds.size(), timeout, nullptr);
    if (r < 0) {
      if (errno == EINTR) continue;
      return host_error(errno);
    }
    for (size_t k = 0; k < pfds.size(); ++k) {
      const short re = pfds[k].revents;
      if (!re) continue;
      const Subscription& s = subs[pfd_sub[k]];
      Event ev = make_event(s, (re & POLLNVAL) ? Errno::badf : Errno::success);
      if (re & POLLHUP) ev.fd_readwrite.flags = p1::Eventrwflags::fd_readwrite_hangup;
      if (s.u.tag == Eventtype::fd_read && !(re & POLLNVAL)) {
        int avail = 0;
        if (ioctl(pfds[k].fd, FIONREAD, &avail) == 0 && avail > 0) ev.fd_readwrite.nbytes = static_cast<uint64_t>(avail);
      }
      events.push_back(ev);
    }
    const uint64_t after = now_ns(CLOCK_MONOTONIC);
    for (const Clock& c : clocks)
      if (after >= c.deadline) events.push_back(make_event(subs[c.sub], Errno::success));
    if (!events.empty()) break;
  }

  for (size_t i = 0; i < events.size(); ++i)
    if (!mem.write(out, events[i], i)) return Errno::fault;
  return static_cast<p1::Size>(events.size());
}

}  // namespace nanoproc::wasi
