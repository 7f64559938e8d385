/* wasi.h: configuring WASI (wasi_snapshot_preview1, and wasi_unstable) for modules
 * instantiated through the WebAssembly C API (wasm.h). The wasi_config_* functions follow
 * the names and signatures other runtimes ship; instantiating with a configuration is a
 * nanoproc extension (nanoproc_wasi_instance_new), as is reading a WASI exit status from
 * a trap (nanoproc_trap_exit_status).
 *
 * A new configuration grants nothing: no arguments, no environment, no directories, and
 * standard input, output and error closed. Each setter replaces what was set before.
 */
#ifndef WASI_H
#define WASI_H

#include "wasm.h"

#ifndef WASI_API_EXTERN
#define WASI_API_EXTERN
#endif

#ifdef __cplusplus
extern "C" {
#endif

#ifndef own
#define own
#define NANOPROC_WASI_H_DEFINED_OWN
#endif

typedef struct wasi_config_t wasi_config_t;

WASI_API_EXTERN own wasi_config_t* wasi_config_new(void);
WASI_API_EXTERN void wasi_config_delete(own wasi_config_t* config);

/* The program's arguments; argv[0] is its name. Strings are copied. */
WASI_API_EXTERN bool wasi_config_set_argv(wasi_config_t* config, size_t argc, const char* argv[]);
/* The host process's own arguments (from /proc/self/cmdline). */
WASI_API_EXTERN void wasi_config_inherit_argv(wasi_config_t* config);

/* Environment variables, names[i]=values[i]. false if a name is empty or contains '='. */
WASI_API_EXTERN bool wasi_config_set_env(wasi_config_t* config, size_t envc, const char* names[],
                                         const char* values[]);
/* The host process's environment. */
WASI_API_EXTERN void wasi_config_inherit_env(wasi_config_t* config);

/* Standard streams: a file (opened now; false if it cannot be), or the host's own. */
WASI_API_EXTERN bool wasi_config_set_stdin_file(wasi_config_t* config, const char* path);
WASI_API_EXTERN void wasi_config_inherit_stdin(wasi_config_t* config);
/* Output files are created or truncated. */
WASI_API_EXTERN bool wasi_config_set_stdout_file(wasi_config_t* config, const char* path);
WASI_API_EXTERN void wasi_config_inherit_stdout(wasi_config_t* config);
WASI_API_EXTERN bool wasi_config_set_stderr_file(wasi_config_t* config, const char* path);
WASI_API_EXTERN void wasi_config_inherit_stderr(wasi_config_t* config);

/* Grants the directory `host_path` (and everything beneath it, nothing above) under the
 * name `guest_path`. Directories become WASI descriptors 3, 4, ... in the order granted.
 * false if `host_path` is not a directory that can be opened. */
WASI_API_EXTERN bool wasi_config_preopen_dir(wasi_config_t* config, const char* host_path, const char* guest_path);
/* The same, read-only: nothing beneath it can be created, changed, renamed or removed. */
WASI_API_EXTERN bool wasi_config_preopen_dir_readonly(wasi_config_t* config, const char* host_path,
                                                      const char* guest_path);

/* nanoproc extension: instantiates `module` with its WASI imports (modules
 * "wasi_snapshot_preview1" and "wasi_unstable") bound to a new WASI context made from
 * `config` (borrowed; it can be reused), and its other imports taken in order from
 * `imports` (one extern per non-WASI import, in the module's import order; NULL when there
 * are none). Like wasm_instance_new: NULL on failure with the reason in *trap. Run the
 * program by calling its "_start" export. */
WASI_API_EXTERN own wasm_instance_t* nanoproc_wasi_instance_new(wasm_store_t* store, const wasm_module_t* module,
                                                                const wasi_config_t* config,
                                                                const wasm_extern_vec_t* imports,
                                                                own wasm_trap_t** trap);

/* nanoproc extension: true if `trap` is the end of a program that called WASI proc_exit
 * (then its message is "exit"), with the exit status in *status. */
WASI_API_EXTERN bool nanoproc_trap_exit_status(const wasm_trap_t* trap, int* status);

#ifdef NANOPROC_WASI_H_DEFINED_OWN
#undef own
#undef NANOPROC_WASI_H_DEFINED_OWN
#endif

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASI_H */
