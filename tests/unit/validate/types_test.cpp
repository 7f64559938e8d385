// TypeContext: rec-group canonicalisation, declared subtyping, the abstract heap type
// hierarchy, and the type-section rules.
#include "test_module.h"
#include "validate/type_context.h"

using namespace nanoproc;
using namespace nanoproc::test;

namespace {

TypeContext build(const Module& m) {
  auto tc = TypeContext::build(m);
  EXPECT_TRUE(tc.has_value()) << (tc ? "" : tc.error().message());
  return std::move(*tc);
}

HeapType H(AbsHeap h) { return HeapType::abstract(h); }

}  // namespace

TEST(TypeContext, IdenticalSingletonGroupsAreEqual) {
  TestModule t;
  uint32_t a = t.func_type({kI32}, {});
  uint32_t b = t.func_type({kI32}, {});
  uint32_t c = t.func_type({kI64}, {});
  TypeContext tc = build(t.m);
  EXPECT_TRUE(tc.same_type(a, b));
  EXPECT_FALSE(tc.same_type(a, c));
  EXPECT_TRUE(tc.is_subtype(ref(a), ref(b, true)));
}

TEST(TypeContext, RecGroupsCompareByPositionAndStructure) {
  TestModule t;
  // (rec (type $a (struct (field (ref $b)))) (type $b (struct (field (ref $a)))))  twice
  auto group = [&]() {
    uint32_t base = static_cast<uint32_t>(t.m.types.size());
    return t.rec({TestModule::struct_sub({{ref(base + 1), false}}),
                  TestModule::struct_sub({{ref(base), false}})});
  };
  uint32_t g1 = group();
  uint32_t g2 = group();
  // A singleton with the same shape is a different type: rec groups differ.
  uint32_t single = t.rec({TestModule::struct_sub({{ref(g1 + 1), false}})});
  TypeContext tc = build(t.m);
  EXPECT_TRUE(tc.same_type(g1, g2));
  EXPECT_TRUE(tc.same_type(g1 + 1, g2 + 1));
  EXPECT_FALSE(tc.same_type(g1, g1 + 1));  // same shape, different position
  EXPECT_FALSE(tc.same_type(single, g1));
}

TEST(TypeContext, ExternalReferencesCompareCanonically) {
  TestModule t;
  uint32_t a = t.func_type({}, {});
  uint32_t b = t.func_type({}, {});  // equal to a
  uint32_t sa = t.struct_type({{ref(a), false}});
  uint32_t sb = t.struct_type({{ref(b), false}});
  TypeContext tc = build(t.m);
  EXPECT_TRUE(tc.same_type(sa, sb));
}

TEST(TypeContext, DeclaredSubtyping) {
  TestModule t;
  uint32_t base = t.add_sub(TestModule::struct_sub({{kI32, false}}, {}, false));
  uint32_t mid = t.add_sub(TestModule::struct_sub({{kI32, false}, {kI64, true}}, {base}, false));
  uint32_t leaf = t.add_sub(TestModule::struct_sub({{kI32, false}, {kI64, true}}, {mid}));
  uint32_t other = t.add_sub(TestModule::struct_sub({{kI32, false}}, {}, false));  // == base
  uint32_t unrelated = t.struct_type({{kI32, false}});  // final: differs from base
  TypeContext tc = build(t.m);
  EXPECT_TRUE(tc.is_heap_subtype(HeapType::index(leaf), HeapType::index(base)));
  EXPECT_TRUE(tc.is_heap_subtype(HeapType::index(leaf), HeapType::index(other)));
  EXPECT_FALSE(tc.is_heap_subtype(HeapType::index(base), HeapType::index(leaf)));
  EXPECT_FALSE(tc.is_heap_subtype(HeapType::index(unrelated), HeapType::index(base)));
  EXPECT_FALSE(tc.same_type(unrelated, base));
  EXPECT_TRUE(tc.is_heap_subtype(HeapType::index(leaf), H(AbsHeap::Struct)));
  EXPECT_TRUE(tc.is_heap_subtype(HeapType::index(leaf), H(AbsHeap::Eq)));
  EXPECT_TRUE(tc.is_heap_subtype(HeapType::index(leaf), H(AbsHeap::Any)));
  EXPECT_FALSE(tc.is_heap_subtype(HeapType::index(leaf), H(AbsHeap::Array)));
  EXPECT_TRUE(tc.is_heap_subtype(H(AbsHeap::None), HeapType::index(leaf)));
  EXPECT_FALSE(tc.is_heap_subtype(H(AbsHeap::NoFunc), HeapType::index(leaf)));
}

TEST(TypeContext, AbstractHierarchy) {
  TestModule t;
  uint32_t f = t.func_type({}, {});
  uint32_t arr = t.array_type({ValType(ValKind::I8), true});
  TypeContext tc = build(t.m);
  auto sub = [&](HeapType a, HeapType b) { return tc.is_heap_subtype(a, b); };
  EXPECT_TRUE(sub(H(AbsHeap::I31), H(AbsHeap::Eq)));
  EXPECT_TRUE(sub(H(AbsHeap::Array), H(AbsHeap::Any)));
  EXPECT_TRUE(sub(H(AbsHeap::None), H(AbsHeap::I31)));
  EXPECT_FALSE(sub(H(AbsHeap::Eq), H(AbsHeap::Struct)));
  EXPECT_FALSE(sub(H(AbsHeap::Func), H(AbsHeap::Any)));
  EXPECT_FALSE(sub(H(AbsHeap::Extern), H(AbsHeap::Any)));
  EXPECT_TRUE(sub(H(AbsHeap::NoExtern), H(AbsHeap::Extern)));
  EXPECT_TRUE(sub(H(AbsHeap::NoExn), H(AbsHeap::Exn)));
  EXPECT_FALSE(sub(H(AbsHeap::None), H(AbsHeap::Func)));
  EXPECT_TRUE(sub(HeapType::index(f), H(AbsHeap::Func)));
  EXPECT_TRUE(sub(H(AbsHeap::NoFunc), HeapType::index(f)));
  EXPECT_TRUE(sub(HeapType::index(arr), H(AbsHeap::Array)));
  EXPECT_TRUE(sub(kBotHeap, HeapType::index(arr)));
  EXPECT_FALSE(sub(H(AbsHeap::Any), kBotHeap));
  EXPECT_EQ(tc.top(HeapType::index(f)), H(AbsHeap::Func));
  EXPECT_EQ(tc.top(HeapType::index(arr)), H(AbsHeap::Any));
  EXPECT_EQ(tc.top(H(AbsHeap::NoExn)), H(AbsHeap::Exn));
  EXPECT_EQ(tc.bottom(H(AbsHeap::Eq)), H(AbsHeap::None));
  // Value types: nullability.
  EXPECT_TRUE(tc.is_subtype(ref(AbsHeap::Func), kFuncRef));
  EXPECT_FALSE(tc.is_subtype(kFuncRef, ref(AbsHeap::Func)));
  EXPECT_TRUE(tc.is_subtype(ValType(ValKind::Bot), kI32));
  EXPECT_FALSE(tc.is_subtype(kI32, kI64));
}

TEST(TypeContext, FuncSubtypingIsContravariantInParams) {
  TestModule t;
  ValType anyref = ref(AbsHeap::Any, true), eqref = ref(AbsHeap::Eq, true);
  uint32_t super = t.add_sub(TestModule::func_sub({eqref}, {anyref}, {}, false));
  t.add_sub(TestModule::func_sub({anyref}, {eqref}, {super}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;
  uint32_t s2 = u.add_sub(TestModule::func_sub({anyref}, {}, {}, false));
  u.add_sub(TestModule::func_sub({eqref}, {}, {s2}));
  EXPECT_TRUE(invalid(u.m, "sub type"));
}

TEST(TypeSection, SubTypeRules) {
  {  // final supertype
    TestModule t;
    uint32_t s = t.add_sub(TestModule::struct_sub({}));
    t.add_sub(TestModule::struct_sub({}, {s}));
    EXPECT_TRUE(invalid(t.m, "sub type"));
  }
  {  // kind mismatch
    TestModule t;
    uint32_t s = t.add_sub(TestModule::array_sub({kI32, false}, {}, false));
    t.add_sub(TestModule::struct_sub({}, {s}));
    EXPECT_TRUE(invalid(t.m, "sub type"));
  }
  {  // mutable fields are invariant
    TestModule t;
    uint32_t s = t.add_sub(TestModule::struct_sub({{ref(AbsHeap::Any), true}}, {}, false));
    t.add_sub(TestModule::struct_sub({{ref(AbsHeap::None), true}}, {s}));
    EXPECT_TRUE(invalid(t.m, "sub type"));
  }
  {  // immutable fields are covariant; width subtyping
    TestModule t;
    uint32_t s = t.add_sub(TestModule::struct_sub({{ref(AbsHeap::Any), false}}, {}, false));
    t.add_sub(TestModule::struct_sub({{ref(AbsHeap::None), false}, {kI32, true}}, {s}));
    EXPECT_TRUE(valid(t.m));
  }
  {  // mutability must match
    TestModule t;
    uint32_t s = t.add_sub(TestModule::array_sub({kI32, true}, {}, false));
    t.add_sub(TestModule::array_sub({kI32, false}, {s}));
    EXPECT_TRUE(invalid(t.m, "sub type"));
  }
  {  // supertype in the same rec group, declared before
    TestModule t;
    t.rec({TestModule::struct_sub({}, {}, false), TestModule::struct_sub({{kI32, false}}, {0})});
    EXPECT_TRUE(valid(t.m));
  }
  {  // forward supertype
    TestModule t;
    t.rec({TestModule::struct_sub({}, {1}), TestModule::struct_sub({}, {}, false)});
    EXPECT_TRUE(invalid(t.m, "unknown type"));
  }
}

TEST(TypeSection, ReferencesStayInsideDefinedGroups) {
  TestModule t;
  t.func_type({ref(1)}, {});  // (type (func (param (ref 1)))) (type (func))
  t.func_type({}, {});
  EXPECT_TRUE(invalid(t.m, "unknown type"));

  TestModule u;  // the same in one rec group is fine
  u.rec({TestModule::func_sub({ref(1)}, {}), TestModule::func_sub({}, {})});
  EXPECT_TRUE(valid(u.m));
}

TEST(TypeSection, SubtypeChainAcrossEquivalentGroups) {
  // (rec (type $f1 (sub (func))) (type (struct (field (ref $f1)))))
  // (rec (type $f2 (sub (func))) (type (struct (field (ref $f1)))))
  // $g1 <: $f1 and $g2 <: $f2 with $g1 == $g2 would need $f1 == $f2: they differ.
  TestModule t;
  uint32_t f1 = t.rec({TestModule::func_sub({}, {}, {}, false), TestModule::struct_sub({{ref(0), false}})});
  uint32_t f2 = t.rec({TestModule::func_sub({}, {}, {}, false), TestModule::struct_sub({{ref(0), false}})});
  TypeContext tc = build(t.m);
  EXPECT_FALSE(tc.same_type(f1, f2));
}

TEST(TypeContext, SharedRegistryAcrossModules) {
  auto reg = std::make_shared<CanonicalTypeRegistry>();
  TestModule a, b;
  uint32_t ta = a.func_type({kI32}, {kI64});
  b.func_type({kF32}, {});
  uint32_t tb = b.func_type({kI32}, {kI64});
  auto ca = TypeContext::build(a.m, reg);
  auto cb = TypeContext::build(b.m, reg);
  ASSERT_TRUE(ca && cb);
  EXPECT_EQ(ca->canonical(ta), cb->canonical(tb));
}

TEST(TypeContext, CrossModuleSubtypingThroughTheRegistry) {
  auto reg = std::make_shared<CanonicalTypeRegistry>();
  TestModule a, b;
  uint32_t sa = a.add_sub(TestModule::struct_sub({}, {}, false));
  uint32_t sb_base = b.add_sub(TestModule::struct_sub({}, {}, false));  // same as sa
  uint32_t sb = b.add_sub(TestModule::struct_sub({{kI32, false}}, {sb_base}));
  auto ca = TypeContext::build(a.m, reg);
  auto cb = TypeContext::build(b.m, reg);
  ASSERT_TRUE(ca && cb);
  ValType sub = cb->canonicalize(ref(sb)), super = ca->canonicalize(ref(sa, true));
  EXPECT_TRUE(reg->is_subtype(sub, super));
  EXPECT_FALSE(reg->is_subtype(super, sub));
  EXPECT_TRUE(reg->is_subtype(sub, ValType::ref(AbsHeap::Eq, false)));
  EXPECT_TRUE(reg->is_subtype(ValType::ref(AbsHeap::None, true), super));
  EXPECT_FALSE(reg->is_subtype(ValType::ref(AbsHeap::NoFunc, true), super));
}
