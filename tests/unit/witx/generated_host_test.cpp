// The C++ host glue generated from the project's witx files at build time: layouts,
// registration tables, adapters (argument checks, results, errno), and wasi_unstable
// running on a preview1 implementation.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "wasi_gen/wasi_snapshot_preview1_host.h"
#include "wasi_gen/wasi_unstable_from_wasi_snapshot_preview1.h"
#include "wasi_gen/wasi_unstable_host.h"
#include "witx/abi.h"
#include "witx/validate.h"

namespace nanoproc::wasi {
namespace {

using guest::GuestMemory;
using guest::GuestPtr;
using guest::HostResult;

// The generated headers assert every layout; these are the numbers programs depend on.
static_assert(sizeof(p1::Filestat) == 64 && sizeof(p0::Filestat) == 56);
static_assert(sizeof(p1::Subscription) == 48 && sizeof(p0::Subscription) == 56);
static_assert(sizeof(p1::Event) == 32 && sizeof(p1::Fdstat) == 24 && sizeof(p1::Prestat) == 8);
static_assert(offsetof(p0::Filestat, nlink) == 20 && offsetof(p1::Filestat, nlink) == 24);
static_assert(guest::GuestLayout<p1::SubscriptionU>::size == 40);
static_assert(static_cast<uint8_t>(p0::Whence::set) == 2 && static_cast<uint8_t>(p1::Whence::set) == 0);
static_assert(guest::has(p1::Rights::fd_read | p1::Rights::fd_write, p1::Rights::fd_write));

constexpr uint64_t code(p1::Errno e) { return static_cast<uint64_t>(e); }

// A guest memory of 64 KiB filled with a marker byte.
struct Memory {
  std::vector<uint8_t> bytes = std::vector<uint8_t>(65536, 0xAA);
  GuestMemory mem{bytes.data(), bytes.size()};
  template <class T>
  void put(uint32_t at, const T& v) { std::memcpy(bytes.data() + at, &v, sizeof v); }
  template <class T>
  T get(uint32_t at) const {
    T v;
    std::memcpy(&v, bytes.data() + at, sizeof v);
    return v;
  }
};

template <class Iface>
HostResult call(Iface& iface, GuestMemory& mem, std::string_view name, std::vector<uint64_t> args, uint64_t* results) {
  for (const auto& f : Iface::funcs()) {
    if (f.name != name) continue;
    EXPECT_EQ(args.size(), f.params.size()) << name;
    return f.adapter(iface, mem, args.data(), results);
  }
  ADD_FAILURE() << "no function " << name;
  return HostResult::trap("missing");
}

struct Host : p1::WasiSnapshotPreview1Unimplemented {
  int calls = 0;
  std::string written;
  p1::Whence whence{};
  p1::Linkcount nlink = 3;
  std::vector<p1::Subscription> subscriptions;

  guest::Result<p1::Size, p1::Errno> fd_write(GuestMemory& mem, p1::Fd fd, p1::CiovecArray iovs) override {
    ++calls;
    if (fd != p1::Fd{1}) return p1::Errno::badf;
    uint32_t total = 0;
    for (uint32_t i = 0; i < iovs.len; ++i) {
      auto iov = mem.read(iovs, i);
      if (!iov) return p1::Errno::fault;
      auto bytes = mem.bytes(guest::GuestSlice<const uint8_t>{iov->buf, iov->buf_len});
      if (!bytes) return p1::Errno::fault;
      written.append(bytes->begin(), bytes->end());
      total += iov->buf_len;
    }
    return total;
  }
  guest::Result<p1::Filesize, p1::Errno> fd_seek(GuestMemory&, p1::Fd, p1::Filedelta offset, p1::Whence w) override {
    ++calls;
    whence = w;
    return static_cast<p1::Filesize>(offset + 100);
  }
  guest::Result<p1::Filestat, p1::Errno> fd_filestat_get(GuestMemory&, p1::Fd) override {
    ++calls;
    p1::Filestat st{};
    st.dev = 7;
    st.ino = 8;
    st.filetype = p1::Filetype::regular_file;
    st.nlink = nlink;
    st.size = 12345;
    st.ctim = 99;
    return st;
  }
  guest::Result<p1::Fdstat, p1::Errno> fd_fdstat_get(GuestMemory&, p1::Fd) override {
    ++calls;
    p1::Fdstat st{};
    st.fs_filetype = p1::Filetype::directory;
    st.fs_rights_base = p1::Rights::fd_read | p1::Rights::sock_accept;
    st.fs_rights_inheriting = p1::kRightsAll;
    return st;
  }
  guest::Result<p1::Prestat, p1::Errno> fd_prestat_get(GuestMemory&, p1::Fd fd) override {
    ++calls;
    if (fd != p1::Fd{3}) return p1::Errno::badf;
    return p1::Prestat::make_dir(p1::PrestatDir{5});
  }
  guest::Result<std::tuple<p1::Size, p1::Size>, p1::Errno> args_sizes_get(GuestMemory&) override {
    ++calls;
    return std::tuple<p1::Size, p1::Size>{3, 17};
  }
  guest::Result<std::tuple<p1::Size, p1::Roflags>, p1::Errno> sock_recv(GuestMemory&, p1::Fd, p1::IovecArray, p1::Riflags) override {
    ++calls;
    return std::tuple<p1::Size, p1::Roflags>{42, p1::Roflags::recv_data_truncated};
  }
  guest::Result<p1::Fd, p1::Errno> path_open(GuestMemory& mem, p1::Fd, p1::Lookupflags, guest::GuestStr path, p1::Oflags,
                                             p1::Rights base, p1::Rights, p1::Fdflags) override {
    ++calls;
    auto s = mem.string(path);
    if (!s) return p1::Errno::fault;
    written = *s;
    return p1::Fd{static_cast<uint32_t>(base)};
  }
  guest::Result<guest::Unit, p1::Errno> random_get(GuestMemory& mem, guest::GuestSlice<uint8_t> buf) override {
    ++calls;
    auto bytes = mem.bytes(buf);
    if (!bytes) return p1::Errno::fault;
    for (auto& b : *bytes) b = 0x5A;
    return {};
  }
  guest::Result<guest::Unit, p1::Errno> sched_yield(GuestMemory&) override {
    ++calls;
    return guest::Result<guest::Unit, p1::Errno>::error(p1::Errno::success);  // a host bug
  }
  guest::Result<p1::Size, p1::Errno> poll_oneoff(GuestMemory& mem, GuestPtr<const p1::Subscription> in,
                                                 GuestPtr<p1::Event> out, p1::Size n) override {
    ++calls;
    subscriptions.clear();
    for (uint32_t i = 0; i < n; ++i) {
      auto s = mem.read(in, i);
      if (!s) return p1::Errno::fault;
      subscriptions.push_back(*s);
    }
    p1::Event e{};
    e.userdata = subscriptions.at(0).userdata;
    e.type = p1::Eventtype::clock;
    if (!mem.write(out, e)) return p1::Errno::fault;
    return 1;
  }
  HostResult proc_exit(GuestMemory&, p1::Exitcode rval) override { return HostResult::exit(rval); }
};

TEST(WitxGenerated, RegistrationMatchesTheWitxAbi) {
  auto doc = witx::load_document({NANOPROC_SOURCE_DIR "/witx/preview1/wasi_snapshot_preview1.witx"});
  ASSERT_TRUE(doc);
  const auto funcs = p1::WasiSnapshotPreview1::funcs();
  const auto& wf = doc->modules.at(0).funcs;
  ASSERT_EQ(funcs.size(), wf.size());
  EXPECT_EQ(p1::WasiSnapshotPreview1::kModuleName, "wasi_snapshot_preview1");
  EXPECT_EQ(p1::WasiSnapshotPreview1::kMemoryName, "memory");
  EXPECT_EQ(p0::WasiUnstable::kModuleName, "wasi_unstable");
  EXPECT_EQ(p0::WasiUnstable::funcs().size(), 45u);
  auto kind = [](witx::CoreType t) {
    return t == witx::CoreType::I32 ? ValKind::I32 : t == witx::CoreType::I64 ? ValKind::I64 : t == witx::CoreType::F32 ? ValKind::F32 : ValKind::F64;
  };
  for (size_t i = 0; i < wf.size(); ++i) {
    EXPECT_EQ(funcs[i].name, wf[i].name);
    ASSERT_EQ(funcs[i].params.size(), wf[i].core.params.size()) << wf[i].name;
    for (size_t k = 0; k < wf[i].core.params.size(); ++k) EXPECT_EQ(funcs[i].params[k], kind(wf[i].core.params[k])) << wf[i].name;
    ASSERT_EQ(funcs[i].results.size(), wf[i].core.results.size()) << wf[i].name;
    for (size_t k = 0; k < wf[i].core.results.size(); ++k) EXPECT_EQ(funcs[i].results[k], kind(wf[i].core.results[k]));
    EXPECT_NE(funcs[i].adapter, nullptr);
  }
}

TEST(WitxGenerated, FdWriteReadsGuestBuffersAndWritesTheResult) {
  Host host;
  Memory m;
  std::memcpy(m.bytes.data() + 1000, "hello, world", 12);
  m.put<uint32_t>(100, 1000);  // ciovec[0] = {1000, 5}
  m.put<uint32_t>(104, 5);
  m.put<uint32_t>(108, 1005);  // ciovec[1] = {1005, 7}
  m.put<uint32_t>(112, 7);
  uint64_t r[1] = {~0ull};
  HostResult h = call(host, m.mem, "fd_write", {1, 100, 2, 200}, r);
  ASSERT_TRUE(h.is_return());
  EXPECT_EQ(r[0], 0u);
  EXPECT_EQ(host.written, "hello, world");
  EXPECT_EQ(m.get<uint32_t>(200), 12u);

  // An errno from the implementation becomes the core result; nothing is written.
  m.put<uint32_t>(200, 0xDEADBEEF);
  h = call(host, m.mem, "fd_write", {2, 100, 2, 200}, r);
  EXPECT_EQ(r[0], code(p1::Errno::badf));
  EXPECT_EQ(m.get<uint32_t>(200), 0xDEADBEEFu);
  // Upper bits of i32 arguments are ignored.
  h = call(host, m.mem, "fd_write", {0xFFFFFFFF00000001ull, 100, 2, 200}, r);
  EXPECT_EQ(r[0], 0u);
}

TEST(WitxGenerated, OutOfBoundsPointersAreFaultsNeverCalls) {
  Host host;
  Memory m;
  uint64_t r[1];
  const uint64_t end = m.bytes.size();
  struct Case {
    const char* what;
    std::vector<uint64_t> args;
  } cases[] = {
      {"list past the end", {1, end - 8, 2, 0}},
      {"list length overflowing 32 bits", {1, 16, 0x20000001, 0}},
      {"list at 0xffffffff", {1, 0xFFFFFFFF, 1, 0}},
      {"return pointer past the end", {1, 100, 0, end - 3}},
      {"return pointer at 0xfffffffc", {1, 100, 0, 0xFFFFFFFC}},
  };
  for (const Case& c : cases) {
    HostResult h = call(host, m.mem, "fd_write", c.args, r);
    ASSERT_TRUE(h.is_return()) << c.what;
    EXPECT_EQ(r[0], code(p1::Errno::fault)) << c.what;
  }
  // Strings and (pointer, length) pairs are checked the same way.
  EXPECT_TRUE(call(host, m.mem, "path_open", {3, 0, end - 2, 3, 0, 0, 0, 0, 0}, r).is_return());
  EXPECT_EQ(r[0], code(p1::Errno::fault));
  EXPECT_TRUE(call(host, m.mem, "random_get", {end - 4, 5}, r).is_return());
  EXPECT_EQ(r[0], code(p1::Errno::fault));
  // A single pointer must have room for one element.
  EXPECT_TRUE(call(host, m.mem, "poll_oneoff", {end - 47, 0, 1, 0}, r).is_return());
  EXPECT_EQ(r[0], code(p1::Errno::fault));
  EXPECT_EQ(host.calls, 0);

  // Empty memory: nothing is in bounds but an empty list at 0.
  GuestMemory none;
  EXPECT_TRUE(call(host, none, "fd_write", {1, 0, 0, 0}, r).is_return());
  EXPECT_EQ(r[0], code(p1::Errno::fault));
  EXPECT_TRUE(call(host, m.mem, "random_get", {end, 0}, r).is_return());  // empty, at the very end: fine
  EXPECT_EQ(r[0], 0u);
}

TEST(WitxGenerated, InvalidEnumsAndFlagsAreInval) {
  Host host;
  Memory m;
  uint64_t r[1];
  EXPECT_TRUE(call(host, m.mem, "fd_seek", {3, 5, 3, 0}, r).is_return());  // whence 3
  EXPECT_EQ(r[0], code(p1::Errno::inval));
  EXPECT_TRUE(call(host, m.mem, "fd_seek", {3, 5, 0x100, 0}, r).is_return());  // whence 256 (u8 tag, i32 arg)
  EXPECT_EQ(r[0], code(p1::Errno::inval));
  EXPECT_TRUE(call(host, m.mem, "path_open", {3, 0, 0, 0, 0x10, 0, 0, 0, 0}, r).is_return());  // oflags bit 4
  EXPECT_EQ(r[0], code(p1::Errno::inval));
  EXPECT_TRUE(call(host, m.mem, "path_open", {3, 0, 0, 0, 0, 1ull << 30, 0, 0, 0}, r).is_return());  // rights bit 30
  EXPECT_EQ(r[0], code(p1::Errno::inval));
  EXPECT_EQ(host.calls, 0);
  EXPECT_TRUE(call(host, m.mem, "fd_seek", {3, static_cast<uint64_t>(-5), 2, 40}, r).is_return());
  EXPECT_EQ(r[0], 0u);
  EXPECT_EQ(host.whence, p1::Whence::end);
  EXPECT_EQ(m.get<uint64_t>(40), 95u);
}

TEST(WitxGenerated, ResultsThroughReturnPointers) {
  Host host;
  Memory m;
  uint64_t r[1];
  ASSERT_TRUE(call(host, m.mem, "args_sizes_get", {8, 12}, r).is_return());
  EXPECT_EQ(r[0], 0u);
  EXPECT_EQ(m.get<uint32_t>(8), 3u);
  EXPECT_EQ(m.get<uint32_t>(12), 17u);

  ASSERT_TRUE(call(host, m.mem, "sock_recv", {4, 0, 0, 0, 20, 24}, r).is_return());
  EXPECT_EQ(m.get<uint32_t>(20), 42u);
  EXPECT_EQ(m.get<uint16_t>(24), 1u);
  EXPECT_EQ(m.get<uint8_t>(26), 0xAAu);  // nothing beyond the u16

  // A union result: tag, zeroed padding, payload at offset 4.
  ASSERT_TRUE(call(host, m.mem, "fd_prestat_get", {3, 64}, r).is_return());
  EXPECT_EQ(r[0], 0u);
  EXPECT_EQ(m.get<uint32_t>(64), 0u);  // tag `dir` = 0 and three padding bytes, all zero
  EXPECT_EQ(m.get<uint32_t>(68), 5u);

  // A 64-byte record with padding after `filetype`.
  ASSERT_TRUE(call(host, m.mem, "fd_filestat_get", {3, 128}, r).is_return());
  EXPECT_EQ(m.get<uint64_t>(128 + 8), 8u);
  EXPECT_EQ(m.get<uint64_t>(128 + 16), 4u);  // regular_file, then seven zero bytes
  EXPECT_EQ(m.get<uint64_t>(128 + 24), 3u);
  EXPECT_EQ(m.get<uint64_t>(128 + 56), 99u);

  ASSERT_TRUE(call(host, m.mem, "path_open", {3, 1, 1000, 0, 1, 0x42, 0, 0, 300}, r).is_return());
  std::memcpy(m.bytes.data() + 1000, "a/b", 3);
  ASSERT_TRUE(call(host, m.mem, "path_open", {3, 1, 1000, 3, 1, 0x42, 0, 0, 300}, r).is_return());
  EXPECT_EQ(host.written, "a/b");
  EXPECT_EQ(m.get<uint32_t>(300), 0x42u);

  ASSERT_TRUE(call(host, m.mem, "random_get", {500, 4}, r).is_return());
  EXPECT_EQ(m.get<uint32_t>(500), 0x5A5A5A5Au);
}

TEST(WitxGenerated, AbortsAndHostBugs) {
  Host host;
  Memory m;
  uint64_t r[1];
  HostResult h = call(host, m.mem, "proc_exit", {17}, r);
  EXPECT_EQ(h.kind(), HostResult::Kind::Exit);
  EXPECT_EQ(h.exit_code(), 17u);
  h = call(host, m.mem, "sched_yield", {}, r);  // errno 0 returned as an error
  EXPECT_EQ(h.kind(), HostResult::Kind::Trap);
  h = call(host, m.mem, "fd_close", {3}, r);  // not implemented
  ASSERT_TRUE(h.is_return());
  EXPECT_EQ(r[0], code(p1::Errno::nosys));

  struct Returns : p1::WasiSnapshotPreview1Unimplemented {
    HostResult proc_exit(GuestMemory&, p1::Exitcode) override { return HostResult::ret(); }
  } returns;
  EXPECT_EQ(call(returns, m.mem, "proc_exit", {0}, r).kind(), HostResult::Kind::Trap);
  p1::WasiSnapshotPreview1Unimplemented none;
  EXPECT_EQ(call(none, m.mem, "proc_exit", {0}, r).kind(), HostResult::Kind::Trap);
}

// ---- wasi_unstable on preview1 ----------------------------------------------------------

TEST(WitxSnapshot0, WhenceIsRemappedByName) {
  Host host;
  p0::WasiUnstableFromWasiSnapshotPreview1 p0host(host);
  Memory m;
  uint64_t r[1];
  ASSERT_TRUE(call(p0host, m.mem, "fd_seek", {3, 1, 2, 40}, r).is_return());  // p0 whence 2 = set
  EXPECT_EQ(r[0], 0u);
  EXPECT_EQ(host.whence, p1::Whence::set);
  ASSERT_TRUE(call(p0host, m.mem, "fd_seek", {3, 1, 0, 40}, r).is_return());  // p0 whence 0 = cur
  EXPECT_EQ(host.whence, p1::Whence::cur);
  EXPECT_EQ(m.get<uint64_t>(40), 101u);
  ASSERT_TRUE(call(p0host, m.mem, "fd_seek", {3, 1, 3, 40}, r).is_return());
  EXPECT_EQ(r[0], code(p1::Errno::inval));
}

TEST(WitxSnapshot0, FilestatIsReLaidOutAndNlinkNarrowed) {
  Host host;
  p0::WasiUnstableFromWasiSnapshotPreview1 p0host(host);
  Memory m;
  uint64_t r[1];
  ASSERT_TRUE(call(p0host, m.mem, "fd_filestat_get", {3, 128}, r).is_return());
  EXPECT_EQ(r[0], 0u);
  EXPECT_EQ(m.get<uint64_t>(128), 7u);
  EXPECT_EQ(m.get<uint8_t>(128 + 16), 4u);
  EXPECT_EQ(m.get<uint32_t>(128 + 20), 3u);       // nlink: u32 at 20
  EXPECT_EQ(m.get<uint64_t>(128 + 24), 12345u);   // size at 24
  EXPECT_EQ(m.get<uint64_t>(128 + 48), 99u);      // ctim at 48
  EXPECT_EQ(m.get<uint8_t>(128 + 56), 0xAAu);     // 56 bytes, not 64
  host.nlink = 1ull << 32;
  ASSERT_TRUE(call(p0host, m.mem, "fd_filestat_get", {3, 128}, r).is_return());
  EXPECT_EQ(r[0], code(p1::Errno::overflow));
}

TEST(WitxSnapshot0, RightsAreMappedByName) {
  Host host;
  p0::WasiUnstableFromWasiSnapshotPreview1 p0host(host);
  Memory m;
  uint64_t r[1];
  ASSERT_TRUE(call(p0host, m.mem, "fd_fdstat_get", {3, 0}, r).is_return());
  EXPECT_EQ(r[0], 0u);
  EXPECT_EQ(m.get<uint64_t>(8), static_cast<uint64_t>(p0::Rights::fd_read));  // sock_accept dropped
  EXPECT_EQ(m.get<uint64_t>(16), static_cast<uint64_t>(p0::kRightsAll));
  // sock_accept's bit does not exist in wasi_unstable.
  ASSERT_TRUE(call(p0host, m.mem, "path_open", {3, 0, 0, 0, 0, 1ull << 29, 0, 0, 300}, r).is_return());
  EXPECT_EQ(r[0], code(p1::Errno::inval));
  ASSERT_TRUE(call(p0host, m.mem, "path_open", {3, 0, 0, 0, 0, 1ull << 28, 0, 0, 300}, r).is_return());
  EXPECT_EQ(r[0], 0u);
  EXPECT_EQ(m.get<uint32_t>(300), 1u << 28);
}

TEST(WitxSnapshot0, PollOneoffConvertsSubscriptionsAndCopiesBackOnlyWrittenEvents) {
  Host host;
  p0::WasiUnstableFromWasiSnapshotPreview1 p0host(host);
  Memory m;
  // Two preview0 subscriptions (56 bytes each) at 1024: a clock and an fd_read.
  p0::Subscription s0{};
  s0.userdata = 111;
  s0.u = p0::SubscriptionU::make_clock(p0::SubscriptionClock{0x1D, p0::Clockid::monotonic, 5000, 10,
                                                             p0::Subclockflags::subscription_clock_abstime});
  p0::Subscription s1{};
  s1.userdata = 222;
  s1.u = p0::SubscriptionU::make_fd_read(p0::SubscriptionFdReadwrite{p0::Fd{4}});
  ASSERT_TRUE(m.mem.write(GuestPtr<p0::Subscription>(1024), s0, 0));
  ASSERT_TRUE(m.mem.write(GuestPtr<p0::Subscription>(1024), s1, 1));
  EXPECT_EQ(m.get<uint64_t>(1024 + 56), 222u);
  uint64_t r[1];
  ASSERT_TRUE(call(p0host, m.mem, "poll_oneoff", {1024, 2048, 2, 4000}, r).is_return());
  EXPECT_EQ(r[0], 0u);
  ASSERT_EQ(host.subscriptions.size(), 2u);
  EXPECT_EQ(host.subscriptions[0].userdata, 111u);
  EXPECT_EQ(host.subscriptions[0].u.tag, p1::Eventtype::clock);
  EXPECT_EQ(host.subscriptions[0].u.u.clock.id, p1::Clockid::monotonic);
  EXPECT_EQ(host.subscriptions[0].u.u.clock.timeout, 5000u);
  EXPECT_EQ(host.subscriptions[0].u.u.clock.precision, 10u);
  EXPECT_EQ(host.subscriptions[0].u.u.clock.flags, p1::Subclockflags::subscription_clock_abstime);
  EXPECT_EQ(host.subscriptions[1].u.tag, p1::Eventtype::fd_read);
  EXPECT_EQ(host.subscriptions[1].u.u.fd_read.file_descriptor, p1::Fd{4});
  EXPECT_EQ(m.get<uint32_t>(4000), 1u);
  EXPECT_EQ(m.get<uint64_t>(2048), 111u);        // the one event written
  EXPECT_EQ(m.get<uint64_t>(2048 + 32), ~0ull / 0xFF * 0xAA);  // the second slot untouched

  // A subscription tag preview1 cannot express, and arrays out of bounds.
  m.bytes[1024 + 8] = 7;
  ASSERT_TRUE(call(p0host, m.mem, "poll_oneoff", {1024, 2048, 2, 4000}, r).is_return());
  EXPECT_EQ(r[0], code(p1::Errno::inval));
  ASSERT_TRUE(call(p0host, m.mem, "poll_oneoff", {65536 - 56, 2048, 2, 4000}, r).is_return());
  EXPECT_EQ(r[0], code(p1::Errno::fault));
  ASSERT_TRUE(call(p0host, m.mem, "poll_oneoff", {1024, 2048, 0x7FFFFFFF, 4000}, r).is_return());
  EXPECT_EQ(r[0], code(p1::Errno::fault));
}

TEST(WitxSnapshot0, SharedTypesPassThrough) {
  Host host;
  p0::WasiUnstableFromWasiSnapshotPreview1 p0host(host);
  Memory m;
  std::memcpy(m.bytes.data() + 1000, "abc", 3);
  m.put<uint32_t>(100, 1000);
  m.put<uint32_t>(104, 3);
  uint64_t r[1];
  ASSERT_TRUE(call(p0host, m.mem, "fd_write", {1, 100, 1, 200}, r).is_return());
  EXPECT_EQ(r[0], 0u);
  EXPECT_EQ(host.written, "abc");
  EXPECT_EQ(m.get<uint32_t>(200), 3u);
  EXPECT_EQ(call(p0host, m.mem, "proc_exit", {9}, r).exit_code(), 9u);
  ASSERT_TRUE(call(p0host, m.mem, "fd_close", {3}, r).is_return());
  EXPECT_EQ(r[0], code(p1::Errno::nosys));
}

}  // namespace
}  // namespace nanoproc::wasi
