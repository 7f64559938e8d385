/* serialize: save a compiled module to bytes, load it back (in another engine too), and
 * refuse bytes that are not a serialized module. */
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

static int32_t fib(wasm_store_t* store, const wasm_module_t* module, int32_t n) {
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) return -1;
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_val_t args_v[1] = {WASM_I32_VAL(n)};
  wasm_val_t results_v[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(args_v);
  wasm_val_vec_t results = WASM_ARRAY_VEC(results_v);
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(exports.data[0]), &args, &results);
  int32_t out = trap ? -1 : results_v[0].of.i32;
  if (trap) wasm_trap_delete(trap);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  return out;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "serialize.wasm");
  if (!module) {
    printf("cannot load serialize.wasm\n");
    return 1;
  }
  printf("fib(20) from the compiled module: %d\n", fib(store, module, 20));

  wasm_byte_vec_t serialized;
  wasm_module_serialize(module, &serialized);
  wasm_module_delete(module);
  printf("Serialized: %s\n", serialized.size > 0 ? "some bytes" : "nothing");

  wasm_module_t* back = wasm_module_deserialize(store, &serialized);
  printf("fib(20) from the deserialized module: %d\n", back ? fib(store, back, 20) : -1);
  wasm_module_delete(back);

  wasm_engine_t* other_engine = wasm_engine_new();
  wasm_store_t* other_store = wasm_store_new(other_engine);
  wasm_module_t* other = wasm_module_deserialize(other_store, &serialized);
  printf("fib(10) in another engine: %d\n", other ? fib(other_store, other, 10) : -1);
  wasm_module_delete(other);
  wasm_store_delete(other_store);
  wasm_engine_delete(other_engine);

  serialized.data[serialized.size / 2] ^= 0x5a;
  wasm_byte_vec_t truncated = {serialized.size / 2, serialized.data};
  printf("Truncated bytes: %s\n", wasm_module_deserialize(store, &truncated) ? "loaded" : "refused");
  wasm_byte_vec_t garbage;
  wasm_name_new_from_string(&garbage, "not a module at all");
  printf("Other bytes: %s\n", wasm_module_deserialize(store, &garbage) ? "loaded" : "refused");
  wasm_byte_vec_delete(&garbage);
  wasm_byte_vec_delete(&serialized);

  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
