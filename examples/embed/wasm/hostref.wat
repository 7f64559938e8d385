;; hostref: host objects held by wasm as externrefs, in globals, tables and calls.
(module
  (import "host" "inspect" (func $inspect (param externref) (result externref)))
  (global $held (mut externref) (ref.null extern))
  (table $slots 4 externref)
  (func (export "hold") (param externref) (global.set $held (local.get 0)))
  (func (export "held") (result externref) (global.get $held))
  (func (export "put") (param i32 externref) (table.set $slots (local.get 0) (local.get 1)))
  (func (export "take") (param i32) (result externref) (table.get $slots (local.get 0)))
  (func (export "pass") (param externref) (result externref) (call $inspect (local.get 0))))
