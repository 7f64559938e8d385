// WASI through the C API: configuration, instantiation with WASI imports, exit status.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "capi_test_util.h"

namespace {

using capi_test::take_message;

class CapiWasi : public capi_test::CapiFixture {
 protected:
  std::string temp_path(const char* name) {
    return ::testing::TempDir() + "capi_wasi_" + std::to_string(getpid()) + "_" + name;
  }
};

// Writes argv[1] (or "?"), the value of $GREETING's first byte, and a line to stdout, then
// exits with 3 if the preopened directory "/data" is descriptor 3.
const char* kProgram = R"((module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "host" "tick" (func $tick))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from wasi\n")
  (func $write (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start")
    (call $tick)
    (call $write (i32.const 16) (i32.const 16))
    ;; argv pointers at 1024, strings at 2048; print argv[1]'s first byte
    (drop (call $args_get (i32.const 1024) (i32.const 2048)))
    (call $write (i32.load (i32.const 1028)) (i32.const 1))
    ;; environment pointers at 3072, strings at 4096; print the first variable's first byte
    (drop (call $environ_get (i32.const 3072) (i32.const 4096)))
    (call $write (i32.load (i32.const 3072)) (i32.const 1))
    (if (i32.eqz (call $prestat (i32.const 3) (i32.const 512)))
      (then (call $exit (i32.const 3))))
    (call $exit (i32.const 0))))
)";

int ticks = 0;
wasm_trap_t* tick(const wasm_val_vec_t*, wasm_val_vec_t*) {
  ++ticks;
  return nullptr;
}

TEST_F(CapiWasi, ProgramWritesToAConfiguredStdoutAndExits) {
  std::string out = temp_path("out.txt");
  wasi_config_t* cfg = wasi_config_new();
  const char* argv[] = {"prog", "Xarg"};
  ASSERT_TRUE(wasi_config_set_argv(cfg, 2, argv));
  const char* names[] = {"GREETING"};
  const char* values[] = {"hi"};
  ASSERT_TRUE(wasi_config_set_env(cfg, 1, names, values));
  const char* bad_names[] = {"A=B"};
  EXPECT_FALSE(wasi_config_set_env(cfg, 1, bad_names, values));
  ASSERT_TRUE(wasi_config_set_stdout_file(cfg, out.c_str()));
  EXPECT_FALSE(wasi_config_set_stdin_file(cfg, "/nonexistent/file"));
  EXPECT_TRUE(wasi_config_set_stdin_file(cfg, "/dev/null"));
  EXPECT_TRUE(wasi_config_set_stderr_file(cfg, "/dev/null"));
  EXPECT_FALSE(wasi_config_preopen_dir(cfg, "/nonexistent/dir", "/data"));
  ASSERT_TRUE(wasi_config_preopen_dir_readonly(cfg, ::testing::TempDir().c_str(), "/data"));

  wasm_module_t* m = compile(kProgram);
  ASSERT_NE(m, nullptr);
  wasm_functype_t* ft = wasm_functype_new_0_0();
  wasm_func_t* t = wasm_func_new(store_, ft, tick);
  wasm_functype_delete(ft);
  wasm_extern_t* others[] = {wasm_func_as_extern(t)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(others);
  wasm_trap_t* trap = nullptr;
  wasm_instance_t* inst = nanoproc_wasi_instance_new(store_, m, cfg, &imports, &trap);
  ASSERT_NE(inst, nullptr) << take_message(trap);
  wasi_config_delete(cfg);  // the instance has its own WASI context

  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  trap = wasm_func_call(wasm_extern_as_func(ex.data[1]), &none, &none);
  ASSERT_NE(trap, nullptr);
  int status = -1;
  EXPECT_TRUE(nanoproc_trap_exit_status(trap, &status));
  EXPECT_EQ(status, 3);
  EXPECT_EQ(take_message(trap), "exit");
  EXPECT_EQ(ticks, 1);

  std::ifstream in(out);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), "hello from wasi\nXG");
  std::remove(out.c_str());

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_func_delete(t);
  wasm_module_delete(m);
}

TEST_F(CapiWasi, InheritedConfigurationAndImportErrors) {
  wasi_config_t* cfg = wasi_config_new();
  wasi_config_inherit_argv(cfg);
  wasi_config_inherit_env(cfg);
  wasi_config_inherit_stdin(cfg);
  wasi_config_inherit_stdout(cfg);
  wasi_config_inherit_stderr(cfg);
  EXPECT_TRUE(wasi_config_preopen_dir(cfg, ".", "."));

  wasm_module_t* m = compile(kProgram);
  wasm_trap_t* trap = nullptr;
  // The non-WASI import is missing.
  EXPECT_EQ(nanoproc_wasi_instance_new(store_, m, cfg, nullptr, &trap), nullptr);
  EXPECT_EQ(take_message(trap), "nanoproc_wasi_instance_new: no extern given for import host.tick");
  EXPECT_EQ(nanoproc_wasi_instance_new(store_, m, nullptr, nullptr, &trap), nullptr);
  EXPECT_EQ(take_message(trap), "nanoproc_wasi_instance_new: the store, module or WASI configuration is NULL");
  wasm_module_delete(m);

  wasm_module_t* unknown = compile(R"((module (import "wasi_snapshot_preview1" "no_such_call" (func))))");
  EXPECT_EQ(nanoproc_wasi_instance_new(store_, unknown, cfg, nullptr, &trap), nullptr);
  EXPECT_EQ(take_message(trap), "nanoproc_wasi_instance_new: unknown WASI import wasi_snapshot_preview1.no_such_call");
  wasm_module_delete(unknown);

  // A module without WASI imports instantiates too.
  wasm_module_t* plain = compile("(module)");
  wasm_instance_t* inst = nanoproc_wasi_instance_new(store_, plain, cfg, nullptr, &trap);
  EXPECT_NE(inst, nullptr);
  EXPECT_EQ(trap, nullptr);
  wasm_instance_delete(inst);
  wasm_module_delete(plain);
  EXPECT_FALSE(wasi_config_set_argv(cfg, 1, nullptr));
  wasi_config_delete(cfg);
}

}  // namespace
