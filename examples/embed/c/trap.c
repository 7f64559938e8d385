/* trap: a wasm trap and a host function's trap, with their messages and frames. */
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

static wasm_trap_t* fail(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  wasm_message_t message;
  wasm_name_new_from_string_nt(&message, "the host refuses");
  wasm_trap_t* trap = wasm_trap_new((wasm_store_t*)env, &message);
  wasm_name_delete(&message);
  return trap;
}

static void print_frame(const char* what, const wasm_frame_t* frame, const wasm_instance_t* instance) {
  printf("  %s: function %u, offset %zu in the function, %s, %s\n", what, wasm_frame_func_index(frame),
         wasm_frame_func_offset(frame), wasm_frame_module_offset(frame) > 0 ? "inside the module" : "no module offset",
         wasm_instance_same(wasm_frame_instance(frame), instance) ? "this instance" : "another instance");
}

static void report(wasm_trap_t* trap, const wasm_instance_t* instance) {
  if (!trap) {
    printf("no trap!\n");
    exit(1);
  }
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  printf("Trap: %s\n", message.data);
  wasm_byte_vec_delete(&message);
  wasm_frame_t* origin = wasm_trap_origin(trap);
  if (origin) {
    print_frame("origin", origin, instance);
    wasm_frame_delete(origin);
  } else {
    printf("  no origin\n");
  }
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  printf("  %zu frames:\n", trace.size);
  for (size_t i = 0; i < trace.size; ++i) print_frame("frame", trace.data[i], instance);
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "trap.wasm");
  if (!module) {
    printf("cannot load trap.wasm\n");
    return 1;
  }
  wasm_functype_t* type = wasm_functype_new_0_0();
  wasm_func_t* host = wasm_func_new_with_env(store, type, fail, store, NULL);
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

  printf("Calling divide_by_zero...\n");
  wasm_val_t results_v[1] = {WASM_INIT_VAL};
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wasm_val_vec_t results = WASM_ARRAY_VEC(results_v);
  report(wasm_func_call(wasm_extern_as_func(exports.data[0]), &none, &results), instance);

  printf("Calling host_fails...\n");
  report(wasm_func_call(wasm_extern_as_func(exports.data[1]), &none, &none), instance);

  printf("Calling divide_by_zero with an argument...\n");
  wasm_val_t extra_v[1] = {WASM_I32_VAL(1)};
  wasm_val_vec_t extra = WASM_ARRAY_VEC(extra_v);
  report(wasm_func_call(wasm_extern_as_func(exports.data[0]), &extra, &results), instance);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
