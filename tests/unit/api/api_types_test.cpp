// The public API's traps, import/export types, tables, function and host references.
#include <gtest/gtest.h>

#include <string>

#include "nanoproc/nanoproc.h"

using namespace nanoproc::api;
using nanoproc::ErrorKind;

namespace {

std::span<const uint8_t> text(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

TEST(ApiTrap, CodeMessageAndFrames) {
  Engine engine;
  auto m = Module::compile(engine, text(R"((module
    (func $inner (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
    (func $outer (export "outer") (param i32) (result i32) (call $inner (local.get 0)))
    (func (export "oob") (result i32) (i32.load (i32.const 70000)))
    (memory 1)))"));
  ASSERT_TRUE(m) << m.error().to_string();
  Store store(engine);
  EXPECT_FALSE(store.last_trap());
  auto inst = Linker().instantiate(store, *m);
  ASSERT_TRUE(inst);
  auto r = inst->func("outer")->call({Val(int32_t{0})});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Trap);
  auto t = store.last_trap();
  ASSERT_TRUE(t);
  EXPECT_EQ(t->code, TrapCode::IntegerDivideByZero);
  EXPECT_EQ(t->message, "integer divide by zero");
  ASSERT_EQ(t->frames.size(), 2u);
  EXPECT_EQ(t->frames[0].func_name, "inner");
  EXPECT_EQ(t->frames[0].func_index, 0u);
  EXPECT_EQ(t->frames[1].func_name, "outer");
  EXPECT_FALSE(t->frames[0].func_offset.has_value());  // compiled from text
  EXPECT_EQ(t->to_string(), "integer divide by zero\n  at inner (func 0)\n  at outer (func 1)");
  ASSERT_FALSE(inst->func("oob")->call({}));
  EXPECT_EQ(store.last_trap()->code, TrapCode::MemoryOutOfBounds);
  EXPECT_STREQ(trap_code_name(TrapCode::MemoryOutOfBounds), "MemoryOutOfBounds");

  // From the binary format, frames know where their function's code is.
  auto bin = Module::deserialize(engine, m->serialize());
  ASSERT_TRUE(bin);
  auto inst2 = Linker().instantiate(store, *bin);
  ASSERT_TRUE(inst2);
  ASSERT_FALSE(inst2->func("outer")->call({Val(int32_t{0})}));
  t = store.last_trap();
  ASSERT_TRUE(t->frames[0].func_offset && t->frames[1].func_offset);
  EXPECT_LT(*t->frames[0].func_offset, *t->frames[1].func_offset);
}

TEST(ApiTrap, HostErrorFrame) {
  Engine engine;
  auto m = Module::compile(engine, text(R"((module (import "env" "fail" (func $f))
    (func (export "run") (call $f))))"));
  ASSERT_TRUE(m);
  Store store(engine);
  Linker linker;
  linker.func_wrap(store, "env", "fail", []() -> std::optional<HostError> { return HostError{"no"}; });
  auto inst = linker.instantiate(store, *m);
  ASSERT_TRUE(inst);
  ASSERT_FALSE(inst->func("run")->call({}));
  auto t = store.last_trap();
  ASSERT_TRUE(t);
  EXPECT_EQ(t->code, TrapCode::HostError);
  EXPECT_EQ(t->message, "host function failed: no");
  ASSERT_FALSE(t->frames.empty());
  EXPECT_TRUE(t->frames[0].host);
}

TEST(ApiTypes, ImportsAndExportsWithTypes) {
  Engine engine;
  auto m = Module::compile(engine, text(R"((module
    (import "env" "f" (func (param i32 f64) (result i64)))
    (import "env" "mem" (memory 1 4))
    (import "env" "tab" (table 2 externref))
    (import "env" "g" (global (mut f32)))
    (tag (export "e") (param i32))
    (memory (export "m64") i64 2)
    (table (export "t") 3 10 funcref)
    (global (export "c") i64 (i64.const 1))
    (func (export "h") (param v128) (result i32 i32) (i32.const 0) (i32.const 1))))"));
  ASSERT_TRUE(m) << m.error().to_string();
  std::vector<std::string> got;
  for (const auto& i : m->imports()) got.push_back(i.module + "." + i.name + ": " + i.type.to_string());
  std::vector<std::string> want = {"env.f: func (param i32 f64) (result i64)", "env.mem: memory 1 4",
                                   "env.tab: table 2 externref", "env.g: global (mut f32)"};
  EXPECT_EQ(got, want);
  got.clear();
  for (const auto& e : m->exports()) got.push_back(e.name + ": " + e.type.to_string());
  want = {"e: tag (param i32)", "m64: memory i64 2", "t: table 3 10 funcref", "c: global i64",
          "h: func (param v128) (result i32 i32)"};
  EXPECT_EQ(got, want);
  auto imp = m->imports();
  EXPECT_EQ(imp[1].kind, ExternType::Memory);
  EXPECT_EQ(imp[1].type.memory.limits.min, 1u);
  EXPECT_EQ(imp[1].type.memory.limits.max, std::optional<uint64_t>(4));
  EXPECT_EQ(imp[0].type.func.results, std::vector<ValType>{ValType::I64});
}

TEST(ApiTable, GetSetGrowAndFuncRefs) {
  Engine engine;
  auto m = Module::compile(engine, text(R"((module
    (table (export "t") 2 funcref)
    (func $seven (export "seven") (result i32) (i32.const 7))
    (elem (i32.const 0) $seven)
    (func (export "call") (param i32) (result i32) (call_indirect (result i32) (local.get 0)))))"));
  ASSERT_TRUE(m);
  Store store(engine);
  auto inst = Linker().instantiate(store, *m);
  ASSERT_TRUE(inst);
  Table t = *inst->table("t");
  EXPECT_EQ(t.size(), 2u);
  EXPECT_EQ(t.type().element, ValType::FuncRef);
  auto e0 = t.get(0);
  ASSERT_TRUE(e0);
  auto f = Func::from_ref(store, *e0);
  ASSERT_TRUE(f);
  EXPECT_EQ((*f->call({}))[0].i32(), 7);
  EXPECT_TRUE(t.get(1)->is_null_ref());
  EXPECT_FALSE(t.get(2));
  // A host function into the table, called from wasm.
  Func host = Func::wrap(store, []() -> int32_t { return 42; });
  ASSERT_TRUE(t.set(1, host.as_ref()));
  EXPECT_EQ((*inst->func("call")->call({Val(int32_t{1})}))[0].i32(), 42);
  EXPECT_FALSE(t.set(0, Val(int32_t{1})));  // wrong type
  auto old = t.grow(3, Val::null_ref(ValType::FuncRef));
  ASSERT_TRUE(old);
  EXPECT_EQ(*old, 2u);
  EXPECT_EQ(t.size(), 5u);
}

struct Counted {
  int* alive;
  std::string name;
  Counted(int* a, std::string n) : alive(a), name(std::move(n)) { ++*alive; }
  Counted(Counted&& o) noexcept : alive(o.alive), name(std::move(o.name)) { ++*alive; }
  ~Counted() { --*alive; }
};

TEST(ApiExternRef, HostObjectsLiveAsLongAsTheStore) {
  Engine engine;
  auto m = Module::compile(engine, text(R"((module
    (import "env" "name_len" (func $len (param externref) (result i32)))
    (table $t 4 externref)
    (func (export "keep") (param i32 externref) (table.set $t (local.get 0) (local.get 1)))
    (func (export "get") (param i32) (result externref) (table.get $t (local.get 0)))
    (func (export "len") (param i32) (result i32) (call $len (table.get $t (local.get 0))))))"));
  ASSERT_TRUE(m) << m.error().to_string();
  int alive = 0;
  {
    Store store(engine);
    Linker linker;
    linker.define("env", "name_len",
                  Func::make(store, FuncSig{{ValType::ExternRef}, {ValType::I32}},
                             [](Caller&, std::span<const Val> args, std::span<Val> results) -> std::optional<HostError> {
                               Counted* c = ExternRef::get<Counted>(args[0]);
                               if (!c) return HostError{"not a Counted"};
                               results[0] = Val(int32_t(c->name.size()));
                               return std::nullopt;
                             }));
    auto inst = linker.instantiate(store, *m);
    ASSERT_TRUE(inst) << inst.error().to_string();
    Val r = ExternRef::make(store, Counted(&alive, "hello"));
    EXPECT_EQ(alive, 1);
    ASSERT_TRUE(inst->func("keep")->call({Val(int32_t{2}), r}));
    auto back = inst->func("get")->call({Val(int32_t{2})});
    ASSERT_TRUE(back);
    ASSERT_NE(ExternRef::get<Counted>((*back)[0]), nullptr);
    EXPECT_EQ(ExternRef::get<Counted>((*back)[0])->name, "hello");
    EXPECT_EQ(ExternRef::get<int>((*back)[0]), nullptr);  // another type
    EXPECT_EQ((*inst->func("len")->call({Val(int32_t{2})}))[0].i32(), 5);
    ASSERT_FALSE(inst->func("len")->call({Val(int32_t{0})}));  // null: the host refuses
    EXPECT_EQ(store.last_trap()->message, "host function failed: not a Counted");
  }
  EXPECT_EQ(alive, 0);  // finalized with the store
}

}  // namespace

namespace {

TEST(ApiHostObjects, MakeChecksTypesAndLimits) {
  Engine engine;
  Store store(engine);
  EXPECT_FALSE(Global::make(store, {ValType::I32, false}, Val(int64_t{1})));
  EXPECT_FALSE(Global::make(store, {ValType::OtherRef, false}, Val::null_ref(ValType::FuncRef)));
  auto g = Global::make(store, {ValType::ExternRef, true}, Val::null_ref(ValType::ExternRef));
  ASSERT_TRUE(g);
  EXPECT_TRUE(g->get().is_null_ref());

  MemoryType bad_page;
  bad_page.page_size = 3;
  EXPECT_FALSE(Memory::make(store, bad_page));
  MemoryType inverted;
  inverted.limits.min = 2;
  inverted.limits.max = 1;
  EXPECT_FALSE(Memory::make(store, inverted));
  MemoryType one;
  one.limits.min = 1;
  one.limits.max = 2;
  auto m = Memory::make(store, one);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->size(), 65536u);
  EXPECT_EQ(m->type().limits.max, std::optional<uint64_t>(2));

  TableType tt;
  tt.element = ValType::ExternRef;
  tt.limits.min = 3;
  EXPECT_FALSE(Table::make(store, tt, Val::null_ref(ValType::FuncRef)));  // wrong initial type
  auto t = Table::make(store, tt, Val::null_ref(ValType::ExternRef));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->size(), 3u);
  TableType non_null = tt;
  non_null.element_nullable = false;
  EXPECT_FALSE(Table::make(store, non_null, Val::null_ref(ValType::ExternRef)));

  // Imported by a module that checks their types.
  auto mod = Module::compile(engine, text(R"((module (import "h" "m" (memory 1 2)) (import "h" "t" (table 3 externref))
    (func (export "size") (result i32) (i32.add (memory.size) (table.size 0)))))"));
  ASSERT_TRUE(mod) << mod.error().to_string();
  Linker linker;
  linker.define("h", "m", *m);
  linker.define("h", "t", *t);
  auto inst = linker.instantiate(store, *mod);
  ASSERT_TRUE(inst) << inst.error().to_string();
  EXPECT_EQ((*inst->func("size")->call({}))[0].i32(), 4);
}

}  // namespace
