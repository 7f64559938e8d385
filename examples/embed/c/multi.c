/* multi: a host function of three results, called by wasm and returned through wasm. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <wasm.h>

static wasm_module_t* load_module(wasm_store_t* store, const char* path) {
  FILE* file = fopen(path, "rb");
  if (!file) return NULL;
  fseek(file, 0, SEEK_END);
  long size = ftell(file);
  fseek(file, 0, SEEK_SET);
  wasm_byte_vec_t binary;
  wasm_byte_vec_new_uninitialized(&binary, (size_t)size);
  size_t got = fread(binary.data, 1, (size_t)size, file);
  fclose(file);
  wasm_module_t* module = got == (size_t)size ? wasm_module_new(store, &binary) : NULL;
  wasm_byte_vec_delete(&binary);
  return module;
}

/* (i32, i64, f64) -> (f64, i64, i32): the arguments in reverse order. */
static wasm_trap_t* swap3(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  printf("> swap3(%" PRId32 ", %" PRId64 ", %.1f)\n", args->data[0].of.i32, args->data[1].of.i64, args->data[2].of.f64);
  wasm_val_copy(&results->data[0], &args->data[2]);
  wasm_val_copy(&results->data[1], &args->data[1]);
  wasm_val_copy(&results->data[2], &args->data[0]);
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "multi.wasm");
  if (!module) {
    printf("cannot load multi.wasm\n");
    return 1;
  }
  wasm_valtype_t* params[] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_f64()};
  wasm_valtype_t* results_t[] = {wasm_valtype_new_f64(), wasm_valtype_new_i64(), wasm_valtype_new_i32()};
  wasm_valtype_vec_t param_vec, result_vec;
  wasm_valtype_vec_new(&param_vec, 3, params);
  wasm_valtype_vec_new(&result_vec, 3, results_t);
  wasm_functype_t* type = wasm_functype_new(&param_vec, &result_vec);
  wasm_func_t* host = wasm_func_new(store, type, swap3);
  wasm_functype_delete(type);

  wasm_extern_t* externs[] = {wasm_func_as_extern(host)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) {
    printf("cannot instantiate\n");
    return 1;
  }
  wasm_func_delete(host);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* roundtrip = wasm_extern_as_func(exports.data[0]);
  printf("roundtrip takes %zu values and returns %zu\n", wasm_func_param_arity(roundtrip),
         wasm_func_result_arity(roundtrip));

  wasm_val_t args_v[3] = {WASM_I32_VAL(1), WASM_I64_VAL(INT64_C(1) << 40), WASM_F64_VAL(2.5)};
  wasm_val_t results_v[3] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(args_v);
  wasm_val_vec_t results = WASM_ARRAY_VEC(results_v);
  if (wasm_func_call(roundtrip, &args, &results)) {
    printf("roundtrip trapped\n");
    return 1;
  }
  printf("roundtrip returned %.1f, %" PRId64 ", %" PRId32 "\n", results_v[0].of.f64, results_v[1].of.i64,
         results_v[2].of.i32);

  wasm_val_t too_few[1] = {WASM_INIT_VAL};
  wasm_val_vec_t short_results = WASM_ARRAY_VEC(too_few);
  wasm_trap_t* trap = wasm_func_call(roundtrip, &args, &short_results);
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  printf("With one result slot: %s\n", message.data);
  wasm_byte_vec_delete(&message);
  wasm_trap_delete(trap);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
