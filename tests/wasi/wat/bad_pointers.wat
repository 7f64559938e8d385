;; WASI calls with guest pointers outside linear memory (one 64 KiB page). Every export named
;; fault_* returns the errno of one such call: all must be 21 (fault), and the host must not
;; crash or write outside memory. Needs a preopened directory at descriptor 3.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_readlink" (func $path_readlink (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_symlink" (func $path_symlink (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_readdir" (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_recv" (func $sock_recv (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_filestat_get" (func $u_fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_unstable" "poll_oneoff" (func $u_poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_write" (func $u_fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\00\00\00\00\05\00\00\00")  ;; iovec {0, 5}
  (data (i32.const 16) "\e8\fd\00\00\e8\03\00\00") ;; iovec {65000, 1000}: ends past the memory
  (data (i32.const 32) ".")

  ;; The iovec array itself is out of bounds.
  (func (export "fault_fd_write_iovs") (result i32) (call $fd_write (i32.const 1) (i32.const 65532) (i32.const 1) (i32.const 64)))
  (func (export "fault_fd_write_iovs_count") (result i32) (call $fd_write (i32.const 1) (i32.const 0) (i32.const 0x20000000) (i32.const 64)))
  ;; A buffer of the iovec array is out of bounds.
  (func (export "fault_fd_write_buf") (result i32) (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 64)))
  (func (export "fault_fd_read_buf") (result i32) (call $fd_read (i32.const 0) (i32.const 16) (i32.const 1) (i32.const 64)))
  ;; The result pointer is out of bounds (or straddles the end).
  (func (export "fault_fd_write_result") (result i32) (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 65534)))
  (func (export "fault_clock_result") (result i32) (call $clock_time_get (i32.const 1) (i64.const 0) (i32.const 65530)))
  (func (export "fault_args_sizes_result") (result i32) (call $args_sizes_get (i32.const 65535) (i32.const 0)))
  (func (export "fault_fdstat_result") (result i32) (call $fd_fdstat_get (i32.const 1) (i32.const 65520)))
  (func (export "fault_filestat_result") (result i32) (call $path_filestat_get (i32.const 3) (i32.const 0) (i32.const 32) (i32.const 1) (i32.const 65500)))
  (func (export "fault_unstable_filestat_result") (result i32) (call $u_fd_filestat_get (i32.const 3) (i32.const 65500)))
  ;; Buffers the host fills.
  (func (export "fault_args_get_argv") (result i32) (call $args_get (i32.const 65534) (i32.const 0)))
  (func (export "fault_args_get_buf") (result i32) (call $args_get (i32.const 0) (i32.const 65534)))
  (func (export "fault_environ_get_buf") (result i32) (call $environ_get (i32.const 0) (i32.const 65535)))
  (func (export "fault_random_get") (result i32) (call $random_get (i32.const 65000) (i32.const 1000)))
  (func (export "fault_random_get_huge") (result i32) (call $random_get (i32.const 0) (i32.const -1)))
  (func (export "fault_prestat_dir_name") (result i32) (call $fd_prestat_dir_name (i32.const 3) (i32.const 65535) (i32.const 100)))
  (func (export "fault_readdir_buf") (result i32) (call $fd_readdir (i32.const 3) (i32.const 65000) (i32.const 1000) (i64.const 0) (i32.const 64)))
  (func (export "fault_readlink_buf") (result i32) (call $path_readlink (i32.const 3) (i32.const 32) (i32.const 1) (i32.const 65000) (i32.const 1000) (i32.const 64)))
  (func (export "fault_sock_recv_iovs") (result i32) (call $sock_recv (i32.const 1) (i32.const 65530) (i32.const 4) (i32.const 0) (i32.const 64) (i32.const 68)))
  ;; Strings the host reads.
  (func (export "fault_path_open_path") (result i32)
    (call $path_open (i32.const 3) (i32.const 0) (i32.const 65530) (i32.const 100) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 64)))
  (func (export "fault_path_open_path_len") (result i32)
    (call $path_open (i32.const 3) (i32.const 0) (i32.const 32) (i32.const -1) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 64)))
  (func (export "fault_path_symlink_target") (result i32) (call $path_symlink (i32.const 65535) (i32.const 2) (i32.const 3) (i32.const 32) (i32.const 1)))
  ;; Subscriptions / events out of bounds.
  (func (export "fault_poll_in") (result i32) (call $poll_oneoff (i32.const 65520) (i32.const 0) (i32.const 1) (i32.const 64)))
  (func (export "fault_poll_out") (result i32) (call $poll_oneoff (i32.const 0) (i32.const 65530) (i32.const 1) (i32.const 64)))
  (func (export "fault_poll_count") (result i32) (call $poll_oneoff (i32.const 0) (i32.const 1024) (i32.const 2000) (i32.const 64)))
  (func (export "fault_unstable_poll_in") (result i32) (call $u_poll_oneoff (i32.const 65520) (i32.const 0) (i32.const 1) (i32.const 64)))
  (func (export "fault_unstable_fd_write_buf") (result i32) (call $u_fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 64)))

  ;; A well-formed call still works after all that.
  (func (export "ok_fd_write") (result i32) (call $fd_write (i32.const 2) (i32.const 0) (i32.const 0) (i32.const 64))))
