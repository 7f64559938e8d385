// A WASI guest that performs file system operations named on its command line with the raw
// WASI calls (no path handling by wasi-libc), and prints one line per operation:
//   <operation> -> ok [details] | <errno name>
// Every argument is one operation, its words separated by spaces, e.g. "open ../secret".
// Paths are relative to descriptor 3 (the first preopen) unless "dir N" chose another;
// "xrename A B" and "xlink A B" go from descriptor 3 to descriptor 4.
// The sandbox tests (tests/unit/wasi) run it with escape attempts and check each line.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

static __wasi_fd_t base_fd = 3;

static const char* errno_name(int e) {
  switch (e) {
    case __WASI_ERRNO_SUCCESS: return "ok";
    case __WASI_ERRNO_ACCES: return "acces";
    case __WASI_ERRNO_AGAIN: return "again";
    case __WASI_ERRNO_BADF: return "badf";
    case __WASI_ERRNO_EXIST: return "exist";
    case __WASI_ERRNO_FAULT: return "fault";
    case __WASI_ERRNO_ILSEQ: return "ilseq";
    case __WASI_ERRNO_INVAL: return "inval";
    case __WASI_ERRNO_ISDIR: return "isdir";
    case __WASI_ERRNO_LOOP: return "loop";
    case __WASI_ERRNO_NAMETOOLONG: return "nametoolong";
    case __WASI_ERRNO_NOENT: return "noent";
    case __WASI_ERRNO_NOSYS: return "nosys";
    case __WASI_ERRNO_NOTCAPABLE: return "notcapable";
    case __WASI_ERRNO_NOTDIR: return "notdir";
    case __WASI_ERRNO_NOTEMPTY: return "notempty";
    case __WASI_ERRNO_NOTSOCK: return "notsock";
    case __WASI_ERRNO_PERM: return "perm";
    case __WASI_ERRNO_ROFS: return "rofs";
    case __WASI_ERRNO_SPIPE: return "spipe";
    case __WASI_ERRNO_XDEV: return "xdev";
    default: {
      static char buf[32];
      snprintf(buf, sizeof buf, "errno%d", e);
      return buf;
    }
  }
}

#define READ_RIGHTS (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_FILESTAT_GET)

static int open_at(const char* path, int follow, __wasi_oflags_t oflags, __wasi_rights_t rights,
                   __wasi_fdflags_t fdflags, __wasi_fd_t* fd) {
  return __wasi_path_open(base_fd, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, path, oflags, rights, 0, fdflags, fd);
}

// Reads up to 63 bytes of an open file into out (NUL-terminated).
static int read_some(__wasi_fd_t fd, char* out) {
  __wasi_iovec_t iov = {(uint8_t*)out, 63};
  __wasi_size_t n = 0;
  int e = __wasi_fd_read(fd, &iov, 1, &n);
  out[e ? 0 : n] = 0;
  return e;
}

static int write_str(__wasi_fd_t fd, const char* s) {
  __wasi_ciovec_t iov = {(const uint8_t*)s, strlen(s)};
  __wasi_size_t n = 0;
  return __wasi_fd_write(fd, &iov, 1, &n);
}

static void op(char* line) {
  char* w[4] = {0, 0, 0, 0};
  int n = 0;
  char copy[1024];
  snprintf(copy, sizeof copy, "%s", line);
  for (char* t = strtok(copy, " "); t && n < 4; t = strtok(NULL, " ")) w[n++] = t;
  if (n == 0) return;
  const char* o = w[0];
  const char* a = w[1] ? w[1] : "";
  const char* b = w[2] ? w[2] : "";
  char out[256] = "";
  int e = 0;
  __wasi_fd_t fd;
  if (!strcmp(o, "dir")) {
    base_fd = (__wasi_fd_t)atoi(a);
  } else if (!strcmp(o, "open") || !strcmp(o, "openf")) {
    e = open_at(a, o[4] == 'f', 0, READ_RIGHTS, 0, &fd);
    if (!e) {
      char data[64];
      e = read_some(fd, data);
      snprintf(out, sizeof out, " %s", data);
      (void)__wasi_fd_close(fd);
    }
  } else if (!strcmp(o, "opendir")) {
    e = open_at(a, 1, __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0, &fd);
    if (!e) (void)__wasi_fd_close(fd);
  } else if (!strcmp(o, "create") || !strcmp(o, "openw") || !strcmp(o, "openrw") || !strcmp(o, "append")) {
    __wasi_oflags_t of = !strcmp(o, "create") ? __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL
                         : !strcmp(o, "openw") ? __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC
                                               : 0;
    __wasi_fdflags_t ff = !strcmp(o, "append") ? __WASI_FDFLAGS_APPEND : 0;
    e = open_at(a, 1, of, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, ff, &fd);
    if (!e) {
      e = write_str(fd, "pwned");
      (void)__wasi_fd_close(fd);
    }
  } else if (!strcmp(o, "truncate")) {
    e = open_at(a, 1, 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE, 0, &fd);
    if (!e) {
      e = __wasi_fd_filestat_set_size(fd, 0);
      (void)__wasi_fd_close(fd);
    }
  } else if (!strcmp(o, "fdsettimes")) {
    e = open_at(a, 1, 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_FILESTAT_SET_TIMES, 0, &fd);
    if (!e) {
      e = __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW);
      (void)__wasi_fd_close(fd);
    }
  } else if (!strcmp(o, "stat") || !strcmp(o, "statf")) {
    __wasi_filestat_t st;
    e = __wasi_path_filestat_get(base_fd, o[4] == 'f' ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, a, &st);
    if (!e) snprintf(out, sizeof out, " size=%llu type=%d", (unsigned long long)st.size, st.filetype);
  } else if (!strcmp(o, "settimes")) {
    e = __wasi_path_filestat_set_times(base_fd, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, a, 0, 0,
                                       __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW);
  } else if (!strcmp(o, "mkdir")) {
    e = __wasi_path_create_directory(base_fd, a);
  } else if (!strcmp(o, "rmdir")) {
    e = __wasi_path_remove_directory(base_fd, a);
  } else if (!strcmp(o, "unlink")) {
    e = __wasi_path_unlink_file(base_fd, a);
  } else if (!strcmp(o, "rename")) {
    e = __wasi_path_rename(base_fd, a, base_fd, b);
  } else if (!strcmp(o, "link")) {
    e = __wasi_path_link(base_fd, 0, a, base_fd, b);
  } else if (!strcmp(o, "linkf")) {
    e = __wasi_path_link(base_fd, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, a, base_fd, b);
  } else if (!strcmp(o, "xrename")) {  // from descriptor 3 to descriptor 4
    e = __wasi_path_rename(3, a, 4, b);
  } else if (!strcmp(o, "xlink")) {
    e = __wasi_path_link(3, 0, a, 4, b);
  } else if (!strcmp(o, "symlink")) {
    e = __wasi_path_symlink(a, base_fd, b);
  } else if (!strcmp(o, "readlink")) {
    char buf[128];
    __wasi_size_t len = 0;
    e = __wasi_path_readlink(base_fd, a, (uint8_t*)buf, sizeof buf - 1, &len);
    if (!e) {
      buf[len] = 0;
      snprintf(out, sizeof out, " %s", buf);
    }
  } else if (!strcmp(o, "fdstat")) {
    __wasi_fdstat_t st;
    e = __wasi_fd_fdstat_get((__wasi_fd_t)atoi(a), &st);
    if (!e) snprintf(out, sizeof out, " type=%d", st.fs_filetype);
  } else if (!strcmp(o, "read")) {
    char data[64];
    e = read_some((__wasi_fd_t)atoi(a), data);
  } else if (!strcmp(o, "write")) {
    e = write_str((__wasi_fd_t)atoi(a), "");
  } else if (!strcmp(o, "close")) {
    e = __wasi_fd_close((__wasi_fd_t)atoi(a));
  } else if (!strcmp(o, "renumber")) {
    e = __wasi_fd_renumber((__wasi_fd_t)atoi(a), (__wasi_fd_t)atoi(b));
  } else if (!strcmp(o, "fopen")) {
    // Through wasi-libc: absolute paths are matched against the preopens' names.
    FILE* f = fopen(a, "r");
    if (!f) {
      e = -1;
      snprintf(out, sizeof out, "fopen failed");
    } else {
      char data[64];
      size_t len = fread(data, 1, sizeof data - 1, f);
      data[len] = 0;
      fclose(f);
      snprintf(out, sizeof out, " %s", data);
    }
  } else if (!strcmp(o, "race")) {
    // Opens `a` `b` times (following symlinks) and counts the reads that saw the secret.
    int hits = 0, oks = 0, rounds = atoi(b);
    for (int i = 0; i < rounds; ++i) {
      if (open_at(a, 1, 0, READ_RIGHTS, 0, &fd) == 0) {
        char data[64];
        if (read_some(fd, data) == 0) {
          ++oks;
          if (strstr(data, "SECRET")) ++hits;
        }
        (void)__wasi_fd_close(fd);
      }
    }
    snprintf(out, sizeof out, " hits=%d opened=%d", hits, oks);
  } else {
    printf("%s -> unknown operation\n", line);
    return;
  }
  if (e < 0) printf("%s -> %s\n", line, out);
  else printf("%s -> %s%s\n", line, errno_name(e), e ? "" : out);
}

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) op(argv[i]);
  return 0;
}
