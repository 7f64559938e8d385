// libFuzzer target: arbitrary bytes as the body of one function in a fixed module that has
// something of every kind to refer to (function, struct and array types in a rec group,
// both address types of memory, tables of several reference types, globals, tags, data
// and element segments). The decoder rejects most random modules at the section level;
// here every input reaches the function validator, and the valid ones are lowered.
//
// Properties: validate_module never crashes and reports Invalid or Malformed; a valid body
// lowers without crashing; validation is deterministic (a second run agrees).
#include <memory>

#include "fuzz_check.h"
#include "runtime/compiled_module.h"
#include "runtime/engine.h"
#include "text/wat.h"
#include "validate/validator.h"

using namespace nanoproc;

namespace {

constexpr std::string_view kContext = R"((module
  (rec
    (type $s (sub (struct (field (mut i32)) (field i64) (field (mut (ref null $s))))))
    (type $s2 (sub $s (struct (field (mut i32)) (field i64) (field (mut (ref null $s))) (field f32))))
    (type $a8 (array (mut i8)))
    (type $af (array (mut funcref)))
    (type $f (func (param i32 i64 f32 f64 v128 funcref externref) (result i32)))
    (type $g (func (param i32) (result i32 i64))))
  (type $v (func))
  (import "m" "f" (func $imp (param i32) (result i32)))
  (import "m" "g" (global $gimp (mut i64)))
  (memory $m32 1 2)
  (memory $m64 i64 1)
  (table $tf 10 funcref)
  (table $te 2 externref)
  (table $ts 3 (ref null $s))
  (table $t64 i64 4 funcref)
  (global $gi (mut i32) (i32.const 0))
  (global $gf (mut f64) (f64.const 0))
  (global $gv (mut v128) (v128.const i64x2 0 0))
  (global $gr (mut (ref null $s)) (ref.null $s))
  (global $gc funcref (ref.func $target))
  (tag $t0)
  (tag $t1 (param i32 i64))
  (data $d "abcdefgh")
  (data (memory $m32) (i32.const 0) "xy")
  (elem $e funcref (ref.func $target) (ref.null func))
  (elem declare func $g2)
  (func $fuzz (type $f) (local i32 i64 f32 f64 v128 (ref null $s) (ref null $a8) exnref anyref)
    unreachable)
  (func $target (type $f) i32.const 0)
  (func $g2 (type $g) local.get 0 i64.const 1)
  (func $v (type $v)))
)";

const Module& context() {
  static const Module m = [] {
    auto parsed = parse_wat(kContext, "<fuzz_validate>");
    FUZZ_CHECK(parsed.has_value(), "the context module does not parse: %s", parsed.error().to_string().c_str());
    FUZZ_CHECK(validate_module(*parsed).has_value(), "the context module is invalid");
    return std::move(*parsed);
  }();
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto m = std::make_shared<Module>(context());
  // Function 0 among the defined ones is $fuzz; its body is the input plus a final `end`.
  std::vector<uint8_t>& body = m->functions[0].body;
  body.assign(data, data + size);
  body.push_back(0x0B);
  Status v = validate_module(*m);
  Status again = validate_module(*m);
  FUZZ_CHECK(v.has_value() == again.has_value(), "validation is not deterministic");
  if (!v) {
    ErrorKind k = v.error().kind();
    FUZZ_CHECK(k == ErrorKind::Invalid || k == ErrorKind::Malformed, "validation error of kind %d", int(k));
    return 0;
  }
  Engine engine;
  auto cm = engine.compile(m);
  cm->lower_all();
  return 0;
}
