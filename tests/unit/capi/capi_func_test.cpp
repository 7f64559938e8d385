// Functions through the C API: host callbacks, calls with checked arguments, traps with
// frames, finalizers.
#include "capi_test_util.h"

namespace {

using capi_test::take_message;

class CapiFunc : public capi_test::CapiFixture {};

wasm_trap_t* add_one(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + 1;
  return nullptr;
}

struct Env {
  wasm_store_t* store;
  int calls = 0;
  int finalized = 0;
};

wasm_trap_t* failing(void* env, const wasm_val_vec_t*, wasm_val_vec_t*) {
  auto* e = static_cast<Env*>(env);
  ++e->calls;
  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, "host says no");
  wasm_trap_t* t = wasm_trap_new(e->store, &msg);
  wasm_name_delete(&msg);
  return t;
}

wasm_trap_t* wrong_result(const wasm_val_vec_t*, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_F64;  // declared i32
  results->data[0].of.f64 = 1;
  return nullptr;
}

const char* kCaller = R"((module
  (import "" "host" (func $host (param i32) (result i32)))
  (func (export "call_host") (param i32) (result i32) (call $host (local.get 0)))
  (func $inner (result i32) (unreachable))
  (func (export "trap") (result i32) (call $inner))
  (func (export "mix") (param i32 i64 f32 f64) (result f64 f32 i64 i32)
    (local.get 3) (local.get 2) (local.get 1) (local.get 0))
  (func $rec (export "recurse") (call $rec)))
)";

TEST_F(CapiFunc, HostCallbackCallAndTypes) {
  wasm_functype_t* ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* host = wasm_func_new(store_, ft, add_one);
  wasm_functype_delete(ft);
  ASSERT_NE(host, nullptr);
  EXPECT_EQ(wasm_func_param_arity(host), 1u);
  EXPECT_EQ(wasm_func_result_arity(host), 1u);
  wasm_functype_t* t = wasm_func_type(host);
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_params(t)->data[0]), WASM_I32);
  wasm_functype_delete(t);

  // Called directly from the host.
  wasm_val_t a[] = {WASM_I32_VAL(41)};
  wasm_val_t r[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  EXPECT_EQ(wasm_func_call(host, &args, &results), nullptr);
  EXPECT_EQ(r[0].kind, WASM_I32);
  EXPECT_EQ(r[0].of.i32, 42);

  wasm_module_t* m = compile(kCaller);
  ASSERT_NE(m, nullptr);
  wasm_extern_t* ims[] = {wasm_func_as_extern(host)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(ims);
  wasm_instance_t* inst = wasm_instance_new(store_, m, &imports, nullptr);
  ASSERT_NE(inst, nullptr);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  ASSERT_EQ(ex.size, 4u);
  wasm_func_t* call_host = wasm_extern_as_func(ex.data[0]);
  a[0] = WASM_I32_VAL(9);
  EXPECT_EQ(wasm_func_call(call_host, &args, &results), nullptr);
  EXPECT_EQ(r[0].of.i32, 10);

  // Multi-value.
  wasm_func_t* mix = wasm_extern_as_func(ex.data[2]);
  wasm_val_t ma[] = {WASM_I32_VAL(1), WASM_I64_VAL(2), WASM_F32_VAL(3.5f), WASM_F64_VAL(4.25)};
  wasm_val_t mr[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
  wasm_val_vec_t margs = WASM_ARRAY_VEC(ma), mres = WASM_ARRAY_VEC(mr);
  EXPECT_EQ(wasm_func_call(mix, &margs, &mres), nullptr);
  EXPECT_EQ(mr[0].kind, WASM_F64);
  EXPECT_EQ(mr[0].of.f64, 4.25);
  EXPECT_EQ(mr[1].of.f32, 3.5f);
  EXPECT_EQ(mr[2].of.i64, 2);
  EXPECT_EQ(mr[3].of.i32, 1);

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  wasm_func_delete(host);
}

TEST_F(CapiFunc, WrongArgumentsAreTrapsNotCrashes) {
  wasm_functype_t* ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* f = wasm_func_new(store_, ft, add_one);
  wasm_functype_delete(ft);
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t results = WASM_ARRAY_VEC(r);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  EXPECT_EQ(take_message(wasm_func_call(f, &none, &results)),
            "wasm_func_call: the function takes 1 arguments, 0 given");
  wasm_val_t bad[] = {WASM_I64_VAL(1)};
  wasm_val_vec_t args = WASM_ARRAY_VEC(bad);
  EXPECT_EQ(take_message(wasm_func_call(f, &args, &results)), "wasm_func_call: argument 0: i64 where i32 is expected");
  wasm_val_t good[] = {WASM_I32_VAL(1)};
  wasm_val_vec_t gargs = WASM_ARRAY_VEC(good);
  EXPECT_EQ(take_message(wasm_func_call(f, &gargs, &none)),
            "wasm_func_call: the function returned 1 results, 0 slots given");
  // With too few result slots, a trap of the function is what is reported.
  wasm_module_t* m = compile(R"((module (func (export "t") (result i32) (unreachable))
                                        (func (export "r") (result externref) (ref.null extern))))");
  wasm_extern_vec_t imports = WASM_EMPTY_VEC, ex;
  wasm_instance_t* inst = wasm_instance_new(store_, m, &imports, nullptr);
  wasm_instance_exports(inst, &ex);
  EXPECT_EQ(take_message(wasm_func_call(wasm_extern_as_func(ex.data[0]), &none, &none)), "unreachable");
  EXPECT_EQ(take_message(wasm_func_call(wasm_extern_as_func(ex.data[1]), &none, &none)),
            "wasm_func_call: the function returned 1 results, 0 slots given");
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  EXPECT_EQ(take_message(wasm_func_call(nullptr, &gargs, &results)), "wasm_func_call: the function is NULL");
  // A reference where a number is expected.
  wasm_val_t refarg[] = {WASM_REF_VAL(nullptr)};
  wasm_val_vec_t rargs = WASM_ARRAY_VEC(refarg);
  EXPECT_EQ(take_message(wasm_func_call(f, &rargs, &results)),
            "wasm_func_call: argument 0: externref where i32 is expected");
  wasm_func_delete(f);
}

TEST_F(CapiFunc, TrapHasMessageAndFrames) {
  wasm_functype_t* ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* host = wasm_func_new(store_, ft, add_one);
  wasm_functype_delete(ft);
  wasm_module_t* m = compile(kCaller);
  wasm_extern_t* ims[] = {wasm_func_as_extern(host)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(ims);
  wasm_instance_t* inst = wasm_instance_new(store_, m, &imports, nullptr);
  ASSERT_NE(inst, nullptr);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_func_t* trapf = wasm_extern_as_func(ex.data[1]);
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t results = WASM_ARRAY_VEC(r), none = WASM_EMPTY_VEC;
  wasm_trap_t* trap = wasm_func_call(trapf, &none, &results);
  ASSERT_NE(trap, nullptr);
  int status = 0;
  EXPECT_FALSE(nanoproc_trap_exit_status(trap, &status));

  wasm_frame_t* origin = wasm_trap_origin(trap);
  ASSERT_NE(origin, nullptr);
  EXPECT_EQ(wasm_frame_func_index(origin), 2u);  // $inner (after the import and call_host)
  EXPECT_EQ(wasm_frame_func_offset(origin), 0u);
  EXPECT_GT(wasm_frame_module_offset(origin), 0u);
  EXPECT_TRUE(wasm_instance_same(wasm_frame_instance(origin), inst));
  wasm_frame_t* copy = wasm_frame_copy(origin);
  EXPECT_EQ(wasm_frame_func_index(copy), 2u);
  EXPECT_EQ(wasm_frame_module_offset(copy), wasm_frame_module_offset(origin));
  wasm_frame_delete(copy);
  wasm_frame_delete(origin);

  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  ASSERT_EQ(trace.size, 2u);
  EXPECT_EQ(wasm_frame_func_index(trace.data[0]), 2u);
  EXPECT_EQ(wasm_frame_func_index(trace.data[1]), 3u);
  EXPECT_LT(wasm_frame_module_offset(trace.data[0]), wasm_frame_module_offset(trace.data[1]));
  wasm_frame_vec_t tcopy;
  wasm_frame_vec_copy(&tcopy, &trace);
  EXPECT_EQ(wasm_frame_func_index(tcopy.data[1]), 3u);
  wasm_frame_vec_delete(&tcopy);
  wasm_frame_vec_delete(&trace);
  EXPECT_EQ(take_message(trap), "unreachable");

  // Stack exhaustion is a trap too.
  wasm_func_t* rec = wasm_extern_as_func(ex.data[3]);
  EXPECT_EQ(take_message(wasm_func_call(rec, &none, &none)), "call stack exhausted");

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  wasm_func_delete(host);
}

TEST_F(CapiFunc, HostTrapReachesTheCallerWithFrames) {
  Env env{store_};
  wasm_functype_t* ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* host = wasm_func_new_with_env(store_, ft, failing, &env, nullptr);
  wasm_functype_delete(ft);
  wasm_module_t* m = compile(kCaller);
  wasm_extern_t* ims[] = {wasm_func_as_extern(host)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(ims);
  wasm_instance_t* inst = wasm_instance_new(store_, m, &imports, nullptr);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_val_t a[] = {WASM_I32_VAL(1)};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(ex.data[0]), &args, &results);
  ASSERT_NE(trap, nullptr);
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  ASSERT_EQ(trace.size, 1u);  // call_host; the host function has no wasm frame
  EXPECT_EQ(wasm_frame_func_index(trace.data[0]), 1u);
  wasm_frame_vec_delete(&trace);
  EXPECT_EQ(take_message(trap), "host says no");
  EXPECT_EQ(env.calls, 1);

  // A host function whose result has the wrong kind traps instead of returning garbage.
  wasm_functype_t* ft2 = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* bad = wasm_func_new(store_, ft2, wrong_result);
  wasm_functype_delete(ft2);
  EXPECT_EQ(take_message(wasm_func_call(bad, &args, &results)), "host function result 0: f64 where i32 is expected");
  wasm_func_delete(bad);

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  wasm_func_delete(host);
}

void count_finalize(void* p) { ++static_cast<Env*>(p)->finalized; }

TEST(CapiFinalize, EnvAndHostInfoFinalizersRunOnceAtStoreDeletion) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  Env env{store}, info{store}, replaced{store};
  wasm_functype_t* ft = wasm_functype_new_0_0();
  wasm_func_t* f = wasm_func_new_with_env(store, ft, failing, &env, count_finalize);
  wasm_functype_delete(ft);
  wasm_func_set_host_info_with_finalizer(f, &replaced, count_finalize);
  // Replacing host info finalizes the old one now.
  wasm_func_set_host_info_with_finalizer(f, &info, count_finalize);
  EXPECT_EQ(replaced.finalized, 1);
  wasm_func_t* copy = wasm_func_copy(f);
  EXPECT_EQ(wasm_func_get_host_info(copy), &info);  // host info belongs to the function
  EXPECT_TRUE(wasm_func_same(copy, f));
  wasm_func_delete(copy);
  wasm_func_delete(f);  // a handle: the function lives on in the store
  EXPECT_EQ(env.finalized, 0);
  EXPECT_EQ(info.finalized, 0);
  wasm_store_delete(store);
  EXPECT_EQ(env.finalized, 1);
  EXPECT_EQ(info.finalized, 1);
  EXPECT_EQ(replaced.finalized, 1);
  wasm_engine_delete(engine);
}

TEST_F(CapiFunc, HostFunctionsRejectBadTypes) {
  EXPECT_EQ(wasm_func_new(store_, nullptr, add_one), nullptr);
  wasm_functype_t* ft = wasm_functype_new_1_0(wasm_valtype_new(WASM_V128));
  EXPECT_EQ(wasm_func_new(store_, ft, add_one), nullptr);
  wasm_functype_delete(ft);
  wasm_functype_t* ok = wasm_functype_new_0_0();
  EXPECT_EQ(wasm_func_new(nullptr, ok, add_one), nullptr);
  EXPECT_EQ(wasm_func_new(store_, ok, nullptr), nullptr);
  wasm_functype_delete(ok);
}

}  // namespace
