// A WASI program with no C library: only the header nanoproc-witx generates from the witx
// files (wasi_snapshot_preview1_guest.h). It writes a greeting to stdout, copies the file
// "input.txt" of its first preopen (descriptor 3) to stdout, and exits with code 42.
#include "wasi_snapshot_preview1_guest.h"

static wasi_size_t length(const char* s) {
  wasi_size_t n = 0;
  while (s[n]) ++n;
  return n;
}

static void put(const char* s, wasi_size_t len) {
  wasi_ciovec_t iov = {(const uint8_t*)s, len};
  wasi_size_t written;
  wasi_fd_write(1, &iov, 1, &written);
}

static char buffer[256];

void _start(void) {
  static const char hello[] = "hello from a libc-free guest\n";
  put(hello, length(hello));
  static const char name[] = "input.txt";
  wasi_fd_t fd;
  wasi_errno_t e = wasi_path_open(3, 0, name, length(name), 0, WASI_RIGHTS_FD_READ, 0, 0, &fd);
  if (e != WASI_ERRNO_SUCCESS) wasi_proc_exit(10 + e);
  wasi_iovec_t iov = {(uint8_t*)buffer, sizeof buffer};
  wasi_size_t got = 0;
  if (wasi_fd_read(fd, &iov, 1, &got) != WASI_ERRNO_SUCCESS) wasi_proc_exit(3);
  put(buffer, got);
  wasi_fd_close(fd);
  wasi_proc_exit(42);
}
