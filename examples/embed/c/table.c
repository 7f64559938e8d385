/* table: read, write and grow a funcref table, and call through it. */
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

static void apply(const wasm_func_t* apply_fn, int32_t slot) {
  wasm_val_t args_v[3] = {WASM_I32_VAL(slot), WASM_I32_VAL(7), WASM_I32_VAL(5)};
  wasm_val_t results_v[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(args_v);
  wasm_val_vec_t results = WASM_ARRAY_VEC(results_v);
  wasm_trap_t* trap = wasm_func_call(apply_fn, &args, &results);
  if (trap) {
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    printf("apply(%d, 7, 5) traps: %s\n", slot, message.data);
    wasm_byte_vec_delete(&message);
    wasm_trap_delete(trap);
    return;
  }
  printf("apply(%d, 7, 5) = %d\n", slot, results_v[0].of.i32);
}

static wasm_trap_t* times(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * args->data[1].of.i32;
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "table.wasm");
  if (!module) {
    printf("cannot load table.wasm\n");
    return 1;
  }
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_table_t* table = wasm_extern_as_table(exports.data[0]);
  wasm_func_t* add = wasm_extern_as_func(exports.data[1]);
  wasm_func_t* apply_fn = wasm_extern_as_func(exports.data[2]);

  printf("Table size: %u\n", wasm_table_size(table));
  apply(apply_fn, 0);
  apply(apply_fn, 1);
  apply(apply_fn, 2);

  wasm_ref_t* first = wasm_table_get(table, 0);
  printf("Element 0 is the export add: %s\n", wasm_ref_same(first, wasm_func_as_ref(add)) ? "yes" : "no");
  wasm_ref_delete(first);

  wasm_functype_t* type = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* host = wasm_func_new(store, type, times);
  wasm_functype_delete(type);
  printf("Setting element 1 to a host function: %s\n", wasm_table_set(table, 1, wasm_func_as_ref(host)) ? "ok" : "refused");
  apply(apply_fn, 1);
  printf("Setting element 5: %s\n", wasm_table_set(table, 5, wasm_func_as_ref(host)) ? "ok" : "refused");

  printf("Growing by 2 with null: %s\n", wasm_table_grow(table, 2, NULL) ? "ok" : "refused");
  printf("Table size: %u\n", wasm_table_size(table));
  printf("Element 3 is %s\n", wasm_table_get(table, 3) ? "set" : "null");
  apply(apply_fn, 3);
  printf("Growing past the maximum: %s\n", wasm_table_grow(table, 1, NULL) ? "ok" : "refused");

  wasm_func_delete(host);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
