#include "wast/runner.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "binary/decoder.h"
#include "text/wast.h"
#include "text/wat.h"
#include "util/file.h"
#include "validate/validator.h"

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

class FileRunner {
 public:
  FileRunner(FileReport& report, const Options& opts) : report_(report), opts_(opts) {}

  void run(const Script& script) {
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

  // A module that must compile; linking/instantiating it needs the runtime.
  void expect_valid(const WastCommand& cmd, bool needs_runtime) {
    auto m = compile(*cmd.module, report_.path);
    if (!m) {
      add(cmd, Outcome::Failed, fmt::format("module failed to compile: {} error: {}",
                                            error_kind_name(m.error().kind()), m.error().to_string()));
      return;
    }
    if (needs_runtime) add(cmd, Outcome::Skipped, "needs the runtime");
    else add(cmd, Outcome::Passed);
  }

  void run_command(const WastCommand& cmd) {
    using K = WastCommand::Kind;
    switch (cmd.kind) {
      case K::Module:
        // A definition only compiles; an instantiation needs the runtime beyond that,
        // but the compile step is the module-level check this runner makes.
        expect_valid(cmd, false);
        return;
      case K::AssertInvalid:
        expect_failure(cmd, ErrorKind::Invalid);
        return;
      case K::AssertMalformed:
        expect_failure(cmd, ErrorKind::Malformed);
        return;
      case K::AssertUnlinkable:
      case K::AssertUninstantiable:
        expect_valid(cmd, true);
        return;
      case K::AssertTrap:
        if (cmd.module) {
          expect_valid(cmd, true);
          return;
        }
        break;
      default:
        break;
    }
    add(cmd, Outcome::Skipped, "execution needs the interpreter");
  }

  FileReport& report_;
  const Options& opts_;
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
