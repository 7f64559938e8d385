;; trap: traps of wasm code and of a host function, with their frames.
(module
  (import "host" "fail" (func $fail))
  (func $divide (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "divide_by_zero") (result i32) (call $divide (i32.const 1) (i32.const 0)))
  (func (export "host_fails") (call $fail)))
