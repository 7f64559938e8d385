#include "wast/runner.h"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <sstream>

#include "binary/decoder.h"
#include "text/wast.h"
#include "text/wat.h"
#include "util/file.h"
#include "runtime/exec.h"
#include "runtime/instantiate.h"
#include "runtime/linker.h"
#include "validate/validator.h"
#include "wast/values.h"

namespace nanoproc::wast {
namespace {

const char* command_name(WastCommand::Kind k) {
  switch (k) {
    case WastCommand::Kind::Module: return "module";
    case WastCommand::Kind::ModuleInstance: return "module instance";
    case WastCommand::Kind::Register: return "register";
    case WastCommand::Kind::Action: return "action";
    case WastCommand::Kind::AssertReturn: return "assert_return";
    case WastCommand::Kind::AssertTrap: return "assert_trap";
    case WastCommand::Kind::AssertExhaustion: return "assert_exhaustion";
    case WastCommand::Kind::AssertException: return "assert_exception";
    case WastCommand::Kind::AssertInvalid: return "assert_invalid";
    case WastCommand::Kind::AssertMalformed: return "assert_malformed";
    case WastCommand::Kind::AssertUnlinkable: return "assert_unlinkable";
    case WastCommand::Kind::AssertUninstantiable: return "assert_uninstantiable";
  }
  return "?";
}

// Parses (quote), decodes (binary) or takes (text) a script module, then validates it.
Expected<Module> compile(const ScriptModule& sm, const std::string& file) {
  Module m;
  switch (sm.kind) {
    case ScriptModule::Kind::Text:
      m = sm.module;
      break;
    case ScriptModule::Kind::Binary:
      m = NP_TRY(decode_module(sm.bytes));
      break;
    case ScriptModule::Kind::Quote:
      m = NP_TRY(parse_wat(sm.quote, file));
      break;
  }
  NP_CHECK(validate_module(m));
  return m;
}

bool message_matches(const Error& e, const std::string& expected) {
  return e.message().compare(0, expected.size(), expected) == 0;
}

EngineConfig engine_config(const Options& opts) {
  EngineConfig cfg;
  cfg.memory.guard_pages = !opts.explicit_bounds;
  return cfg;
}

class FileRunner {
 public:
  FileRunner(FileReport& report, const Options& opts)
      : report_(report), opts_(opts), engine_(engine_config(opts)), store_(engine_), refs_(store_) {}

  void run(const Script& script) {
    if (auto st = define_spectest(store_, linker_); !st) {
      report_.fatal = "cannot set up the spectest module: " + st.error().to_string();
      return;
    }
    for (const WastCommand& cmd : script.commands) run_command(cmd);
  }

 private:
  AssertionResult& add(const WastCommand& cmd, Outcome o, std::string detail = {}) {
    AssertionResult r;
    r.outcome = o;
    r.line = cmd.loc.line;
    r.column = cmd.loc.column;
    r.kind = command_name(cmd.kind);
    r.detail = std::move(detail);
    report_.results.push_back(std::move(r));
    return report_.results.back();
  }

  // A module that must fail to compile with the given class of error.
  void expect_failure(const WastCommand& cmd, ErrorKind want) {
    auto m = compile(*cmd.module, report_.path);
    if (m) {
      add(cmd, Outcome::Failed,
          fmt::format("expected {} module (\"{}\"), but it compiled", error_kind_name(want), cmd.text));
      return;
    }
    const Error& e = m.error();
    if (e.kind() != want) {
      add(cmd, Outcome::Failed,
          fmt::format("expected {} (\"{}\"), got {}: {}", error_kind_name(want), cmd.text,
                      error_kind_name(e.kind()), e.to_string()));
      return;
    }
    auto& r = add(cmd, Outcome::Passed);
    if (!message_matches(e, cmd.text)) {
      r.message_mismatch = true;
      r.detail = fmt::format("expected \"{}\", got \"{}\"", cmd.text, e.message());
    }
  }

  Expected<std::shared_ptr<CompiledModule>> compile_module(const ScriptModule& sm) {
    Module m = NP_TRY(compile(sm, report_.path));
    return engine_.compile(std::make_shared<const Module>(std::move(m)));
  }

  Expected<Instance*> instantiate_module(std::shared_ptr<CompiledModule> cm) {
    auto imports = NP_TRY(linker_.resolve(cm->module()));
    return instantiate(store_, std::move(cm), imports);
  }

  Instance* find_instance(const std::optional<std::string>& name) {
    if (!name) return current_;
    auto it = named_.find(*name);
    return it == named_.end() ? nullptr : it->second;
  }

  void define_module(const WastCommand& cmd) {
    auto cm = compile_module(*cmd.module);
    if (!cm) {
      add(cmd, Outcome::Failed, fmt::format("module failed to compile: {} error: {}",
                                            error_kind_name(cm.error().kind()), cm.error().to_string()));
      current_ = nullptr;
      return;
    }
    if (cmd.module->is_definition) {
      if (cmd.module->name) definitions_[*cmd.module->name] = *cm;
      last_definition_ = *cm;
      add(cmd, Outcome::Passed);
      return;
    }
    if (!opts_.execute) {
      add(cmd, Outcome::Passed);
      return;
    }
    auto inst = instantiate_module(*cm);
    if (!inst) {
      current_ = nullptr;
      add(cmd, Outcome::Failed, fmt::format("module failed to instantiate: {}", inst.error().to_string()));
      return;
    }
    current_ = *inst;
    if (cmd.module->name) named_[*cmd.module->name] = current_;
    add(cmd, Outcome::Passed);
  }

  void module_instance(const WastCommand& cmd) {
    std::shared_ptr<CompiledModule> cm = last_definition_;
    if (cmd.definition_name) {
      auto it = definitions_.find(*cmd.definition_name);
      cm = it == definitions_.end() ? nullptr : it->second;
    }
    if (!cm) {
      add(cmd, Outcome::Failed, "unknown module definition");
      return;
    }
    auto inst = instantiate_module(cm);
    if (!inst) {
      add(cmd, Outcome::Failed, fmt::format("module failed to instantiate: {}", inst.error().to_string()));
      return;
    }
    current_ = *inst;
    if (cmd.instance_name) named_[*cmd.instance_name] = current_;
    add(cmd, Outcome::Passed);
  }

  // Runs an action. On success fills `types`/`slots` with the results.
  struct ActionResult {
    bool ok = false;
    std::string error;  // set if the action could not be performed at all
    TrapKind trap = TrapKind::None;
    std::vector<ValType> types;
    std::vector<uint64_t> slots;
  };

  ActionResult perform(const WastAction& a) {
    ActionResult out;
    Instance* inst = find_instance(a.module);
    if (!inst) {
      out.error = a.module ? fmt::format("unknown module ${}", *a.module) : "no current module";
      return out;
    }
    const Extern* e = inst->find_export(a.field);
    if (!e) {
      out.error = fmt::format("unknown export \"{}\"", a.field);
      return out;
    }
    if (a.kind == WastAction::Kind::Get) {
      if (e->kind != ExternKind::Global) {
        out.error = fmt::format("export \"{}\" is not a global", a.field);
        return out;
      }
      GlobalInstance* g = e->global();
      out.types.push_back(g->type.type);
      out.slots.assign(g->value.slots, g->value.slots + 2);
      out.ok = true;
      return out;
    }
    if (e->kind != ExternKind::Func) {
      out.error = fmt::format("export \"{}\" is not a function", a.field);
      return out;
    }
    FuncInstance* f = e->func();
    if (a.args.size() != f->type->params.size()) {
      out.error = fmt::format("\"{}\" takes {} arguments, got {}", a.field, f->type->params.size(), a.args.size());
      return out;
    }
    std::vector<uint64_t> slots(std::max(f->param_slots, f->result_slots) + 2, 0);
    unsigned at = 0;
    for (const WastValue& v : a.args) at += to_slots(v, refs_, slots.data() + at);
    out.trap = call_function(store_, f, slots.data());
    out.ok = true;
    if (out.trap == TrapKind::None) {
      out.types = f->type->results;
      out.slots = std::move(slots);
    }
    return out;
  }

  void assert_return(const WastCommand& cmd) {
    ActionResult r = perform(*cmd.action);
    if (!r.ok) {
      add(cmd, Outcome::Failed, r.error);
      return;
    }
    if (r.trap != TrapKind::None) {
      add(cmd, Outcome::Failed, fmt::format("trapped: {}", store_.last_trap.message()));
      return;
    }
    if (r.types.size() != cmd.results.size()) {
      add(cmd, Outcome::Failed, fmt::format("expected {} results, got {}", cmd.results.size(), r.types.size()));
      return;
    }
    unsigned at = 0;
    for (size_t i = 0; i < r.types.size(); ++i) {
      if (!matches(cmd.results[i], r.types[i], r.slots.data() + at)) {
        add(cmd, Outcome::Failed, fmt::format("result {}: expected {}, got {}", i, describe(cmd.results[i]),
                                              describe(r.types[i], r.slots.data() + at)));
        return;
      }
      at += slot_count(r.types[i]);
    }
    add(cmd, Outcome::Passed);
  }

  // The trap message must start with the expected text, or the expected text with ours
  // (the spec sometimes appends detail, e.g. "uninitialized element 2").
  static bool trap_message_matches(const std::string& got, const std::string& want) {
    return got.compare(0, want.size(), want) == 0 || want.compare(0, got.size(), got) == 0;
  }

  void assert_trap_action(const WastCommand& cmd, bool exhaustion) {
    ActionResult r = perform(*cmd.action);
    if (!r.ok) {
      add(cmd, Outcome::Failed, r.error);
      return;
    }
    if (r.trap == TrapKind::None) {
      add(cmd, Outcome::Failed, fmt::format("expected trap \"{}\", but it returned", cmd.text));
      return;
    }
    if (exhaustion != (r.trap == TrapKind::StackExhausted)) {
      add(cmd, Outcome::Failed, fmt::format("expected \"{}\", got trap \"{}\"", cmd.text, store_.last_trap.message()));
      return;
    }
    std::string got = trap_message(r.trap);
    if (!trap_message_matches(got, cmd.text)) {
      add(cmd, Outcome::Failed, fmt::format("expected trap \"{}\", got \"{}\"", cmd.text, store_.last_trap.message()));
      return;
    }
    add(cmd, Outcome::Passed);
  }

  // assert_unlinkable / assert_uninstantiable / assert_trap on a module.
  void assert_instantiation_fails(const WastCommand& cmd, ErrorKind want) {
    auto cm = compile_module(*cmd.module);
    if (!cm) {
      add(cmd, Outcome::Failed, fmt::format("module failed to compile: {}", cm.error().to_string()));
      return;
    }
    auto inst = instantiate_module(*cm);
    if (inst) {
      add(cmd, Outcome::Failed, fmt::format("expected \"{}\", but the module instantiated", cmd.text));
      return;
    }
    ErrorKind got = inst.error().kind();
    bool ok = got == want || (want == ErrorKind::Uninstantiable && got == ErrorKind::Trap);
    if (!ok) {
      add(cmd, Outcome::Failed, fmt::format("expected {} \"{}\", got {}: {}", error_kind_name(want), cmd.text,
                                            error_kind_name(got), inst.error().to_string()));
      return;
    }
    if (want == ErrorKind::Trap && !trap_message_matches(inst.error().message(), cmd.text)) {
      add(cmd, Outcome::Failed, fmt::format("expected trap \"{}\", got \"{}\"", cmd.text, inst.error().message()));
      return;
    }
    auto& res = add(cmd, Outcome::Passed);
    if (want == ErrorKind::Unlinkable && !message_matches(inst.error(), cmd.text)) {
      res.message_mismatch = true;
      res.detail = fmt::format("expected \"{}\", got \"{}\"", cmd.text, inst.error().message());
    }
  }

  void run_command(const WastCommand& cmd) {
    using K = WastCommand::Kind;
    switch (cmd.kind) {
      case K::Module:
        define_module(cmd);
        return;
      case K::AssertInvalid:
        expect_failure(cmd, ErrorKind::Invalid);
        return;
      case K::AssertMalformed:
        expect_failure(cmd, ErrorKind::Malformed);
        return;
      default:
        break;
    }
    if (!opts_.execute) {
      // Module-level checks only: modules of linking assertions must still compile.
      if (cmd.module) {
        auto m = compile(*cmd.module, report_.path);
        if (!m) {
          add(cmd, Outcome::Failed, fmt::format("module failed to compile: {}", m.error().to_string()));
          return;
        }
      }
      add(cmd, Outcome::Skipped, "execution disabled");
      return;
    }
    switch (cmd.kind) {
      case K::ModuleInstance:
        module_instance(cmd);
        return;
      case K::Register: {
        Instance* inst = find_instance(cmd.instance_name);
        if (!inst) {
          add(cmd, Outcome::Failed, "register: unknown module");
          return;
        }
        linker_.define_instance(cmd.text, *inst);
        add(cmd, Outcome::Passed);
        return;
      }
      case K::Action: {
        ActionResult r = perform(*cmd.action);
        if (!r.ok) add(cmd, Outcome::Failed, r.error);
        else if (r.trap != TrapKind::None) add(cmd, Outcome::Failed, fmt::format("trapped: {}", store_.last_trap.message()));
        else add(cmd, Outcome::Passed);
        return;
      }
      case K::AssertReturn:
        assert_return(cmd);
        return;
      case K::AssertTrap:
        if (cmd.module) assert_instantiation_fails(cmd, ErrorKind::Trap);
        else assert_trap_action(cmd, false);
        return;
      case K::AssertExhaustion:
        assert_trap_action(cmd, true);
        return;
      case K::AssertUnlinkable:
        assert_instantiation_fails(cmd, ErrorKind::Unlinkable);
        return;
      case K::AssertUninstantiable:
        assert_instantiation_fails(cmd, ErrorKind::Uninstantiable);
        return;
      case K::AssertException: {
        ActionResult r = perform(*cmd.action);
        if (!r.ok) add(cmd, Outcome::Failed, r.error);
        else if (r.trap == TrapKind::UncaughtException) add(cmd, Outcome::Passed);
        else if (r.trap != TrapKind::None) add(cmd, Outcome::Failed, fmt::format("expected an exception, got trap: {}", store_.last_trap.message()));
        else add(cmd, Outcome::Failed, "expected an exception, but it returned");
        return;
      }
      default:
        return;
    }
  }

  FileReport& report_;
  const Options& opts_;
  Engine engine_;
  Store store_;
  HostRefs refs_;
  Linker linker_;
  Instance* current_ = nullptr;
  std::map<std::string, Instance*> named_;
  std::map<std::string, std::shared_ptr<CompiledModule>> definitions_;
  std::shared_ptr<CompiledModule> last_definition_;
};

}  // namespace

uint32_t FileReport::count(Outcome o) const {
  uint32_t n = 0;
  for (const auto& r : results) n += r.outcome == o;
  return n;
}

FileReport run_file(const std::string& path, const std::string& display_name, const Options& opts) {
  FileReport report;
  report.path = path;
  report.name = display_name;
  auto bytes = read_file(path);
  if (!bytes) {
    report.fatal = bytes.error().to_string();
    return report;
  }
  std::string_view text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  auto script = parse_wast(text, path);
  if (!script) {
    report.fatal = script.error().to_string();
    return report;
  }
  FileRunner(report, opts).run(*script);
  return report;
}

std::string expectation_key(const FileReport& f, const AssertionResult& r) {
  return fmt::format("{}:{} {}", f.name, r.line, r.kind);
}

Expected<std::set<std::string>> read_expectations(const std::string& path) {
  std::set<std::string> keys;
  std::ifstream in(path);
  if (!in) return keys;
  std::string line;
  while (std::getline(in, line)) {
    auto hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    if (!line.empty()) keys.insert(line);
  }
  return keys;
}

}  // namespace nanoproc::wast
