/* memory: read, write and grow a wasm memory from C and from wasm. */
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

static wasm_func_t* export_func(const wasm_extern_vec_t* exports, size_t i) {
  wasm_func_t* f = i < exports->size ? wasm_extern_as_func(exports->data[i]) : NULL;
  if (!f) {
    printf("export %zu is not a function\n", i);
    exit(1);
  }
  return f;
}

static int32_t call_i32(const wasm_func_t* f, int32_t a, int32_t b, size_t nargs) {
  wasm_val_t args_v[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
  wasm_val_t results_v[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = {nargs, args_v};
  wasm_val_vec_t results = {wasm_func_result_arity(f), results_v};
  wasm_trap_t* trap = wasm_func_call(f, &args, &results);
  if (trap) {
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    printf("> trap: %s\n", message.data);
    wasm_byte_vec_delete(&message);
    wasm_trap_delete(trap);
    return -1;
  }
  return results.size ? results_v[0].of.i32 : 0;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "memory.wasm");
  if (!module) {
    printf("cannot load memory.wasm\n");
    return 1;
  }
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_memory_t* memory = wasm_extern_as_memory(exports.data[0]);
  wasm_func_t* size = export_func(&exports, 1);
  wasm_func_t* load = export_func(&exports, 2);
  wasm_func_t* store_fn = export_func(&exports, 3);

  printf("Pages: %u, bytes: %zu, memory.size: %d\n", wasm_memory_size(memory), wasm_memory_data_size(memory),
         call_i32(size, 0, 0, 0));
  byte_t* data = wasm_memory_data(memory);
  printf("Data segment: %d %d %d %d\n", data[0x1000], data[0x1001], data[0x1002], data[0x1003]);
  printf("load(0x1002) = %d\n", call_i32(load, 0x1002, 0, 1));

  data[0x2000] = 42;
  printf("C wrote 42, wasm loads %d\n", call_i32(load, 0x2000, 0, 1));
  call_i32(store_fn, 0x2001, -7, 2);
  printf("wasm stored -7, C reads %d\n", (int)(signed char)wasm_memory_data(memory)[0x2001]);

  printf("Loading past the end:\n");
  call_i32(load, 0x20000, 0, 1);

  printf("Growing by 1 page: %s\n", wasm_memory_grow(memory, 1) ? "ok" : "refused");
  printf("Pages: %u, memory.size: %d\n", wasm_memory_size(memory), call_i32(size, 0, 0, 0));
  printf("load(0x20000) = %d\n", call_i32(load, 0x20000, 0, 1));
  printf("Growing past the maximum: %s\n", wasm_memory_grow(memory, 1) ? "ok" : "refused");

  wasm_memorytype_t* type = wasm_memory_type(memory);
  const wasm_limits_t* limits = wasm_memorytype_limits(type);
  printf("Type: min %u, max %u\n", limits->min, limits->max);
  wasm_memorytype_delete(type);

  printf("A memory made by the host:\n");
  wasm_limits_t host_limits = {1, 2};
  wasm_memorytype_t* host_type = wasm_memorytype_new(&host_limits);
  wasm_memory_t* host_memory = wasm_memory_new(store, host_type);
  wasm_memorytype_delete(host_type);
  printf("Pages: %u\n", wasm_memory_size(host_memory));
  printf("Grow by 1: %s\n", wasm_memory_grow(host_memory, 1) ? "ok" : "refused");
  printf("Grow by 1: %s\n", wasm_memory_grow(host_memory, 1) ? "ok" : "refused");
  wasm_memory_delete(host_memory);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
