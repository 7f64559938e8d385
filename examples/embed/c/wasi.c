/* wasi: run a WASI program with arguments of our choosing and the host's standard output,
 * and read its exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wasi.h>
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

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "wasi.wasm");
  if (!module) {
    printf("cannot load wasi.wasm\n");
    return 1;
  }

  wasi_config_t* config = wasi_config_new();
  const char* argv[] = {"wasi-example", "first", "second"};
  wasi_config_set_argv(config, 3, argv);
  wasi_config_inherit_stdout(config);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = nanoproc_wasi_instance_new(store, module, config, NULL, &trap);
  wasi_config_delete(config);
  if (!instance) {
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    printf("cannot instantiate: %s\n", message.data);
    return 1;
  }

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* start = NULL;
  wasm_exporttype_vec_t types;
  wasm_module_exports(module, &types);
  for (size_t i = 0; i < types.size; ++i) {
    const wasm_name_t* name = wasm_exporttype_name(types.data[i]);
    if (name->size == 6 && memcmp(name->data, "_start", 6) == 0) start = wasm_extern_as_func(exports.data[i]);
  }
  wasm_exporttype_vec_delete(&types);

  printf("Running _start...\n");
  /* The program writes to descriptor 1 directly: flush what stdio holds first. */
  fflush(stdout);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  trap = wasm_func_call(start, &none, &none);
  int status = -1;
  if (trap && nanoproc_trap_exit_status(trap, &status)) printf("The program exited with status %d.\n", status);
  else printf("The program returned without exiting.\n");
  if (trap) wasm_trap_delete(trap);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
