#include "wasi/path_resolve.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace nanoproc::wasi {
namespace {

constexpr uint64_t kResolveFlags = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
// openat2 reports EAGAIN when a rename or mount raced with the lookup; retry a few times.
constexpr int kOpenat2Retries = 32;
// The walk keeps at most this many directory descriptors open; deeper levels are reopened
// from the start directory when `..` climbs back to them (bounded host descriptor use).
constexpr size_t kWalkWindow = 32;

int sys_openat2(int dirfd, const char* path, int flags, mode_t mode, uint64_t resolve) {
  open_how how{};
  how.flags = static_cast<uint64_t>(flags);
  how.mode = ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) ? mode : 0;
  how.resolve = resolve;
  for (int i = 0;; ++i) {
    long r = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
    if (r >= 0) return static_cast<int>(r);
    if (errno == EAGAIN && i < kOpenat2Retries) continue;
    if (errno == EINTR) continue;
    // With RESOLVE_BENEATH (and without RESOLVE_NO_XDEV) EXDEV means "would escape".
    if (errno == EXDEV) errno = EPERM;
    return -1;
  }
}

// The path split into what precedes its last component and that component.
struct Split {
  std::string parent;  // may be empty (the start directory)
  std::string leaf;    // a name, or "." for the directory named by the whole path
  bool trailing_slash = false;
};

Split split_last(std::string_view path) {
  Split s;
  size_t end = path.size();
  while (end > 0 && path[end - 1] == '/') --end;
  s.trailing_slash = end < path.size();
  std::string_view p = path.substr(0, end);
  size_t slash = p.rfind('/');
  std::string_view leaf = slash == std::string_view::npos ? p : p.substr(slash + 1);
  std::string_view parent = slash == std::string_view::npos ? std::string_view() : p.substr(0, slash);
  if (leaf == "." || leaf == "..") {
    // The directory the whole path names: resolve all of it, act on ".".
    s.parent = std::string(p);
    s.leaf.assign(1, '.');
    s.trailing_slash = false;
  } else {
    s.parent = std::string(parent);
    s.leaf = std::string(leaf);
  }
  return s;
}

// Reads the target of the symlink `name` in `dirfd` ("" with an O_PATH descriptor of the
// link itself). Returns 0, or an errno.
int read_link(int dirfd, const char* name, std::string* out) {
  char buf[PathResolver::kMaxPath + 1];
  ssize_t n = readlinkat(dirfd, name, buf, sizeof buf);
  if (n < 0) return errno;
  if (static_cast<size_t>(n) > PathResolver::kMaxPath) return ENAMETOOLONG;
  out->assign(buf, static_cast<size_t>(n));
  return 0;
}

// The path that replaces `parent/<link>[/]` once the link is read: relative targets only.
int splice_link(const Split& s, const std::string& target, std::string* path) {
  if (target.empty()) return ENOENT;
  if (target[0] == '/') return EPERM;  // absolute symlinks point outside by definition
  std::string next = s.parent;
  if (!next.empty()) next += '/';
  next += target;
  if (s.trailing_slash) next += '/';
  if (next.size() > PathResolver::kMaxPath * 16) return ENAMETOOLONG;
  *path = std::move(next);
  return 0;
}

}  // namespace

bool kernel_has_openat2() {
  static const bool has = [] {
    int fd = sys_openat2(AT_FDCWD, ".", O_PATH | O_DIRECTORY | O_CLOEXEC, 0, kResolveFlags);
    if (fd >= 0) {
      close(fd);
      return true;
    }
    // ENOSYS: an old kernel; EPERM: a seccomp filter that does not know the call.
    return errno != ENOSYS && errno != EPERM;
  }();
  return has;
}

int check_guest_path(std::string_view path) {
  if (path.empty()) return ENOENT;
  if (path.find('\0') != std::string_view::npos) return EINVAL;
  if (path.size() > PathResolver::kMaxPath) return ENAMETOOLONG;
  if (path[0] == '/') return EPERM;
  return 0;
}

PathResolver::PathResolver(ResolveMode mode) : mode_(mode) {
  if (mode_ == ResolveMode::Auto) mode_ = kernel_has_openat2() ? ResolveMode::Openat2 : ResolveMode::Walk;
}

int PathResolver::open_dir(int start, std::string_view rel, int* links, UniqueFd* out) const {
  if (rel.empty()) {
    out->reset();
    return 0;
  }
  if (mode_ == ResolveMode::Openat2) {
    std::string p(rel);
    int fd = sys_openat2(start, p.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC, 0, kResolveFlags);
    if (fd < 0) return errno;
    out->reset(fd);
    return 0;
  }
  return walk_dir(start, rel, links, out);
}

int PathResolver::walk_dir(int start, std::string_view rel, int* links, UniqueFd* out) const {
  // Components still to visit, last one first (so symlink targets can be pushed on top).
  std::vector<std::string> todo;
  auto push_components = [&todo](std::string_view p) {
    size_t end = p.size();
    while (end > 0) {
      size_t b = p.rfind('/', end - 1);
      size_t begin = b == std::string_view::npos ? 0 : b + 1;
      if (end > begin) todo.emplace_back(p.substr(begin, end - begin));
      if (b == std::string_view::npos) break;
      end = b;
    }
  };
  push_components(rel);

  struct Level {
    std::string name;
    UniqueFd fd;  // closed when it fell out of the window
  };
  std::vector<Level> levels;  // the directories entered below `start`
  auto current = [&]() { return levels.empty() ? start : levels.back().fd.get(); };
  // Reopens levels whose descriptors were dropped, from `start`, never following symlinks.
  auto reopen = [&]() -> int {
    int dir = start;
    for (Level& l : levels) {
      if (!l.fd.valid()) {
        int fd = openat(dir, l.name.c_str(), O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) return errno;
        l.fd.reset(fd);
      }
      dir = l.fd.get();
    }
    // Keep only the window open again.
    for (size_t i = 0; i + kWalkWindow < levels.size(); ++i) levels[i].fd.reset();
    return 0;
  };

  while (!todo.empty()) {
    std::string c = std::move(todo.back());
    todo.pop_back();
    if (c == ".") continue;
    if (c == "..") {
      if (levels.empty()) return EPERM;
      levels.pop_back();
      if (!levels.empty() && !levels.back().fd.valid()) {
        if (int e = reopen()) return e;
      }
      continue;
    }
    UniqueFd fd(openat(current(), c.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!fd.valid()) return errno;
    struct stat st;
    if (fstat(fd.get(), &st) != 0) return errno;
    if (S_ISLNK(st.st_mode)) {
      if (++*links > kMaxSymlinks) return ELOOP;
      std::string target;
      if (int e = read_link(fd.get(), "", &target)) return e;
      if (target.empty()) return ENOENT;
      if (target[0] == '/') return EPERM;
      push_components(target);
      continue;
    }
    if (!S_ISDIR(st.st_mode)) return ENOTDIR;
    levels.push_back({std::move(c), std::move(fd)});
    if (levels.size() > kWalkWindow) levels[levels.size() - 1 - kWalkWindow].fd.reset();
  }
  if (levels.empty()) {
    int fd = openat(start, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return errno;
    out->reset(fd);
    return 0;
  }
  *out = std::move(levels.back().fd);
  return 0;
}

int PathResolver::open(int start, std::string_view path, int flags, mode_t mode, bool follow, UniqueFd* out) const {
  if (int e = check_guest_path(path)) return e;
  flags |= O_CLOEXEC | O_NOCTTY;
  if (mode_ == ResolveMode::Openat2) {
    std::string p(path);
    int fd = sys_openat2(start, p.c_str(), follow ? flags : (flags | O_NOFOLLOW), mode, kResolveFlags);
    if (fd < 0) return errno;
    out->reset(fd);
    return 0;
  }

  std::string cur(path);
  int links = 0;
  for (;;) {
    Split s = split_last(cur);
    UniqueFd parent;
    if (int e = open_dir(start, s.parent, &links, &parent)) return e;
    const int dirfd = parent.valid() ? parent.get() : start;
    if (s.leaf == ".") {
      if (flags & O_CREAT) return (flags & O_EXCL) ? EEXIST : EISDIR;
      int fd = openat(dirfd, ".", flags & ~O_NOFOLLOW, mode);
      if (fd < 0) return errno;
      out->reset(fd);
      return 0;
    }
    int lflags = flags | O_NOFOLLOW;
    if (s.trailing_slash) {
      if (flags & O_CREAT) return EISDIR;
      lflags |= O_DIRECTORY;
    }
    int fd = openat(dirfd, s.leaf.c_str(), lflags, mode);
    if (fd >= 0) {
      out->reset(fd);
      return 0;
    }
    const int err = errno;
    if (err != ELOOP && err != ENOTDIR) return err;
    std::string target;
    if (read_link(dirfd, s.leaf.c_str(), &target) != 0) return err;  // not a symlink (any more)
    if (!follow && !s.trailing_slash) return ELOOP;
    if (++links > kMaxSymlinks) return ELOOP;
    if (int e = splice_link(s, target, &cur)) return e;
  }
}

int PathResolver::parent(int start, std::string_view path, bool follow_final, bool keep_trailing_slash,
                         PathParent* out) const {
  if (int e = check_guest_path(path)) return e;
  std::string cur(path);
  int links = 0;
  for (;;) {
    Split s = split_last(cur);
    UniqueFd dir;
    if (int e = open_dir(start, s.parent, &links, &dir)) return e;
    const int dirfd = dir.valid() ? dir.get() : start;
    if (s.leaf != "." && (follow_final || (s.trailing_slash && !keep_trailing_slash))) {
      struct stat st;
      if (fstatat(dirfd, s.leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
        if (S_ISLNK(st.st_mode)) {
          std::string target;
          if (int e = read_link(dirfd, s.leaf.c_str(), &target)) return e;
          if (++links > kMaxSymlinks) return ELOOP;
          if (int e = splice_link(s, target, &cur)) return e;
          continue;
        }
        if (s.trailing_slash && !keep_trailing_slash && !S_ISDIR(st.st_mode)) return ENOTDIR;
      }
    }
    out->owned = std::move(dir);
    out->dirfd = out->owned.valid() ? out->owned.get() : start;
    out->leaf = std::move(s.leaf);
    if (s.trailing_slash && keep_trailing_slash) out->leaf += '/';
    return 0;
  }
}

}  // namespace nanoproc::wasi
