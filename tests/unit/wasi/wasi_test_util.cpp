#include "wasi_test_util.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "binary/decoder.h"
#include "runtime/exec.h"
#include "runtime/instantiate.h"
#include "runtime/linker.h"
#include "text/wat.h"
#include "util/file.h"
#include "validate/validator.h"
#include "wasi/wasi_link.h"

namespace fs = std::filesystem;

namespace nanoproc::wasi::test {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string templ = std::string(base && *base ? base : "/tmp") + "/nanoproc-wasi-XXXXXX";
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back(0);
  if (!mkdtemp(buf.data())) std::abort();
  path_ = buf.data();
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void TempDir::mkdir(const std::string& rel) const { fs::create_directories(at(rel)); }

void TempDir::write(const std::string& rel, const std::string& contents) const {
  std::ofstream f(at(rel), std::ios::binary | std::ios::trunc);
  f << contents;
}

void TempDir::symlink(const std::string& target, const std::string& rel) const {
  if (::symlink(target.c_str(), at(rel).c_str()) != 0) std::abort();
}

std::string TempDir::read(const std::string& rel) const {
  std::ifstream f(at(rel), std::ios::binary);
  if (!f) return "<missing>";
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

bool TempDir::exists(const std::string& rel) const {
  struct stat st;
  return lstat(at(rel).c_str(), &st) == 0;
}

std::vector<std::string> TempDir::listing(const std::string& rel) const {
  // By hand: std::filesystem's recursive iterator stats (follows) symlinks, loops included.
  std::vector<std::string> out;
  std::vector<std::string> todo = {""};
  while (!todo.empty()) {
    std::string dir = todo.back();
    todo.pop_back();
    for (const auto& e : fs::directory_iterator(at(rel) + "/" + dir)) {
      std::string p = dir + e.path().filename().string();
      if (fs::is_directory(e.symlink_status())) {
        todo.push_back(p + "/");
        p += "/";
      }
      out.push_back(p);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> GuestResult::out_lines() const {
  std::vector<std::string> lines;
  std::stringstream s(out);
  std::string l;
  while (std::getline(s, l)) lines.push_back(l);
  return lines;
}

namespace {

std::string drain(int fd) {
  std::string out;
  lseek(fd, 0, SEEK_SET);
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  return out;
}

Expected<Module> load(const std::string& path) {
  auto bytes = NP_TRY(read_file(path));
  Module m;
  if (bytes.size() >= 4 && bytes[0] == 0 && bytes[1] == 'a' && bytes[2] == 's' && bytes[3] == 'm') {
    m = NP_TRY(decode_module(bytes));
  } else {
    m = NP_TRY(parse_wat(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), path));
  }
  NP_CHECK(validate_module(m));
  return m;
}

}  // namespace

GuestResult run_wasi(const std::string& module, WasiOptions opts, bool keep_stdin) {
  GuestResult r;
  UniqueFd out(memfd_create("guest-stdout", MFD_CLOEXEC));
  UniqueFd err(memfd_create("guest-stderr", MFD_CLOEXEC));
  UniqueFd null(open("/dev/null", O_RDONLY | O_CLOEXEC));
  opts.stdout_fd = out.get();
  opts.stderr_fd = err.get();
  if (!keep_stdin) opts.stdin_fd = null.get();
  {
    auto m = load(module);
    if (!m) {
      r.error = "load: " + m.error().to_string();
      return r;
    }
    Engine engine;
    Store store(engine);
    Linker linker;
    auto host = define_wasi(store, linker, opts);
    if (!host) {
      r.error = "wasi: " + host.error().to_string();
      return r;
    }
    auto cm = engine.compile(std::make_shared<const Module>(std::move(*m)));
    auto imports = linker.resolve(cm->module());
    if (!imports) {
      r.error = "link: " + imports.error().to_string();
      return r;
    }
    auto inst = instantiate(store, cm, *imports);
    if (!inst) {
      r.error = "instantiate: " + inst.error().to_string();
      return r;
    }
    const Extern* start = (*inst)->find_export("_start");
    if (start && start->kind == ExternKind::Func) {
      uint64_t slots[4] = {};
      TrapKind k = call_function(store, start->func(), slots);
      if (k == TrapKind::Exit) r.exit_code = store.last_trap.exit_code;
      else if (k != TrapKind::None) r.error = "trap: " + store.last_trap.message();
    }
  }
  r.out = drain(out.get());
  r.err = drain(err.get());
  return r;
}

std::string guest(const std::string& name) { return std::string(NANOPROC_WASI_GUEST_DIR) + "/" + name + ".wasm"; }

bool guests_built() { return access(guest("probe").c_str(), R_OK) == 0; }

std::string wat(const std::string& name) { return std::string(NANOPROC_WASI_WAT_DIR) + "/" + name + ".wat"; }

std::map<std::string, std::string> probe(const WasiOptions& base, const std::vector<std::string>& ops) {
  WasiOptions opts = base;
  opts.args = {"probe"};
  opts.args.insert(opts.args.end(), ops.begin(), ops.end());
  GuestResult r = run_wasi(guest("probe"), opts);
  std::map<std::string, std::string> results;
  if (!r.error.empty()) {
    results["<error>"] = r.error;
    return results;
  }
  for (const std::string& line : r.out_lines()) {
    size_t arrow = line.find(" -> ");
    if (arrow == std::string::npos) continue;
    results[line.substr(0, arrow)] = line.substr(arrow + 4);
  }
  return results;
}

std::vector<ResolveMode> resolve_modes() {
  if (kernel_has_openat2()) return {ResolveMode::Openat2, ResolveMode::Walk};
  return {ResolveMode::Walk};
}

const char* mode_name(ResolveMode m) {
  switch (m) {
    case ResolveMode::Auto: return "Auto";
    case ResolveMode::Openat2: return "Openat2";
    case ResolveMode::Walk: return "Walk";
  }
  return "?";
}

}  // namespace nanoproc::wasi::test
