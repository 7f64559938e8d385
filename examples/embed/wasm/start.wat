;; start: a start function that traps during instantiation.
(module
  (func $inner (unreachable))
  (func $start (call $inner))
  (start $start))
