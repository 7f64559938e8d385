/* finalize: host info with finalizers on instances and functions: a finalizer runs once,
 * when its info is replaced or when the store that owns the object is deleted. */
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

static int live = 0;

static void finalize(void* info) {
  printf("Finalizing %s\n", (const char*)info);
  --live;
}

static void run_in_store(wasm_store_t* store, const char* label, int instances) {
  wasm_module_t* module = load_module(store, "finalize.wasm");
  if (!module) {
    printf("cannot load finalize.wasm\n");
    exit(1);
  }
  static char names[2][8][32];
  int which = label[0] == 'A' ? 0 : 1;
  for (int i = 0; i < instances; ++i) {
    wasm_extern_vec_t imports = WASM_EMPTY_VEC;
    wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
    snprintf(names[which][i], sizeof names[which][i], "%s instance %d", label, i);
    wasm_instance_set_host_info_with_finalizer(instance, names[which][i], finalize);
    ++live;
    /* The host info belongs to the instance, not to this handle. */
    wasm_instance_delete(instance);
  }
  wasm_module_delete(module);
  printf("Store %s: created %d instances (%d live in all)\n", label, instances, live);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* a = wasm_store_new(engine);
  wasm_store_t* b = wasm_store_new(engine);
  run_in_store(a, "A", 3);
  run_in_store(b, "B", 2);

  /* Replacing host info finalizes the old one at once. */
  wasm_functype_t* type = wasm_functype_new_0_0();
  wasm_func_t* func = wasm_func_new_with_env(b, type, NULL, NULL, NULL);
  printf("A function needs a callback: %s\n", func ? "made" : "refused");
  wasm_module_t* module = load_module(a, "finalize.wasm");
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(a, module, &imports, NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* f = wasm_extern_as_func(exports.data[0]);
  wasm_func_set_host_info_with_finalizer(f, "the first info of f", finalize);
  ++live;
  wasm_func_set_host_info_with_finalizer(f, "the second info of f", finalize);
  ++live;
  printf("%d live\n", live);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_functype_delete(type);

  printf("Deleting store B...\n");
  wasm_store_delete(b);
  printf("%d live\n", live);
  printf("Deleting store A...\n");
  wasm_store_delete(a);
  printf("%d live\n", live);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return live == 0 ? 0 : 1;
}
