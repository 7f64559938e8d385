// WASI configuration (include/wasi.h) and instantiation with WASI imports.
#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

#include "capi/capi_internal.h"
#include "runtime/linker.h"
#include "wasi.h"
#include "wasi/unique_fd.h"
#include "wasi/wasi_link.h"

extern char** environ;

struct wasi_config_t {
  nanoproc::wasi::WasiOptions opts;
  // Files opened for the standard streams; the WASI context duplicates them.
  nanoproc::wasi::UniqueFd stdio[3];

  wasi_config_t() {
    opts.stdin_fd = -1;
    opts.stdout_fd = -1;
    opts.stderr_fd = -1;
  }
  int& stream(int i) { return i == 0 ? opts.stdin_fd : i == 1 ? opts.stdout_fd : opts.stderr_fd; }
  void inherit(int i) {
    stdio[i].reset();
    stream(i) = i;
  }
  bool set_file(int i, const char* path, int flags) {
    if (!path) return false;
    int fd = ::open(path, flags | O_CLOEXEC, 0666);
    if (fd < 0) return false;
    stdio[i].reset(fd);
    stream(i) = fd;
    return true;
  }
  bool preopen(const char* host, const char* guest, bool read_only) {
    if (!host || !guest) return false;
    nanoproc::wasi::UniqueFd probe(::open(host, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!probe.valid()) return false;
    opts.dirs.push_back({host, guest, read_only});
    return true;
  }
};

namespace nanoproc::capi {
namespace {

bool is_wasi_module(const std::string& name) { return name == "wasi_snapshot_preview1" || name == "wasi_unstable"; }

}  // namespace
}  // namespace nanoproc::capi

using namespace nanoproc;
using namespace nanoproc::capi;

extern "C" {

wasi_config_t* wasi_config_new(void) { return new wasi_config_t(); }
void wasi_config_delete(wasi_config_t* config) { delete config; }

bool wasi_config_set_argv(wasi_config_t* config, size_t argc, const char* argv[]) {
  if (!config || (argc && !argv)) return false;
  std::vector<std::string> args;
  for (size_t i = 0; i < argc; ++i) {
    if (!argv[i]) return false;
    args.emplace_back(argv[i]);
  }
  config->opts.args = std::move(args);
  return true;
}

void wasi_config_inherit_argv(wasi_config_t* config) {
  if (!config) return;
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> args;
  for (size_t at = 0; at < all.size();) {
    size_t end = all.find('\0', at);
    if (end == std::string::npos) end = all.size();
    args.push_back(all.substr(at, end - at));
    at = end + 1;
  }
  config->opts.args = std::move(args);
}

bool wasi_config_set_env(wasi_config_t* config, size_t envc, const char* names[], const char* values[]) {
  if (!config || (envc && (!names || !values))) return false;
  std::vector<std::string> env;
  for (size_t i = 0; i < envc; ++i) {
    if (!names[i] || !values[i] || !*names[i] || std::strchr(names[i], '=')) return false;
    env.push_back(std::string(names[i]) + "=" + values[i]);
  }
  config->opts.env = std::move(env);
  return true;
}

void wasi_config_inherit_env(wasi_config_t* config) {
  if (!config) return;
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) env.emplace_back(*e);
  config->opts.env = std::move(env);
}

bool wasi_config_set_stdin_file(wasi_config_t* config, const char* path) {
  return config && config->set_file(0, path, O_RDONLY);
}
void wasi_config_inherit_stdin(wasi_config_t* config) {
  if (config) config->inherit(0);
}
bool wasi_config_set_stdout_file(wasi_config_t* config, const char* path) {
  return config && config->set_file(1, path, O_WRONLY | O_CREAT | O_TRUNC);
}
void wasi_config_inherit_stdout(wasi_config_t* config) {
  if (config) config->inherit(1);
}
bool wasi_config_set_stderr_file(wasi_config_t* config, const char* path) {
  return config && config->set_file(2, path, O_WRONLY | O_CREAT | O_TRUNC);
}
void wasi_config_inherit_stderr(wasi_config_t* config) {
  if (config) config->inherit(2);
}

bool wasi_config_preopen_dir(wasi_config_t* config, const char* host_path, const char* guest_path) {
  return config && config->preopen(host_path, guest_path, false);
}
bool wasi_config_preopen_dir_readonly(wasi_config_t* config, const char* host_path, const char* guest_path) {
  return config && config->preopen(host_path, guest_path, true);
}

wasm_instance_t* nanoproc_wasi_instance_new(wasm_store_t* store, const wasm_module_t* module,
                                            const wasi_config_t* config, const wasm_extern_vec_t* imports,
                                            wasm_trap_t** trap) {
  if (trap) *trap = nullptr;
  auto fail = [&](std::string why) -> wasm_instance_t* {
    if (trap) *trap = make_trap("nanoproc_wasi_instance_new: " + why);
    return nullptr;
  };
  if (!store || !module || !config) return fail("the store, module or WASI configuration is NULL");
  nanoproc::Linker linker;
  auto host = wasi::define_wasi(store->rt(), linker, config->opts);
  if (!host) return fail(host.error().message());
  const Module& m = module->body->module.impl()->module();
  size_t given = imports ? imports->size : 0;
  if (given && !imports->data) return fail("the import vector has no data");
  std::vector<Extern> resolved;
  size_t next = 0;
  for (const Import& imp : m.imports) {
    if (is_wasi_module(imp.module)) {
      const Extern* e = linker.find(imp.module, imp.name);
      if (!e) return fail("unknown WASI import " + imp.module + "." + imp.name);
      resolved.push_back(*e);
      continue;
    }
    if (next >= given) return fail("no extern given for import " + imp.module + "." + imp.name);
    Extern e;
    std::string why;
    if (imp.kind == ExternKind::Tag) return fail("import " + imp.module + "." + imp.name + " is a tag");
    if (!extern_to_runtime(store, imports->data[next++], &e, &why))
      return fail("import " + imp.module + "." + imp.name + " " + why);
    resolved.push_back(e);
  }
  if (next != given) return fail(std::to_string(given) + " externs given for " + std::to_string(next) + " non-WASI imports");
  return instantiate_with(store, module, resolved, trap);
}

bool nanoproc_trap_exit_status(const wasm_trap_t* trap, int* status) {
  if (!trap || trap->body->exit_code < 0) return false;
  if (status) *status = trap->body->exit_code;
  return true;
}

}  // extern "C"
