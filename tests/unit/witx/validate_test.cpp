// witx validation: names, definition order, anonymous types, tags, ABI rules.
#include <gtest/gtest.h>

#include "witx/parser.h"
#include "witx/validate.h"

namespace nanoproc::witx {
namespace {

std::string error_of(std::string_view text) {
  auto d = parse_text(text, "v.witx");
  if (!d) return "parse: " + d.error().to_string();
  Status st = validate(*d);
  return st ? std::string() : st.error().to_string();
}

TEST(WitxValidate, Names) {
  EXPECT_EQ(error_of("(typename $a u8)\n(typename $a u16)"), "v.witx:2:11: name `$a` is defined twice (first at v.witx:1:11)");
  EXPECT_EQ(error_of("(typename $a u8) (module $a)"), "v.witx:1:26: name `$a` is defined twice (first at v.witx:1:11)");
  EXPECT_EQ(error_of("(typename $a $nope)"), "v.witx:1:14: unknown type `$nope`");
  EXPECT_EQ(error_of("(typename $a $b) (typename $b u8)"), "v.witx:1:14: type `$b` is used before its definition at v.witx:1:28");
  EXPECT_EQ(error_of("(typename $a (list $a))"), "v.witx:1:20: type `$a` refers to itself: witx types cannot be recursive");
  EXPECT_EQ(error_of("(module $m) (typename $a $m)"), "v.witx:1:26: `$m` is a module, not a type");
  EXPECT_EQ(error_of("(typename $r (record (field $x u8) (field $x u8)))"),
            "v.witx:1:43: field `x` is defined twice (first at v.witx:1:29)");
  EXPECT_EQ(error_of("(typename $e (enum $x $x))"), "v.witx:1:23: enum case `x` is defined twice (first at v.witx:1:20)");
  EXPECT_EQ(error_of("(typename $f (flags $x $x))"), "v.witx:1:24: flag `x` is defined twice (first at v.witx:1:21)");
  EXPECT_EQ(error_of("(module $m (@interface func (export \"f\")) (@interface func (export \"f\")))"),
            "v.witx:1:68: member of module `$m`: `f` is defined twice (first at v.witx:1:37)");
  EXPECT_EQ(error_of("(module $m (@interface func (export \"f\") (param $p u8) (param $p u8)))"),
            "v.witx:1:63: parameter of `f`: `p` is defined twice (first at v.witx:1:49)");
  EXPECT_EQ(error_of("(module $m (@interface func (export \"f\") (param $p (list $q))))"), "v.witx:1:58: unknown type `$q`");
}

TEST(WitxValidate, AnonymousStructuredTypes) {
  EXPECT_NE(error_of("(typename $a (@witx pointer (record (field $b u8))))").find("must be the value of a `typename`"), std::string::npos);
  EXPECT_NE(error_of("(typename $a (list (enum $b)))").find("an enum must be the value"), std::string::npos);
  EXPECT_NE(error_of("(typename $a (list (flags $b)))").find("flags must be the value"), std::string::npos);
  EXPECT_NE(error_of("(typename $a (list (handle)))").find("a handle must be the value"), std::string::npos);
  EXPECT_NE(error_of("(typename $a (list (union u8)))").find("a union must be the value"), std::string::npos);
  EXPECT_NE(error_of("(typename $a (record (field $r (record (field $c u8)))))").find("a record must be the value"), std::string::npos);
  // Pointers, lists, tuples, expected and plain variants may be anonymous.
  EXPECT_EQ(error_of("(typename $a (record (field $b (@witx pointer (@witx const_pointer u8))) (field $c (tuple u8 u16))"
                     " (field $d (list (expected u8 (error u16)))) (field $e (variant (case $x) (case $y u8)))))"),
            "");
}

TEST(WitxValidate, TagsMustBeWideEnough) {
  std::string many = "(typename $e (enum (@witx tag u8)";
  for (int i = 0; i < 257; ++i) many += " $c" + std::to_string(i);
  many += "))";
  EXPECT_EQ(error_of(many), "v.witx:1:14: 257 enum cases do not fit in the u8 tag");
  std::string ok = many.substr(0, many.find(" $c256")) + "))";
  EXPECT_EQ(error_of(ok), "");  // 256 cases fit in u8

  EXPECT_EQ(error_of("(typename $f (flags (@witx repr u8) $a $b $c $d $e $f $g $h $i))"),
            "v.witx:1:14: 9 flags do not fit in the u8 repr (8 bits)");
  EXPECT_EQ(error_of("(typename $f (flags (@witx repr u8) $a $b $c $d $e $f $g $h))"), "");
  EXPECT_EQ(error_of("(typename $e (enum (@witx tag s8) $a))"), "v.witx:1:14: an enum tag must be u8, u16, u32 or u64, not s8");
  EXPECT_EQ(error_of("(typename $f (flags (@witx repr f32) $a))"), "v.witx:1:14: a flags repr must be u8, u16, u32 or u64, not f32");
}

TEST(WitxValidate, UnionAndVariantTags) {
  EXPECT_EQ(error_of("(typename $u (union (@witx tag $tag) u8 u16))"), "v.witx:1:32: unknown type `$tag`");
  EXPECT_EQ(error_of("(typename $tag string) (typename $u (union (@witx tag $tag) u8 u16))"),
            "v.witx:1:55: a tag must be an enum or an unsigned integer type, not a string");
  EXPECT_EQ(error_of("(typename $u (union (@witx tag s32) u8))"),
            "v.witx:1:32: a tag must be an enum or an unsigned integer type, not s32");
  EXPECT_EQ(error_of("(typename $tag (enum $c)) (typename $u (union (@witx tag $tag) f32 u8))"),
            "v.witx:1:40: the tag has 1 cases but the union has 2");
  EXPECT_EQ(error_of("(typename $tag (enum $c $d)) (typename $u (variant (@witx tag $tag) (case $c) (case $x u8)))"),
            "v.witx:1:85: case `x` is not a case of the tag `$tag`");
  EXPECT_EQ(error_of("(typename $u (union))"), "v.witx:1:14: a union needs at least one case");
  std::string wide = "(typename $u (union (@witx tag u8)";
  for (int i = 0; i < 257; ++i) wide += " u8";
  EXPECT_EQ(error_of(wide + "))"), "v.witx:1:32: 257 cases do not fit in the u8 tag");

  // A variant with an enum tag takes the enum's order.
  auto d = parse_text("(typename $tag (enum (@witx tag u16) $a $b)) (typename $v (variant (@witx tag $tag) (case $b u32) (case $a)))",
                      "v.witx");
  ASSERT_TRUE(d);
  ASSERT_TRUE(validate(*d));
  const Type& v = d->find_type("v")->type();
  EXPECT_EQ(v.cases[0].name, "a");
  EXPECT_EQ(v.cases[1].name, "b");
  EXPECT_EQ(v.repr, IntRepr::U16);
}

TEST(WitxValidate, AbiRules) {
  const std::string types = "(typename $errno (enum (@witx tag u16) $success $x)) (typename $r (record (field $a u8))) ";
  EXPECT_EQ(error_of(types + "(module $m (@interface func (export \"f\") (result $a u8) (result $b u8)))"),
            "v.witx:1:127: function `f` has no witx ABI: more than one result");
  EXPECT_EQ(error_of(types + "(module $m (@interface func (export \"f\") (result $a $r)))"),
            "v.witx:1:127: function `f` has no witx ABI: result `a` is a record; only `expected`, flags and scalars can be returned");
  EXPECT_EQ(error_of(types + "(module $m (@interface func (export \"f\") (result $a (list u8))))"),
            "v.witx:1:127: function `f` has no witx ABI: result `a` is a list; only `expected`, flags and scalars can be returned");
  EXPECT_EQ(error_of(types + "(module $m (@interface func (export \"f\") (result $a (variant (case $x u8)))))"),
            "v.witx:1:127: function `f` has no witx ABI: result `a` is a variant other than `expected`");
  EXPECT_EQ(error_of(types + "(module $m (@interface func (export \"f\") (result $a (expected (tuple $r u8) (error $errno)))))"),
            "v.witx:1:127: function `f` has no witx ABI: only named types may be returned (in the ok tuple)");
  EXPECT_EQ(error_of(types + "(module $m (@interface func (export \"f\") (result $a (expected $r (error u16)))))"),
            "v.witx:1:127: function `f` has no witx ABI: only named types may be returned (the error type)");
  EXPECT_EQ(error_of(types + "(module $m (@interface func (export \"f\") (result $a u8) (@witx noreturn)))"),
            "v.witx:1:127: function `f` has no witx ABI: a `noreturn` function cannot have a result");
  EXPECT_EQ(error_of(types + "(module $m (@interface func (export \"f\") (result $a (expected $r (error $errno)))))"), "");
}

TEST(WitxValidate, UndefinedLayoutsAreRejected) {
  EXPECT_EQ(error_of("(typename $t (tuple))"), "v.witx:1:14: a record or tuple without fields has no witx layout");
  // A less-aligned payload bigger than the room after the shared payload offset.
  EXPECT_NE(error_of("(typename $t (variant (@witx tag u8) (case $a (tuple u8 u8 u8)) (case $b u16)))")
                .find("variant layout is undefined in the witx ABI: the payload of case `a` at offset 2 overflows the variant size 4"),
            std::string::npos);
}

}  // namespace
}  // namespace nanoproc::witx
