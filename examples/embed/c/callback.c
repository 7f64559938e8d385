/* callback: host functions that take and return values, one with an environment pointer
 * whose finalizer runs when the store is deleted. */
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

static wasm_trap_t* print_i32(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)results;
  printf("> print(%d)\n", args->data[0].of.i32);
  return NULL;
}

/* Multiplies by the factor its environment points to. */
static wasm_trap_t* scale(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  int32_t factor = *(const int32_t*)env;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * factor;
  return NULL;
}

static void release_factor(void* env) {
  printf("Finalizing the factor %d.\n", *(int32_t*)env);
  free(env);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "callback.wasm");
  if (!module) {
    printf("cannot load callback.wasm\n");
    return 1;
  }

  wasm_functype_t* print_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_func_t* print_func = wasm_func_new(store, print_type, print_i32);
  wasm_functype_delete(print_type);

  int32_t* factor = malloc(sizeof *factor);
  *factor = 10;
  wasm_functype_t* scale_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* scale_func = wasm_func_new_with_env(store, scale_type, scale, factor, release_factor);
  wasm_functype_delete(scale_type);

  wasm_extern_t* externs[] = {wasm_func_as_extern(print_func), wasm_func_as_extern(scale_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) {
    printf("cannot instantiate\n");
    return 1;
  }
  wasm_func_delete(print_func);
  wasm_func_delete(scale_func);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* run = wasm_extern_as_func(exports.data[0]);
  printf("Calling run(4)...\n");
  wasm_val_t args_v[] = {WASM_I32_VAL(4)};
  wasm_val_t results_v[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(args_v);
  wasm_val_vec_t results = WASM_ARRAY_VEC(results_v);
  if (wasm_func_call(run, &args, &results)) {
    printf("run trapped\n");
    return 1;
  }
  printf("Result: %d\n", results_v[0].of.i32);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  printf("Deleting the store...\n");
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
