// Globals, tables, memories, externs and references through the C API.
#include "capi_test_util.h"

namespace {

using capi_test::take_message;

class CapiObjects : public capi_test::CapiFixture {};

const char* kObjects = R"((module
  (memory (export "mem") 1 3)
  (table (export "tab") 2 4 funcref)
  (table (export "xtab") 2 externref)
  (global (export "g") (mut i32) (i32.const 7))
  (global (export "c") f64 (f64.const 1.5))
  (global (export "xg") (mut externref) (ref.null extern))
  (func $f (export "f") (result i32) (i32.const 5))
  (elem (table 0) (i32.const 0) func $f)
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "id") (param externref) (result externref) (local.get 0))
  (func (export "xget") (param i32) (result externref) (table.get 1 (local.get 0))))
)";

TEST_F(CapiObjects, ExportedObjects) {
  wasm_extern_vec_t ex;
  wasm_instance_t* inst = instantiate(kObjects, &ex);
  ASSERT_NE(inst, nullptr);
  ASSERT_EQ(ex.size, 10u);
  EXPECT_EQ(wasm_extern_kind(ex.data[0]), WASM_EXTERN_MEMORY);
  EXPECT_EQ(wasm_extern_kind(ex.data[1]), WASM_EXTERN_TABLE);
  EXPECT_EQ(wasm_extern_kind(ex.data[3]), WASM_EXTERN_GLOBAL);
  EXPECT_EQ(wasm_extern_kind(ex.data[6]), WASM_EXTERN_FUNC);

  // Memory: data, size, grow to the maximum and not past it.
  wasm_memory_t* mem = wasm_extern_as_memory(ex.data[0]);
  ASSERT_NE(mem, nullptr);
  EXPECT_EQ(wasm_extern_as_func(ex.data[0]), nullptr);
  EXPECT_EQ(wasm_memory_size(mem), 1u);
  EXPECT_EQ(wasm_memory_data_size(mem), MEMORY_PAGE_SIZE);
  wasm_memory_data(mem)[100] = 42;
  wasm_val_t a[] = {WASM_I32_VAL(100)};
  wasm_val_t r[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  EXPECT_EQ(wasm_func_call(wasm_extern_as_func(ex.data[7]), &args, &results), nullptr);
  EXPECT_EQ(r[0].of.i32, 42);
  EXPECT_TRUE(wasm_memory_grow(mem, 2));
  EXPECT_EQ(wasm_memory_size(mem), 3u);
  EXPECT_FALSE(wasm_memory_grow(mem, 1));  // past the maximum
  EXPECT_EQ(wasm_memory_size(mem), 3u);
  wasm_memorytype_t* mt = wasm_memory_type(mem);
  EXPECT_EQ(wasm_memorytype_limits(mt)->min, 3u);  // the current size
  EXPECT_EQ(wasm_memorytype_limits(mt)->max, 3u);
  wasm_memorytype_delete(mt);
  wasm_externtype_t* et = wasm_extern_type(ex.data[0]);
  EXPECT_EQ(wasm_externtype_kind(et), WASM_EXTERN_MEMORY);
  wasm_externtype_delete(et);

  // Table: get, set, out of bounds, grow.
  wasm_table_t* tab = wasm_extern_as_table(ex.data[1]);
  EXPECT_EQ(wasm_table_size(tab), 2u);
  wasm_ref_t* e0 = wasm_table_get(tab, 0);
  ASSERT_NE(e0, nullptr);
  wasm_func_t* f = wasm_extern_as_func(ex.data[6]);
  EXPECT_TRUE(wasm_ref_same(e0, wasm_func_as_ref(f)));
  EXPECT_NE(wasm_ref_as_func(e0), nullptr);
  EXPECT_EQ(wasm_table_get(tab, 1), nullptr);   // null element
  EXPECT_EQ(wasm_table_get(tab, 99), nullptr);  // out of bounds
  EXPECT_TRUE(wasm_table_set(tab, 1, e0));
  EXPECT_FALSE(wasm_table_set(tab, 2, e0));  // out of bounds
  wasm_ref_t* e1 = wasm_table_get(tab, 1);
  EXPECT_TRUE(wasm_ref_same(e1, e0));
  wasm_ref_delete(e1);
  EXPECT_TRUE(wasm_table_grow(tab, 2, e0));
  EXPECT_EQ(wasm_table_size(tab), 4u);
  EXPECT_FALSE(wasm_table_grow(tab, 1, nullptr));  // past the maximum
  wasm_tabletype_t* tt = wasm_table_type(tab);
  EXPECT_EQ(wasm_valtype_kind(wasm_tabletype_element(tt)), WASM_FUNCREF);
  EXPECT_EQ(wasm_tabletype_limits(tt)->min, 4u);
  wasm_tabletype_delete(tt);
  // A foreign object does not fit a funcref table; a function does not fit an externref one.
  wasm_foreign_t* fo = wasm_foreign_new(store_);
  EXPECT_FALSE(wasm_table_set(tab, 0, wasm_foreign_as_ref(fo)));
  wasm_table_t* xtab = wasm_extern_as_table(ex.data[2]);
  EXPECT_FALSE(wasm_table_set(xtab, 0, e0));
  EXPECT_TRUE(wasm_table_set(xtab, 0, wasm_foreign_as_ref(fo)));
  wasm_val_t xa[] = {WASM_I32_VAL(0)};
  wasm_val_vec_t xargs = WASM_ARRAY_VEC(xa);
  EXPECT_EQ(wasm_func_call(wasm_extern_as_func(ex.data[9]), &xargs, &results), nullptr);
  ASSERT_NE(r[0].of.ref, nullptr);
  EXPECT_TRUE(wasm_ref_same(r[0].of.ref, wasm_foreign_as_ref_const(fo)));
  EXPECT_NE(wasm_ref_as_foreign(r[0].of.ref), nullptr);
  wasm_val_delete(&r[0]);
  wasm_ref_delete(e0);

  // Globals.
  wasm_global_t* g = wasm_extern_as_global(ex.data[3]);
  wasm_val_t v;
  wasm_global_get(g, &v);
  EXPECT_EQ(v.kind, WASM_I32);
  EXPECT_EQ(v.of.i32, 7);
  wasm_val_t nv = WASM_I32_VAL(8);
  wasm_global_set(g, &nv);
  wasm_global_get(g, &v);
  EXPECT_EQ(v.of.i32, 8);
  wasm_val_t wrong = WASM_I64_VAL(9);
  wasm_global_set(g, &wrong);  // ignored: wrong kind
  wasm_global_get(g, &v);
  EXPECT_EQ(v.of.i32, 8);
  wasm_global_t* c = wasm_extern_as_global(ex.data[4]);
  wasm_val_t cv = WASM_F64_VAL(9.5);
  wasm_global_set(c, &cv);  // ignored: immutable
  wasm_global_get(c, &v);
  EXPECT_EQ(v.of.f64, 1.5);
  wasm_globaltype_t* gt = wasm_global_type(c);
  EXPECT_EQ(wasm_globaltype_mutability(gt), WASM_CONST);
  EXPECT_EQ(wasm_valtype_kind(wasm_globaltype_content(gt)), WASM_F64);
  wasm_globaltype_delete(gt);
  // An externref global holds a foreign object.
  wasm_global_t* xg = wasm_extern_as_global(ex.data[5]);
  wasm_val_t fv;
  fv.kind = WASM_EXTERNREF;
  fv.of.ref = wasm_foreign_as_ref(fo);
  wasm_global_set(xg, &fv);
  wasm_global_get(xg, &v);
  EXPECT_EQ(v.kind, WASM_EXTERNREF);
  EXPECT_TRUE(wasm_ref_same(v.of.ref, fv.of.ref));
  wasm_val_delete(&v);
  wasm_foreign_delete(fo);

  // Extern views of one handle.
  EXPECT_EQ(wasm_func_as_extern(f), ex.data[6]);
  EXPECT_EQ(wasm_func_as_extern_const(f), ex.data[6]);
  EXPECT_EQ(wasm_extern_as_func_const(ex.data[6]), f);
  EXPECT_EQ(wasm_global_as_extern(g), ex.data[3]);
  EXPECT_EQ(wasm_global_as_extern_const(g), ex.data[3]);
  EXPECT_EQ(wasm_extern_as_global_const(ex.data[3]), g);
  EXPECT_EQ(wasm_table_as_extern(tab), ex.data[1]);
  EXPECT_EQ(wasm_table_as_extern_const(tab), ex.data[1]);
  EXPECT_EQ(wasm_extern_as_table_const(ex.data[1]), tab);
  EXPECT_EQ(wasm_memory_as_extern(mem), ex.data[0]);
  EXPECT_EQ(wasm_memory_as_extern_const(mem), ex.data[0]);
  EXPECT_EQ(wasm_extern_as_memory_const(ex.data[0]), mem);
  wasm_extern_vec_t exc;
  wasm_extern_vec_copy(&exc, &ex);
  EXPECT_TRUE(wasm_extern_same(exc.data[6], ex.data[6]));
  wasm_extern_vec_delete(&exc);
  wasm_extern_t* owned[] = {wasm_extern_copy(ex.data[0]), wasm_extern_copy(ex.data[6])};
  wasm_extern_vec_t ov;
  wasm_extern_vec_new(&ov, 2, owned);  // takes the two handles
  EXPECT_EQ(wasm_extern_kind(ov.data[1]), WASM_EXTERN_FUNC);
  wasm_extern_vec_delete(&ov);

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
}

TEST_F(CapiObjects, HostMadeObjects) {
  wasm_limits_t ml = {1, 2};
  wasm_memorytype_t* mt = wasm_memorytype_new(&ml);
  wasm_memory_t* mem = wasm_memory_new(store_, mt);
  wasm_memorytype_delete(mt);
  ASSERT_NE(mem, nullptr);
  EXPECT_TRUE(wasm_memory_grow(mem, 1));
  EXPECT_FALSE(wasm_memory_grow(mem, 1));
  wasm_limits_t bad = {3, 2};
  wasm_memorytype_t* bt = wasm_memorytype_new(&bad);
  EXPECT_EQ(wasm_memory_new(store_, bt), nullptr);  // min above max
  wasm_memorytype_delete(bt);

  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  wasm_val_t init = WASM_I64_VAL(-3);
  wasm_global_t* g = wasm_global_new(store_, gt, &init);
  ASSERT_NE(g, nullptr);
  wasm_val_t wrong = WASM_I32_VAL(1);
  EXPECT_EQ(wasm_global_new(store_, gt, &wrong), nullptr);
  wasm_globaltype_delete(gt);

  wasm_limits_t tl = {2, 5};
  wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_externref(), &tl);
  wasm_foreign_t* fo = wasm_foreign_new(store_);
  wasm_table_t* tab = wasm_table_new(store_, tt, wasm_foreign_as_ref(fo));
  wasm_tabletype_delete(tt);
  ASSERT_NE(tab, nullptr);
  wasm_ref_t* e = wasm_table_get(tab, 1);
  EXPECT_TRUE(wasm_ref_same(e, wasm_foreign_as_ref(fo)));
  wasm_ref_delete(e);

  // Import them into a module that uses them.
  wasm_module_t* m = compile(R"((module
    (import "" "mem" (memory 1))
    (import "" "g" (global (mut i64)))
    (import "" "tab" (table 1 externref))
    (func (export "run") (result i64 i32)
      (i32.store8 (i32.const 5) (i32.const 77))
      (global.set 0 (i64.add (global.get 0) (i64.const 10)))
      (global.get 0) (table.size 0))))");
  ASSERT_NE(m, nullptr);
  wasm_extern_t* ims[] = {wasm_memory_as_extern(mem), wasm_global_as_extern(g), wasm_table_as_extern(tab)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(ims);
  wasm_instance_t* inst = wasm_instance_new(store_, m, &imports, nullptr);
  ASSERT_NE(inst, nullptr);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_val_t r[2] = {WASM_INIT_VAL, WASM_INIT_VAL};
  wasm_val_vec_t none = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(r);
  EXPECT_EQ(wasm_func_call(wasm_extern_as_func(ex.data[0]), &none, &results), nullptr);
  EXPECT_EQ(r[0].of.i64, 7);
  EXPECT_EQ(r[1].of.i32, 2);
  EXPECT_EQ(wasm_memory_data(mem)[5], 77);

  // Wrong imports: count, kind, type.
  wasm_trap_t* trap = nullptr;
  wasm_extern_vec_t short_imports = {1, ims};
  EXPECT_EQ(wasm_instance_new(store_, m, &short_imports, &trap), nullptr);
  EXPECT_EQ(take_message(trap), "wasm_instance_new: the module has 3 imports, 1 given");
  wasm_extern_t* swapped[] = {wasm_global_as_extern(g), wasm_memory_as_extern(mem), wasm_table_as_extern(tab)};
  wasm_extern_vec_t swapped_imports = WASM_ARRAY_VEC(swapped);
  EXPECT_EQ(wasm_instance_new(store_, m, &swapped_imports, &trap), nullptr);
  EXPECT_NE(take_message(trap).find("incompatible import type"), std::string::npos);
  wasm_extern_t* nulls[] = {nullptr, nullptr, nullptr};
  wasm_extern_vec_t null_imports = WASM_ARRAY_VEC(nulls);
  EXPECT_EQ(wasm_instance_new(store_, m, &null_imports, &trap), nullptr);
  EXPECT_EQ(take_message(trap), "wasm_instance_new: import 0 (.mem) is NULL");
  EXPECT_EQ(wasm_instance_new(store_, m, &null_imports, nullptr), nullptr);  // no trap asked for

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  wasm_foreign_delete(fo);
  wasm_table_delete(tab);
  wasm_global_delete(g);
  wasm_memory_delete(mem);
}

void bump(void* p) { ++*static_cast<int*>(p); }

TEST_F(CapiObjects, ReferencesAndHostInfo) {
  wasm_foreign_t* fo = wasm_foreign_new(store_);
  wasm_foreign_t* other = wasm_foreign_new(store_);
  int finalized = 0;
  wasm_foreign_set_host_info(fo, &finalized);
  EXPECT_EQ(wasm_foreign_get_host_info(fo), &finalized);
  wasm_foreign_t* copy = wasm_foreign_copy(fo);
  EXPECT_TRUE(wasm_foreign_same(copy, fo));
  EXPECT_FALSE(wasm_foreign_same(other, fo));
  EXPECT_EQ(wasm_foreign_get_host_info(copy), &finalized);
  wasm_foreign_set_host_info_with_finalizer(copy, &finalized, bump);
  wasm_ref_t* r = wasm_foreign_as_ref(copy);
  EXPECT_EQ(wasm_ref_get_host_info(r), &finalized);
  EXPECT_EQ(wasm_ref_as_foreign(r), copy);
  EXPECT_EQ(wasm_ref_as_foreign_const(wasm_foreign_as_ref_const(copy)), copy);
  EXPECT_EQ(wasm_ref_as_func(r), nullptr);
  EXPECT_EQ(wasm_ref_as_extern(r), nullptr);
  wasm_ref_t* rc = wasm_ref_copy(r);
  EXPECT_TRUE(wasm_ref_same(rc, r));
  wasm_ref_set_host_info(rc, nullptr);
  EXPECT_EQ(wasm_foreign_get_host_info(fo), nullptr);
  EXPECT_EQ(finalized, 1);  // replaced
  wasm_ref_set_host_info_with_finalizer(rc, &finalized, bump);
  wasm_ref_delete(rc);
  wasm_ref_delete(r);  // deletes `copy`
  EXPECT_EQ(finalized, 1);

  // wasm_val_t owns its reference.
  wasm_val_t v;
  v.kind = WASM_EXTERNREF;
  v.of.ref = wasm_foreign_as_ref(wasm_foreign_copy(fo));
  wasm_val_t vc;
  wasm_val_copy(&vc, &v);
  EXPECT_TRUE(wasm_ref_same(vc.of.ref, v.of.ref));
  EXPECT_NE(vc.of.ref, v.of.ref);
  wasm_val_delete(&v);
  wasm_val_delete(&vc);

  // Every object kind is a reference with host info and views.
  wasm_extern_vec_t ex;
  wasm_instance_t* inst = instantiate(kObjects, &ex);
  wasm_instance_set_host_info(inst, &finalized);
  EXPECT_EQ(wasm_instance_get_host_info(inst), &finalized);
  wasm_instance_t* ic = wasm_instance_copy(inst);
  EXPECT_TRUE(wasm_instance_same(ic, inst));
  EXPECT_EQ(wasm_ref_as_instance(wasm_instance_as_ref(ic)), ic);
  EXPECT_EQ(wasm_ref_as_instance_const(wasm_instance_as_ref_const(ic)), ic);
  wasm_instance_set_host_info_with_finalizer(ic, &finalized, bump);
  wasm_instance_delete(ic);

  wasm_memory_t* mem = wasm_extern_as_memory(ex.data[0]);
  wasm_memory_t* mc = wasm_memory_copy(mem);
  EXPECT_TRUE(wasm_memory_same(mc, mem));
  wasm_memory_set_host_info(mc, &finalized);
  EXPECT_EQ(wasm_memory_get_host_info(mem), &finalized);
  wasm_memory_set_host_info_with_finalizer(mc, &finalized, bump);
  EXPECT_EQ(wasm_ref_as_memory(wasm_memory_as_ref(mc)), mc);
  EXPECT_EQ(wasm_ref_as_memory_const(wasm_memory_as_ref_const(mc)), mc);
  wasm_memory_delete(mc);

  wasm_table_t* tab = wasm_extern_as_table(ex.data[1]);
  wasm_table_t* tc = wasm_table_copy(tab);
  EXPECT_TRUE(wasm_table_same(tc, tab));
  wasm_table_set_host_info(tc, &finalized);
  EXPECT_EQ(wasm_table_get_host_info(tab), &finalized);
  wasm_table_set_host_info_with_finalizer(tc, &finalized, bump);
  EXPECT_EQ(wasm_ref_as_table(wasm_table_as_ref(tc)), tc);
  EXPECT_EQ(wasm_ref_as_table_const(wasm_table_as_ref_const(tc)), tc);
  wasm_table_delete(tc);

  wasm_global_t* g = wasm_extern_as_global(ex.data[3]);
  wasm_global_t* gc = wasm_global_copy(g);
  EXPECT_TRUE(wasm_global_same(gc, g));
  wasm_global_set_host_info(gc, &finalized);
  EXPECT_EQ(wasm_global_get_host_info(g), &finalized);
  wasm_global_set_host_info_with_finalizer(gc, &finalized, bump);
  EXPECT_EQ(wasm_ref_as_global(wasm_global_as_ref(gc)), gc);
  EXPECT_EQ(wasm_ref_as_global_const(wasm_global_as_ref_const(gc)), gc);
  wasm_global_delete(gc);

  wasm_func_t* f = wasm_extern_as_func(ex.data[6]);
  wasm_func_t* fc = wasm_func_copy(f);
  wasm_func_set_host_info(fc, &finalized);
  EXPECT_EQ(wasm_ref_as_func(wasm_func_as_ref(fc)), fc);
  EXPECT_EQ(wasm_ref_as_func_const(wasm_func_as_ref_const(fc)), fc);
  wasm_func_delete(fc);

  wasm_extern_t* e = wasm_extern_copy(ex.data[6]);
  EXPECT_TRUE(wasm_extern_same(e, ex.data[6]));
  EXPECT_EQ(wasm_extern_get_host_info(e), &finalized);
  wasm_extern_set_host_info(e, &finalized);
  wasm_extern_set_host_info_with_finalizer(e, &finalized, bump);
  EXPECT_EQ(wasm_ref_as_extern(wasm_extern_as_ref(e)), e);
  EXPECT_EQ(wasm_ref_as_extern_const(wasm_extern_as_ref_const(e)), e);
  wasm_extern_delete(e);

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  EXPECT_EQ(finalized, 1);
  wasm_store_delete(store_);  // instance, memory, table, global, extern(func), foreign
  store_ = wasm_store_new(engine_);
  EXPECT_EQ(finalized, 7);
  wasm_foreign_delete(fo);
  wasm_foreign_delete(other);
}

TEST_F(CapiObjects, ReferencesThroughFunctions) {
  wasm_extern_vec_t ex;
  wasm_instance_t* inst = instantiate(kObjects, &ex);
  wasm_func_t* id = wasm_extern_as_func(ex.data[8]);
  wasm_foreign_t* fo = wasm_foreign_new(store_);
  wasm_foreign_set_host_info(fo, reinterpret_cast<void*>(0x1234));
  wasm_val_t a[] = {WASM_REF_VAL(wasm_foreign_as_ref(fo))};
  wasm_val_t r[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  EXPECT_EQ(wasm_func_call(id, &args, &results), nullptr);
  EXPECT_EQ(wasm_ref_get_host_info(r[0].of.ref), reinterpret_cast<void*>(0x1234));
  wasm_val_delete(&r[0]);
  // A function is not an externref; a module is not a reference value at all.
  wasm_val_t fa[] = {WASM_REF_VAL(wasm_func_as_ref(id))};
  wasm_val_vec_t fargs = WASM_ARRAY_VEC(fa);
  EXPECT_EQ(take_message(wasm_func_call(id, &fargs, &results)),
            "wasm_func_call: argument 0: a funcref where externref is expected");
  wasm_module_t* m = compile("(module)");
  wasm_val_t ma[] = {WASM_REF_VAL(wasm_module_as_ref(m))};
  wasm_val_vec_t margs = WASM_ARRAY_VEC(ma);
  EXPECT_EQ(take_message(wasm_func_call(id, &margs, &results)),
            "wasm_func_call: argument 0: a module is not a reference value");
  wasm_module_delete(m);
  // A reference from another store.
  wasm_store_t* s2 = wasm_store_new(engine_);
  wasm_foreign_t* f2 = wasm_foreign_new(s2);
  wasm_val_t oa[] = {WASM_REF_VAL(wasm_foreign_as_ref(f2))};
  wasm_val_vec_t oargs = WASM_ARRAY_VEC(oa);
  EXPECT_EQ(take_message(wasm_func_call(id, &oargs, &results)),
            "wasm_func_call: argument 0: the foreign belongs to another store");
  wasm_foreign_delete(f2);
  wasm_store_delete(s2);
  wasm_foreign_delete(fo);
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
}

}  // namespace
