// nanoproc bench FILE.wasm [--dir HOST[::GUEST]]... [--iterations N] [--json] [--instantiate-only] [-- ARGS...]
// The benchmark contract of docs/bench/README.md: N fresh instances of a WASI command, the
// bench.start/bench.end imports timing the measured work, outputs checked against
// <stem>.stdout.expected / <stem>.stderr.expected.
#include <fcntl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "text/module_source.h"
#include "cli/cli_app.h"
#include "cli/wasi_options.h"
#include "runtime/exec.h"
#include "runtime/instantiate.h"
#include "runtime/linker.h"
#include "util/file.h"
#include "validate/validator.h"
#include "wasi/wasi_link.h"

namespace nanoproc::cli {
namespace {

uint64_t now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

struct BenchMarks {
  uint64_t start = 0, end = 0;
  bool started = false, ended = false;
};

TrapKind bench_start(HostCall&, void* env, uint64_t*) {
  auto* m = static_cast<BenchMarks*>(env);
  m->started = true;
  m->start = now_ns();
  return TrapKind::None;
}
TrapKind bench_end(HostCall&, void* env, uint64_t*) {
  auto* m = static_cast<BenchMarks*>(env);
  m->end = now_ns();
  m->ended = true;
  return TrapKind::None;
}

struct Iteration {
  uint64_t compile = 0, instantiate = 0, total = 0;
  std::optional<uint64_t> run;
  std::optional<bool> stdout_ok, stderr_ok;
  int exit_code = 0;
  std::string error;  // empty: ran
};

struct Stats {
  uint64_t median = 0, min = 0, max = 0;
};

Stats stats_of(std::vector<uint64_t> v) {
  Stats s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.min = v.front();
  s.max = v.back();
  const size_t n = v.size();
  s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  return s;
}

std::string json_stats(const std::vector<uint64_t>& v) {
  if (v.empty()) return "null";
  Stats s = stats_of(v);
  return fmt::format("{{\"median\": {}, \"min\": {}, \"max\": {}}}", s.median, s.min, s.max);
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string json_opt_bool(const std::optional<bool>& b) { return b ? (*b ? "true" : "false") : "null"; }

// The whole contents of a memfd the guest wrote to.
std::string drain(int fd) {
  std::string out;
  lseek(fd, 0, SEEK_SET);
  char buf[65536];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  return out;
}

std::optional<std::string> read_text(const std::string& path) {
  auto b = read_file(path);
  if (!b) return std::nullopt;
  return std::string(b->begin(), b->end());
}

Expected<Module> decode(const std::vector<uint8_t>& bytes, const std::string& name) {
  Module m = NP_TRY(module_from_bytes(bytes, name)).module;
  if (auto v = validate_module(m); !v) {
    Error e = std::move(v).error();
    e.loc().file = name;
    return e;
  }
  return m;
}

struct BenchSetup {
  std::string file;
  std::vector<uint8_t> bytes;
  wasi::WasiOptions wasi;
  bool instantiate_only = false;
  std::optional<std::string> expected_stdout, expected_stderr;
};

Iteration run_once(const BenchSetup& b) {
  Iteration it;
  const uint64_t t0 = now_ns();
  auto m = decode(b.bytes, b.file);
  if (!m) {
    it.error = m.error().to_string();
    return it;
  }
  Engine engine;
  auto cm = engine.compile(std::make_shared<const Module>(std::move(*m)));
  const uint64_t t1 = now_ns();
  it.compile = t1 - t0;

  Store store(engine);
  Linker linker;
  auto* marks = new BenchMarks();
  store.own(marks, [](void* p) { delete static_cast<BenchMarks*>(p); });
  linker.define("bench", "start", Extern{ExternKind::Func, store.new_host_func(FuncType{}, bench_start, marks, "bench.start")});
  linker.define("bench", "end", Extern{ExternKind::Func, store.new_host_func(FuncType{}, bench_end, marks, "bench.end")});
  wasi::WasiOptions opts = b.wasi;
  wasi::UniqueFd out(memfd_create("nanoproc-bench-stdout", MFD_CLOEXEC));
  wasi::UniqueFd err(memfd_create("nanoproc-bench-stderr", MFD_CLOEXEC));
  wasi::UniqueFd in(open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (!out.valid() || !err.valid() || !in.valid()) {
    it.error = "cannot create the output files";
    return it;
  }
  opts.stdin_fd = in.get();
  opts.stdout_fd = out.get();
  opts.stderr_fd = err.get();
  if (auto w = wasi::define_wasi(store, linker, opts); !w) {
    it.error = w.error().message();
    return it;
  }
  auto imports = linker.resolve(cm->module());
  if (!imports) {
    it.error = "link error: " + imports.error().to_string();
    return it;
  }
  auto inst = instantiate(store, cm, *imports);
  const uint64_t t2 = now_ns();
  it.instantiate = t2 - t1;
  if (!inst) {
    if (store.last_trap.kind == TrapKind::Exit) {
      it.exit_code = store.last_trap.exit_code;
    } else {
      it.error = "instantiation: " + inst.error().to_string();
      return it;
    }
  } else if (!b.instantiate_only) {
    const Extern* start = (*inst)->find_export("_start");
    if (!start || start->kind != ExternKind::Func) {
      it.error = "the module exports no _start function";
      return it;
    }
    FuncInstance* f = start->func();
    std::vector<uint64_t> slots(std::max(f->param_slots, f->result_slots) + 2, 0);
    TrapKind k = call_function(store, f, slots.data());
    if (k == TrapKind::Exit) {
      it.exit_code = store.last_trap.exit_code;
    } else if (k != TrapKind::None) {
      it.error = "trap: " + store.last_trap.message();
      for (const auto& fr : store.last_trap.frames)
        it.error += " at " + (fr.func_name.empty() ? fmt::format("func[{}]", fr.func_index) : fr.func_name);
    }
  }
  it.total = now_ns() - t0;
  if (marks->started && marks->ended && marks->end >= marks->start) it.run = marks->end - marks->start;
  if (!b.instantiate_only) {
    if (b.expected_stdout) it.stdout_ok = drain(out.get()) == *b.expected_stdout;
    if (b.expected_stderr) it.stderr_ok = drain(err.get()) == *b.expected_stderr;
  }
  return it;
}

}  // namespace

int cmd_bench(int argc, char** argv) {
  CLI::App app{"Benchmark a WASI command: N fresh instances, timing compile, instantiate, the\n"
               "bench.start -> bench.end interval and the total (docs/bench/README.md).",
               "nanoproc bench"};
  BenchSetup b;
  WasiFlags wasi_flags;
  uint32_t iterations = 1;
  bool json = false;
  std::vector<std::string> args;
  app.add_option("FILE", b.file, ".wasm (or .wat) WASI command")->required();
  wasi_flags.add_to(app, false);
  app.add_option("--iterations", iterations, "fresh instances to run (default 1)")->check(CLI::Range(1u, 1000000u));
  app.add_flag("--json", json, "print one JSON object on one line");
  app.add_flag("--instantiate-only", b.instantiate_only, "compile and instantiate, do not call _start");
  app.add_option("ARGS", args, "the program's arguments (after --)");
  if (int rc = parse_args(app, argc, argv); rc >= 0) return rc;

  b.wasi.args.push_back(program_name(b.file));
  b.wasi.args.insert(b.wasi.args.end(), args.begin(), args.end());
  if (auto s = wasi_flags.apply(b.wasi); !s) {
    std::fprintf(stderr, "nanoproc bench: %s\n", s.error().message().c_str());
    return 2;
  }
  std::string stem = b.file;
  if (stem.size() > 5 && stem.compare(stem.size() - 5, 5, ".wasm") == 0) stem.resize(stem.size() - 5);
  b.expected_stdout = read_text(stem + ".stdout.expected");
  b.expected_stderr = read_text(stem + ".stderr.expected");

  std::vector<Iteration> done;
  std::string error;
  auto bytes = read_file(b.file);
  if (!bytes) {
    error = bytes.error().to_string();
  } else {
    b.bytes = std::move(*bytes);
    for (uint32_t i = 0; i < iterations; ++i) {
      Iteration it = run_once(b);
      if (!it.error.empty()) {
        error = it.error;
        break;
      }
      done.push_back(std::move(it));
      if (done.back().exit_code != 0) break;
    }
  }

  std::vector<uint64_t> compile, inst, run, total;
  std::optional<bool> stdout_ok, stderr_ok;
  int exit_code = 0;
  for (const Iteration& it : done) {
    compile.push_back(it.compile);
    inst.push_back(it.instantiate);
    total.push_back(it.total);
    if (it.run) run.push_back(*it.run);
    if (it.stdout_ok) stdout_ok = stdout_ok.value_or(true) && *it.stdout_ok;
    if (it.stderr_ok) stderr_ok = stderr_ok.value_or(true) && *it.stderr_ok;
    if (it.exit_code != 0) exit_code = it.exit_code;
  }
  // run_ns only when every iteration called both bench imports.
  if (run.size() != done.size()) run.clear();

  if (json) {
    std::printf("{\"file\": %s, \"iterations\": %zu, \"compile_ns\": %s, \"instantiate_ns\": %s, \"run_ns\": %s, "
                "\"total_ns\": %s, \"stdout_ok\": %s, \"stderr_ok\": %s, \"exit_code\": %d, \"error\": %s}\n",
                json_string(b.file).c_str(), done.size(), json_stats(compile).c_str(), json_stats(inst).c_str(),
                json_stats(run).c_str(), json_stats(total).c_str(), json_opt_bool(stdout_ok).c_str(),
                json_opt_bool(stderr_ok).c_str(), exit_code, error.empty() ? "null" : json_string(error).c_str());
  } else {
    std::printf("%s: %zu iteration%s\n", b.file.c_str(), done.size(), done.size() == 1 ? "" : "s");
    auto row = [](const char* what, const std::vector<uint64_t>& v) {
      if (v.empty()) {
        std::printf("  %-12s -\n", what);
        return;
      }
      Stats s = stats_of(v);
      std::printf("  %-12s median %12.3f ms   min %12.3f ms   max %12.3f ms\n", what, s.median / 1e6, s.min / 1e6,
                  s.max / 1e6);
    };
    row("compile", compile);
    row("instantiate", inst);
    row("run", run);
    row("total", total);
    if (stdout_ok) std::printf("  stdout       %s\n", *stdout_ok ? "matches" : "DIFFERS from the expected output");
    if (stderr_ok) std::printf("  stderr       %s\n", *stderr_ok ? "matches" : "DIFFERS from the expected output");
    if (exit_code != 0) std::printf("  exit code    %d\n", exit_code);
    if (!error.empty()) std::printf("  error        %s\n", error.c_str());
  }
  const bool ok = error.empty() && exit_code == 0 && stdout_ok.value_or(true) && stderr_ok.value_or(true) &&
                  done.size() == iterations;
  return ok ? 0 : 1;
}

}  // namespace nanoproc::cli
