// nanoproc run [--dir HOST[::GUEST]]... [--dir-ro ...]... [--env NAME[=VALUE]]... [limits] FILE [--invoke NAME] [ARGS...]:
// instantiate a module with WASI (both snapshots) and the spectest module, and run it.
#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "cli/cli_app.h"
#include "cli/commands.h"
#include "cli/limit_flags.h"
#include "cli/load.h"
#include "cli/wasi_options.h"
#include "runtime/exec.h"
#include "runtime/instantiate.h"
#include "runtime/linker.h"
#include "runtime/watchdog.h"
#include "validate/validator.h"
#include "wasi/wasi_link.h"

namespace nanoproc::cli {
namespace {

// Parses a command-line argument as a value of type t ("42", "-1", "0x10", "1.5", "nan").
Expected<uint64_t> parse_arg(const std::string& s, ValType t) {
  const char* p = s.c_str();
  char* end = nullptr;
  errno = 0;
  switch (t.kind) {
    case ValKind::I32: {
      long long v = std::strtoll(p, &end, 0);
      if (*end || errno || v < INT32_MIN || v > UINT32_MAX) break;
      return static_cast<uint64_t>(static_cast<uint32_t>(v));
    }
    case ValKind::I64: {
      if (s[0] == '-') {
        long long v = std::strtoll(p, &end, 0);
        if (*end || errno) break;
        return static_cast<uint64_t>(v);
      }
      unsigned long long v = std::strtoull(p, &end, 0);
      if (*end || errno) break;
      return v;
    }
    case ValKind::F32: {
      float v = std::strtof(p, &end);
      if (*end || end == p) break;
      return std::bit_cast<uint32_t>(v);
    }
    case ValKind::F64: {
      double v = std::strtod(p, &end);
      if (*end || end == p) break;
      return std::bit_cast<uint64_t>(v);
    }
    default:
      return make_error(ErrorKind::Usage, "parameters of type {} cannot be given on the command line", to_string(t));
  }
  return make_error(ErrorKind::Usage, "'{}' is not a valid {}", s, to_string(t));
}

std::string format_result(ValType t, const uint64_t* slot) {
  switch (t.kind) {
    case ValKind::I32: return fmt::format("{}", static_cast<int32_t>(slot[0]));
    case ValKind::I64: return fmt::format("{}", static_cast<int64_t>(slot[0]));
    case ValKind::F32: return fmt::format("{}", std::bit_cast<float>(static_cast<uint32_t>(slot[0])));
    case ValKind::F64: return fmt::format("{}", std::bit_cast<double>(slot[0]));
    case ValKind::V128: return fmt::format("0x{:016x}{:016x}", slot[1], slot[0]);
    case ValKind::Ref: return slot[0] ? "ref" : "null";
    default: return "?";
  }
}

// The index of FILE in argv: the first argument that is neither an option nor an option's
// value (or the one after "--"); argc if there is none.
int find_file_argument(CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--") return i + 1;
    if (a.size() < 2 || a[0] != '-') return i;
    if (a.find('=') != std::string::npos) continue;  // --name=value
    const CLI::Option* o = app.get_option_no_throw(a);
    if (o && o->get_items_expected_min() > 0) ++i;  // skip the option's value (flags have none)
  }
  return argc;
}

void print_trap(const Trap& t) {
  std::fprintf(stderr, "trap: %s\n", t.message().c_str());
  if (!t.frames.empty()) std::fprintf(stderr, "backtrace (innermost first):\n");
  for (size_t i = 0; i < t.frames.size(); ++i) {
    const TrapFrame& f = t.frames[i];
    if (f.func_name.empty()) std::fprintf(stderr, "  %zu: func[%u]\n", i, f.func_index);
    else std::fprintf(stderr, "  %zu: %s\n", i, f.func_name.c_str());
  }
}

}  // namespace

int cmd_run(int argc, char** argv) {
  CLI::App app{"Run a WebAssembly module: a WASI command's _start (with ARGS as its arguments), or an\n"
               "exported function (--invoke NAME, with ARGS as its parameters). The program's exit code\n"
               "is nanoproc's; a trap exits with 134.",
               "nanoproc run"};
  std::string file, invoke;
  std::vector<std::string> args;
  bool explicit_bounds = false;
  WasiFlags wasi_flags;
  LimitFlags limit_flags;
  app.add_option("FILE", file, ".wasm or .wat file; the arguments after it are the program's")->required();
  app.add_option("--invoke", invoke, "call this exported function with ARGS and print its results");
  app.add_flag("--explicit-bounds", explicit_bounds,
               "check memory accesses in the interpreter instead of with guard pages (the default "
               "where the address space for guard pages cannot be reserved)");
  wasi_flags.add_to(app, true);
  limit_flags.add_to(app);
  // Everything after FILE belongs to the program, flags included, so only what precedes it
  // is parsed as options ("FILE --invoke NAME ARGS" is still accepted, for compatibility).
  const int file_at = find_file_argument(app, argc, argv);
  int own_argc = file_at < argc ? file_at + 1 : argc;
  int rest = own_argc;
  if (rest + 1 < argc && std::strcmp(argv[rest], "--invoke") == 0) {
    invoke = argv[rest + 1];
    rest += 2;
  }
  if (int rc = parse_args(app, own_argc, argv); rc >= 0) return rc;
  for (int i = rest; i < argc; ++i) args.emplace_back(argv[i]);

  wasi::WasiOptions wasi_opts;
  wasi_opts.args.push_back(program_name(file));
  if (invoke.empty()) wasi_opts.args.insert(wasi_opts.args.end(), args.begin(), args.end());
  if (auto s = wasi_flags.apply(wasi_opts); !s) {
    std::fprintf(stderr, "nanoproc run: %s\n", s.error().message().c_str());
    return 2;
  }

  auto limits = limit_flags.parse();
  if (!limits) {
    std::fprintf(stderr, "nanoproc run: %s\n", limits.error().message().c_str());
    return 2;
  }

  auto loaded = load_module(file);
  if (!loaded) {
    std::fprintf(stderr, "%s error: %s\n", error_kind_name(loaded.error().kind()), loaded.error().to_string().c_str());
    return 1;
  }
  if (auto v = validate_module(loaded->module); !v) {
    Error e = std::move(v).error();
    e.loc().file = file;
    std::fprintf(stderr, "%s error: %s\n", error_kind_name(e.kind()), e.to_string().c_str());
    return 1;
  }
  EngineConfig cfg;
  cfg.interruptible = limits->needs_interrupts();
  cfg.memory.guard_pages = !explicit_bounds;
  Engine engine(cfg);
  Store store(engine, limits->store);
  if (limits->fuel) store.fuel = static_cast<int64_t>(limits->fuel);
  // One deadline for the whole run: start function, _initialize and the entry point.
  DeadlineScope deadline(store.interrupt, limits->timeout);
  Linker linker;
  // The spectest module (a memory, a table, globals, print functions) only when imported:
  // its memory would take a guarded reservation of its own.
  const auto& mod_imports = loaded->module.imports;
  if (std::any_of(mod_imports.begin(), mod_imports.end(), [](const Import& i) { return i.module == "spectest"; })) {
    if (auto st = define_spectest(store, linker); !st) {
      std::fprintf(stderr, "nanoproc run: %s\n", st.error().message().c_str());
      return 1;
    }
  }
  if (auto w = wasi::define_wasi(store, linker, wasi_opts); !w) {
    std::fprintf(stderr, "nanoproc run: %s\n", w.error().message().c_str());
    return 1;
  }
  auto cm = engine.compile(std::make_shared<const Module>(std::move(loaded->module)));
  auto imports = linker.resolve(cm->module());
  if (!imports) {
    std::fprintf(stderr, "link error: %s\n", imports.error().to_string().c_str());
    return 1;
  }
  auto inst = instantiate(store, cm, *imports);
  if (!inst) {
    if (store.last_trap.kind == TrapKind::Exit) return store.last_trap.exit_code;  // proc_exit in start
    if (inst.error().kind() == ErrorKind::Trap || inst.error().kind() == ErrorKind::Exhaustion) {
      print_trap(store.last_trap);
      return 134;
    }
    std::fprintf(stderr, "instantiation error: %s\n", inst.error().to_string().c_str());
    return 1;
  }
  // A WASI reactor is initialised before any of its exports is called.
  if (!invoke.empty()) {
    if (const Extern* init = (*inst)->find_export("_initialize"); init && init->kind == ExternKind::Func &&
                                                                    init->func()->type->params.empty()) {
      std::vector<uint64_t> slots(std::max(init->func()->result_slots, 1u) + 2, 0);
      TrapKind k = call_function(store, init->func(), slots.data());
      if (k == TrapKind::Exit) return store.last_trap.exit_code;
      if (k != TrapKind::None) {
        print_trap(store.last_trap);
        return 134;
      }
    }
  }
  std::string name = invoke.empty() ? "_start" : invoke;
  const Extern* e = (*inst)->find_export(name);
  if (!e) {
    if (invoke.empty()) return 0;  // a module with only a start function (or nothing) to run
    std::fprintf(stderr, "nanoproc run: the module has no export named '%s'\n", name.c_str());
    return 2;
  }
  if (e->kind != ExternKind::Func) {
    std::fprintf(stderr, "nanoproc run: export '%s' is a %s, not a function\n", name.c_str(), extern_kind_name(e->kind));
    return 2;
  }
  FuncInstance* f = e->func();
  const FuncType& ft = *f->type;
  if (invoke.empty()) args.clear();  // they went to the program (WASI args)
  if (args.size() != ft.params.size()) {
    std::fprintf(stderr, "nanoproc run: '%s' takes %zu arguments, %zu given\n", name.c_str(), ft.params.size(), args.size());
    return 2;
  }
  std::vector<uint64_t> slots(std::max(f->param_slots, f->result_slots) + 2, 0);
  unsigned at = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    auto v = parse_arg(args[i], ft.params[i]);
    if (!v) {
      std::fprintf(stderr, "nanoproc run: argument %zu: %s\n", i + 1, v.error().message().c_str());
      return 2;
    }
    slots[at] = *v;
    at += slot_count(ft.params[i]);
  }
  TrapKind k = call_function(store, f, slots.data());
  if (k == TrapKind::Exit) return store.last_trap.exit_code;
  if (k != TrapKind::None) {
    print_trap(store.last_trap);
    return 134;
  }
  at = 0;
  for (ValType t : ft.results) {
    std::printf("%s\n", format_result(t, slots.data() + at).c_str());
    at += slot_count(t);
  }
  return 0;
}

}  // namespace nanoproc::cli
