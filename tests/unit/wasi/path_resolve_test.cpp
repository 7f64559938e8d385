// The path resolver on its own, with both implementations: the same answers for the same
// tree, escapes refused, limits enforced.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/path_resolve.h"
#include "wasi_test_util.h"

namespace nanoproc::wasi::test {
namespace {

class Resolver : public ::testing::TestWithParam<ResolveMode> {
 protected:
  void SetUp() override {
    t.mkdir("root/a/b/c");
    t.write("root/a/b/c/f", "f");
    t.write("outside", "outside");
    t.symlink("a/b", "root/to_b");
    t.symlink("../../..", "root/a/b/up3");     // == root/.. : escapes
    t.symlink("../..", "root/a/b/up2");        // == root: fine
    t.symlink("c/f", "root/a/b/to_f");
    root.reset(open(t.at("root").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  }
  // open() result: 0 and the file's first byte, or the errno.
  std::string open_path(const std::string& path, bool follow = true, int flags = O_RDONLY) {
    PathResolver r(GetParam());
    UniqueFd fd;
    int e = r.open(root.get(), path, flags, 0644, follow, &fd);
    if (e) return strerror(e);
    char c = 0;
    if (read(fd.get(), &c, 1) != 1) return "opened";
    return std::string(1, c);
  }
  TempDir t;
  UniqueFd root;
};

TEST_P(Resolver, RefusesEscapes) {
  EXPECT_EQ(open_path("a/b/c/f"), "f");
  EXPECT_EQ(open_path("to_b/c/f"), "f");
  EXPECT_EQ(open_path("a/b/up2/a/b/to_f"), "f");
  EXPECT_EQ(open_path("a/b/up3/outside"), strerror(EPERM));
  EXPECT_EQ(open_path("a/../../outside"), strerror(EPERM));
  EXPECT_EQ(open_path("/etc/passwd"), strerror(EPERM));
  EXPECT_EQ(open_path("a/b/to_f", false), strerror(ELOOP));
  EXPECT_EQ(open_path("a/b/c/f/"), strerror(ENOTDIR));
  EXPECT_EQ(open_path("a/b/c/", true, O_RDONLY | O_DIRECTORY), "opened");
  EXPECT_EQ(open_path("nope"), strerror(ENOENT));
}

TEST_P(Resolver, ChecksGuestPaths) {
  EXPECT_EQ(open_path(""), strerror(ENOENT));
  EXPECT_EQ(open_path(std::string("a\0b", 3)), strerror(EINVAL));
  EXPECT_EQ(open_path(std::string(5000, 'a')), strerror(ENAMETOOLONG));
}

TEST_P(Resolver, SymlinkLoopsAreBounded) {
  // A chain of 45 links: more than kMaxSymlinks.
  for (int i = 0; i < 45; ++i) t.symlink(std::string("l").append(std::to_string(i + 1)), std::string("root/l").append(std::to_string(i)));
  t.write("root/l45", "end");
  EXPECT_EQ(open_path("l10"), "e");  // 35 links: fine
  EXPECT_EQ(open_path("l0"), strerror(ELOOP));
  t.symlink("self/x", "root/self");
  EXPECT_EQ(open_path("self/x"), strerror(ELOOP));
}

// Deeper than the walk's window of open directories, then back up with "..": the walk
// reopens the levels it closed.
TEST_P(Resolver, DeepPathsAndDotDot) {
  std::string deep;
  for (int i = 0; i < 80; ++i) deep += "d/";
  t.mkdir("root/" + deep);
  t.write("root/" + deep + "leaf", "L");
  t.write("root/top", "T");
  std::string back = deep;
  for (int i = 0; i < 80; ++i) back += "../";
  EXPECT_EQ(open_path(deep + "leaf"), "L");
  EXPECT_EQ(open_path(back + "top"), "T");
  EXPECT_EQ(open_path(back + "../outside"), strerror(EPERM));
  EXPECT_EQ(open_path(deep + "../../d/d/leaf"), "L");
}

TEST_P(Resolver, ParentAndLeaf) {
  PathResolver r(GetParam());
  PathParent p;
  ASSERT_EQ(r.parent(root.get(), "a/b/c/f", false, false, &p), 0);
  EXPECT_EQ(p.leaf, "f");
  ASSERT_EQ(r.parent(root.get(), "a/b/c//", false, true, &p), 0);
  EXPECT_EQ(p.leaf, "c/");  // kept for the kernel calls that do not follow because of it
  ASSERT_EQ(r.parent(root.get(), "a/b/..", false, false, &p), 0);
  EXPECT_EQ(p.leaf, ".");
  struct stat st;
  ASSERT_EQ(fstatat(p.dirfd, p.leaf.c_str(), &st, 0), 0);
  struct stat a;
  ASSERT_EQ(stat(t.at("root/a").c_str(), &a), 0);
  EXPECT_EQ(st.st_ino, a.st_ino);
  // Following the last component: the link's target, beneath the root.
  ASSERT_EQ(r.parent(root.get(), "a/b/to_f", true, false, &p), 0);
  EXPECT_EQ(p.leaf, "f");
  EXPECT_EQ(r.parent(root.get(), "a/b/up3", true, false, &p), EPERM);
  EXPECT_EQ(r.parent(root.get(), "a/b/up3", false, false, &p), 0);  // the link itself
  EXPECT_EQ(r.parent(root.get(), "a/b/c/f/", false, false, &p), ENOTDIR);
  EXPECT_EQ(r.parent(root.get(), "..", false, false, &p), EPERM);
}

INSTANTIATE_TEST_SUITE_P(Modes, Resolver, ::testing::ValuesIn(resolve_modes()),
                         [](const auto& info) { return std::string(mode_name(info.param)); });

}  // namespace
}  // namespace nanoproc::wasi::test
