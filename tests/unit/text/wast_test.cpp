#include <gtest/gtest.h>

#include "text/wast.h"

using namespace nanoproc;

namespace {

Script wast(std::string_view src) {
  auto s = parse_wast(src, "t.wast");
  EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().to_string());
  return s ? std::move(*s) : Script();
}

using K = WastCommand::Kind;
using RK = WastResult::Kind;

TEST(Wast, ModuleForms) {
  Script s = wast(R"W(
    (module $a (func (export "f")))
    (module binary "\00asm" "\01\00\00\00")
    (module $q quote "(func" " $x)")
    (module definition $d (func))
    (module instance $i $d)
    (module instance $d)
    (register "name" $a)
    (register "other")
  )W");
  ASSERT_EQ(s.commands.size(), 8u);
  EXPECT_EQ(s.commands[0].kind, K::Module);
  EXPECT_EQ(*s.commands[0].module->name, "a");
  EXPECT_EQ(s.commands[0].module->module.functions.size(), 1u);
  EXPECT_EQ(s.commands[0].loc.line, 2u);
  EXPECT_EQ(s.commands[1].module->kind, ScriptModule::Kind::Binary);
  EXPECT_EQ(s.commands[1].module->bytes, (std::vector<uint8_t>{0, 'a', 's', 'm', 1, 0, 0, 0}));
  EXPECT_EQ(s.commands[2].module->kind, ScriptModule::Kind::Quote);
  EXPECT_EQ(s.commands[2].module->quote, "(func $x)");
  EXPECT_TRUE(s.commands[3].module->is_definition);
  EXPECT_EQ(s.commands[4].kind, K::ModuleInstance);
  EXPECT_EQ(*s.commands[4].instance_name, "i");
  EXPECT_EQ(*s.commands[4].definition_name, "d");
  EXPECT_FALSE(s.commands[5].instance_name.has_value());
  EXPECT_EQ(*s.commands[5].definition_name, "d");
  EXPECT_EQ(s.commands[6].kind, K::Register);
  EXPECT_EQ(s.commands[6].text, "name");
  EXPECT_EQ(*s.commands[6].instance_name, "a");
  EXPECT_FALSE(s.commands[7].instance_name.has_value());
}

TEST(Wast, ActionsAndConstants) {
  Script s = wast(R"W(
    (invoke $m "f" (i32.const -1) (i64.const 0x10) (f32.const -0x1p0) (f64.const nan:0x1)
                   (v128.const i32x4 1 2 3 4) (ref.null extern) (ref.extern 7) (ref.host 2))
    (get "g")
  )W");
  ASSERT_EQ(s.commands.size(), 2u);
  const WastAction& a = *s.commands[0].action;
  EXPECT_EQ(a.kind, WastAction::Kind::Invoke);
  EXPECT_EQ(*a.module, "m");
  EXPECT_EQ(a.field, "f");
  ASSERT_EQ(a.args.size(), 8u);
  EXPECT_EQ(a.args[0].bits, 0xFFFFFFFFu);
  EXPECT_EQ(a.args[1].bits, 16u);
  EXPECT_EQ(a.args[2].bits, 0xBF800000u);
  EXPECT_EQ(a.args[3].bits, 0x7FF0000000000001u);
  EXPECT_EQ(a.args[4].kind, WastValue::Kind::V128);
  EXPECT_EQ(a.args[4].v128[4], 2);
  EXPECT_EQ(a.args[5].kind, WastValue::Kind::RefNull);
  EXPECT_EQ(a.args[5].heap, HeapType::abstract(AbsHeap::Extern));
  EXPECT_EQ(a.args[6].kind, WastValue::Kind::RefExtern);
  EXPECT_EQ(a.args[6].bits, 7u);
  EXPECT_EQ(a.args[7].kind, WastValue::Kind::RefHost);
  EXPECT_EQ(s.commands[1].action->kind, WastAction::Kind::Get);
  EXPECT_FALSE(s.commands[1].action->module.has_value());
}

TEST(Wast, ResultPatterns) {
  Script s = wast(R"W(
    (assert_return (invoke "f")
      (i32.const 1) (f32.const nan:canonical) (f64.const nan:arithmetic)
      (v128.const f32x4 1 nan:canonical -0 nan:arithmetic) (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
      (ref.null) (ref.null func) (ref.extern) (ref.extern 3) (ref.func) (ref.any) (ref.eq)
      (ref.i31) (ref.struct) (ref.array) (ref.exn) (ref.host 1)
      (either (i32.const 1) (i32.const 2)))
  )W");
  ASSERT_EQ(s.commands.size(), 1u);
  const auto& r = s.commands[0].results;
  ASSERT_EQ(r.size(), 18u);
  EXPECT_EQ(r[0].kind, RK::Exact);
  EXPECT_EQ(r[0].value.bits, 1u);
  EXPECT_EQ(r[1].kind, RK::NanCanonical);
  EXPECT_EQ(r[1].float_kind, ValKind::F32);
  EXPECT_EQ(r[2].kind, RK::NanArithmetic);
  EXPECT_EQ(r[2].float_kind, ValKind::F64);
  EXPECT_EQ(r[3].kind, RK::V128Pattern);
  EXPECT_EQ(r[3].shape, "f32x4");
  ASSERT_EQ(r[3].lanes.size(), 4u);
  EXPECT_EQ(r[3].lanes[0].kind, RK::Exact);
  EXPECT_EQ(r[3].lanes[0].value.bits, 0x3F800000u);
  EXPECT_EQ(r[3].lanes[1].kind, RK::NanCanonical);
  EXPECT_EQ(r[3].lanes[2].value.bits, 0x80000000u);
  EXPECT_EQ(r[3].lanes[3].kind, RK::NanArithmetic);
  EXPECT_EQ(r[4].kind, RK::Exact);
  EXPECT_EQ(r[4].value.v128[15], 15);
  EXPECT_EQ(r[5].kind, RK::RefNull);
  EXPECT_EQ(r[6].kind, RK::RefNull);
  EXPECT_EQ(r[6].value.heap, HeapType::abstract(AbsHeap::Func));
  EXPECT_EQ(r[7].kind, RK::RefExtern);
  EXPECT_FALSE(r[7].has_index);
  EXPECT_TRUE(r[8].has_index);
  EXPECT_EQ(r[8].value.bits, 3u);
  EXPECT_EQ(r[9].kind, RK::RefFunc);
  EXPECT_EQ(r[10].kind, RK::RefAny);
  EXPECT_EQ(r[11].kind, RK::RefEq);
  EXPECT_EQ(r[12].kind, RK::RefI31);
  EXPECT_EQ(r[13].kind, RK::RefStruct);
  EXPECT_EQ(r[14].kind, RK::RefArray);
  EXPECT_EQ(r[15].kind, RK::RefExn);
  EXPECT_EQ(r[16].kind, RK::RefHost);
  EXPECT_EQ(r[17].kind, RK::Either);
  EXPECT_EQ(r[17].alternatives.size(), 2u);
}

TEST(Wast, Assertions) {
  Script s = wast(R"W(
    (assert_trap (invoke "f") "unreachable")
    (assert_trap (module (start 0) (func unreachable)) "unreachable")
    (assert_exhaustion (invoke "f") "call stack exhausted")
    (assert_exception (invoke "f"))
    (assert_invalid (module (func (result i32))) "type mismatch")
    (assert_malformed (module quote "(func") "unexpected end")
    (assert_unlinkable (module (import "m" "n" (func))) "unknown import")
    (assert_uninstantiable (module binary "") "x")
  )W");
  ASSERT_EQ(s.commands.size(), 8u);
  EXPECT_EQ(s.commands[0].kind, K::AssertTrap);
  EXPECT_TRUE(s.commands[0].action.has_value());
  EXPECT_EQ(s.commands[0].text, "unreachable");
  EXPECT_EQ(s.commands[1].kind, K::AssertTrap);
  EXPECT_TRUE(s.commands[1].module.has_value());
  EXPECT_EQ(s.commands[2].kind, K::AssertExhaustion);
  EXPECT_EQ(s.commands[3].kind, K::AssertException);
  EXPECT_EQ(s.commands[4].kind, K::AssertInvalid);
  EXPECT_EQ(s.commands[4].module->module.types.size(), 1u);
  EXPECT_EQ(s.commands[5].kind, K::AssertMalformed);
  EXPECT_EQ(s.commands[5].module->quote, "(func");
  EXPECT_EQ(s.commands[6].kind, K::AssertUnlinkable);
  EXPECT_EQ(s.commands[7].kind, K::AssertUninstantiable);
}

TEST(Wast, InlineModuleScript) {
  Script s = wast("(func (export \"f\")) (memory 1)");
  ASSERT_EQ(s.commands.size(), 1u);
  EXPECT_EQ(s.commands[0].kind, K::Module);
  EXPECT_EQ(s.commands[0].module->module.memories.size(), 1u);
}

TEST(Wast, SourceRangeOfModules) {
  std::string src = "  (module $m (func))\n(assert_invalid (module (func (result i32))) \"x\")";
  Script s = wast(src);
  const ScriptModule& a = *s.commands[0].module;
  EXPECT_EQ(src.substr(a.source_begin, a.source_end - a.source_begin), "(module $m (func))");
  const ScriptModule& b = *s.commands[1].module;
  EXPECT_EQ(src.substr(b.source_begin, b.source_end - b.source_begin),
            "(module (func (result i32)))");
}

TEST(Wast, Errors) {
  auto e = parse_wast("(module)\n(assert_return (invoke \"f\") (i32.const 1.5))", "s.wast");
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().loc().file, "s.wast");
  EXPECT_EQ(e.error().loc().line, 2u);
  EXPECT_EQ(e.error().loc().column, 40u);
  EXPECT_FALSE(parse_wast("(bogus)", "s.wast").has_value());
  EXPECT_FALSE(parse_wast("(assert_return (invoke \"f\") (v128.const i32x4 1 2 3))", "s").has_value());
}

}  // namespace
