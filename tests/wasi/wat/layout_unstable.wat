;; The twin of layout_preview1.wat through wasi_unstable (snapshot 0): whence is numbered
;; cur = 0, end = 1, set = 2, and filestat has a 32-bit nlink at offset 20, so size is at 24
;; and mtim at 40. It must print exactly what layout_preview1.wat prints.
;; Expects, in its first preopen: "data.txt" (10 bytes) and a directory "d".
(module
  (import "wasi_unstable" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_unstable" "fd_readdir" (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  (memory (export "memory") 1)

  ;; 0..7: iovec; 8, 12: results; 16: bytes written; 76..95: digits; 1024: filestat; 2048: dirents.
  (data (i32.const 100) "data.txt")
  (data (i32.const 110) "d")
  (data (i32.const 120) "seek set 5: ")
  (data (i32.const 140) "seek cur 2: ")
  (data (i32.const 160) "seek end -3: ")
  (data (i32.const 180) "seek whence 7: ")
  (data (i32.const 200) "filestat: type ")
  (data (i32.const 220) " nlink ")
  (data (i32.const 230) " size ")
  (data (i32.const 240) " mtim>0 ")
  (data (i32.const 250) "readdir: ")
  (data (i32.const 260) " bytes, ")
  (data (i32.const 270) " entries:")
  (data (i32.const 280) " ")
  (data (i32.const 282) "/")
  (data (i32.const 284) "\n")
  (data (i32.const 290) "readdir after cookie of 1st, 40-byte buffer: ")

  (global $fd (mut i32) (i32.const 0))

  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16))))

  ;; Decimal digits of an unsigned 64-bit value, written backwards from byte 96.
  (func $print_u64 (param $v i64) (local $p i32)
    (local.set $p (i32.const 96))
    (loop $digits
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $v) (i64.const 10)))))
      (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
      (br_if $digits (i64.ne (local.get $v) (i64.const 0))))
    (call $print (local.get $p) (i32.sub (i32.const 96) (local.get $p))))

  (func $nl (call $print (i32.const 284) (i32.const 1)))
  (func $sp (call $print (i32.const 280) (i32.const 1)))

  ;; Prints "<errno> <new offset>".
  (func $seek (param $label i32) (param $len i32) (param $off i64) (param $whence i32)
    (call $print (local.get $label) (local.get $len))
    (call $print_u64 (i64.extend_i32_u (call $fd_seek (global.get $fd) (local.get $off) (local.get $whence) (i32.const 8))))
    (call $sp)
    (call $print_u64 (i64.load (i32.const 8)))
    (call $nl))

  ;; Prints each entry of a readdir buffer as " name/type"; the last, cut off, as far as it goes.
  (func $entries (param $buf i32) (param $used i32) (local $at i32) (local $end i32) (local $namlen i32)
    (local.set $at (local.get $buf))
    (local.set $end (i32.add (local.get $buf) (local.get $used)))
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (i32.add (local.get $at) (i32.const 24)) (local.get $end)))
        (local.set $namlen (i32.load offset=16 (local.get $at)))
        (br_if $done (i32.gt_u (i32.add (i32.add (local.get $at) (i32.const 24)) (local.get $namlen)) (local.get $end)))
        (call $sp)
        (call $print (i32.add (local.get $at) (i32.const 24)) (local.get $namlen))
        (call $print (i32.const 282) (i32.const 1))
        (call $print_u64 (i64.load8_u offset=20 (local.get $at)))
        (local.set $at (i32.add (local.get $at) (i32.add (i32.const 24) (local.get $namlen))))
        (br $next))))

  (func (export "_start") (local $dfd i32) (local $used i32)
    ;; fd_read | fd_seek | fd_tell | fd_filestat_get | fd_readdir
    (drop (call $path_open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 8) (i32.const 0)
      (i64.const 0x204026) (i64.const 0) (i32.const 0) (i32.const 8)))
    (global.set $fd (i32.load (i32.const 8)))
    (call $seek (i32.const 120) (i32.const 12) (i64.const 5) (i32.const 2))    ;; set = 2
    (call $seek (i32.const 140) (i32.const 12) (i64.const 2) (i32.const 0))    ;; cur = 0
    (call $seek (i32.const 160) (i32.const 13) (i64.const -3) (i32.const 1))   ;; end = 1
    (call $seek (i32.const 180) (i32.const 15) (i64.const 0) (i32.const 7))    ;; invalid

    (call $print (i32.const 200) (i32.const 15))
    (drop (call $fd_filestat_get (global.get $fd) (i32.const 1024)))
    (call $print_u64 (i64.load8_u offset=16 (i32.const 1024)))                  ;; filetype
    (call $print (i32.const 220) (i32.const 7))
    (call $print_u64 (i64.load32_u offset=20 (i32.const 1024)))                 ;; nlink: u32
    (call $print (i32.const 230) (i32.const 6))
    (call $print_u64 (i64.load offset=24 (i32.const 1024)))                     ;; size
    (call $print (i32.const 240) (i32.const 8))
    (call $print_u64 (i64.extend_i32_u (i64.ne (i64.load offset=40 (i32.const 1024)) (i64.const 0))))  ;; mtim
    (call $nl)

    (drop (call $path_open (i32.const 3) (i32.const 0) (i32.const 110) (i32.const 1) (i32.const 2)
      (i64.const 0x4000) (i64.const 0) (i32.const 0) (i32.const 8)))
    (local.set $dfd (i32.load (i32.const 8)))
    (call $print (i32.const 250) (i32.const 9))
    (call $print_u64 (i64.extend_i32_u
      (call $fd_readdir (local.get $dfd) (i32.const 2048) (i32.const 1024) (i64.const 0) (i32.const 12))))
    (call $sp)
    (local.set $used (i32.load (i32.const 12)))
    (call $print_u64 (i64.extend_i32_u (local.get $used)))
    (call $print (i32.const 270) (i32.const 9))
    (call $entries (i32.const 2048) (local.get $used))
    (call $nl)

    ;; Continue after the first entry (its d_next), into a buffer that cuts the next one off.
    (call $print (i32.const 290) (i32.const 45))
    (call $print_u64 (i64.extend_i32_u
      (call $fd_readdir (local.get $dfd) (i32.const 3072) (i32.const 40) (i64.load (i32.const 2048)) (i32.const 12))))
    (call $sp)
    (call $print_u64 (i64.extend_i32_u (i32.load (i32.const 12))))
    (call $print (i32.const 260) (i32.const 8))
    (call $print_u64 (i64.extend_i32_u (i32.eq (i32.load (i32.const 12)) (i32.const 40))))
    (call $nl)))
