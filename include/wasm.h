/* wasm.h: the standard WebAssembly C API (github.com/WebAssembly/wasm-c-api), as
 * implemented by nanoproc. The declarations match the header Wasmtime and WAMR ship, so a
 * program written against it builds unchanged against nanoproc's libraries (README.md,
 * "C API"). This text is nanoproc's own.
 *
 * Ownership. A parameter or result marked `own` transfers ownership: a result marked
 * `own` must be released with the matching wasm_X_delete; an `own` parameter is consumed
 * by the call; an `own wasm_X_vec_t* out` receives a vector (and its elements) the caller
 * then owns. Everything else is borrowed for the duration of the call.
 *
 * Lifetimes in nanoproc. Functions, globals, tables, memories, instances and foreign
 * objects live in their store until wasm_store_delete; a wasm_func_t* (and the like) is a
 * handle, and deleting it releases only the handle. Host info attached to a store object
 * (wasm_X_set_host_info_with_finalizer) is finalized when the store is deleted, or when it
 * is replaced. Modules and traps are independent of stores and are finalized when their
 * last handle is deleted. Nothing in this API aborts on bad input: constructors return
 * NULL, wasm_func_call returns a trap that says what was wrong.
 */
#ifndef WASM_H
#define WASM_H

/* <assert.h> and <string.h> are part of the interface: programs written for other
 * runtimes use assert() and strlen() with only this header included. */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifndef WASM_API_EXTERN
#define WASM_API_EXTERN
#endif

#ifdef __cplusplus
extern "C" {
#endif

#ifndef own
#define own
#define NANOPROC_WASM_H_DEFINED_OWN
#endif

/* ------------------------------------------------------------------ scalar types */

typedef char byte_t;
typedef float float32_t;
typedef double float64_t;

typedef byte_t wasm_byte_t;

/* ------------------------------------------------------------------ opaque objects */

typedef struct wasm_config_t wasm_config_t;
typedef struct wasm_engine_t wasm_engine_t;
typedef struct wasm_store_t wasm_store_t;

typedef struct wasm_valtype_t wasm_valtype_t;
typedef struct wasm_functype_t wasm_functype_t;
typedef struct wasm_globaltype_t wasm_globaltype_t;
typedef struct wasm_tabletype_t wasm_tabletype_t;
typedef struct wasm_memorytype_t wasm_memorytype_t;
typedef struct wasm_externtype_t wasm_externtype_t;
typedef struct wasm_importtype_t wasm_importtype_t;
typedef struct wasm_exporttype_t wasm_exporttype_t;

typedef struct wasm_ref_t wasm_ref_t;
typedef struct wasm_frame_t wasm_frame_t;
typedef struct wasm_trap_t wasm_trap_t;
typedef struct wasm_foreign_t wasm_foreign_t;
typedef struct wasm_module_t wasm_module_t;
typedef struct wasm_shared_module_t wasm_shared_module_t;
typedef struct wasm_func_t wasm_func_t;
typedef struct wasm_global_t wasm_global_t;
typedef struct wasm_table_t wasm_table_t;
typedef struct wasm_memory_t wasm_memory_t;
typedef struct wasm_extern_t wasm_extern_t;
typedef struct wasm_instance_t wasm_instance_t;

/* ------------------------------------------------------------------ vectors
 * A vector is `size` elements at `data` (NULL when empty). Vectors of pointers own their
 * elements: wasm_X_vec_delete deletes each non-NULL one, wasm_X_vec_copy copies each. */

typedef struct wasm_byte_vec_t {
  size_t size;
  wasm_byte_t* data;
} wasm_byte_vec_t;
WASM_API_EXTERN void wasm_byte_vec_new_empty(own wasm_byte_vec_t* out);
WASM_API_EXTERN void wasm_byte_vec_new_uninitialized(own wasm_byte_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_byte_vec_new(own wasm_byte_vec_t* out, size_t size, own wasm_byte_t const data[]);
WASM_API_EXTERN void wasm_byte_vec_copy(own wasm_byte_vec_t* out, const wasm_byte_vec_t* src);
WASM_API_EXTERN void wasm_byte_vec_delete(own wasm_byte_vec_t* vec);
/* A name is a byte vector (UTF-8, not NUL-terminated unless made with _nt). */
typedef wasm_byte_vec_t wasm_name_t;
#define wasm_name wasm_byte_vec
#define wasm_name_new wasm_byte_vec_new
#define wasm_name_new_empty wasm_byte_vec_new_empty
#define wasm_name_new_new_uninitialized wasm_byte_vec_new_uninitialized
#define wasm_name_new_uninitialized wasm_byte_vec_new_uninitialized
#define wasm_name_copy wasm_byte_vec_copy
#define wasm_name_delete wasm_byte_vec_delete

static inline void wasm_name_new_from_string(own wasm_name_t* out, const char* s) {
  wasm_name_new(out, strlen(s), s);
}
/* The same, keeping the terminating NUL in the vector (trap messages are NUL-terminated). */
static inline void wasm_name_new_from_string_nt(own wasm_name_t* out, const char* s) {
  wasm_name_new(out, strlen(s) + 1, s);
}

typedef struct wasm_frame_vec_t {
  size_t size;
  wasm_frame_t** data;
} wasm_frame_vec_t;
WASM_API_EXTERN void wasm_frame_vec_new_empty(own wasm_frame_vec_t* out);
WASM_API_EXTERN void wasm_frame_vec_new_uninitialized(own wasm_frame_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_frame_vec_new(own wasm_frame_vec_t* out, size_t size, own wasm_frame_t* const data[]);
WASM_API_EXTERN void wasm_frame_vec_copy(own wasm_frame_vec_t* out, const wasm_frame_vec_t* src);
WASM_API_EXTERN void wasm_frame_vec_delete(own wasm_frame_vec_t* vec);
typedef struct wasm_extern_vec_t {
  size_t size;
  wasm_extern_t** data;
} wasm_extern_vec_t;
WASM_API_EXTERN void wasm_extern_vec_new_empty(own wasm_extern_vec_t* out);
WASM_API_EXTERN void wasm_extern_vec_new_uninitialized(own wasm_extern_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_extern_vec_new(own wasm_extern_vec_t* out, size_t size, own wasm_extern_t* const data[]);
WASM_API_EXTERN void wasm_extern_vec_copy(own wasm_extern_vec_t* out, const wasm_extern_vec_t* src);
WASM_API_EXTERN void wasm_extern_vec_delete(own wasm_extern_vec_t* vec);
typedef struct wasm_valtype_vec_t {
  size_t size;
  wasm_valtype_t** data;
} wasm_valtype_vec_t;
WASM_API_EXTERN void wasm_valtype_vec_new_empty(own wasm_valtype_vec_t* out);
WASM_API_EXTERN void wasm_valtype_vec_new_uninitialized(own wasm_valtype_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_valtype_vec_new(own wasm_valtype_vec_t* out, size_t size, own wasm_valtype_t* const data[]);
WASM_API_EXTERN void wasm_valtype_vec_copy(own wasm_valtype_vec_t* out, const wasm_valtype_vec_t* src);
WASM_API_EXTERN void wasm_valtype_vec_delete(own wasm_valtype_vec_t* vec);
typedef struct wasm_functype_vec_t {
  size_t size;
  wasm_functype_t** data;
} wasm_functype_vec_t;
WASM_API_EXTERN void wasm_functype_vec_new_empty(own wasm_functype_vec_t* out);
WASM_API_EXTERN void wasm_functype_vec_new_uninitialized(own wasm_functype_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_functype_vec_new(own wasm_functype_vec_t* out, size_t size, own wasm_functype_t* const data[]);
WASM_API_EXTERN void wasm_functype_vec_copy(own wasm_functype_vec_t* out, const wasm_functype_vec_t* src);
WASM_API_EXTERN void wasm_functype_vec_delete(own wasm_functype_vec_t* vec);
typedef struct wasm_globaltype_vec_t {
  size_t size;
  wasm_globaltype_t** data;
} wasm_globaltype_vec_t;
WASM_API_EXTERN void wasm_globaltype_vec_new_empty(own wasm_globaltype_vec_t* out);
WASM_API_EXTERN void wasm_globaltype_vec_new_uninitialized(own wasm_globaltype_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_globaltype_vec_new(own wasm_globaltype_vec_t* out, size_t size, own wasm_globaltype_t* const data[]);
WASM_API_EXTERN void wasm_globaltype_vec_copy(own wasm_globaltype_vec_t* out, const wasm_globaltype_vec_t* src);
WASM_API_EXTERN void wasm_globaltype_vec_delete(own wasm_globaltype_vec_t* vec);
typedef struct wasm_tabletype_vec_t {
  size_t size;
  wasm_tabletype_t** data;
} wasm_tabletype_vec_t;
WASM_API_EXTERN void wasm_tabletype_vec_new_empty(own wasm_tabletype_vec_t* out);
WASM_API_EXTERN void wasm_tabletype_vec_new_uninitialized(own wasm_tabletype_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_tabletype_vec_new(own wasm_tabletype_vec_t* out, size_t size, own wasm_tabletype_t* const data[]);
WASM_API_EXTERN void wasm_tabletype_vec_copy(own wasm_tabletype_vec_t* out, const wasm_tabletype_vec_t* src);
WASM_API_EXTERN void wasm_tabletype_vec_delete(own wasm_tabletype_vec_t* vec);
typedef struct wasm_memorytype_vec_t {
  size_t size;
  wasm_memorytype_t** data;
} wasm_memorytype_vec_t;
WASM_API_EXTERN void wasm_memorytype_vec_new_empty(own wasm_memorytype_vec_t* out);
WASM_API_EXTERN void wasm_memorytype_vec_new_uninitialized(own wasm_memorytype_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_memorytype_vec_new(own wasm_memorytype_vec_t* out, size_t size, own wasm_memorytype_t* const data[]);
WASM_API_EXTERN void wasm_memorytype_vec_copy(own wasm_memorytype_vec_t* out, const wasm_memorytype_vec_t* src);
WASM_API_EXTERN void wasm_memorytype_vec_delete(own wasm_memorytype_vec_t* vec);
typedef struct wasm_externtype_vec_t {
  size_t size;
  wasm_externtype_t** data;
} wasm_externtype_vec_t;
WASM_API_EXTERN void wasm_externtype_vec_new_empty(own wasm_externtype_vec_t* out);
WASM_API_EXTERN void wasm_externtype_vec_new_uninitialized(own wasm_externtype_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_externtype_vec_new(own wasm_externtype_vec_t* out, size_t size, own wasm_externtype_t* const data[]);
WASM_API_EXTERN void wasm_externtype_vec_copy(own wasm_externtype_vec_t* out, const wasm_externtype_vec_t* src);
WASM_API_EXTERN void wasm_externtype_vec_delete(own wasm_externtype_vec_t* vec);
typedef struct wasm_importtype_vec_t {
  size_t size;
  wasm_importtype_t** data;
} wasm_importtype_vec_t;
WASM_API_EXTERN void wasm_importtype_vec_new_empty(own wasm_importtype_vec_t* out);
WASM_API_EXTERN void wasm_importtype_vec_new_uninitialized(own wasm_importtype_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_importtype_vec_new(own wasm_importtype_vec_t* out, size_t size, own wasm_importtype_t* const data[]);
WASM_API_EXTERN void wasm_importtype_vec_copy(own wasm_importtype_vec_t* out, const wasm_importtype_vec_t* src);
WASM_API_EXTERN void wasm_importtype_vec_delete(own wasm_importtype_vec_t* vec);
typedef struct wasm_exporttype_vec_t {
  size_t size;
  wasm_exporttype_t** data;
} wasm_exporttype_vec_t;
WASM_API_EXTERN void wasm_exporttype_vec_new_empty(own wasm_exporttype_vec_t* out);
WASM_API_EXTERN void wasm_exporttype_vec_new_uninitialized(own wasm_exporttype_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_exporttype_vec_new(own wasm_exporttype_vec_t* out, size_t size, own wasm_exporttype_t* const data[]);
WASM_API_EXTERN void wasm_exporttype_vec_copy(own wasm_exporttype_vec_t* out, const wasm_exporttype_vec_t* src);
WASM_API_EXTERN void wasm_exporttype_vec_delete(own wasm_exporttype_vec_t* vec);
/* ------------------------------------------------------------------ engine and store */

WASM_API_EXTERN own wasm_config_t* wasm_config_new(void);
WASM_API_EXTERN void wasm_config_delete(own wasm_config_t* config);

WASM_API_EXTERN own wasm_engine_t* wasm_engine_new(void);
/* Consumes `config`. */
WASM_API_EXTERN own wasm_engine_t* wasm_engine_new_with_config(own wasm_config_t* config);
WASM_API_EXTERN void wasm_engine_delete(own wasm_engine_t* engine);

/* NULL if `engine` is NULL. A store keeps its engine alive. */
WASM_API_EXTERN own wasm_store_t* wasm_store_new(wasm_engine_t* engine);
WASM_API_EXTERN void wasm_store_delete(own wasm_store_t* store);

/* ------------------------------------------------------------------ types */

typedef uint8_t wasm_mutability_t;
enum wasm_mutability_enum { WASM_CONST, WASM_VAR };

typedef struct wasm_limits_t {
  uint32_t min;
  uint32_t max; /* wasm_limits_max_default: no maximum */
} wasm_limits_t;

static const uint32_t wasm_limits_max_default = 0xffffffff;

typedef uint8_t wasm_valkind_t;
enum wasm_valkind_enum {
  WASM_I32,
  WASM_I64,
  WASM_F32,
  WASM_F64,
  /* As in WAMR: v128 values appear in types but cannot be passed through wasm_val_t. */
  WASM_V128,
  WASM_EXTERNREF = 128,
  WASM_FUNCREF,
  /* nanoproc: any other reference type (anyref, eqref, structs, arrays, exnref, ...). */
  WASM_ANYREF
};

/* Every wasm_X_copy of a type makes an independent copy the caller owns. */
WASM_API_EXTERN own wasm_valtype_t* wasm_valtype_new(wasm_valkind_t kind); /* NULL if unknown */
WASM_API_EXTERN void wasm_valtype_delete(own wasm_valtype_t* type);
WASM_API_EXTERN own wasm_valtype_t* wasm_valtype_copy(const wasm_valtype_t* type);
WASM_API_EXTERN wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t* type);

static inline bool wasm_valkind_is_num(wasm_valkind_t k) { return k < WASM_EXTERNREF; }
static inline bool wasm_valkind_is_ref(wasm_valkind_t k) { return k >= WASM_EXTERNREF; }
static inline bool wasm_valtype_is_num(const wasm_valtype_t* t) { return wasm_valkind_is_num(wasm_valtype_kind(t)); }
static inline bool wasm_valtype_is_ref(const wasm_valtype_t* t) { return wasm_valkind_is_ref(wasm_valtype_kind(t)); }

/* Consumes both vectors (and their elements); NULL if either holds a NULL element. */
WASM_API_EXTERN own wasm_functype_t* wasm_functype_new(own wasm_valtype_vec_t* params, own wasm_valtype_vec_t* results);
WASM_API_EXTERN void wasm_functype_delete(own wasm_functype_t* type);
WASM_API_EXTERN own wasm_functype_t* wasm_functype_copy(const wasm_functype_t* type);
WASM_API_EXTERN const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t* type);
WASM_API_EXTERN const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t* type);

/* Consumes `content`. */
WASM_API_EXTERN own wasm_globaltype_t* wasm_globaltype_new(own wasm_valtype_t* content, wasm_mutability_t mutability);
WASM_API_EXTERN void wasm_globaltype_delete(own wasm_globaltype_t* type);
WASM_API_EXTERN own wasm_globaltype_t* wasm_globaltype_copy(const wasm_globaltype_t* type);
WASM_API_EXTERN const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t* type);
WASM_API_EXTERN wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t* type);

/* Consumes `element` (a reference type). */
WASM_API_EXTERN own wasm_tabletype_t* wasm_tabletype_new(own wasm_valtype_t* element, const wasm_limits_t* limits);
WASM_API_EXTERN void wasm_tabletype_delete(own wasm_tabletype_t* type);
WASM_API_EXTERN own wasm_tabletype_t* wasm_tabletype_copy(const wasm_tabletype_t* type);
WASM_API_EXTERN const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t* type);
WASM_API_EXTERN const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t* type);

WASM_API_EXTERN own wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t* limits);
WASM_API_EXTERN void wasm_memorytype_delete(own wasm_memorytype_t* type);
WASM_API_EXTERN own wasm_memorytype_t* wasm_memorytype_copy(const wasm_memorytype_t* type);
WASM_API_EXTERN const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t* type);

typedef uint8_t wasm_externkind_t;
enum wasm_externkind_enum { WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_TABLE, WASM_EXTERN_MEMORY };

/* An extern type is one of the four types above, seen through a common handle: the _as_
 * conversions return the same object (not a copy; NULL when the kind differs). */
WASM_API_EXTERN void wasm_externtype_delete(own wasm_externtype_t* type);
WASM_API_EXTERN own wasm_externtype_t* wasm_externtype_copy(const wasm_externtype_t* type);
WASM_API_EXTERN wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t* type);

WASM_API_EXTERN wasm_externtype_t* wasm_functype_as_externtype(wasm_functype_t* type);
WASM_API_EXTERN wasm_externtype_t* wasm_globaltype_as_externtype(wasm_globaltype_t* type);
WASM_API_EXTERN wasm_externtype_t* wasm_tabletype_as_externtype(wasm_tabletype_t* type);
WASM_API_EXTERN wasm_externtype_t* wasm_memorytype_as_externtype(wasm_memorytype_t* type);
WASM_API_EXTERN wasm_functype_t* wasm_externtype_as_functype(wasm_externtype_t* type);
WASM_API_EXTERN wasm_globaltype_t* wasm_externtype_as_globaltype(wasm_externtype_t* type);
WASM_API_EXTERN wasm_tabletype_t* wasm_externtype_as_tabletype(wasm_externtype_t* type);
WASM_API_EXTERN wasm_memorytype_t* wasm_externtype_as_memorytype(wasm_externtype_t* type);
WASM_API_EXTERN const wasm_externtype_t* wasm_functype_as_externtype_const(const wasm_functype_t* type);
WASM_API_EXTERN const wasm_externtype_t* wasm_globaltype_as_externtype_const(const wasm_globaltype_t* type);
WASM_API_EXTERN const wasm_externtype_t* wasm_tabletype_as_externtype_const(const wasm_tabletype_t* type);
WASM_API_EXTERN const wasm_externtype_t* wasm_memorytype_as_externtype_const(const wasm_memorytype_t* type);
WASM_API_EXTERN const wasm_functype_t* wasm_externtype_as_functype_const(const wasm_externtype_t* type);
WASM_API_EXTERN const wasm_globaltype_t* wasm_externtype_as_globaltype_const(const wasm_externtype_t* type);
WASM_API_EXTERN const wasm_tabletype_t* wasm_externtype_as_tabletype_const(const wasm_externtype_t* type);
WASM_API_EXTERN const wasm_memorytype_t* wasm_externtype_as_memorytype_const(const wasm_externtype_t* type);

/* Consumes `module`, `name` and `type`. */
WASM_API_EXTERN own wasm_importtype_t* wasm_importtype_new(own wasm_name_t* module, own wasm_name_t* name,
                                                           own wasm_externtype_t* type);
WASM_API_EXTERN void wasm_importtype_delete(own wasm_importtype_t* type);
WASM_API_EXTERN own wasm_importtype_t* wasm_importtype_copy(const wasm_importtype_t* type);
WASM_API_EXTERN const wasm_name_t* wasm_importtype_module(const wasm_importtype_t* type);
WASM_API_EXTERN const wasm_name_t* wasm_importtype_name(const wasm_importtype_t* type);
WASM_API_EXTERN const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t* type);

/* Consumes `name` and `type`. */
WASM_API_EXTERN own wasm_exporttype_t* wasm_exporttype_new(own wasm_name_t* name, own wasm_externtype_t* type);
WASM_API_EXTERN void wasm_exporttype_delete(own wasm_exporttype_t* type);
WASM_API_EXTERN own wasm_exporttype_t* wasm_exporttype_copy(const wasm_exporttype_t* type);
WASM_API_EXTERN const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t* type);
WASM_API_EXTERN const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t* type);

/* ------------------------------------------------------------------ values */

/* A value of kind WASM_EXTERNREF or WASM_FUNCREF owns its `ref` (NULL is the null
 * reference): wasm_val_delete deletes it, wasm_val_copy copies it. */
typedef struct wasm_val_t {
  wasm_valkind_t kind;
  union {
    int32_t i32;
    int64_t i64;
    float32_t f32;
    float64_t f64;
    struct wasm_ref_t* ref;
  } of;
} wasm_val_t;

WASM_API_EXTERN void wasm_val_delete(own wasm_val_t* v);
WASM_API_EXTERN void wasm_val_copy(own wasm_val_t* out, const wasm_val_t* v);

typedef struct wasm_val_vec_t {
  size_t size;
  wasm_val_t* data;
} wasm_val_vec_t;
WASM_API_EXTERN void wasm_val_vec_new_empty(own wasm_val_vec_t* out);
WASM_API_EXTERN void wasm_val_vec_new_uninitialized(own wasm_val_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_val_vec_new(own wasm_val_vec_t* out, size_t size, own wasm_val_t const data[]);
WASM_API_EXTERN void wasm_val_vec_copy(own wasm_val_vec_t* out, const wasm_val_vec_t* src);
WASM_API_EXTERN void wasm_val_vec_delete(own wasm_val_vec_t* vec);
/* ------------------------------------------------------------------ references
 * Every runtime object below is a reference: it can be copied (a new handle to the same
 * object), compared with _same, carry host info, and be viewed as a wasm_ref_t (the
 * _as_ref conversions return the same handle, not a copy; wasm_ref_as_X returns NULL if
 * the reference is of another kind). */

WASM_API_EXTERN void wasm_ref_delete(own wasm_ref_t* ref);
WASM_API_EXTERN own wasm_ref_t* wasm_ref_copy(const wasm_ref_t* ref);
WASM_API_EXTERN bool wasm_ref_same(const wasm_ref_t* a, const wasm_ref_t* b);
WASM_API_EXTERN void* wasm_ref_get_host_info(const wasm_ref_t* ref);
WASM_API_EXTERN void wasm_ref_set_host_info(wasm_ref_t* ref, void* info);
WASM_API_EXTERN void wasm_ref_set_host_info_with_finalizer(wasm_ref_t* ref, void* info, void (*finalizer)(void*));

WASM_API_EXTERN void wasm_trap_delete(own wasm_trap_t* x);
WASM_API_EXTERN own wasm_trap_t* wasm_trap_copy(const wasm_trap_t* x);
WASM_API_EXTERN bool wasm_trap_same(const wasm_trap_t* a, const wasm_trap_t* b);
WASM_API_EXTERN void* wasm_trap_get_host_info(const wasm_trap_t* x);
WASM_API_EXTERN void wasm_trap_set_host_info(wasm_trap_t* x, void* info);
WASM_API_EXTERN void wasm_trap_set_host_info_with_finalizer(wasm_trap_t* x, void* info, void (*finalizer)(void*));
WASM_API_EXTERN wasm_ref_t* wasm_trap_as_ref(wasm_trap_t* x);
WASM_API_EXTERN wasm_trap_t* wasm_ref_as_trap(wasm_ref_t* ref);
WASM_API_EXTERN const wasm_ref_t* wasm_trap_as_ref_const(const wasm_trap_t* x);
WASM_API_EXTERN const wasm_trap_t* wasm_ref_as_trap_const(const wasm_ref_t* ref);
WASM_API_EXTERN void wasm_foreign_delete(own wasm_foreign_t* x);
WASM_API_EXTERN own wasm_foreign_t* wasm_foreign_copy(const wasm_foreign_t* x);
WASM_API_EXTERN bool wasm_foreign_same(const wasm_foreign_t* a, const wasm_foreign_t* b);
WASM_API_EXTERN void* wasm_foreign_get_host_info(const wasm_foreign_t* x);
WASM_API_EXTERN void wasm_foreign_set_host_info(wasm_foreign_t* x, void* info);
WASM_API_EXTERN void wasm_foreign_set_host_info_with_finalizer(wasm_foreign_t* x, void* info, void (*finalizer)(void*));
WASM_API_EXTERN wasm_ref_t* wasm_foreign_as_ref(wasm_foreign_t* x);
WASM_API_EXTERN wasm_foreign_t* wasm_ref_as_foreign(wasm_ref_t* ref);
WASM_API_EXTERN const wasm_ref_t* wasm_foreign_as_ref_const(const wasm_foreign_t* x);
WASM_API_EXTERN const wasm_foreign_t* wasm_ref_as_foreign_const(const wasm_ref_t* ref);
WASM_API_EXTERN void wasm_module_delete(own wasm_module_t* x);
WASM_API_EXTERN own wasm_module_t* wasm_module_copy(const wasm_module_t* x);
WASM_API_EXTERN bool wasm_module_same(const wasm_module_t* a, const wasm_module_t* b);
WASM_API_EXTERN void* wasm_module_get_host_info(const wasm_module_t* x);
WASM_API_EXTERN void wasm_module_set_host_info(wasm_module_t* x, void* info);
WASM_API_EXTERN void wasm_module_set_host_info_with_finalizer(wasm_module_t* x, void* info, void (*finalizer)(void*));
WASM_API_EXTERN wasm_ref_t* wasm_module_as_ref(wasm_module_t* x);
WASM_API_EXTERN wasm_module_t* wasm_ref_as_module(wasm_ref_t* ref);
WASM_API_EXTERN const wasm_ref_t* wasm_module_as_ref_const(const wasm_module_t* x);
WASM_API_EXTERN const wasm_module_t* wasm_ref_as_module_const(const wasm_ref_t* ref);
WASM_API_EXTERN void wasm_func_delete(own wasm_func_t* x);
WASM_API_EXTERN own wasm_func_t* wasm_func_copy(const wasm_func_t* x);
WASM_API_EXTERN bool wasm_func_same(const wasm_func_t* a, const wasm_func_t* b);
WASM_API_EXTERN void* wasm_func_get_host_info(const wasm_func_t* x);
WASM_API_EXTERN void wasm_func_set_host_info(wasm_func_t* x, void* info);
WASM_API_EXTERN void wasm_func_set_host_info_with_finalizer(wasm_func_t* x, void* info, void (*finalizer)(void*));
WASM_API_EXTERN wasm_ref_t* wasm_func_as_ref(wasm_func_t* x);
WASM_API_EXTERN wasm_func_t* wasm_ref_as_func(wasm_ref_t* ref);
WASM_API_EXTERN const wasm_ref_t* wasm_func_as_ref_const(const wasm_func_t* x);
WASM_API_EXTERN const wasm_func_t* wasm_ref_as_func_const(const wasm_ref_t* ref);
WASM_API_EXTERN void wasm_global_delete(own wasm_global_t* x);
WASM_API_EXTERN own wasm_global_t* wasm_global_copy(const wasm_global_t* x);
WASM_API_EXTERN bool wasm_global_same(const wasm_global_t* a, const wasm_global_t* b);
WASM_API_EXTERN void* wasm_global_get_host_info(const wasm_global_t* x);
WASM_API_EXTERN void wasm_global_set_host_info(wasm_global_t* x, void* info);
WASM_API_EXTERN void wasm_global_set_host_info_with_finalizer(wasm_global_t* x, void* info, void (*finalizer)(void*));
WASM_API_EXTERN wasm_ref_t* wasm_global_as_ref(wasm_global_t* x);
WASM_API_EXTERN wasm_global_t* wasm_ref_as_global(wasm_ref_t* ref);
WASM_API_EXTERN const wasm_ref_t* wasm_global_as_ref_const(const wasm_global_t* x);
WASM_API_EXTERN const wasm_global_t* wasm_ref_as_global_const(const wasm_ref_t* ref);
WASM_API_EXTERN void wasm_table_delete(own wasm_table_t* x);
WASM_API_EXTERN own wasm_table_t* wasm_table_copy(const wasm_table_t* x);
WASM_API_EXTERN bool wasm_table_same(const wasm_table_t* a, const wasm_table_t* b);
WASM_API_EXTERN void* wasm_table_get_host_info(const wasm_table_t* x);
WASM_API_EXTERN void wasm_table_set_host_info(wasm_table_t* x, void* info);
WASM_API_EXTERN void wasm_table_set_host_info_with_finalizer(wasm_table_t* x, void* info, void (*finalizer)(void*));
WASM_API_EXTERN wasm_ref_t* wasm_table_as_ref(wasm_table_t* x);
WASM_API_EXTERN wasm_table_t* wasm_ref_as_table(wasm_ref_t* ref);
WASM_API_EXTERN const wasm_ref_t* wasm_table_as_ref_const(const wasm_table_t* x);
WASM_API_EXTERN const wasm_table_t* wasm_ref_as_table_const(const wasm_ref_t* ref);
WASM_API_EXTERN void wasm_memory_delete(own wasm_memory_t* x);
WASM_API_EXTERN own wasm_memory_t* wasm_memory_copy(const wasm_memory_t* x);
WASM_API_EXTERN bool wasm_memory_same(const wasm_memory_t* a, const wasm_memory_t* b);
WASM_API_EXTERN void* wasm_memory_get_host_info(const wasm_memory_t* x);
WASM_API_EXTERN void wasm_memory_set_host_info(wasm_memory_t* x, void* info);
WASM_API_EXTERN void wasm_memory_set_host_info_with_finalizer(wasm_memory_t* x, void* info, void (*finalizer)(void*));
WASM_API_EXTERN wasm_ref_t* wasm_memory_as_ref(wasm_memory_t* x);
WASM_API_EXTERN wasm_memory_t* wasm_ref_as_memory(wasm_ref_t* ref);
WASM_API_EXTERN const wasm_ref_t* wasm_memory_as_ref_const(const wasm_memory_t* x);
WASM_API_EXTERN const wasm_memory_t* wasm_ref_as_memory_const(const wasm_ref_t* ref);
WASM_API_EXTERN void wasm_extern_delete(own wasm_extern_t* x);
WASM_API_EXTERN own wasm_extern_t* wasm_extern_copy(const wasm_extern_t* x);
WASM_API_EXTERN bool wasm_extern_same(const wasm_extern_t* a, const wasm_extern_t* b);
WASM_API_EXTERN void* wasm_extern_get_host_info(const wasm_extern_t* x);
WASM_API_EXTERN void wasm_extern_set_host_info(wasm_extern_t* x, void* info);
WASM_API_EXTERN void wasm_extern_set_host_info_with_finalizer(wasm_extern_t* x, void* info, void (*finalizer)(void*));
WASM_API_EXTERN wasm_ref_t* wasm_extern_as_ref(wasm_extern_t* x);
WASM_API_EXTERN wasm_extern_t* wasm_ref_as_extern(wasm_ref_t* ref);
WASM_API_EXTERN const wasm_ref_t* wasm_extern_as_ref_const(const wasm_extern_t* x);
WASM_API_EXTERN const wasm_extern_t* wasm_ref_as_extern_const(const wasm_ref_t* ref);
WASM_API_EXTERN void wasm_instance_delete(own wasm_instance_t* x);
WASM_API_EXTERN own wasm_instance_t* wasm_instance_copy(const wasm_instance_t* x);
WASM_API_EXTERN bool wasm_instance_same(const wasm_instance_t* a, const wasm_instance_t* b);
WASM_API_EXTERN void* wasm_instance_get_host_info(const wasm_instance_t* x);
WASM_API_EXTERN void wasm_instance_set_host_info(wasm_instance_t* x, void* info);
WASM_API_EXTERN void wasm_instance_set_host_info_with_finalizer(wasm_instance_t* x, void* info, void (*finalizer)(void*));
WASM_API_EXTERN wasm_ref_t* wasm_instance_as_ref(wasm_instance_t* x);
WASM_API_EXTERN wasm_instance_t* wasm_ref_as_instance(wasm_ref_t* ref);
WASM_API_EXTERN const wasm_ref_t* wasm_instance_as_ref_const(const wasm_instance_t* x);
WASM_API_EXTERN const wasm_instance_t* wasm_ref_as_instance_const(const wasm_ref_t* ref);
/* ------------------------------------------------------------------ frames and traps */

WASM_API_EXTERN void wasm_frame_delete(own wasm_frame_t* frame);
WASM_API_EXTERN own wasm_frame_t* wasm_frame_copy(const wasm_frame_t* frame);
/* The instance the frame's function belongs to (owned by the frame). */
WASM_API_EXTERN wasm_instance_t* wasm_frame_instance(const wasm_frame_t* frame);
WASM_API_EXTERN uint32_t wasm_frame_func_index(const wasm_frame_t* frame);
/* nanoproc does not map interpreter positions back to bytes: func_offset is 0 and
 * module_offset is the offset of the function's body in the binary. */
WASM_API_EXTERN size_t wasm_frame_func_offset(const wasm_frame_t* frame);
WASM_API_EXTERN size_t wasm_frame_module_offset(const wasm_frame_t* frame);

/* A message is a NUL-terminated name (its size counts the NUL). */
typedef wasm_name_t wasm_message_t;

/* A trap made by the host (for a host function to return); NULL if `message` is NULL. */
WASM_API_EXTERN own wasm_trap_t* wasm_trap_new(wasm_store_t* store, const wasm_message_t* message);
WASM_API_EXTERN void wasm_trap_message(const wasm_trap_t* trap, own wasm_message_t* out);
/* The innermost wasm frame, or NULL (traps made by wasm_trap_new have no frames). */
WASM_API_EXTERN own wasm_frame_t* wasm_trap_origin(const wasm_trap_t* trap);
/* Wasm frames, innermost first. */
WASM_API_EXTERN void wasm_trap_trace(const wasm_trap_t* trap, own wasm_frame_vec_t* out);

/* ------------------------------------------------------------------ foreign objects */

/* A host object wasm code can hold as an externref; lives as long as `store`. */
WASM_API_EXTERN own wasm_foreign_t* wasm_foreign_new(wasm_store_t* store);

/* ------------------------------------------------------------------ modules */

/* Decodes and validates `binary` (nanoproc also accepts the text format). NULL if it is
 * malformed or invalid. */
WASM_API_EXTERN own wasm_module_t* wasm_module_new(wasm_store_t* store, const wasm_byte_vec_t* binary);
WASM_API_EXTERN bool wasm_module_validate(wasm_store_t* store, const wasm_byte_vec_t* binary);
WASM_API_EXTERN void wasm_module_imports(const wasm_module_t* module, own wasm_importtype_vec_t* out);
WASM_API_EXTERN void wasm_module_exports(const wasm_module_t* module, own wasm_exporttype_vec_t* out);
/* A byte form of the module (with a checksum) that wasm_module_deserialize turns back into
 * a module, validated again, on an engine of the same nanoproc version and settings;
 * deserializing returns NULL for anything else (other versions, damaged bytes). */
WASM_API_EXTERN void wasm_module_serialize(const wasm_module_t* module, own wasm_byte_vec_t* out);
WASM_API_EXTERN own wasm_module_t* wasm_module_deserialize(wasm_store_t* store, const wasm_byte_vec_t* bytes);

/* A module handle that may cross threads, and back into a module in another store. */
WASM_API_EXTERN void wasm_shared_module_delete(own wasm_shared_module_t* shared);
WASM_API_EXTERN own wasm_shared_module_t* wasm_module_share(const wasm_module_t* module);
WASM_API_EXTERN own wasm_module_t* wasm_module_obtain(wasm_store_t* store, const wasm_shared_module_t* shared);

/* ------------------------------------------------------------------ functions */

/* A host function. `args` is borrowed; `results` has one preset slot per result, which the
 * callback fills (references it stores there are consumed). Returning a trap (owned by the
 * caller of the callback) makes the calling wasm code trap with its message. */
typedef own wasm_trap_t* (*wasm_func_callback_t)(const wasm_val_vec_t* args, own wasm_val_vec_t* results);
typedef own wasm_trap_t* (*wasm_func_callback_with_env_t)(void* env, const wasm_val_vec_t* args,
                                                          wasm_val_vec_t* results);

WASM_API_EXTERN own wasm_func_t* wasm_func_new(wasm_store_t* store, const wasm_functype_t* type,
                                               wasm_func_callback_t callback);
/* `finalizer` (may be NULL) is called with `env` once, when the store is deleted. */
WASM_API_EXTERN own wasm_func_t* wasm_func_new_with_env(wasm_store_t* store, const wasm_functype_t* type,
                                                        wasm_func_callback_with_env_t callback, void* env,
                                                        void (*finalizer)(void*));
WASM_API_EXTERN own wasm_functype_t* wasm_func_type(const wasm_func_t* func);
WASM_API_EXTERN size_t wasm_func_param_arity(const wasm_func_t* func);
WASM_API_EXTERN size_t wasm_func_result_arity(const wasm_func_t* func);
/* Calls `func`. `args` must match the parameters in number and kinds (else the function is
 * not called); `results` should have exactly one slot per result, which receives it (owned
 * by the caller). Returns NULL, or a trap: the function trapped, or the call was wrong (the
 * message says which; with a wrong number of result slots the function did run, and its
 * results were dropped). */
WASM_API_EXTERN own wasm_trap_t* wasm_func_call(const wasm_func_t* func, const wasm_val_vec_t* args,
                                                wasm_val_vec_t* results);

/* ------------------------------------------------------------------ globals */

/* NULL if `value`'s kind differs from the type's content. */
WASM_API_EXTERN own wasm_global_t* wasm_global_new(wasm_store_t* store, const wasm_globaltype_t* type,
                                                   const wasm_val_t* value);
WASM_API_EXTERN own wasm_globaltype_t* wasm_global_type(const wasm_global_t* global);
WASM_API_EXTERN void wasm_global_get(const wasm_global_t* global, own wasm_val_t* out);
/* Does nothing if the global is immutable or `value` is of another kind. */
WASM_API_EXTERN void wasm_global_set(wasm_global_t* global, const wasm_val_t* value);

/* ------------------------------------------------------------------ tables */

typedef uint32_t wasm_table_size_t;

/* `init` (borrowed, may be NULL) fills the initial elements. */
WASM_API_EXTERN own wasm_table_t* wasm_table_new(wasm_store_t* store, const wasm_tabletype_t* type, wasm_ref_t* init);
WASM_API_EXTERN own wasm_tabletype_t* wasm_table_type(const wasm_table_t* table);
/* NULL for a null element or an index out of bounds. */
WASM_API_EXTERN own wasm_ref_t* wasm_table_get(const wasm_table_t* table, wasm_table_size_t index);
/* false if `index` is out of bounds or `ref` does not fit the element type. */
WASM_API_EXTERN bool wasm_table_set(wasm_table_t* table, wasm_table_size_t index, wasm_ref_t* ref);
WASM_API_EXTERN wasm_table_size_t wasm_table_size(const wasm_table_t* table);
WASM_API_EXTERN bool wasm_table_grow(wasm_table_t* table, wasm_table_size_t delta, wasm_ref_t* init);

/* ------------------------------------------------------------------ memories */

typedef uint32_t wasm_memory_pages_t;
static const size_t MEMORY_PAGE_SIZE = 0x10000;

WASM_API_EXTERN own wasm_memory_t* wasm_memory_new(wasm_store_t* store, const wasm_memorytype_t* type);
WASM_API_EXTERN own wasm_memorytype_t* wasm_memory_type(const wasm_memory_t* memory);
/* Valid until the memory grows. */
WASM_API_EXTERN byte_t* wasm_memory_data(wasm_memory_t* memory);
WASM_API_EXTERN size_t wasm_memory_data_size(const wasm_memory_t* memory);
WASM_API_EXTERN wasm_memory_pages_t wasm_memory_size(const wasm_memory_t* memory);
/* false (nothing changed) past the maximum or the engine's limit. */
WASM_API_EXTERN bool wasm_memory_grow(wasm_memory_t* memory, wasm_memory_pages_t delta);

/* ------------------------------------------------------------------ externs */

WASM_API_EXTERN wasm_externkind_t wasm_extern_kind(const wasm_extern_t* ext);
WASM_API_EXTERN own wasm_externtype_t* wasm_extern_type(const wasm_extern_t* ext);

/* Views of one handle (not copies); wasm_extern_as_X is NULL when the kind differs. */
WASM_API_EXTERN wasm_extern_t* wasm_func_as_extern(wasm_func_t* func);
WASM_API_EXTERN wasm_extern_t* wasm_global_as_extern(wasm_global_t* global);
WASM_API_EXTERN wasm_extern_t* wasm_table_as_extern(wasm_table_t* table);
WASM_API_EXTERN wasm_extern_t* wasm_memory_as_extern(wasm_memory_t* memory);
WASM_API_EXTERN wasm_func_t* wasm_extern_as_func(wasm_extern_t* ext);
WASM_API_EXTERN wasm_global_t* wasm_extern_as_global(wasm_extern_t* ext);
WASM_API_EXTERN wasm_table_t* wasm_extern_as_table(wasm_extern_t* ext);
WASM_API_EXTERN wasm_memory_t* wasm_extern_as_memory(wasm_extern_t* ext);
WASM_API_EXTERN const wasm_extern_t* wasm_func_as_extern_const(const wasm_func_t* func);
WASM_API_EXTERN const wasm_extern_t* wasm_global_as_extern_const(const wasm_global_t* global);
WASM_API_EXTERN const wasm_extern_t* wasm_table_as_extern_const(const wasm_table_t* table);
WASM_API_EXTERN const wasm_extern_t* wasm_memory_as_extern_const(const wasm_memory_t* memory);
WASM_API_EXTERN const wasm_func_t* wasm_extern_as_func_const(const wasm_extern_t* ext);
WASM_API_EXTERN const wasm_global_t* wasm_extern_as_global_const(const wasm_extern_t* ext);
WASM_API_EXTERN const wasm_table_t* wasm_extern_as_table_const(const wasm_extern_t* ext);
WASM_API_EXTERN const wasm_memory_t* wasm_extern_as_memory_const(const wasm_extern_t* ext);

/* ------------------------------------------------------------------ instances */

/* Instantiates `module` with `imports` (one extern per import, in the module's order) and
 * runs its start function. On failure returns NULL and, if `trap` is not NULL, stores in
 * *trap a trap saying why (a link error, or the trap of a segment or the start function). */
WASM_API_EXTERN own wasm_instance_t* wasm_instance_new(wasm_store_t* store, const wasm_module_t* module,
                                                       const wasm_extern_vec_t* imports, own wasm_trap_t** trap);
/* One extern per export, in the order of wasm_module_exports. */
WASM_API_EXTERN void wasm_instance_exports(const wasm_instance_t* instance, own wasm_extern_vec_t* out);

/* ------------------------------------------------------------------ shorthands */

#define WASM_EMPTY_VEC {0, NULL}
#define WASM_ARRAY_VEC(array) {sizeof(array) / sizeof(*(array)), array}

#define WASM_I32_VAL(x) {.kind = WASM_I32, .of = {.i32 = x}}
#define WASM_I64_VAL(x) {.kind = WASM_I64, .of = {.i64 = x}}
#define WASM_F32_VAL(x) {.kind = WASM_F32, .of = {.f32 = x}}
#define WASM_F64_VAL(x) {.kind = WASM_F64, .of = {.f64 = x}}
#define WASM_REF_VAL(x) {.kind = WASM_EXTERNREF, .of = {.ref = x}}
#define WASM_INIT_VAL {.kind = WASM_EXTERNREF, .of = {.ref = NULL}}

static inline own wasm_valtype_t* wasm_valtype_new_i32(void) { return wasm_valtype_new(WASM_I32); }
static inline own wasm_valtype_t* wasm_valtype_new_i64(void) { return wasm_valtype_new(WASM_I64); }
static inline own wasm_valtype_t* wasm_valtype_new_f32(void) { return wasm_valtype_new(WASM_F32); }
static inline own wasm_valtype_t* wasm_valtype_new_f64(void) { return wasm_valtype_new(WASM_F64); }
static inline own wasm_valtype_t* wasm_valtype_new_externref(void) { return wasm_valtype_new(WASM_EXTERNREF); }
static inline own wasm_valtype_t* wasm_valtype_new_funcref(void) { return wasm_valtype_new(WASM_FUNCREF); }

/* wasm_functype_new_P_R: a function type of P parameters and R results, consuming each. */
static inline own wasm_functype_t* wasm_functype_new_from_arrays_(size_t np, wasm_valtype_t* const* p, size_t nr,
                                                                  wasm_valtype_t* const* r) {
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, np, p);
  wasm_valtype_vec_new(&results, nr, r);
  return wasm_functype_new(&params, &results);
}
static inline own wasm_functype_t* wasm_functype_new_0_0(void) {
  return wasm_functype_new_from_arrays_(0, NULL, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_1_0(own wasm_valtype_t* p) {
  wasm_valtype_t* ps[1] = {p};
  return wasm_functype_new_from_arrays_(1, ps, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_2_0(own wasm_valtype_t* p1, own wasm_valtype_t* p2) {
  wasm_valtype_t* ps[2] = {p1, p2};
  return wasm_functype_new_from_arrays_(2, ps, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_3_0(own wasm_valtype_t* p1, own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* p3) {
  wasm_valtype_t* ps[3] = {p1, p2, p3};
  return wasm_functype_new_from_arrays_(3, ps, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_0_1(own wasm_valtype_t* r) {
  wasm_valtype_t* rs[1] = {r};
  return wasm_functype_new_from_arrays_(0, NULL, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_1_1(own wasm_valtype_t* p, own wasm_valtype_t* r) {
  wasm_valtype_t* ps[1] = {p};
  wasm_valtype_t* rs[1] = {r};
  return wasm_functype_new_from_arrays_(1, ps, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_2_1(own wasm_valtype_t* p1, own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* r) {
  wasm_valtype_t* ps[2] = {p1, p2};
  wasm_valtype_t* rs[1] = {r};
  return wasm_functype_new_from_arrays_(2, ps, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_3_1(own wasm_valtype_t* p1, own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* p3, own wasm_valtype_t* r) {
  wasm_valtype_t* ps[3] = {p1, p2, p3};
  wasm_valtype_t* rs[1] = {r};
  return wasm_functype_new_from_arrays_(3, ps, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_0_2(own wasm_valtype_t* r1, own wasm_valtype_t* r2) {
  wasm_valtype_t* rs[2] = {r1, r2};
  return wasm_functype_new_from_arrays_(0, NULL, 2, rs);
}
static inline own wasm_functype_t* wasm_functype_new_1_2(own wasm_valtype_t* p, own wasm_valtype_t* r1,
                                                         own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[1] = {p};
  wasm_valtype_t* rs[2] = {r1, r2};
  return wasm_functype_new_from_arrays_(1, ps, 2, rs);
}
static inline own wasm_functype_t* wasm_functype_new_2_2(own wasm_valtype_t* p1, own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* r1, own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[2] = {p1, p2};
  wasm_valtype_t* rs[2] = {r1, r2};
  return wasm_functype_new_from_arrays_(2, ps, 2, rs);
}
static inline own wasm_functype_t* wasm_functype_new_3_2(own wasm_valtype_t* p1, own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* p3, own wasm_valtype_t* r1,
                                                         own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[3] = {p1, p2, p3};
  wasm_valtype_t* rs[2] = {r1, r2};
  return wasm_functype_new_from_arrays_(3, ps, 2, rs);
}

/* A host pointer carried in an i32 or i64 value (by the pointer width). */
static inline void wasm_val_init_ptr(own wasm_val_t* out, void* p) {
#if UINTPTR_MAX == UINT32_MAX
  out->kind = WASM_I32;
  out->of.i32 = (int32_t)(intptr_t)p;
#else
  out->kind = WASM_I64;
  out->of.i64 = (int64_t)(intptr_t)p;
#endif
}
static inline void* wasm_val_ptr(const wasm_val_t* val) {
#if UINTPTR_MAX == UINT32_MAX
  return (void*)(intptr_t)val->of.i32;
#else
  return (void*)(intptr_t)val->of.i64;
#endif
}

#ifdef NANOPROC_WASM_H_DEFINED_OWN
#undef own
#undef NANOPROC_WASM_H_DEFINED_OWN
#endif

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASM_H */
