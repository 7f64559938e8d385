// witx parsing: syntax forms, doc comments, `use`, and error locations.
#include <gtest/gtest.h>

#include <map>

#include "witx/parser.h"
#include "witx/sexpr.h"
#include "witx/validate.h"

namespace nanoproc::witx {
namespace {

// An in-memory file system for `use`.
FileLoader files(std::map<std::string, std::string> fs) {
  return [fs = std::move(fs)](const std::string& path) -> Expected<std::string> {
    auto it = fs.find(path);
    if (it == fs.end()) return Error(ErrorKind::Io, "no such file");
    return it->second;
  };
}

Expected<Document> load(std::string_view text, const FileLoader& loader = files({})) {
  Document doc = NP_TRY(parse_text(text, "t.witx", loader));
  NP_CHECK(validate(doc));
  return doc;
}

// "t.witx:L:C: message" of the error, or "" if parsing and validation succeed.
std::string error_of(std::string_view text, const FileLoader& loader = files({})) {
  auto d = load(text, loader);
  return d ? std::string() : d.error().to_string();
}

TEST(WitxParser, EveryTypeForm) {
  auto d = load(R"(
    (typename $a u8) (typename $b s64) (typename $c f32) (typename $d char) (typename $e string)
    (typename $f (@witx usize)) (typename $g (@witx char8)) (typename $h (@witx pointer $a))
    (typename $i (@witx const_pointer (@witx pointer u8))) (typename $j (list $a))
    (typename $k (enum (@witx tag u8) $x $y)) (typename $l (flags (@witx repr u64) $p $q))
    (typename $m (record (field $f1 $a) (field $f2 u64))) (typename $n (tuple u8 u32))
    (typename $o (handle)) (typename $p (expected $a (error $k))) (typename $q (expected (error)))
    (typename $r (union (@witx tag $k) u16 $m)) (typename $s (variant (case $one) (case $two u32)))
    (typename $t bool) (typename $u $m))");
  ASSERT_TRUE(d) << d.error().to_string();
  EXPECT_EQ(d->typenames.size(), 21u);
  EXPECT_EQ(d->find_type("e")->type().kind, TypeKind::List);
  EXPECT_TRUE(d->find_type("e")->type().is_string);
  EXPECT_EQ(d->find_type("f")->type().builtin, Builtin::Usize);
  EXPECT_EQ(d->find_type("g")->type().builtin, Builtin::Char8);
  EXPECT_EQ(d->find_type("i")->type().kind, TypeKind::ConstPointer);
  EXPECT_TRUE(d->find_type("k")->type().is_enum());
  EXPECT_TRUE(d->find_type("l")->type().is_flags());
  EXPECT_EQ(d->find_type("l")->type().repr, IntRepr::U64);
  EXPECT_TRUE(d->find_type("n")->type().is_tuple());
  EXPECT_TRUE(d->find_type("p")->type().is_expected());
  EXPECT_FALSE(d->find_type("q")->type().ok_type().has_value());
  const Type& r = d->find_type("r")->type();
  EXPECT_EQ(r.cases[0].name, "x");  // union cases take the tag's case names
  EXPECT_EQ(r.cases[1].name, "y");
  EXPECT_EQ(r.repr, IntRepr::U8);
  EXPECT_EQ(d->find_type("s")->type().repr, IntRepr::U32);  // default tag
  EXPECT_EQ(d->find_type("u")->type().kind, TypeKind::Record);
  EXPECT_TRUE(d->find_type("u")->ref.is_named());
}

TEST(WitxParser, ModuleFunctionsImportsNoreturn) {
  auto d = load(R"(
    (typename $errno (enum (@witx tag u16) $success $badf))
    (module $m
      (import "memory" (memory))
      (@interface func (export "f") (param $x u32) (result $error (expected u64 (error $errno))))
      (@interface func (export "g") (@witx noreturn)))
  )");
  ASSERT_FALSE(d) << "expected u64 is not a named ok type";
  EXPECT_NE(d.error().message().find("only named types may be returned"), std::string::npos);
  auto ok = load(R"(
    (typename $errno (enum (@witx tag u16) $success $badf)) (typename $t u64)
    (module $m
      (import "memory" (memory))
      (@interface func (export "f") (param $x u32) (result $error (expected $t (error $errno))))
      (@interface func (export "g") (param $code u32) (@witx noreturn)))
  )");
  ASSERT_TRUE(ok) << ok.error().to_string();
  const Module& m = ok->modules[0];
  EXPECT_EQ(m.imports[0].name, "memory");
  EXPECT_EQ(m.funcs[0].name, "f");
  EXPECT_TRUE(m.funcs[1].noreturn);
}

TEST(WitxParser, DocCommentsAttachToTheNextItem) {
  auto d = load(R"(
;; A plain comment is not documentation.

;;; Doc of $a,
;;;   indented line keeps its extra indentation.
;; a plain comment between doc lines is skipped
;;; last line.
(typename $a
  (enum
    ;;; first case
    $x
    (;; block doc ;)
    $y
    ;; not a doc
    $z))
(typename $r (record
  ;;; the field
  (field $f $a)))
(module $m
  ;;; the function
  (@interface func (export "f")
    ;;; the param
    (param $p $a)))
)");
  ASSERT_TRUE(d) << d.error().to_string();
  const NamedType* a = d->find_type("a");
  EXPECT_EQ(a->docs, "Doc of $a,\n  indented line keeps its extra indentation.\nlast line.");
  EXPECT_EQ(a->type().cases[0].docs, "first case");
  EXPECT_EQ(a->type().cases[1].docs, "block doc");
  EXPECT_EQ(a->type().cases[2].docs, "");
  EXPECT_EQ(d->find_type("r")->type().members[0].docs, "the field");
  EXPECT_EQ(d->modules[0].funcs[0].docs, "the function");
  EXPECT_EQ(d->modules[0].funcs[0].params[0].docs, "the param");
}

TEST(WitxParser, UseReadsFilesOnceRelativeToTheUser) {
  auto loader = files({
      {"dir/main.witx", "(use \"sub/types.witx\") (use \"sub/types.witx\") (typename $b $a)"},
      {"dir/sub/types.witx", "(use \"more.witx\") (typename $a $base)"},
      {"dir/sub/more.witx", "(use \"types.witx\") (typename $base u32)"},  // a cycle: skipped
  });
  auto d = parse_files({"dir/main.witx"}, loader);
  ASSERT_TRUE(d) << d.error().to_string();
  ASSERT_TRUE(validate(*d));
  EXPECT_EQ(d->files, (std::vector<std::string>{"dir/main.witx", "dir/sub/types.witx", "dir/sub/more.witx"}));
  EXPECT_EQ(d->typenames.size(), 3u);
  EXPECT_EQ(d->typenames[0]->name, "base");
}

TEST(WitxParser, MissingUseIsReportedAtTheUse) {
  EXPECT_EQ(error_of("\n  (use \"nope.witx\")"), "t.witx:2:8: cannot use \"nope.witx\": no such file");
}

TEST(WitxParser, SyntaxErrorLocations) {
  EXPECT_EQ(error_of("(typename $a u8"), "t.witx:1:1: `(` is never closed (unexpected end of file)");
  EXPECT_EQ(error_of("(typename $a u8))"), "t.witx:1:17: unexpected `)` with no open `(`");
  EXPECT_EQ(error_of("(typename $a\n   u9)"), "t.witx:2:4: unknown type `u9`");
  EXPECT_EQ(error_of("(typename $a (enum))"), "t.witx:1:14: an enum needs at least one case");
  EXPECT_EQ(error_of("(typename $a (enum (@witx tag u8) x))"), "t.witx:1:35: expected an enum case `$name`, found `x`");
  EXPECT_EQ(error_of("(typename $a (record (field a u8)))"), "t.witx:1:22: expected `(field $name <type>)`, found `(field ...)`");
  EXPECT_EQ(error_of("(use \"a.witx)"), "t.witx:1:6: string is never closed");
  EXPECT_EQ(error_of("(typename $a (; never closed"), "t.witx:1:14: block comment `(;` is never closed");
  EXPECT_EQ(error_of("  $a"), "t.witx:1:3: `$a` outside of any list");
  EXPECT_EQ(error_of("(typename $a [u8])"), "t.witx:1:14: unexpected character `[`");
  EXPECT_EQ(error_of("(func)"), "t.witx:1:1: expected `(typename ...)`, `(module ...)` or `(use ...)`, found `(func ...)`");
  EXPECT_EQ(error_of("(module $m (@interface func (export \"f\") (param $p)))"),
            "t.witx:1:42: expected `(param $name <type>)`");
  EXPECT_EQ(error_of("(module $m (import \"memory\" (table)))"),
            "t.witx:1:12: expected `(import \"name\" (memory))`: only memory imports exist in witx");
  EXPECT_EQ(error_of("(typename $a (@witx pointer))"), "t.witx:1:14: expected `(@witx pointer <type>)`");
  EXPECT_EQ(error_of("(typename $a (expected u8))"), "t.witx:1:14: expected `(expected <type>? (error <type>?))`");
  EXPECT_EQ(error_of("(typename $a (flags (@witx tag u8) $x))"), "t.witx:1:21: expected `(@witx repr <type>)`");
}

TEST(WitxParser, DeepNestingIsAnErrorNotACrash) {
  std::string text = "(typename $a ";
  for (int i = 0; i < 10000; ++i) text += "(list ";
  auto d = parse_text(text, "t.witx");
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message().find("nested too deeply"), std::string::npos);
}

TEST(WitxParser, GarbageNeverCrashes) {
  // Every prefix of a real definition is either accepted or rejected with a located error.
  const std::string text =
      "(typename $e (enum (@witx tag u8) $a $b)) (typename $r (record (field $x $e) (field $s string)))"
      "(module $m (import \"memory\" (memory)) (@interface func (export \"f\") (param $p $r) "
      "(result $error (expected (error $e)))))";
  for (size_t n = 0; n <= text.size(); ++n) {
    auto d = parse_text(text.substr(0, n), "t.witx");
    if (d) (void)validate(*d);
    else EXPECT_TRUE(d.error().loc().has_line()) << n;
  }
}

}  // namespace
}  // namespace nanoproc::witx
