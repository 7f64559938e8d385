// Uses a pre-opened listening socket (descriptor 3): accepts one connection, receives a
// message, sends it back upper-cased, shuts the connection down. Prints each step's errno.
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

int main(void) {
  __wasi_fd_t conn;
  __wasi_errno_t e = __wasi_sock_accept(3, 0, &conn);
  printf("accept %d\n", e);
  if (e) return 1;
  char buf[64];
  __wasi_iovec_t iov = {(uint8_t*)buf, sizeof buf - 1};
  __wasi_size_t n = 0;
  __wasi_roflags_t ro = 0;
  e = __wasi_sock_recv(conn, &iov, 1, 0, &n, &ro);
  printf("recv %d %u\n", e, (unsigned)n);
  for (__wasi_size_t i = 0; i < n; ++i)
    if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] = (char)(buf[i] - 32);
  __wasi_ciovec_t out = {(const uint8_t*)buf, n};
  __wasi_size_t sent = 0;
  e = __wasi_sock_send(conn, &out, 1, 0, &sent);
  printf("send %d %u\n", e, (unsigned)sent);
  printf("shutdown %d\n", __wasi_sock_shutdown(conn, __WASI_SDFLAGS_WR));
  printf("shutdown-not-socket %d\n", __wasi_sock_shutdown(1, __WASI_SDFLAGS_WR));
  printf("accept-not-socket %d\n", __wasi_sock_accept(1, 0, &conn));
  return 0;
}
