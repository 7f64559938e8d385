;; multi: functions of several results, in wasm and on the host.
(module
  (import "host" "swap3" (func $swap3 (param i32 i64 f64) (result f64 i64 i32)))
  (func (export "roundtrip") (param i32 i64 f64) (result f64 i64 i32)
    (call $swap3 (local.get 0) (local.get 1) (local.get 2))))
