;; global: imported and exported globals, constant and mutable.
(module
  (import "host" "const_f32" (global $cf32 f32))
  (import "host" "var_i64" (global $vi64 (mut i64)))
  (global $counter (export "counter") (mut i32) (i32.const 100))
  (global (export "pi") f64 (f64.const 3.25))
  (func (export "get_const_f32") (result f32) (global.get $cf32))
  (func (export "bump_var_i64") (result i64)
    (global.set $vi64 (i64.add (global.get $vi64) (i64.const 1)))
    (global.get $vi64))
  (func (export "get_counter") (result i32) (global.get $counter))
  (func (export "set_counter") (param i32) (global.set $counter (local.get 0))))
