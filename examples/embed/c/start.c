/* start: instantiation runs the start function; its trap makes wasm_instance_new fail
 * with that trap and its frames. */
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

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "start.wasm");
  if (!module) {
    printf("cannot load start.wasm\n");
    return 1;
  }
  printf("Instantiating...\n");
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  if (instance || !trap) {
    printf("expected the start function to trap\n");
    return 1;
  }
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  printf("Instantiation failed: %s\n", message.data);
  wasm_byte_vec_delete(&message);

  wasm_frame_t* origin = wasm_trap_origin(trap);
  printf("Origin: function %u\n", wasm_frame_func_index(origin));
  wasm_frame_delete(origin);
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  for (size_t i = 0; i < trace.size; ++i) printf("Frame %zu: function %u\n", i, wasm_frame_func_index(trace.data[i]));
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);

  printf("Without a trap out-parameter: %s\n",
         wasm_instance_new(store, module, &imports, NULL) ? "instantiated" : "NULL");

  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
