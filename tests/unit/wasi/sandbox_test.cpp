// Sandbox escape attempts by a real guest (tests/wasi/guests/probe.c), with each path
// resolver: `..`, absolute paths, symlinks that exist beforehand and symlinks the guest makes,
// renames and links out of the tree, symlink swaps racing with the guest's opens, and
// writes beneath a read-only preopen. Every attempt must fail and nothing outside may change.
#include <gtest/gtest.h>
#include <linux/fs.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "wasi_test_util.h"

namespace nanoproc::wasi::test {
namespace {

class Sandbox : public ::testing::TestWithParam<ResolveMode> {
 protected:
  void SetUp() override {
    if (!guests_built()) GTEST_SKIP() << "the C guests were not built (clang-19 or wasi-libc missing)";
    t.mkdir("outside/dir");
    t.write("outside/secret.txt", "SECRET outside");
    t.mkdir("box/sub");
    t.write("box/inside.txt", "inside");
    t.write("box/sub/nested.txt", "nested");
    t.symlink("../outside/secret.txt", "box/up_link");
    t.symlink(t.at("outside/secret.txt"), "box/abs_link");
    t.symlink("..", "box/dir_up");
    t.symlink(t.at("outside"), "box/dir_abs");
    t.symlink("../../outside", "box/sub/deep_up");
    t.symlink("loop_b", "box/loop_a");
    t.symlink("loop_a", "box/loop_b");
    t.symlink("sub/nested.txt", "box/ok_link");
    t.symlink("sub/../sub/./nested.txt", "box/ok_link2");
    outside_before = t.listing("outside");
  }

  WasiOptions options(bool read_only = false) const {
    WasiOptions o;
    o.dirs.push_back({t.at("box"), "/box", read_only});
    o.resolve = GetParam();
    return o;
  }

  void expect_outside_untouched() const {
    EXPECT_EQ(t.listing("outside"), outside_before);
    EXPECT_EQ(t.read("outside/secret.txt"), "SECRET outside");
    EXPECT_FALSE(t.exists("evil"));
    EXPECT_FALSE(t.exists("stolen"));
  }

  TempDir t;
  std::vector<std::string> outside_before;
};

// Runs the probe and checks each operation's result.
void expect_results(const WasiOptions& opts, const std::vector<std::pair<std::string, std::string>>& cases) {
  std::vector<std::string> ops;
  for (const auto& c : cases) ops.push_back(c.first);
  auto results = probe(opts, ops);
  ASSERT_EQ(results.count("<error>"), 0u) << results["<error>"];
  for (const auto& [op, want] : cases) EXPECT_EQ(results[op], want) << "operation: " << op;
}

TEST_P(Sandbox, InsideWorks) {
  expect_results(options(), {
                                {"open inside.txt", "ok inside"},
                                {"open sub/../inside.txt", "ok inside"},
                                {"open ./sub/./nested.txt", "ok nested"},
                                {"open sub//nested.txt", "ok nested"},
                                {"openf ok_link", "ok nested"},
                                {"openf ok_link2", "ok nested"},
                                {"open ok_link", "loop"},  // not followed: O_NOFOLLOW semantics
                                {"stat up_link", "ok size=21 type=7"},  // the link itself, inside
                                {"fopen /box/inside.txt", "ok inside"},
                                {"fopen /box/sub/../inside.txt", "ok inside"},
                            });
}

TEST_P(Sandbox, DotDotAndAbsolutePaths) {
  expect_results(options(), {
                                {"open ../outside/secret.txt", "perm"},
                                {"open sub/../../outside/secret.txt", "perm"},
                                {"open sub/../sub/../../outside/secret.txt", "perm"},
                                {"open ..", "perm"},
                                {"opendir ..", "perm"},
                                {"open /etc/passwd", "perm"},
                                {"open /", "perm"},
                                {"stat ../outside", "perm"},
                                {"stat ..", "perm"},
                                {"mkdir ../evil", "perm"},
                                {"mkdir sub/../../evil", "perm"},
                                {"unlink ../outside/secret.txt", "perm"},
                                {"rmdir ../outside/dir", "perm"},
                                {"settimes ../outside/secret.txt", "perm"},
                                {"readlink ../box/up_link", "perm"},
                                {"fopen /box/../outside/secret.txt", "fopen failed"},
                                {"fopen /etc/passwd", "fopen failed"},
                            });
  expect_outside_untouched();
}

TEST_P(Sandbox, PreexistingSymlinks) {
  expect_results(options(), {
                                {"openf up_link", "perm"},
                                {"openf abs_link", "perm"},
                                {"openf dir_up/outside/secret.txt", "perm"},
                                {"open dir_up/outside/secret.txt", "perm"},  // intermediate links are always followed
                                {"openf dir_abs/secret.txt", "perm"},
                                {"openf sub/deep_up/secret.txt", "perm"},
                                {"opendir dir_up", "perm"},
                                {"openf loop_a", "loop"},
                                {"statf up_link", "perm"},
                                {"statf dir_abs", "perm"},
                                {"stat up_link/", "perm"},  // a trailing slash follows the link
                                {"mkdir dir_up/evil", "perm"},
                                {"mkdir dir_abs/evil", "perm"},
                                {"unlink dir_abs/secret.txt", "perm"},
                                {"unlink sub/deep_up/secret.txt", "perm"},
                                {"settimes up_link", "perm"},
                                {"openw dir_abs/secret.txt", "perm"},
                                {"openw up_link", "perm"},
                                {"truncate up_link", "perm"},
                                {"fopen /box/up_link", "fopen failed"},
                                {"fopen /box/dir_abs/secret.txt", "fopen failed"},
                            });
  expect_outside_untouched();
}

TEST_P(Sandbox, GuestCreatedSymlinks) {
  expect_results(options(), {
                                {"symlink ../outside/secret.txt made_up", "ok"},
                                {"symlink ../../../../../../etc/passwd made_deep", "ok"},
                                {"symlink /etc/passwd made_abs", "perm"},  // never made at all
                                {"symlink .. made_dir_up", "ok"},
                                {"readlink made_up", "ok ../outside/secret.txt"},
                                {"openf made_up", "perm"},
                                {"openf made_deep", "perm"},
                                {"openf made_dir_up/outside/secret.txt", "perm"},
                                {"mkdir made_dir_up/evil", "perm"},
                                {"openw made_up", "perm"},
                                {"statf made_up", "perm"},
                                {"linkf made_up hard", "perm"},
                            });
  expect_outside_untouched();
  EXPECT_FALSE(t.exists("box/made_abs"));
}

TEST_P(Sandbox, RenameAndLinkOutOfTheTree) {
  expect_results(options(), {
                                {"rename inside.txt ../stolen", "perm"},
                                {"rename inside.txt dir_abs/stolen", "perm"},
                                {"rename inside.txt dir_up/stolen", "perm"},
                                {"rename ../outside/secret.txt stolen", "perm"},
                                {"rename dir_abs/secret.txt stolen", "perm"},
                                {"link ../outside/secret.txt hard", "perm"},
                                {"link dir_abs/secret.txt hard", "perm"},
                                {"linkf abs_link hard", "perm"},
                                {"linkf up_link hard", "perm"},
                                {"link inside.txt ../evil", "perm"},
                                {"link inside.txt dir_up/evil", "perm"},
                                {"rename sub dir_up/evil", "perm"},
                            });
  expect_outside_untouched();
  EXPECT_EQ(t.read("box/inside.txt"), "inside");
  EXPECT_FALSE(t.exists("box/stolen"));
  EXPECT_FALSE(t.exists("box/hard"));
}

TEST_P(Sandbox, ReadOnlyPreopenRefusesEveryWrite) {
  const auto before = t.listing("box");
  expect_results(options(true), {
                                    {"open inside.txt", "ok inside"},
                                    {"stat inside.txt", "ok size=6 type=4"},
                                    {"openw new.txt", "notcapable"},
                                    {"openw inside.txt", "notcapable"},
                                    {"create new.txt", "notcapable"},
                                    {"openrw inside.txt", "notcapable"},
                                    {"append inside.txt", "notcapable"},
                                    {"truncate inside.txt", "notcapable"},
                                    {"fdsettimes inside.txt", "notcapable"},
                                    {"settimes inside.txt", "notcapable"},
                                    {"mkdir newdir", "notcapable"},
                                    {"rmdir sub", "notcapable"},
                                    {"unlink inside.txt", "notcapable"},
                                    {"rename inside.txt moved.txt", "notcapable"},
                                    {"link inside.txt linked.txt", "notcapable"},
                                    {"symlink inside.txt sym", "notcapable"},
                                    {"write 3", "notcapable"},
                                });
  EXPECT_EQ(t.listing("box"), before);
  EXPECT_EQ(t.read("box/inside.txt"), "inside");
}

TEST_P(Sandbox, NothingMovesIntoOrOutOfAReadOnlyPreopen) {
  t.mkdir("rw");
  t.write("rw/mine.txt", "mine");
  WasiOptions o = options(true);      // 3: box, read-only
  o.dirs.push_back({t.at("rw"), "/rw", false});  // 4: rw
  expect_results(o, {
                        {"xrename inside.txt taken.txt", "notcapable"},
                        {"xlink inside.txt linked.txt", "notcapable"},  // a writable second name
                        {"dir 4", "ok"},
                        {"openw mine.txt", "ok"},
                    });
  o.dirs = {{t.at("rw"), "/rw", false}, {t.at("box"), "/box", true}};  // 3: rw, 4: box
  expect_results(o, {{"xrename mine.txt dropped.txt", "notcapable"}, {"xlink mine.txt linked.txt", "notcapable"}});
  EXPECT_EQ(t.read("box/inside.txt"), "inside");
  EXPECT_FALSE(t.exists("rw/taken.txt"));
  EXPECT_FALSE(t.exists("box/dropped.txt"));
  EXPECT_FALSE(t.exists("box/linked.txt"));
}

// A second thread swaps a directory the guest's path goes through with a symlink to the
// outside (renameat2 RENAME_EXCHANGE, atomic) as fast as it can while the guest opens the
// path thousands of times. Opens may succeed (directory in place) or fail (link in place),
// but no read may ever see the secret.
void swap_loop(const std::string& a, const std::string& b, std::atomic<bool>& stop, std::atomic<long>& swaps) {
  while (!stop.load(std::memory_order_relaxed)) {
    if (syscall(SYS_renameat2, AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0) ++swaps;
  }
}

TEST_P(Sandbox, SymlinkSwapRacesNeverEscape) {
  t.mkdir("box/swap");
  t.write("box/swap/secret.txt", "harmless");
  t.symlink(t.at("outside"), "box/swap_abs");       // absolute
  t.symlink("../outside", "box/swap_rel");           // relative, escaping by ..
  t.write("box/target", "harmless file");
  t.symlink("../outside/secret.txt", "box/target_link");
  for (const char* other : {"box/swap_abs", "box/swap_rel"}) {
    std::atomic<bool> stop{false};
    std::atomic<long> swaps{0};
    std::thread swapper(swap_loop, t.at("box/swap"), t.at(other), std::ref(stop), std::ref(swaps));
    std::thread swapper2(swap_loop, t.at("box/target"), t.at("box/target_link"), std::ref(stop), std::ref(swaps));
    auto results = probe(options(), {"race swap/secret.txt 3000", "race target 3000"});
    stop = true;
    swapper.join();
    swapper2.join();
    ASSERT_EQ(results.count("<error>"), 0u) << results["<error>"];
    EXPECT_EQ(results["race swap/secret.txt 3000"].rfind("ok hits=0 ", 0), 0u) << other << ": " << results["race swap/secret.txt 3000"];
    EXPECT_EQ(results["race target 3000"].rfind("ok hits=0 ", 0), 0u) << results["race target 3000"];
    EXPECT_GT(swaps.load(), 0);
    std::printf("%s: %s | %s | swaps %ld\n", other, results["race swap/secret.txt 3000"].c_str(),
                results["race target 3000"].c_str(), swaps.load());
    // Put things back as they were for the next round.
    struct stat st;
    if (lstat(t.at("box/swap").c_str(), &st) == 0 && S_ISLNK(st.st_mode))
      syscall(SYS_renameat2, AT_FDCWD, t.at("box/swap").c_str(), AT_FDCWD, t.at(other).c_str(), RENAME_EXCHANGE);
  }
  expect_outside_untouched();
}

// The other classic race: a directory the guest's path has entered is moved out of the tree
// (here: exchanged with one outside) before the path climbs back up with "..". A resolver
// that asked the kernel for ".." of the moved directory would land outside, where
// "inside.txt" holds a secret; the walk climbs its own stack of descriptors, and openat2's
// RESOLVE_BENEATH detects the rename.
TEST_P(Sandbox, DotDotRacingWithRenamesNeverEscapes) {
  t.mkdir("box/mv/sub/deeper");
  t.write("box/mv/home_box", "");
  t.mkdir("outside/mvx/sub/deeper");
  t.write("outside/mvx/home_outside", "");
  t.write("outside/inside.txt", "SECRET beside the moved directory");
  outside_before = t.listing("outside");
  std::atomic<bool> stop{false};
  std::atomic<long> swaps{0};
  std::thread swapper(swap_loop, t.at("box/mv"), t.at("outside/mvx"), std::ref(stop), std::ref(swaps));
  const std::string up2 = "race mv/sub/../../inside.txt 3000";
  const std::string up3 = "race mv/sub/deeper/../../../inside.txt 3000";
  auto results = probe(options(), {up2, up3});
  stop = true;
  swapper.join();
  if (t.exists("box/mv/home_outside"))
    syscall(SYS_renameat2, AT_FDCWD, t.at("box/mv").c_str(), AT_FDCWD, t.at("outside/mvx").c_str(), RENAME_EXCHANGE);
  ASSERT_EQ(results.count("<error>"), 0u) << results["<error>"];
  for (const std::string& op : {up2, up3}) EXPECT_EQ(results[op].rfind("ok hits=0 ", 0), 0u) << op << ": " << results[op];
  EXPECT_GT(swaps.load(), 0);
  std::printf("rename race: %s | %s | swaps %ld\n", results[up2].c_str(), results[up3].c_str(), swaps.load());
  expect_outside_untouched();
  EXPECT_EQ(t.read("box/inside.txt"), "inside");
}

INSTANTIATE_TEST_SUITE_P(Resolvers, Sandbox, ::testing::ValuesIn(resolve_modes()),
                         [](const auto& info) { return std::string(mode_name(info.param)); });

}  // namespace
}  // namespace nanoproc::wasi::test
