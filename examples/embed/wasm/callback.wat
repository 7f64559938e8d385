;; callback: wasm passes values to host functions and uses what they return.
(module
  (import "host" "print" (func $print (param i32)))
  (import "host" "scale" (func $scale (param i32) (result i32)))
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (call $print (local.get $i))
        (local.set $sum (i32.add (local.get $sum) (call $scale (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum)))
