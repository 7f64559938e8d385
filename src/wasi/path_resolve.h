// The path sandbox: every guest path is resolved beneath the directory it starts from.
//
// Two implementations with the same results:
//  - openat2(2) with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS, where the kernel has it: the
//    kernel refuses `..` above the start, absolute paths and absolute symlinks, and checks for
//    concurrent renames itself;
//  - a component-by-component walk otherwise: each component is opened with
//    O_PATH | O_NOFOLLOW relative to the previous one, so the kernel never follows a symlink
//    on our behalf; symlinks are read from the descriptor just opened (no race between the
//    check and the use) and spliced into the rest of the path, at most kMaxSymlinks times;
//    `..` pops our own stack of directories and is refused at the start directory.
//
// Operations that act on a directory entry rather than open it (unlink, rename, mkdir,
// stat, ...) get the entry's parent directory and a single final component from `parent()`,
// and call the *at() function with it: a single component with no `/` never leaves the
// parent. The final component may keep trailing slashes only for the calls in which the
// kernel does not follow a symlink because of them (see PathParent).
//
// Errors are host errno values; EPERM means the path would leave the sandbox.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "wasi/unique_fd.h"

namespace nanoproc::wasi {

enum class ResolveMode : uint8_t {
  Auto,     // openat2 when the kernel has it, else the walk
  Openat2,  // openat2 only (EOPNOTSUPP... becomes ENOSYS if the kernel lacks it)
  Walk,     // the portable walk (tests force it to check both)
};

// True if this kernel has a usable openat2 (probed once per process).
bool kernel_has_openat2();

// A directory and one entry name in it.
struct PathParent {
  UniqueFd owned;   // set when the directory is not the start directory itself
  int dirfd = -1;   // owned.get(), or the start directory
  // One component: a name, or "." for the directory itself (paths ending in "." or "..").
  // With keep_trailing_slash, trailing '/'s of the guest path are kept here; otherwise they
  // were checked (the entry must be a directory, symlinks followed) and removed.
  std::string leaf;
};

class PathResolver {
 public:
  static constexpr int kMaxSymlinks = 40;  // like Linux's MAXSYMLINKS
  static constexpr size_t kMaxPath = 4096;

  explicit PathResolver(ResolveMode mode = ResolveMode::Auto);
  // The mode actually used (Auto resolved).
  ResolveMode mode() const { return mode_; }

  // Opens `path` beneath `start` (a directory descriptor). `flags` are open(2) flags;
  // O_CLOEXEC and O_NOCTTY are always added. `follow`: follow a final symlink (beneath
  // `start`); a trailing slash follows it as well, as POSIX says.
  int open(int start, std::string_view path, int flags, mode_t mode, bool follow, UniqueFd* out) const;

  // Opens the parent directory of `path`'s last component (see PathParent). With
  // `follow_final`, a final symlink is expanded until the entry is not a symlink.
  int parent(int start, std::string_view path, bool follow_final, bool keep_trailing_slash, PathParent* out) const;

 private:
  // Opens the directory `rel` (may be empty: `start` itself) beneath `start` as O_PATH.
  int open_dir(int start, std::string_view rel, int* links, UniqueFd* out) const;
  int walk_dir(int start, std::string_view rel, int* links, UniqueFd* out) const;
  ResolveMode mode_;
};

// Checks a guest path before any resolution: not empty, no NUL byte, not absolute, not
// longer than kMaxPath. Returns 0 or the errno to report.
int check_guest_path(std::string_view path);

}  // namespace nanoproc::wasi
