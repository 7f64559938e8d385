// The WASI host called directly through its interface (no guest): descriptor tables of
// separate contexts, host descriptor hygiene, rights, readdir cookies, poll_oneoff.
#include <gtest/gtest.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <map>
#include <set>
#include <thread>

#include "wasi/rights.h"
#include "wasi/wasi_link.h"
#include "wasi_test_util.h"

namespace nanoproc::wasi::test {
namespace {

using guest::GuestStr;

// A fake linear memory for calling the interface directly.
struct Mem {
  std::vector<uint8_t> bytes = std::vector<uint8_t>(1 << 16);
  GuestMemory mem{bytes.data(), bytes.size()};
  GuestStr str(uint32_t at, const std::string& s) {
    std::memcpy(bytes.data() + at, s.data(), s.size());
    return GuestStr{guest::GuestPtr<const char>(at), static_cast<uint32_t>(s.size())};
  }
};

constexpr Rights kRead = Rights(static_cast<uint64_t>(Rights::fd_read) | static_cast<uint64_t>(Rights::fd_seek));

std::unique_ptr<WasiHost> make_host(const std::string& dir, ResolveMode mode = ResolveMode::Auto, bool ro = false) {
  WasiOptions o;
  o.dirs.push_back({dir, "/", ro});
  o.resolve = mode;
  auto h = WasiHost::create(o);
  EXPECT_TRUE(h) << h.error().to_string();
  return h ? std::move(*h) : nullptr;
}

Fd open_file(WasiHost& h, Mem& m, Fd dir, const std::string& path, Rights rights = kRead) {
  auto r = h.path_open(m.mem, dir, p1::Lookupflags{}, m.str(60000, path), p1::Oflags{}, rights, Rights{}, p1::Fdflags{});
  EXPECT_TRUE(r.ok()) << path << ": errno " << static_cast<int>(r.error());
  return r.ok() ? r.value() : Fd(UINT32_MAX);
}

std::string read_fd(WasiHost& h, Mem& m, Fd fd) {
  m.mem.write(guest::GuestPtr<p1::Iovec>(100), p1::Iovec{guest::GuestPtr<uint8_t>(200), 64});
  auto r = h.fd_read(m.mem, fd, p1::IovecArray{guest::GuestPtr<p1::Iovec>(100), 1});
  if (!r.ok()) return "errno " + std::to_string(static_cast<int>(r.error()));
  return std::string(reinterpret_cast<char*>(m.bytes.data() + 200), r.value());
}

TEST(WasiHost, ContextsHaveSeparateDescriptorTables) {
  TempDir t;
  t.mkdir("a");
  t.mkdir("b");
  t.write("a/file", "file of a");
  t.write("b/file", "file of b");
  auto a = make_host(t.at("a"));
  auto b = make_host(t.at("b"));
  Mem m;
  // B opens files: descriptors 4 and 5 of B.
  Fd b4 = open_file(*b, m, Fd(3), "file");
  Fd b5 = open_file(*b, m, Fd(3), "file");
  EXPECT_EQ(static_cast<uint32_t>(b4), 4u);
  EXPECT_EQ(static_cast<uint32_t>(b5), 5u);
  // A cannot name them: its table has 0-3 only.
  EXPECT_EQ(read_fd(*a, m, b4), "errno 8");  // badf
  EXPECT_EQ(a->fd_close(m.mem, b4).error(), Errno::badf);
  EXPECT_EQ(a->fd_renumber(m.mem, Fd(3), b5).error(), Errno::badf);
  EXPECT_EQ(a->fd_renumber(m.mem, b5, Fd(3)).error(), Errno::badf);
  EXPECT_EQ(a->fd_fdstat_get(m.mem, b4).error(), Errno::badf);
  // A's own numbering starts where B's did, and names A's files.
  Fd a4 = open_file(*a, m, Fd(3), "file");
  EXPECT_EQ(static_cast<uint32_t>(a4), 4u);
  EXPECT_EQ(read_fd(*a, m, a4), "file of a");
  // Closing and renumbering in A leaves B alone.
  EXPECT_TRUE(a->fd_renumber(m.mem, a4, Fd(3)).ok());  // A's preopen is gone, B's is not
  EXPECT_TRUE(a->fd_close(m.mem, Fd(3)).ok());
  EXPECT_EQ(read_fd(*b, m, b4), "file of b");
  EXPECT_TRUE(b->fd_prestat_get(m.mem, Fd(3)).ok());
  EXPECT_EQ(a->fd_prestat_get(m.mem, Fd(3)).error(), Errno::badf);
}

TEST(WasiHost, HostDescriptorsAreCloseOnExecAndFreed) {
  TempDir t;
  t.mkdir("d/sub");
  t.write("d/sub/f", "x");
  auto count_fds = [] {
    int n = 0;
    DIR* d = opendir("/proc/self/fd");
    while (readdir(d)) ++n;
    closedir(d);
    return n;
  };
  const int before = count_fds();
  for (ResolveMode mode : resolve_modes()) {
    auto h = make_host(t.at("d"), mode);
    Mem m;
    for (int i = 0; i < 10; ++i) open_file(*h, m, Fd(3), "sub/../sub/f");
    auto dir = h->path_open(m.mem, Fd(3), p1::Lookupflags{}, m.str(60000, "sub"), p1::Oflags::directory,
                            Rights::fd_readdir, Rights{}, p1::Fdflags{});
    ASSERT_TRUE(dir.ok());
    for (uint32_t fd = 0; fd < h->fds().size(); ++fd) {
      FdEntry* e = h->fds().get(fd);
      if (!e) continue;
      int flags = fcntl(e->host.get(), F_GETFD);
      EXPECT_TRUE(flags >= 0 && (flags & FD_CLOEXEC)) << mode_name(mode) << " guest fd " << fd;
    }
  }
  EXPECT_EQ(count_fds(), before);  // contexts gone: every host descriptor closed
}

TEST(WasiHost, RightsOnlyShrinkAndAreEnforced) {
  TempDir t;
  t.write("f", "data");
  auto h = make_host(t.path());
  Mem m;
  Fd fd = open_file(*h, m, Fd(3), "f");
  auto st = h->fd_fdstat_get(m.mem, fd);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st.value().fs_rights_base, kRead);  // what was asked for, nothing more
  EXPECT_EQ(h->fd_fdstat_set_rights(m.mem, fd, rights::unite(kRead, Rights::fd_write), Rights{}).error(),
            Errno::notcapable);
  EXPECT_TRUE(h->fd_fdstat_set_rights(m.mem, fd, Rights::fd_seek, Rights{}).ok());
  EXPECT_EQ(read_fd(*h, m, fd), "errno 76");  // notcapable
  // Directories never get file rights, files never get directory rights.
  auto dir = h->fd_fdstat_get(m.mem, Fd(3));
  ASSERT_TRUE(dir.ok());
  EXPECT_FALSE(rights::has_any(dir.value().fs_rights_base, rights::bits({Rights::fd_read, Rights::fd_write, Rights::fd_seek})));
  // A read-only preopen holds and passes on no right that writes.
  auto ro = make_host(t.path(), ResolveMode::Auto, true);
  auto rs = ro->fd_fdstat_get(m.mem, Fd(3));
  ASSERT_TRUE(rs.ok());
  EXPECT_TRUE(rights::has_all(rights::kReadOnly, rs.value().fs_rights_base));
  EXPECT_TRUE(rights::has_all(rights::kReadOnly, rs.value().fs_rights_inheriting));
}

TEST(WasiHost, PreopenMustExist) {
  WasiOptions o;
  o.dirs.push_back({"/nonexistent/nanoproc-test-dir", "/x", false});
  auto h = WasiHost::create(o);
  ASSERT_FALSE(h);
  EXPECT_NE(h.error().message().find("/nonexistent/nanoproc-test-dir"), std::string::npos);
}

// fd_readdir with a buffer too small for everything: each call continues from the d_next
// of the last whole entry; every name is seen once, cut-off entries fill the buffer exactly.
TEST(WasiHost, ReaddirCookiesResumeListings) {
  TempDir t;
  std::set<std::string> want = {".", ".."};
  for (int i = 0; i < 60; ++i) {
    std::string n = "file_with_a_longish_name_" + std::to_string(i);
    t.write(n, "");
    want.insert(n);
  }
  auto h = make_host(t.path());
  Mem m;
  std::set<std::string> seen;
  uint64_t cookie = 0;
  for (int calls = 0; calls < 1000; ++calls) {
    const uint32_t len = 150;
    auto r = h->fd_readdir(m.mem, Fd(3), guest::GuestSlice<uint8_t>{guest::GuestPtr<uint8_t>(1000), len}, cookie);
    ASSERT_TRUE(r.ok());
    uint32_t at = 0;
    bool whole = false;
    while (at + 24 <= r.value()) {
      p1::Dirent d = p1::Dirent::guest_load(m.bytes.data() + 1000 + at);
      if (at + 24 + d.d_namlen > r.value()) break;  // cut off at the end of the buffer
      std::string name(reinterpret_cast<char*>(m.bytes.data() + 1000 + at + 24), d.d_namlen);
      EXPECT_TRUE(seen.insert(name).second) << "seen twice: " << name;
      cookie = d.d_next;
      whole = true;
      at += 24 + d.d_namlen;
    }
    ASSERT_TRUE(whole) << "no whole entry fits";
    if (r.value() < len) break;  // the listing is complete
  }
  EXPECT_EQ(seen, want);
}

TEST(WasiHost, PollClocksAndPipes) {
  TempDir t;
  int p[2];
  ASSERT_EQ(pipe2(p, O_CLOEXEC), 0);
  WasiOptions o;
  o.stdin_fd = p[0];
  o.stdout_fd = p[1];
  auto hr = WasiHost::create(o);
  ASSERT_TRUE(hr);
  WasiHost& h = **hr;
  Mem m;
  auto sub = [&](uint32_t i, uint64_t userdata, p1::SubscriptionU u) {
    p1::Subscription s{userdata, u};
    m.mem.write(guest::GuestPtr<p1::Subscription>(0), s, i);
  };
  auto clock = [](p1::Clockid id, uint64_t timeout, bool abs) {
    return p1::SubscriptionU::make_clock(
        p1::SubscriptionClock{id, timeout, 0, abs ? p1::Subclockflags::subscription_clock_abstime : p1::Subclockflags{}});
  };
  auto event = [&](uint32_t i) { return *m.mem.read(guest::GuestPtr<p1::Event>(4096), i); };
  auto poll = [&](uint32_t n) { return h.poll_oneoff(m.mem, guest::GuestPtr<const p1::Subscription>(0), guest::GuestPtr<p1::Event>(4096), n); };

  EXPECT_EQ(poll(0).error(), Errno::inval);
  // A relative monotonic timeout of 20 ms.
  sub(0, 7, clock(p1::Clockid::monotonic, 20'000'000, false));
  auto t0 = std::chrono::steady_clock::now();
  auto r = poll(1);
  ASSERT_TRUE(r.ok());
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(19));
  ASSERT_EQ(r.value(), 1u);
  EXPECT_EQ(event(0).userdata, 7u);
  EXPECT_EQ(event(0).type, p1::Eventtype::clock);
  // An absolute realtime deadline 20 ms ahead.
  timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  uint64_t ns = static_cast<uint64_t>(now.tv_sec) * 1000000000ull + now.tv_nsec;
  sub(0, 8, clock(p1::Clockid::realtime, ns + 20'000'000, true));
  t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(poll(1).ok());
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(15));
  EXPECT_EQ(event(0).userdata, 8u);
  // Stdin (a pipe) with data: ready at once, with its byte count, before a 5 s timeout.
  ASSERT_EQ(write(p[1], "abc", 3), 3);
  sub(0, 1, clock(p1::Clockid::monotonic, 5'000'000'000ull, false));
  sub(1, 2, p1::SubscriptionU::make_fd_read(p1::SubscriptionFdReadwrite{Fd(0)}));
  sub(2, 3, p1::SubscriptionU::make_fd_write(p1::SubscriptionFdReadwrite{Fd(1)}));
  sub(3, 4, p1::SubscriptionU::make_fd_read(p1::SubscriptionFdReadwrite{Fd(99)}));
  t0 = std::chrono::steady_clock::now();
  r = poll(4);
  ASSERT_TRUE(r.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
  std::map<uint64_t, p1::Event> got;
  for (uint32_t i = 0; i < r.value(); ++i) got[event(i).userdata] = event(i);
  EXPECT_EQ(got.count(1), 0u);  // the clock did not fire
  ASSERT_EQ(got.count(2), 1u);
  EXPECT_EQ(got[2].error, Errno::success);
  EXPECT_EQ(got[2].fd_readwrite.nbytes, 3u);
  ASSERT_EQ(got.count(3), 1u);
  EXPECT_EQ(got[3].type, p1::Eventtype::fd_write);
  ASSERT_EQ(got.count(4), 1u);
  EXPECT_EQ(got[4].error, Errno::badf);
  // Hang-up: the write end closed (ours and the guest's copy).
  close(p[1]);
  ASSERT_TRUE(h.fd_close(m.mem, Fd(1)).ok());
  char buf[3];
  ASSERT_EQ(read(p[0], buf, 3), 3);
  sub(0, 9, p1::SubscriptionU::make_fd_read(p1::SubscriptionFdReadwrite{Fd(0)}));
  r = poll(1);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value(), 1u);
  EXPECT_EQ(event(0).fd_readwrite.flags, p1::Eventrwflags::fd_readwrite_hangup);
  close(p[0]);
}

TEST(WasiHost, ClosedHostStdioStaysClosedForTheGuest) {
  WasiOptions o;
  o.stdin_fd = -1;
  auto h = WasiHost::create(o);
  ASSERT_TRUE(h);
  Mem m;
  EXPECT_EQ((*h)->fd_fdstat_get(m.mem, Fd(0)).error(), Errno::badf);
  EXPECT_TRUE((*h)->fd_fdstat_get(m.mem, Fd(1)).ok());
}

// The guest's sockets are the ones the host handed over; accept/recv/send/shutdown work on
// them and refuse anything else (tests/wasi/guests/sockets.c).
TEST(WasiHost, PreopenedListeningSocket) {
  if (!guests_built()) GTEST_SKIP() << "the C guests were not built";
  TempDir t;
  int ls = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::string sp = t.at("sock");
  ASSERT_LT(sp.size(), sizeof addr.sun_path);
  std::memcpy(addr.sun_path, sp.c_str(), sp.size() + 1);
  ASSERT_EQ(bind(ls, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(ls, 1), 0);
  std::string reply;
  std::thread client([&] {
    int c = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (connect(c, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return;
    if (write(c, "hello", 5) != 5) return;
    char buf[16];
    ssize_t n;
    while ((n = read(c, buf, sizeof buf)) > 0) reply.append(buf, static_cast<size_t>(n));
    close(c);
  });
  WasiOptions o;
  o.sockets.push_back(ls);
  GuestResult r = run_wasi(guest("sockets"), o);
  client.join();
  close(ls);
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.out, "accept 0\nrecv 0 5\nsend 0 5\nshutdown 0\nshutdown-not-socket 57\naccept-not-socket 57\n");
  EXPECT_EQ(reply, "HELLO");
}

}  // namespace
}  // namespace nanoproc::wasi::test
