// Casts in the interpreter: ref.test / ref.cast / br_on_cast / br_on_cast_fail against
// abstract and concrete types (subtype chains, final types, siblings, functions), null
// handling, i31, externalised references, and canonical types across modules.
#include "wast_script.h"

namespace nanoproc::testing {
namespace {

TEST(InterpGc, CastsAgainstConcreteAndAbstractTypes) {
  run_wast_script("casts", R"(
(module
  (type $A (sub (struct (field i32))))
  (type $B (sub $A (struct (field i32) (field i64))))
  (type $C (sub final $B (struct (field i32) (field i64) (field f32))))
  (type $D (sub $A (struct (field i32) (field f64))))
  (type $arr (array i8))
  (type $f1 (func (result i32)))
  (type $f2 (func (param i32) (result i32)))

  (func $g1 (type $f1) (i32.const 1))
  (func $g2 (type $f2) (local.get 0))
  (elem declare func $g1 $g2)

  ;; 0 null, 1 A, 2 B, 3 C, 4 D, 5 array, 6 i31, 7 internalised host ref (param)
  (func $make (param $k i32) (param $ext externref) (result anyref)
    (block $b7 (block $b6 (block $b5 (block $b4 (block $b3 (block $b2 (block $b1 (block $b0
      (br_table $b0 $b1 $b2 $b3 $b4 $b5 $b6 $b7 (local.get $k)))
      (return (ref.null any)))
      (return (struct.new $A (i32.const 1))))
      (return (struct.new $B (i32.const 2) (i64.const 0))))
      (return (struct.new $C (i32.const 3) (i64.const 0) (f32.const 0))))
      (return (struct.new $D (i32.const 4) (f64.const 0))))
      (return (array.new_default $arr (i32.const 1))))
      (return (ref.i31 (i32.const 6))))
    (any.convert_extern (local.get $ext)))

  ;; One bit per target type: A B C D struct array i31 eq any none.
  (func (export "test") (param $k i32) (param $ext externref) (result i32)
    (local $r anyref)
    (local.set $r (call $make (local.get $k) (local.get $ext)))
    (i32.or (i32.or (i32.or (i32.or (i32.or
      (ref.test (ref $A) (local.get $r))
      (i32.shl (ref.test (ref $B) (local.get $r)) (i32.const 1)))
      (i32.or (i32.shl (ref.test (ref $C) (local.get $r)) (i32.const 2))
              (i32.shl (ref.test (ref $D) (local.get $r)) (i32.const 3))))
      (i32.or (i32.shl (ref.test (ref struct) (local.get $r)) (i32.const 4))
              (i32.shl (ref.test (ref array) (local.get $r)) (i32.const 5))))
      (i32.or (i32.shl (ref.test (ref i31) (local.get $r)) (i32.const 6))
              (i32.shl (ref.test (ref eq) (local.get $r)) (i32.const 7))))
      (i32.or (i32.shl (ref.test (ref any) (local.get $r)) (i32.const 8))
              (i32.shl (ref.test (ref none) (local.get $r)) (i32.const 9)))))
  ;; Nullable targets accept null.
  (func (export "test_null") (result i32)
    (i32.add (i32.add (ref.test (ref null $C) (ref.null any))
                      (ref.test (ref null none) (ref.null any)))
             (ref.test (ref $C) (ref.null any))))
  (func (export "cast") (param $k i32) (result i32)
    (struct.get $A 0 (ref.cast (ref $A) (call $make (local.get $k) (ref.null extern)))))
  (func (export "cast_null") (param $k i32) (result i32)
    (ref.is_null (ref.cast (ref null $B) (call $make (local.get $k) (ref.null extern)))))
  ;; br_on_cast keeps the value on both paths.
  (func (export "br_on_cast") (param $k i32) (result i32)
    (block $yes (result (ref $B))
      (br_on_cast $yes anyref (ref $B) (call $make (local.get $k) (ref.null extern)))
      (drop)
      (return (i32.const -1)))
    (struct.get $B 0))
  (func (export "br_on_cast_fail") (param $k i32) (result i32)
    (local $t i32)
    (block $no (result anyref)
      (return (struct.get $A 0
        (br_on_cast_fail $no anyref (ref $A) (call $make (local.get $k) (ref.null extern))))))
    (local.set $t (ref.test (ref i31)))
    (i32.sub (i32.const -10) (local.get $t)))
  ;; br_on_cast to the function's label (the value is the result).
  (func (export "br_on_cast_return") (param $k i32) (result anyref)
    (br_on_cast 0 anyref (ref null $D) (call $make (local.get $k) (ref.null extern)))
    (drop)
    (ref.i31 (i32.const 99)))
  (func (export "funcs") (result i32)
    (local $r funcref)
    (local.set $r (ref.func $g1))
    (i32.add (i32.add (ref.test (ref $f1) (local.get $r))
                      (i32.shl (ref.test (ref $f2) (local.get $r)) (i32.const 1)))
             (i32.add (i32.shl (ref.test (ref func) (local.get $r)) (i32.const 2))
                      (i32.shl (ref.test (ref nofunc) (local.get $r)) (i32.const 3)))))
  (func (export "externalize") (param $k i32) (result i32)
    (local $e externref)
    (local.set $e (extern.convert_any (call $make (local.get $k) (ref.null extern))))
    (ref.test (ref $B) (any.convert_extern (local.get $e))))
)
(assert_return (invoke "test" (i32.const 0) (ref.null extern)) (i32.const 0))
(assert_return (invoke "test" (i32.const 1) (ref.null extern)) (i32.const 0x191))
(assert_return (invoke "test" (i32.const 2) (ref.null extern)) (i32.const 0x193))
(assert_return (invoke "test" (i32.const 3) (ref.null extern)) (i32.const 0x197))
(assert_return (invoke "test" (i32.const 4) (ref.null extern)) (i32.const 0x199))
(assert_return (invoke "test" (i32.const 5) (ref.null extern)) (i32.const 0x1a0))
(assert_return (invoke "test" (i32.const 6) (ref.null extern)) (i32.const 0x1c0))
(assert_return (invoke "test" (i32.const 7) (ref.extern 1)) (i32.const 0x100))
(assert_return (invoke "test_null") (i32.const 2))
(assert_return (invoke "cast" (i32.const 3)) (i32.const 3))
(assert_return (invoke "cast" (i32.const 4)) (i32.const 4))
(assert_trap (invoke "cast" (i32.const 5)) "cast failure")
(assert_trap (invoke "cast" (i32.const 6)) "cast failure")
(assert_trap (invoke "cast" (i32.const 0)) "cast failure")
(assert_return (invoke "cast_null" (i32.const 0)) (i32.const 1))
(assert_return (invoke "cast_null" (i32.const 3)) (i32.const 0))
(assert_trap (invoke "cast_null" (i32.const 1)) "cast failure")
(assert_return (invoke "br_on_cast" (i32.const 2)) (i32.const 2))
(assert_return (invoke "br_on_cast" (i32.const 3)) (i32.const 3))
(assert_return (invoke "br_on_cast" (i32.const 1)) (i32.const -1))
(assert_return (invoke "br_on_cast" (i32.const 0)) (i32.const -1))
(assert_return (invoke "br_on_cast_fail" (i32.const 4)) (i32.const 4))
(assert_return (invoke "br_on_cast_fail" (i32.const 6)) (i32.const -11))
(assert_return (invoke "br_on_cast_fail" (i32.const 5)) (i32.const -10))
(assert_return (invoke "br_on_cast_fail" (i32.const 0)) (i32.const -10))
(assert_return (invoke "br_on_cast_return" (i32.const 4)) (ref.struct))
(assert_return (invoke "br_on_cast_return" (i32.const 0)) (ref.null any))
(assert_return (invoke "br_on_cast_return" (i32.const 1)) (ref.i31))
(assert_return (invoke "funcs") (i32.const 5))
(assert_return (invoke "externalize" (i32.const 3)) (i32.const 1))
(assert_return (invoke "externalize" (i32.const 1)) (i32.const 0))
)");
}

// Types are compared by their canonical rec groups, so an object made by one module casts
// to an identical type declared by another, but not to a different rec group.
TEST(InterpGc, CastsAcrossModules) {
  run_wast_script("casts_modules", R"(
(module $M1
  (rec (type $P (sub (struct (field i32)))) (type $Q (sub $P (struct (field i32) (field i32)))))
  (func (export "make") (result anyref) (struct.new $Q (i32.const 5) (i32.const 6)))
)
(register "m1" $M1)
(module $M2
  (rec (type $P (sub (struct (field i32)))) (type $Q (sub $P (struct (field i32) (field i32)))))
  (type $P1 (sub (struct (field i32))))
  (func $make (import "m1" "make") (result anyref))
  (func (export "same_q") (result i32) (struct.get $Q 1 (ref.cast (ref $Q) (call $make))))
  (func (export "same_p") (result i32) (ref.test (ref $P) (call $make)))
  (func (export "other_group") (result i32) (ref.test (ref $P1) (call $make)))
)
(assert_return (invoke "same_q") (i32.const 6))
(assert_return (invoke "same_p") (i32.const 1))
(assert_return (invoke "other_group") (i32.const 0))
)");
}

}  // namespace
}  // namespace nanoproc::testing
