;; nanoprocess_app: the application side of the nanoprocess example. It calls the
;; library's `shout` through a link; the two share no memory.
(module
  (import "text" "shout" (func $shout (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 256) "hello from the app")
  (global $heap (mut i32) (i32.const 4096))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                           (i32.sub (i32.const 0) (local.get 2))))
    (global.set $heap (i32.add (local.get $p) (local.get 3)))
    (local.get $p))
  ;; run(ptr, len) -> errno; the shouted string's (ptr, len) at 16.
  (func (export "run") (param i32 i32) (result i32)
    (call $shout (local.get 0) (local.get 1) (i32.const 16))))
