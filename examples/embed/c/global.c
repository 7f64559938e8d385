/* global: globals made by the host and imported, exported globals read and written from
 * both sides, and what happens to writes the C API refuses. */
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

static wasm_val_t call0(const wasm_extern_vec_t* exports, size_t i) {
  wasm_val_t results_v[1] = {WASM_INIT_VAL};
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wasm_val_vec_t results = WASM_ARRAY_VEC(results_v);
  if (wasm_func_call(wasm_extern_as_func(exports->data[i]), &none, &results)) {
    printf("call trapped\n");
    exit(1);
  }
  return results_v[0];
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "global.wasm");
  if (!module) {
    printf("cannot load global.wasm\n");
    return 1;
  }

  wasm_globaltype_t* f32_type = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_CONST);
  wasm_val_t f32_init = WASM_F32_VAL(2.5f);
  wasm_global_t* const_f32 = wasm_global_new(store, f32_type, &f32_init);
  wasm_globaltype_delete(f32_type);
  wasm_globaltype_t* i64_type = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  wasm_val_t i64_init = WASM_I64_VAL(41);
  wasm_global_t* var_i64 = wasm_global_new(store, i64_type, &i64_init);
  wasm_globaltype_delete(i64_type);

  wasm_extern_t* externs[] = {wasm_global_as_extern(const_f32), wasm_global_as_extern(var_i64)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) {
    printf("cannot instantiate\n");
    return 1;
  }
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_global_t* counter = wasm_extern_as_global(exports.data[0]);
  wasm_global_t* pi = wasm_extern_as_global(exports.data[1]);

  printf("get_const_f32() = %.2f\n", (double)call0(&exports, 2).of.f32);
  printf("bump_var_i64() = %lld\n", (long long)call0(&exports, 3).of.i64);
  wasm_val_t v;
  wasm_global_get(var_i64, &v);
  printf("The host sees var_i64 = %lld\n", (long long)v.of.i64);
  wasm_val_t set_i64 = WASM_I64_VAL(1000);
  wasm_global_set(var_i64, &set_i64);
  printf("After the host set it to 1000: bump_var_i64() = %lld\n", (long long)call0(&exports, 3).of.i64);

  wasm_global_get(counter, &v);
  printf("counter = %d\n", v.of.i32);
  wasm_val_t set_counter = WASM_I32_VAL(7);
  wasm_global_set(counter, &set_counter);
  printf("After the host set it to 7: get_counter() = %d\n", call0(&exports, 4).of.i32);
  wasm_val_t wrong_kind = WASM_F64_VAL(1.0);
  wasm_global_set(counter, &wrong_kind);
  printf("Setting an f64 is ignored: get_counter() = %d\n", call0(&exports, 4).of.i32);

  wasm_globaltype_t* pi_type = wasm_global_type(pi);
  printf("pi is %s f64\n", wasm_globaltype_mutability(pi_type) == WASM_CONST ? "a constant" : "a variable");
  wasm_globaltype_delete(pi_type);
  wasm_val_t new_pi = WASM_F64_VAL(3.0);
  wasm_global_set(pi, &new_pi);
  wasm_global_get(pi, &v);
  printf("Setting a constant is ignored: pi = %.2f\n", v.of.f64);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_global_delete(const_f32);
  wasm_global_delete(var_i64);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
