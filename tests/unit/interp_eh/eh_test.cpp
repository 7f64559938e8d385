// Exception handling in the interpreter: payloads of every type, handlers reached by
// unwinding across functions and instances, try_table targets (blocks, loops, the
// function), exnref, the legacy try/catch/delegate/rethrow, and what is not caught.
#include "../interp_gc/wast_script.h"

namespace nanoproc::testing {
namespace {

TEST(InterpEh, PayloadsAndCatchKinds) {
  run_wast_script("eh_payloads", R"(
(module
  (type $s (struct (field i32)))
  (tag $multi (param i32 i64 f32 f64 v128 (ref null $s)))
  (tag $one (param i32))
  (func $thrower (param i32)
    (throw $multi (local.get 0) (i64.const -2) (f32.const 1.5) (f64.const -0.5)
                  (v128.const i32x4 1 2 3 4) (struct.new $s (i32.const 77))))
  (func (export "multi") (param i32) (result i32 i64 f32 f64 v128 i32)
    (local $r (ref null $s))
    (block $h (result i32 i64 f32 f64 v128 (ref null $s))
      (try_table (catch $multi $h) (call $thrower (local.get 0)))
      (unreachable))
    (local.set $r)
    (struct.get $s 0 (local.get $r)))
  ;; catch_ref, then throw_ref: the same exception (payload intact) reaches the outer handler.
  (func (export "rethrow_ref") (param i32) (result i32)
    (block $outer (result i32)
      (try_table (catch $one $outer)
        (block $inner (result i32 exnref)
          (try_table (catch_ref $one $inner) (throw $one (local.get 0)))
          (unreachable))
        (throw_ref))
      (unreachable))
    (i32.add (i32.const 1000)))
  (func (export "catch_all_ref") (param i32) (result i32)
    (block $h (result exnref)
      (try_table (catch_all_ref $h) (throw $one (local.get 0)))
      (unreachable))
    (block $h2 (param exnref) (result i32)
      (try_table (param exnref) (catch $one $h2) (throw_ref))
      (unreachable)))
  (func (export "throw_ref_null") (throw_ref (ref.null exn)))
  (func (export "catch_all") (result i32)
    (block $h (try_table (catch_all $h) (throw $one (i32.const 1))) (return (i32.const 0)))
    (i32.const 1))
)
(assert_return (invoke "multi" (i32.const 5))
  (i32.const 5) (i64.const -2) (f32.const 1.5) (f64.const -0.5) (v128.const i32x4 1 2 3 4) (i32.const 77))
(assert_return (invoke "rethrow_ref" (i32.const 7)) (i32.const 1007))
(assert_return (invoke "catch_all_ref" (i32.const 9)) (i32.const 9))
(assert_trap (invoke "throw_ref_null") "null exception reference")
(assert_return (invoke "catch_all") (i32.const 1))
)");
}

TEST(InterpEh, HandlerTargetsAndUnwinding) {
  run_wast_script("eh_targets", R"(
(module
  (tag $e (param i32))
  (tag $other (param i32))
  (func $throw_if (param $x i32) (param $limit i32) (result i32)
    (if (i32.lt_u (local.get $x) (local.get $limit)) (then (throw $e (local.get $x))))
    (local.get $x))
  ;; A loop label as the catch target: the payload becomes the loop's parameter.
  (func (export "retry") (result i32)
    (local $tries i32)
    (i32.const 0)
    (loop $again (param i32) (result i32)
      (local.set $tries (i32.add (local.get $tries) (i32.const 1)))
      (try_table (param i32) (result i32) (catch $e $again)
        (i32.add (i32.const 1))
        (call $throw_if (i32.const 5)))
      (i32.add (i32.mul (local.get $tries) (i32.const 100))))
  )
  ;; The function's own label as the target: the payload is the result.
  (func (export "to_function") (param i32) (result i32)
    (try_table (catch $e 0) (drop (call $throw_if (local.get 0) (i32.const 10))))
    (i32.const -1))
  ;; Locals and values below the try survive the unwinding.
  (func (export "locals") (param i32) (result i32)
    (local $acc i32)
    (i32.const 1000)
    (block $h (result i32)
      (local.set $acc (i32.const 5))
      (try_table (result i32) (catch $e $h)
        (local.set $acc (i32.const 7))
        (call $throw_if (local.get 0) (i32.const 3))))
    (i32.add (local.get $acc))
    (i32.add))
  ;; The first matching clause wins, inner handlers before outer ones.
  (func (export "nested") (param i32) (result i32)
    (block $outer (result i32)
      (block $inner (result i32)
        (try_table (result i32) (catch $e $outer)
          (try_table (result i32) (catch $other $inner)
            (if (local.get 0) (then (throw $other (i32.const 2))))
            (throw $e (i32.const 1)))))
      (return (i32.add (i32.const 10))))
    (i32.add (i32.const 20)))
  (func $deep (param $n i32) (result i32)
    (if (i32.eqz (local.get $n)) (then (throw $e (i32.const 42))))
    (i32.add (call $deep (i32.sub (local.get $n) (i32.const 1))) (i32.const 1)))
  (func (export "deep") (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h) (call $deep (local.get 0)))))
  (func (export "uncaught") (drop (call $throw_if (i32.const 0) (i32.const 1))))
  (func (export "wrong_tag") (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $other $h) (call $throw_if (i32.const 0) (i32.const 1)))))
  (func (export "trap_not_caught") (result i32)
    (block $h (try_table (catch_all $h) (unreachable)))
    (i32.const 0))
  (func $throw_tail (throw $e (i32.const 3)))
  (func (export "tail") (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h) (call $tail_caller) (i32.const 0))))
  (func $tail_caller (return_call $throw_tail))
)
(assert_return (invoke "retry") (i32.const 505))
(assert_return (invoke "to_function" (i32.const 4)) (i32.const 4))
(assert_return (invoke "to_function" (i32.const 12)) (i32.const -1))
(assert_return (invoke "locals" (i32.const 1)) (i32.const 1008))
(assert_return (invoke "locals" (i32.const 4)) (i32.const 1011))
(assert_return (invoke "nested" (i32.const 0)) (i32.const 21))
(assert_return (invoke "nested" (i32.const 1)) (i32.const 12))
(assert_return (invoke "deep" (i32.const 10000)) (i32.const 42))
(assert_exception (invoke "uncaught"))
(assert_exception (invoke "wrong_tag"))
(assert_trap (invoke "trap_not_caught") "unreachable")
(assert_return (invoke "tail") (i32.const 3))
)");
}

TEST(InterpEh, AcrossInstances) {
  run_wast_script("eh_instances", R"(
(module $A
  (tag $e (export "e") (param i32))
  (func (export "throw") (param i32) (throw $e (local.get 0)))
)
(register "a" $A)
(module $B
  (tag $e (import "a" "e") (param i32))
  (func $throw (import "a" "throw") (param i32))
  (tag $mine (param i32))
  (memory 1)
  (func (export "catch_imported") (param i32) (result i32)
    (i32.store (i32.const 0) (i32.const 123))
    (block $h (result i32)
      (try_table (result i32) (catch $mine $h) (catch $e $h) (call $throw (local.get 0)) (i32.const -1)))
    ;; Memory of this instance is usable again after unwinding from the other one.
    (i32.add (i32.load (i32.const 0))))
  (func (export "own_tag_does_not_match") (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $mine $h) (call $throw (i32.const 1)) (i32.const -1))))
)
(assert_return (invoke "catch_imported" (i32.const 4)) (i32.const 127))
(assert_exception (invoke "own_tag_does_not_match"))
)");
}

TEST(InterpEh, LegacyTryCatchDelegateRethrow) {
  run_wast_script("eh_legacy", R"(
(module
  (tag $e (param i32))
  (tag $f)
  (func $id (param i32) (result i32) (local.get 0))
  (func $throw (param i32) (throw $e (local.get 0)))
  ;; The payload, then a call in the catch body (its frame must not clobber the caught
  ;; exception), then rethrow to an outer catch.
  (func (export "rethrow_after_call") (param i32) (result i32)
    (try (result i32)
      (do
        (try
          (do (call $throw (local.get 0)))
          (catch $e
            (drop (call $id (i32.const 99)))
            (drop (call $id (i32.const 98)))
            (rethrow 0)))
        (i32.const -1))
      (catch $e (i32.add (i32.const 100)))))
  ;; rethrow of an outer catch from inside a nested one.
  (func (export "rethrow_outer") (result i32)
    (try (result i32)
      (do
        (try (result i32)
          (do (throw $e (i32.const 1)))
          (catch $e
            (drop)
            (try (result i32)
              (do (throw $f))
              (catch $f (rethrow 1))))))
      (catch $e)))
  (func (export "catch_results") (param i32) (result i32 i32)
    (try (result i32 i32)
      (do (call $throw (local.get 0)) (i32.const 0) (i32.const 0))
      (catch $f (i32.const 1) (i32.const 1))
      (catch $e (i32.const 2))))
  (func (export "catch_all_br") (param i32) (result i32)
    (block $out (result i32)
      (try (result i32)
        (do (call $throw (local.get 0)) (i32.const 0))
        (catch_all (br $out (i32.const 5))))))
  (func (export "delegate_outer") (result i32)
    (try $t (result i32)
      (do
        (try (result i32)
          (do (try (result i32) (do (throw $f)) (delegate $t)))
          (catch $f (i32.const 1))))
      (catch $f (i32.const 2))))
  (func (export "delegate_caller") (result i32)
    (try (result i32)
      (do (try (result i32) (do (throw $f)) (delegate 1)))
      (catch_all (i32.const 1))))
)
(assert_return (invoke "rethrow_after_call" (i32.const 3)) (i32.const 103))
(assert_return (invoke "rethrow_outer") (i32.const 1))
(assert_return (invoke "catch_results" (i32.const 9)) (i32.const 9) (i32.const 2))
(assert_return (invoke "catch_all_br" (i32.const 1)) (i32.const 5))
(assert_return (invoke "delegate_outer") (i32.const 2))
(assert_exception (invoke "delegate_caller"))
)");
}

}  // namespace
}  // namespace nanoproc::testing
