/* A C11 translation unit using the C API (built with -std=c11 -pedantic-errors): proves
 * wasm.h and wasi.h are C, not C++, and runs a small program through them. Called by
 * capi_c_test.cpp. Returns 0, or the number of the step that failed. */
#include <stdio.h>
#include <string.h>

#include "wasi.h"
#include "wasm.h"

int nanoproc_capi_c_check(void);

static int host_calls = 0;

static wasm_trap_t* host_double(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  ++host_calls;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * 2;
  return NULL;
}

static const char kText[] =
    "(module"
    "  (import \"\" \"double\" (func $d (param i32) (result i32)))"
    "  (func (export \"quad\") (param i32) (result i32) (call $d (call $d (local.get 0))))"
    "  (func (export \"boom\") (unreachable)))";

int nanoproc_capi_c_check(void) {
  int failed = 0;
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t text;
  wasm_byte_vec_new(&text, sizeof kText - 1, kText);
  wasm_module_t* module = wasm_module_new(store, &text);
  wasm_byte_vec_delete(&text);
  if (!module) {
    failed = 1;
    goto out_store;
  }
  {
    wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_func_t* dbl = wasm_func_new(store, type, host_double);
    wasm_functype_delete(type);
    wasm_extern_t* externs[] = {wasm_func_as_extern(dbl)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_trap_t* trap = NULL;
    wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
    wasm_func_delete(dbl);
    if (!instance) {
      failed = 2;
      if (trap) wasm_trap_delete(trap);
      goto out_module;
    }
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_val_t args_v[1] = {WASM_I32_VAL(5)};
    wasm_val_t results_v[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(args_v);
    wasm_val_vec_t results = WASM_ARRAY_VEC(results_v);
    trap = wasm_func_call(wasm_extern_as_func(exports.data[0]), &args, &results);
    if (trap || results_v[0].kind != WASM_I32 || results_v[0].of.i32 != 20 || host_calls != 2) failed = 3;
    if (trap) wasm_trap_delete(trap);

    wasm_val_vec_t none = WASM_EMPTY_VEC;
    trap = wasm_func_call(wasm_extern_as_func(exports.data[1]), &none, &none);
    if (!trap) {
      failed = 4;
    } else {
      wasm_message_t message;
      wasm_trap_message(trap, &message);
      if (strcmp(message.data, "unreachable") != 0) failed = 5;
      wasm_byte_vec_delete(&message);
      wasm_frame_t* origin = wasm_trap_origin(trap);
      if (!origin || wasm_frame_func_index(origin) != 2) failed = 6;
      if (origin) wasm_frame_delete(origin);
      wasm_trap_delete(trap);
    }
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
  }
  {
    wasi_config_t* config = wasi_config_new();
    const char* argv[] = {"c"};
    if (!wasi_config_set_argv(config, 1, argv)) failed = 7;
    wasi_config_delete(config);
  }
out_module:
  wasm_module_delete(module);
out_store:
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return failed;
}
