/* hostref: host objects (wasm_foreign_t) passed to wasm as externrefs, kept in a global
 * and a table, and handed back; host info travels with the object. */
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

static const char* label(const wasm_ref_t* ref) {
  return ref ? (const char*)wasm_ref_get_host_info(ref) : "null";
}

static wasm_trap_t* inspect(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  printf("> the host sees %s\n", label(args->data[0].of.ref));
  wasm_val_copy(&results->data[0], &args->data[0]);
  return NULL;
}

/* Calls export i with the given arguments; returns its externref result (owned), or NULL. */
static wasm_ref_t* call(const wasm_extern_vec_t* exports, size_t i, wasm_val_t* args, size_t nargs) {
  const wasm_func_t* f = wasm_extern_as_func(exports->data[i]);
  wasm_val_t results_v[1] = {WASM_INIT_VAL};
  wasm_val_vec_t arg_vec = {nargs, args};
  wasm_val_vec_t results = {wasm_func_result_arity(f), results_v};
  wasm_trap_t* trap = wasm_func_call(f, &arg_vec, &results);
  if (trap) {
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    printf("trap: %s\n", message.data);
    wasm_byte_vec_delete(&message);
    wasm_trap_delete(trap);
    return NULL;
  }
  return results.size ? results_v[0].of.ref : NULL;
}

static void show(const char* what, wasm_ref_t* ref) {
  printf("%s: %s\n", what, label(ref));
  if (ref) wasm_ref_delete(ref);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "hostref.wasm");
  if (!module) {
    printf("cannot load hostref.wasm\n");
    return 1;
  }
  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_externref(), wasm_valtype_new_externref());
  wasm_func_t* host = wasm_func_new(store, type, inspect);
  wasm_functype_delete(type);
  wasm_extern_t* externs[] = {wasm_func_as_extern(host)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  wasm_func_delete(host);
  if (!instance) {
    printf("cannot instantiate\n");
    return 1;
  }
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  enum { HOLD, HELD, PUT, TAKE, PASS };

  wasm_foreign_t* apple = wasm_foreign_new(store);
  wasm_foreign_t* pear = wasm_foreign_new(store);
  wasm_foreign_set_host_info(apple, "apple");
  wasm_foreign_set_host_info(pear, "pear");
  wasm_ref_t* apple_ref = wasm_foreign_as_ref(apple);
  wasm_ref_t* pear_ref = wasm_foreign_as_ref(pear);

  show("held at first", call(&exports, HELD, NULL, 0));
  wasm_val_t hold_apple[1] = {WASM_REF_VAL(apple_ref)};
  call(&exports, HOLD, hold_apple, 1);
  wasm_ref_t* held = call(&exports, HELD, NULL, 0);
  printf("held is the same object as apple: %s\n", wasm_ref_same(held, apple_ref) ? "yes" : "no");
  show("held", held);

  wasm_val_t put0[2] = {WASM_I32_VAL(0), WASM_REF_VAL(pear_ref)};
  call(&exports, PUT, put0, 2);
  wasm_val_t take0[1] = {WASM_I32_VAL(0)};
  show("slot 0", call(&exports, TAKE, take0, 1));
  wasm_val_t take1[1] = {WASM_I32_VAL(1)};
  show("slot 1", call(&exports, TAKE, take1, 1));
  wasm_val_t take9[1] = {WASM_I32_VAL(9)};
  show("slot 9", call(&exports, TAKE, take9, 1));

  wasm_val_t pass_pear[1] = {WASM_REF_VAL(pear_ref)};
  show("passed through the host", call(&exports, PASS, pass_pear, 1));
  wasm_val_t pass_null[1] = {WASM_REF_VAL(NULL)};
  show("null passed through the host", call(&exports, PASS, pass_null, 1));

  printf("A function where an externref is expected:\n");
  wasm_val_t pass_func[1] = {WASM_REF_VAL(wasm_func_as_ref(wasm_extern_as_func(exports.data[HOLD])))};
  call(&exports, PASS, pass_func, 1);

  wasm_ref_delete(apple_ref);
  wasm_ref_delete(pear_ref);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
