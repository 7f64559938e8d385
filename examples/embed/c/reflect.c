/* reflect: list a module's imports and exports with their types, and the types of an
 * instance's exports. */
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

static const char* kind_name(wasm_valkind_t k) {
  switch (k) {
    case WASM_I32: return "i32";
    case WASM_I64: return "i64";
    case WASM_F32: return "f32";
    case WASM_F64: return "f64";
    case WASM_V128: return "v128";
    case WASM_EXTERNREF: return "externref";
    case WASM_FUNCREF: return "funcref";
    default: return "anyref";
  }
}

static void print_valtypes(const wasm_valtype_vec_t* types) {
  printf("(");
  for (size_t i = 0; i < types->size; ++i) printf("%s%s", i ? " " : "", kind_name(wasm_valtype_kind(types->data[i])));
  printf(")");
}

static void print_limits(const wasm_limits_t* limits) {
  if (limits->max == wasm_limits_max_default) printf("%u..", limits->min);
  else printf("%u..%u", limits->min, limits->max);
}

static void print_externtype(const wasm_externtype_t* type) {
  switch (wasm_externtype_kind(type)) {
    case WASM_EXTERN_FUNC: {
      const wasm_functype_t* f = wasm_externtype_as_functype_const(type);
      printf("func ");
      print_valtypes(wasm_functype_params(f));
      printf(" -> ");
      print_valtypes(wasm_functype_results(f));
      break;
    }
    case WASM_EXTERN_GLOBAL: {
      const wasm_globaltype_t* g = wasm_externtype_as_globaltype_const(type);
      printf("global %s %s", wasm_globaltype_mutability(g) == WASM_VAR ? "var" : "const",
             kind_name(wasm_valtype_kind(wasm_globaltype_content(g))));
      break;
    }
    case WASM_EXTERN_TABLE: {
      const wasm_tabletype_t* t = wasm_externtype_as_tabletype_const(type);
      printf("table %s ", kind_name(wasm_valtype_kind(wasm_tabletype_element(t))));
      print_limits(wasm_tabletype_limits(t));
      break;
    }
    case WASM_EXTERN_MEMORY:
      printf("memory ");
      print_limits(wasm_memorytype_limits(wasm_externtype_as_memorytype_const(type)));
      break;
  }
  printf("\n");
}

static wasm_trap_t* ignore(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  return NULL;
}

static void print_name(const wasm_name_t* name) { printf("%.*s", (int)name->size, name->data); }

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "reflect.wasm");
  if (!module) {
    printf("cannot load reflect.wasm\n");
    return 1;
  }

  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  printf("%zu imports:\n", imports.size);
  for (size_t i = 0; i < imports.size; ++i) {
    printf("  ");
    print_name(wasm_importtype_module(imports.data[i]));
    printf(".");
    print_name(wasm_importtype_name(imports.data[i]));
    printf(": ");
    print_externtype(wasm_importtype_type(imports.data[i]));
  }

  wasm_exporttype_vec_t exports;
  wasm_module_exports(module, &exports);
  printf("%zu exports:\n", exports.size);
  for (size_t i = 0; i < exports.size; ++i) {
    printf("  ");
    print_name(wasm_exporttype_name(exports.data[i]));
    printf(": ");
    print_externtype(wasm_exporttype_type(exports.data[i]));
  }

  /* Objects of the imported types, made by the host, to instantiate it. */
  wasm_extern_t* externs[4];
  for (size_t i = 0; i < imports.size && i < 4; ++i) {
    const wasm_externtype_t* type = wasm_importtype_type(imports.data[i]);
    switch (wasm_externtype_kind(type)) {
      case WASM_EXTERN_FUNC:
        externs[i] = wasm_func_as_extern(wasm_func_new(store, wasm_externtype_as_functype_const(type), ignore));
        break;
      case WASM_EXTERN_GLOBAL: {
        wasm_val_t zero = WASM_I64_VAL(0);
        externs[i] = wasm_global_as_extern(wasm_global_new(store, wasm_externtype_as_globaltype_const(type), &zero));
        break;
      }
      case WASM_EXTERN_TABLE:
        externs[i] = wasm_table_as_extern(wasm_table_new(store, wasm_externtype_as_tabletype_const(type), NULL));
        break;
      case WASM_EXTERN_MEMORY:
        externs[i] = wasm_memory_as_extern(wasm_memory_new(store, wasm_externtype_as_memorytype_const(type)));
        break;
    }
  }
  wasm_extern_vec_t import_vec = {imports.size, externs};
  wasm_instance_t* instance = wasm_instance_new(store, module, &import_vec, NULL);
  if (!instance) {
    printf("cannot instantiate\n");
    return 1;
  }
  for (size_t i = 0; i < import_vec.size; ++i) wasm_extern_delete(externs[i]);
  wasm_importtype_vec_delete(&imports);
  wasm_exporttype_vec_delete(&exports);

  /* The instance's exports, and their types as objects (memories and tables report their
   * current size as the minimum). */
  wasm_extern_vec_t instance_exports;
  wasm_instance_exports(instance, &instance_exports);
  wasm_memory_grow(wasm_extern_as_memory(instance_exports.data[3]), 2);
  printf("Instance exports (after growing the memory by 2 pages):\n");
  for (size_t i = 0; i < instance_exports.size; ++i) {
    wasm_externtype_t* type = wasm_extern_type(instance_exports.data[i]);
    printf("  %zu: ", i);
    print_externtype(type);
    wasm_externtype_delete(type);
  }
  wasm_extern_vec_delete(&instance_exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
