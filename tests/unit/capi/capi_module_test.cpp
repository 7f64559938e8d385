// Modules through the C API: compile and validate (binary and text), reflection,
// serialization, sharing between stores, host info.
#include "capi_test_util.h"

namespace {

using capi_test::name_str;
using capi_test::take_message;

class CapiModule : public capi_test::CapiFixture {};

// (module (func (export "answer") (result i32) (i32.const 42)))
const unsigned char kAnswer[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00,
                                 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x0a, 0x01, 0x06, 0x61, 0x6e, 0x73,
                                 0x77, 0x65, 0x72, 0x00, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x2a, 0x0b};

wasm_byte_vec_t bytes_of(const unsigned char* p, size_t n) {
  wasm_byte_vec_t v;
  wasm_byte_vec_new(&v, n, reinterpret_cast<const wasm_byte_t*>(p));
  return v;
}

int32_t call_answer(wasm_store_t* store, wasm_module_t* m) {
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t* inst = wasm_instance_new(store, m, &imports, nullptr);
  if (!inst) return -1;
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_val_t r[] = {WASM_INIT_VAL};
  wasm_val_vec_t none = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(r);
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(ex.data[0]), &none, &results);
  int32_t out = trap ? -2 : r[0].of.i32;
  if (trap) wasm_trap_delete(trap);
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  return out;
}

TEST_F(CapiModule, BinaryModuleValidatesAndRuns) {
  wasm_byte_vec_t b = bytes_of(kAnswer, sizeof kAnswer);
  EXPECT_TRUE(wasm_module_validate(store_, &b));
  wasm_module_t* m = wasm_module_new(store_, &b);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(call_answer(store_, m), 42);
  wasm_module_delete(m);

  // Truncated, corrupted, empty: no module, no crash.
  for (size_t n : {size_t{0}, size_t{4}, size_t{12}, sizeof kAnswer - 3}) {
    wasm_byte_vec_t part = bytes_of(kAnswer, n);
    EXPECT_FALSE(wasm_module_validate(store_, &part)) << n;
    EXPECT_EQ(wasm_module_new(store_, &part), nullptr) << n;
    wasm_byte_vec_delete(&part);
  }
  b.data[sizeof kAnswer - 2] = static_cast<wasm_byte_t>(0xff);  // the LEB swallows `end`
  EXPECT_FALSE(wasm_module_validate(store_, &b));
  wasm_byte_vec_delete(&b);
  // Decodes but does not validate.
  wasm_byte_vec_t invalid;
  wasm_name_new_from_string(&invalid, "(module (func (result i32) (i64.const 1)))");
  EXPECT_FALSE(wasm_module_validate(store_, &invalid));
  EXPECT_EQ(wasm_module_new(store_, &invalid), nullptr);
  wasm_byte_vec_delete(&invalid);
  EXPECT_EQ(wasm_module_new(store_, nullptr), nullptr);
  EXPECT_FALSE(wasm_module_validate(nullptr, nullptr));
}

TEST_F(CapiModule, ImportsAndExports) {
  wasm_module_t* m = compile(R"((module
    (import "env" "f" (func (param i32 f64) (result i64)))
    (import "env" "g" (global (mut f32)))
    (import "env" "t" (table 1 10 funcref))
    (import "env" "m" (memory 2))
    (func (export "run") (param externref))
    (global (export "c") i32 (i32.const 0))
    (table (export "tab") 3 externref)
    (memory (export "mem") 1 5)))");
  ASSERT_NE(m, nullptr);
  wasm_importtype_vec_t imps;
  wasm_module_imports(m, &imps);
  ASSERT_EQ(imps.size, 4u);
  EXPECT_EQ(name_str(wasm_importtype_module(imps.data[0])), "env");
  EXPECT_EQ(name_str(wasm_importtype_name(imps.data[0])), "f");
  const wasm_functype_t* ft = wasm_externtype_as_functype_const(wasm_importtype_type(imps.data[0]));
  ASSERT_NE(ft, nullptr);
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_params(ft)->data[1]), WASM_F64);
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_results(ft)->data[0]), WASM_I64);
  const wasm_globaltype_t* gt = wasm_externtype_as_globaltype_const(wasm_importtype_type(imps.data[1]));
  EXPECT_EQ(wasm_globaltype_mutability(gt), WASM_VAR);
  EXPECT_EQ(wasm_valtype_kind(wasm_globaltype_content(gt)), WASM_F32);
  const wasm_tabletype_t* tt = wasm_externtype_as_tabletype_const(wasm_importtype_type(imps.data[2]));
  EXPECT_EQ(wasm_tabletype_limits(tt)->max, 10u);
  const wasm_memorytype_t* mt = wasm_externtype_as_memorytype_const(wasm_importtype_type(imps.data[3]));
  EXPECT_EQ(wasm_memorytype_limits(mt)->min, 2u);
  EXPECT_EQ(wasm_memorytype_limits(mt)->max, wasm_limits_max_default);
  wasm_importtype_vec_delete(&imps);

  wasm_exporttype_vec_t exps;
  wasm_module_exports(m, &exps);
  ASSERT_EQ(exps.size, 4u);
  EXPECT_EQ(name_str(wasm_exporttype_name(exps.data[0])), "run");
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_params(wasm_externtype_as_functype_const(wasm_exporttype_type(exps.data[0])))->data[0]),
            WASM_EXTERNREF);
  EXPECT_EQ(wasm_externtype_kind(wasm_exporttype_type(exps.data[1])), WASM_EXTERN_GLOBAL);
  EXPECT_EQ(wasm_externtype_kind(wasm_exporttype_type(exps.data[2])), WASM_EXTERN_TABLE);
  EXPECT_EQ(wasm_memorytype_limits(wasm_externtype_as_memorytype_const(wasm_exporttype_type(exps.data[3])))->max, 5u);
  wasm_exporttype_vec_delete(&exps);
  wasm_module_delete(m);
}

TEST_F(CapiModule, SerializeDeserialize) {
  wasm_byte_vec_t b = bytes_of(kAnswer, sizeof kAnswer);
  wasm_module_t* m = wasm_module_new(store_, &b);
  wasm_byte_vec_delete(&b);
  wasm_byte_vec_t ser;
  wasm_module_serialize(m, &ser);
  ASSERT_GT(ser.size, 8u);
  wasm_module_t* back = wasm_module_deserialize(store_, &ser);
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(call_answer(store_, back), 42);
  wasm_module_delete(back);
  // Anything else is refused: the raw binary, a corrupted or truncated form.
  wasm_byte_vec_t raw = bytes_of(kAnswer, sizeof kAnswer);
  EXPECT_EQ(wasm_module_deserialize(store_, &raw), nullptr);
  wasm_byte_vec_delete(&raw);
  for (size_t cut : {size_t{0}, size_t{3}, size_t{8}, ser.size - 1}) {
    wasm_byte_vec_t part;
    wasm_byte_vec_new(&part, cut, ser.data);
    EXPECT_EQ(wasm_module_deserialize(store_, &part), nullptr) << cut;
    wasm_byte_vec_delete(&part);
  }
  ser.data[4] ^= 0x55;  // format version
  EXPECT_EQ(wasm_module_deserialize(store_, &ser), nullptr);
  wasm_byte_vec_delete(&ser);
  wasm_module_delete(m);
}

void bump(void* p) { ++*static_cast<int*>(p); }

TEST_F(CapiModule, ShareObtainAndHostInfo) {
  wasm_module_t* m = compile(R"((module (func (export "answer") (result i32) (i32.const 42))))");
  ASSERT_NE(m, nullptr);
  int finalized = 0;
  wasm_module_set_host_info_with_finalizer(m, &finalized, bump);
  wasm_module_t* copy = wasm_module_copy(m);
  EXPECT_TRUE(wasm_module_same(copy, m));
  EXPECT_EQ(wasm_module_get_host_info(copy), &finalized);
  EXPECT_EQ(wasm_ref_as_module(wasm_module_as_ref(copy)), copy);
  EXPECT_EQ(wasm_ref_as_module_const(wasm_module_as_ref_const(copy)), copy);
  wasm_module_set_host_info(copy, &finalized);  // replaces: finalizes the first info
  EXPECT_EQ(finalized, 1);
  wasm_module_set_host_info_with_finalizer(copy, &finalized, bump);
  wasm_module_delete(copy);
  EXPECT_EQ(finalized, 1);

  wasm_shared_module_t* shared = wasm_module_share(m);
  wasm_module_delete(m);  // the last handle: the module's host info is finalized
  EXPECT_EQ(finalized, 2);

  // Obtained in another store of the same engine, and of another engine.
  wasm_store_t* s2 = wasm_store_new(engine_);
  wasm_module_t* m2 = wasm_module_obtain(s2, shared);
  ASSERT_NE(m2, nullptr);
  EXPECT_EQ(call_answer(s2, m2), 42);
  wasm_config_t* cfg = wasm_config_new();
  wasm_engine_t* e3 = wasm_engine_new_with_config(cfg);
  wasm_store_t* s3 = wasm_store_new(e3);
  wasm_module_t* m3 = wasm_module_obtain(s3, shared);
  ASSERT_NE(m3, nullptr);
  EXPECT_EQ(call_answer(s3, m3), 42);
  // A module of one engine is refused by a store of another.
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_trap_t* trap = nullptr;
  EXPECT_EQ(wasm_instance_new(s3, m2, &imports, &trap), nullptr);
  EXPECT_EQ(take_message(trap), "the module was compiled for another engine than the store's");
  wasm_module_delete(m3);
  wasm_store_delete(s3);
  wasm_engine_delete(e3);
  wasm_module_delete(m2);
  wasm_store_delete(s2);
  wasm_shared_module_delete(shared);
  EXPECT_EQ(finalized, 2);

  wasm_config_delete(wasm_config_new());
  EXPECT_EQ(wasm_store_new(nullptr), nullptr);
}

TEST_F(CapiModule, StartFunctionRunsAndItsTrapIsReported) {
  wasm_module_t* ok = compile(R"((module (global (export "g") (mut i32) (i32.const 0))
    (func $s (global.set 0 (i32.const 9))) (start $s)))");
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t* inst = wasm_instance_new(store_, ok, &imports, nullptr);
  ASSERT_NE(inst, nullptr);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_val_t v;
  wasm_global_get(wasm_extern_as_global(ex.data[0]), &v);
  EXPECT_EQ(v.of.i32, 9);
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(ok);

  wasm_module_t* bad = compile(R"((module (func $s (unreachable)) (start $s)))");
  wasm_trap_t* trap = nullptr;
  EXPECT_EQ(wasm_instance_new(store_, bad, &imports, &trap), nullptr);
  ASSERT_NE(trap, nullptr);
  wasm_frame_t* origin = wasm_trap_origin(trap);
  ASSERT_NE(origin, nullptr);
  EXPECT_EQ(wasm_frame_func_index(origin), 0u);
  wasm_frame_delete(origin);
  EXPECT_EQ(take_message(trap), "unreachable");
  wasm_module_delete(bad);
}

TEST_F(CapiModule, TrapObjects) {
  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, "made by the host");
  wasm_trap_t* t = wasm_trap_new(store_, &msg);
  wasm_name_delete(&msg);
  EXPECT_EQ(wasm_trap_new(store_, nullptr), nullptr);
  EXPECT_EQ(wasm_trap_origin(t), nullptr);
  wasm_frame_vec_t trace;
  wasm_trap_trace(t, &trace);
  EXPECT_EQ(trace.size, 0u);
  wasm_frame_vec_delete(&trace);
  wasm_message_t out;
  wasm_trap_message(t, &out);
  ASSERT_EQ(out.size, strlen("made by the host") + 1);
  EXPECT_EQ(out.data[out.size - 1], '\0');
  wasm_byte_vec_delete(&out);
  int finalized = 0;
  wasm_trap_t* c = wasm_trap_copy(t);
  EXPECT_TRUE(wasm_trap_same(c, t));
  wasm_trap_set_host_info(c, &finalized);
  EXPECT_EQ(wasm_trap_get_host_info(t), &finalized);
  wasm_trap_set_host_info_with_finalizer(c, &finalized, bump);
  EXPECT_EQ(wasm_ref_as_trap(wasm_trap_as_ref(c)), c);
  EXPECT_EQ(wasm_ref_as_trap_const(wasm_trap_as_ref_const(c)), c);
  wasm_trap_delete(c);
  EXPECT_EQ(finalized, 0);
  wasm_trap_delete(t);
  EXPECT_EQ(finalized, 1);
}

}  // namespace
