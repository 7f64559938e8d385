// The C API's type objects and vectors: construction, views, copies, ownership.
#include "capi_test_util.h"

namespace {

TEST(CapiTypes, ValtypeKinds) {
  wasm_valtype_t* ts[] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_f32(),
                          wasm_valtype_new_f64(), wasm_valtype_new_externref(), wasm_valtype_new_funcref()};
  wasm_valkind_t want[] = {WASM_I32, WASM_I64, WASM_F32, WASM_F64, WASM_EXTERNREF, WASM_FUNCREF};
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(wasm_valtype_kind(ts[i]), want[i]);
    EXPECT_EQ(wasm_valtype_is_num(ts[i]), i < 4);
    EXPECT_EQ(wasm_valtype_is_ref(ts[i]), i >= 4);
    wasm_valtype_t* c = wasm_valtype_copy(ts[i]);
    EXPECT_EQ(wasm_valtype_kind(c), want[i]);
    wasm_valtype_delete(c);
    wasm_valtype_delete(ts[i]);
  }
  EXPECT_TRUE(wasm_valkind_is_num(WASM_I32));
  EXPECT_TRUE(wasm_valkind_is_ref(WASM_FUNCREF));
  EXPECT_EQ(wasm_valtype_new(77), nullptr);  // unknown kind
  wasm_valtype_t* v128 = wasm_valtype_new(WASM_V128);
  EXPECT_EQ(wasm_valtype_kind(v128), WASM_V128);
  wasm_valtype_delete(v128);
}

TEST(CapiTypes, FunctypeShorthandsAndCopy) {
  wasm_functype_t* fts[] = {
      wasm_functype_new_0_0(),
      wasm_functype_new_1_0(wasm_valtype_new_i32()),
      wasm_functype_new_2_0(wasm_valtype_new_i32(), wasm_valtype_new_i64()),
      wasm_functype_new_3_0(wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_f32()),
      wasm_functype_new_0_1(wasm_valtype_new_f64()),
      wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32()),
      wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32()),
      wasm_functype_new_3_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                            wasm_valtype_new_i64()),
      wasm_functype_new_0_2(wasm_valtype_new_i32(), wasm_valtype_new_i64()),
      wasm_functype_new_1_2(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i64()),
      wasm_functype_new_2_2(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                            wasm_valtype_new_i64()),
      wasm_functype_new_3_2(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                            wasm_valtype_new_i32(), wasm_valtype_new_f32()),
  };
  size_t params[] = {0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3};
  size_t results[] = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
  for (int i = 0; i < 12; ++i) {
    ASSERT_NE(fts[i], nullptr);
    EXPECT_EQ(wasm_functype_params(fts[i])->size, params[i]);
    EXPECT_EQ(wasm_functype_results(fts[i])->size, results[i]);
    wasm_functype_t* c = wasm_functype_copy(fts[i]);
    EXPECT_EQ(wasm_functype_params(c)->size, params[i]);
    wasm_functype_delete(c);
  }
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_results(fts[11])->data[1]), WASM_F32);
  // The extern type views are the same object.
  wasm_externtype_t* et = wasm_functype_as_externtype(fts[5]);
  EXPECT_EQ(wasm_externtype_kind(et), WASM_EXTERN_FUNC);
  EXPECT_EQ(wasm_externtype_as_functype(et), fts[5]);
  EXPECT_EQ(wasm_externtype_as_globaltype(et), nullptr);
  EXPECT_EQ(wasm_externtype_as_functype_const(wasm_functype_as_externtype_const(fts[5])), fts[5]);
  wasm_externtype_t* ec = wasm_externtype_copy(et);
  EXPECT_EQ(wasm_functype_params(wasm_externtype_as_functype(ec))->size, 1u);
  wasm_externtype_delete(ec);
  for (auto* f : fts) wasm_functype_delete(f);
}

TEST(CapiTypes, FunctypeWithNullElementIsRejectedAndFreed) {
  wasm_valtype_t* ps[2] = {wasm_valtype_new_i32(), nullptr};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 2, ps);
  wasm_valtype_vec_new_empty(&results);
  EXPECT_EQ(wasm_functype_new(&params, &results), nullptr);  // consumed even on failure
}

TEST(CapiTypes, GlobalTableMemoryTypes) {
  wasm_globaltype_t* g = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  EXPECT_EQ(wasm_valtype_kind(wasm_globaltype_content(g)), WASM_I64);
  EXPECT_EQ(wasm_globaltype_mutability(g), WASM_VAR);
  wasm_globaltype_t* gc = wasm_globaltype_copy(g);
  EXPECT_EQ(wasm_globaltype_mutability(gc), WASM_VAR);
  EXPECT_EQ(wasm_externtype_kind(wasm_globaltype_as_externtype(g)), WASM_EXTERN_GLOBAL);
  EXPECT_EQ(wasm_externtype_as_globaltype(wasm_globaltype_as_externtype(g)), g);
  EXPECT_EQ(wasm_externtype_as_globaltype_const(wasm_globaltype_as_externtype_const(g)), g);
  EXPECT_EQ(wasm_globaltype_new(wasm_valtype_new_i32(), 7), nullptr);
  wasm_globaltype_delete(gc);
  wasm_globaltype_delete(g);

  wasm_limits_t lim = {1, 10};
  wasm_tabletype_t* t = wasm_tabletype_new(wasm_valtype_new_funcref(), &lim);
  EXPECT_EQ(wasm_valtype_kind(wasm_tabletype_element(t)), WASM_FUNCREF);
  EXPECT_EQ(wasm_tabletype_limits(t)->min, 1u);
  EXPECT_EQ(wasm_tabletype_limits(t)->max, 10u);
  wasm_tabletype_t* tc = wasm_tabletype_copy(t);
  EXPECT_EQ(wasm_tabletype_limits(tc)->max, 10u);
  EXPECT_EQ(wasm_externtype_as_tabletype(wasm_tabletype_as_externtype(t)), t);
  EXPECT_EQ(wasm_externtype_as_tabletype_const(wasm_tabletype_as_externtype_const(t)), t);
  EXPECT_EQ(wasm_externtype_kind(wasm_tabletype_as_externtype_const(t)), WASM_EXTERN_TABLE);
  EXPECT_EQ(wasm_tabletype_new(wasm_valtype_new_i32(), &lim), nullptr);  // not a reference type
  wasm_tabletype_delete(tc);
  wasm_tabletype_delete(t);

  wasm_limits_t ml = {2, wasm_limits_max_default};
  wasm_memorytype_t* m = wasm_memorytype_new(&ml);
  EXPECT_EQ(wasm_memorytype_limits(m)->min, 2u);
  EXPECT_EQ(wasm_memorytype_limits(m)->max, wasm_limits_max_default);
  wasm_memorytype_t* mc = wasm_memorytype_copy(m);
  EXPECT_EQ(wasm_memorytype_limits(mc)->min, 2u);
  EXPECT_EQ(wasm_externtype_as_memorytype(wasm_memorytype_as_externtype(m)), m);
  EXPECT_EQ(wasm_externtype_as_memorytype_const(wasm_memorytype_as_externtype_const(m)), m);
  EXPECT_EQ(wasm_externtype_as_functype_const(wasm_memorytype_as_externtype_const(m)), nullptr);
  EXPECT_EQ(wasm_externtype_kind(wasm_memorytype_as_externtype(m)), WASM_EXTERN_MEMORY);
  wasm_memorytype_delete(mc);
  wasm_memorytype_delete(m);
}

TEST(CapiTypes, ImportAndExportTypes) {
  wasm_name_t mod, name, ename;
  wasm_name_new_from_string(&mod, "env");
  wasm_name_new_from_string(&name, "f");
  wasm_name_new_from_string(&ename, "g");
  wasm_importtype_t* it = wasm_importtype_new(&mod, &name, wasm_functype_as_externtype(wasm_functype_new_0_0()));
  EXPECT_EQ(capi_test::name_str(wasm_importtype_module(it)), "env");
  EXPECT_EQ(capi_test::name_str(wasm_importtype_name(it)), "f");
  EXPECT_EQ(wasm_externtype_kind(wasm_importtype_type(it)), WASM_EXTERN_FUNC);
  wasm_importtype_t* ic = wasm_importtype_copy(it);
  EXPECT_EQ(capi_test::name_str(wasm_importtype_name(ic)), "f");

  wasm_limits_t ml = {1, 2};
  wasm_exporttype_t* et = wasm_exporttype_new(&ename, wasm_memorytype_as_externtype(wasm_memorytype_new(&ml)));
  EXPECT_EQ(capi_test::name_str(wasm_exporttype_name(et)), "g");
  EXPECT_EQ(wasm_externtype_kind(wasm_exporttype_type(et)), WASM_EXTERN_MEMORY);
  wasm_exporttype_t* ec = wasm_exporttype_copy(et);
  EXPECT_EQ(capi_test::name_str(wasm_exporttype_name(ec)), "g");

  // Vectors of them own their elements.
  wasm_importtype_t* imps[] = {ic};
  wasm_importtype_vec_t iv, ivc;
  wasm_importtype_vec_new(&iv, 1, imps);
  wasm_importtype_vec_copy(&ivc, &iv);
  EXPECT_EQ(capi_test::name_str(wasm_importtype_name(ivc.data[0])), "f");
  wasm_importtype_vec_delete(&iv);
  wasm_importtype_vec_delete(&ivc);
  wasm_exporttype_t* exps[] = {ec};
  wasm_exporttype_vec_t ev, evc;
  wasm_exporttype_vec_new(&ev, 1, exps);
  wasm_exporttype_vec_copy(&evc, &ev);
  wasm_exporttype_vec_delete(&ev);
  wasm_exporttype_vec_delete(&evc);

  wasm_importtype_delete(it);
  wasm_exporttype_delete(et);
}

// Every vector kind: new_empty, new_uninitialized, new, copy, delete.
TEST(CapiTypes, Vectors) {
  wasm_byte_vec_t b, bc, be, bu;
  wasm_byte_vec_new(&b, 3, "abc");
  wasm_byte_vec_copy(&bc, &b);
  EXPECT_EQ(std::string(bc.data, bc.size), "abc");
  wasm_byte_vec_new_empty(&be);
  EXPECT_EQ(be.size, 0u);
  EXPECT_EQ(be.data, nullptr);
  wasm_byte_vec_new_uninitialized(&bu, 16);
  EXPECT_EQ(bu.size, 16u);
  for (auto* v : {&b, &bc, &be, &bu}) wasm_byte_vec_delete(v);
  EXPECT_EQ(b.data, nullptr);

  wasm_name_t n1, n2, n3, n4;
  wasm_name_new_from_string(&n1, "hi");
  EXPECT_EQ(n1.size, 2u);
  wasm_name_new_from_string_nt(&n2, "hi");
  EXPECT_EQ(n2.size, 3u);
  wasm_name_copy(&n3, &n1);
  wasm_name_new_empty(&n4);
  for (auto* v : {&n1, &n2, &n3, &n4}) wasm_name_delete(v);
  wasm_name_new_uninitialized(&n1, 4);
  wasm_name_delete(&n1);

  wasm_val_t vals[2] = {WASM_I32_VAL(1), WASM_F64_VAL(2.5)};
  wasm_val_vec_t vv, vc, ve, vu;
  wasm_val_vec_new(&vv, 2, vals);
  wasm_val_vec_copy(&vc, &vv);
  EXPECT_EQ(vc.data[1].of.f64, 2.5);
  wasm_val_vec_new_empty(&ve);
  wasm_val_vec_new_uninitialized(&vu, 3);
  EXPECT_EQ(vu.size, 3u);
  for (auto* v : {&vv, &vc, &ve, &vu}) wasm_val_vec_delete(v);

  wasm_valtype_t* ts[] = {wasm_valtype_new_i32()};
  wasm_valtype_vec_t tv, tc, te, tu;
  wasm_valtype_vec_new(&tv, 1, ts);
  wasm_valtype_vec_copy(&tc, &tv);
  wasm_valtype_vec_new_empty(&te);
  wasm_valtype_vec_new_uninitialized(&tu, 2);  // zeroed: deleting it deletes nothing
  for (auto* v : {&tv, &tc, &te, &tu}) wasm_valtype_vec_delete(v);

  wasm_limits_t lim = {0, 1};
  wasm_functype_t* fs[] = {wasm_functype_new_0_0()};
  wasm_functype_vec_t fv, fc, fe, fu;
  wasm_functype_vec_new(&fv, 1, fs);
  wasm_functype_vec_copy(&fc, &fv);
  wasm_functype_vec_new_empty(&fe);
  wasm_functype_vec_new_uninitialized(&fu, 1);
  for (auto* v : {&fv, &fc, &fe, &fu}) wasm_functype_vec_delete(v);

  wasm_globaltype_t* gs[] = {wasm_globaltype_new(wasm_valtype_new_f32(), WASM_CONST)};
  wasm_globaltype_vec_t gv, gc, ge, gu;
  wasm_globaltype_vec_new(&gv, 1, gs);
  wasm_globaltype_vec_copy(&gc, &gv);
  wasm_globaltype_vec_new_empty(&ge);
  wasm_globaltype_vec_new_uninitialized(&gu, 1);
  for (auto* v : {&gv, &gc, &ge, &gu}) wasm_globaltype_vec_delete(v);

  wasm_tabletype_t* tts[] = {wasm_tabletype_new(wasm_valtype_new_externref(), &lim)};
  wasm_tabletype_vec_t ttv, ttc, tte, ttu;
  wasm_tabletype_vec_new(&ttv, 1, tts);
  wasm_tabletype_vec_copy(&ttc, &ttv);
  wasm_tabletype_vec_new_empty(&tte);
  wasm_tabletype_vec_new_uninitialized(&ttu, 1);
  for (auto* v : {&ttv, &ttc, &tte, &ttu}) wasm_tabletype_vec_delete(v);

  wasm_memorytype_t* ms[] = {wasm_memorytype_new(&lim)};
  wasm_memorytype_vec_t mv, mc, me, mu;
  wasm_memorytype_vec_new(&mv, 1, ms);
  wasm_memorytype_vec_copy(&mc, &mv);
  wasm_memorytype_vec_new_empty(&me);
  wasm_memorytype_vec_new_uninitialized(&mu, 1);
  for (auto* v : {&mv, &mc, &me, &mu}) wasm_memorytype_vec_delete(v);

  wasm_externtype_t* es[] = {wasm_memorytype_as_externtype(wasm_memorytype_new(&lim)),
                             wasm_globaltype_as_externtype(wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR)),
                             wasm_tabletype_as_externtype(wasm_tabletype_new(wasm_valtype_new_funcref(), &lim)),
                             wasm_functype_as_externtype(wasm_functype_new_0_0())};
  wasm_externtype_vec_t ev, ec, ee, eu;
  wasm_externtype_vec_new(&ev, 4, es);
  wasm_externtype_vec_copy(&ec, &ev);
  EXPECT_EQ(wasm_externtype_kind(ec.data[2]), WASM_EXTERN_TABLE);
  wasm_externtype_vec_new_empty(&ee);
  wasm_externtype_vec_new_uninitialized(&eu, 1);
  for (auto* v : {&ev, &ec, &ee, &eu}) wasm_externtype_vec_delete(v);

  wasm_importtype_vec_t ie, iu;
  wasm_importtype_vec_new_empty(&ie);
  wasm_importtype_vec_new_uninitialized(&iu, 2);
  wasm_importtype_vec_delete(&ie);
  wasm_importtype_vec_delete(&iu);
  wasm_exporttype_vec_t xe, xu;
  wasm_exporttype_vec_new_empty(&xe);
  wasm_exporttype_vec_new_uninitialized(&xu, 2);
  wasm_exporttype_vec_delete(&xe);
  wasm_exporttype_vec_delete(&xu);

  wasm_frame_vec_t fre, fru, frc;
  wasm_frame_vec_new_empty(&fre);
  wasm_frame_vec_new_uninitialized(&fru, 1);
  wasm_frame_vec_copy(&frc, &fru);
  wasm_frame_vec_new(&fre, 0, nullptr);
  for (auto* v : {&fre, &fru, &frc}) wasm_frame_vec_delete(v);

  wasm_extern_vec_t xve, xvu, xvc;
  wasm_extern_vec_new_empty(&xve);
  wasm_extern_vec_new_uninitialized(&xvu, 1);
  wasm_extern_vec_copy(&xvc, &xvu);
  for (auto* v : {&xve, &xvu, &xvc}) wasm_extern_vec_delete(v);
}

TEST(CapiTypes, NameAliasesAndPointerValues) {
  wasm_name_t n, u;
  wasm_name_new(&n, 2, "ok");
  EXPECT_EQ(capi_test::name_str(&n), "ok");
  wasm_name_new_new_uninitialized(&u, 3);  // the standard header's spelling, kept
  EXPECT_EQ(u.size, 3u);
  wasm_name_delete(&n);
  wasm_name_delete(&u);

  int x = 0;
  wasm_val_t v;
  wasm_val_init_ptr(&v, &x);
  EXPECT_EQ(v.kind, sizeof(void*) == 8 ? WASM_I64 : WASM_I32);
  EXPECT_EQ(wasm_val_ptr(&v), &x);
}

}  // namespace
