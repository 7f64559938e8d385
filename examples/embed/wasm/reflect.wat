;; reflect: imports and exports of every kind, listed with their types.
(module
  (import "env" "log" (func (param i32 f64)))
  (import "env" "base" (global i64))
  (import "env" "heap" (memory 1 16))
  (import "env" "funcs" (table 0 funcref))
  (func (export "mix") (param i32 i64) (result f32 externref) (f32.const 0) (ref.null extern))
  (global (export "answer") (mut i32) (i32.const 42))
  (table (export "refs") 4 10 externref)
  (export "heap" (memory 0)))
