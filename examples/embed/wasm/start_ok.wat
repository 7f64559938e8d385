;; start_ok: a start function that initialises state before any export can be called.
(module
  (import "host" "log" (func $log (param i32)))
  (global $ready (mut i32) (i32.const 0))
  (func $init
    (call $log (i32.const 1))
    (global.set $ready (i32.const 42)))
  (start $init)
  (func (export "ready") (result i32) (global.get $ready)))
