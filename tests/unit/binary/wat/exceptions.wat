;; FLAGS: --enable-exceptions
(module
  (import "env" "tag" (tag $imp (param i64)))
  (tag $e (param i32))
  (tag $e2)
  (export "e" (tag $e))
  (func $throws (param i32) (throw $e (local.get 0)))
  (func (result i32)
    (try (result i32)
      (do (call $throws (i32.const 1)) (i32.const 0))
      (catch $e)
      (catch_all (i32.const 2))))
  (func
    (try $outer
      (do
        (try (do (throw $e2)) (delegate $outer)))
      (catch $e2 (rethrow $outer)))))
