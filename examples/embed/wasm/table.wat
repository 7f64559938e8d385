;; table: a funcref table called indirectly, changed and grown by the host.
(module
  (type $binop (func (param i32 i32) (result i32)))
  (table (export "table") 2 4 funcref)
  (func $add (export "add") (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))
  (elem (i32.const 0) $add $sub)
  (func (export "apply") (param $slot i32) (param i32 i32) (result i32)
    (call_indirect (type $binop) (local.get 1) (local.get 2) (local.get $slot))))
