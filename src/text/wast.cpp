#include "text/wast.h"

#include <fmt/format.h>

#include "text/lexer.h"
#include "text/wast_parser.h"
#include "text/wat_parser.h"

namespace nanoproc {
namespace text {
namespace {

bool is_module_field(std::string_view kw) {
  return kw == "type" || kw == "rec" || kw == "func" || kw == "table" || kw == "memory" ||
         kw == "global" || kw == "tag" || kw == "import" || kw == "export" || kw == "start" ||
         kw == "elem" || kw == "data";
}

}  // namespace

Expected<Script> WastParser::parse(std::string_view filename) {
  Script s;
  s.filename = std::string(filename);
  if (c_.is(TokKind::LParen) && c_.is(TokKind::Keyword, 1) && is_module_field(c_.peek(1).text)) {
    // A script that is just the fields of one module.
    WastCommand cmd;
    cmd.kind = WastCommand::Kind::Module;
    cmd.loc = loc();
    ScriptModule sm;
    sm.loc = cmd.loc;
    sm.source_end = c_.stream().source.size();
    WatParser p(c_);
    sm.module = NP_TRY(p.parse_fields());
    cmd.module = std::move(sm);
    s.commands.push_back(std::move(cmd));
  } else {
    while (c_.is(TokKind::LParen)) NP_CHECK(command(s));
  }
  if (!c_.is(TokKind::Eof)) return Unexpected(c_.unexpected());
  return s;
}

Expected<std::string> WastParser::message() {
  std::string_view m = NP_TRY(c_.expect_string());
  return std::string(m);
}

Expected<ScriptModule> WastParser::script_module(WastCommand* instance) {
  ScriptModule sm;
  sm.loc = loc();
  sm.source_begin = size_t(c_.peek().text.data() - c_.stream().source.data());
  NP_CHECK(c_.expect_lparen_keyword("module"));
  if (c_.is_keyword("instance")) {
    if (!instance) return Unexpected(c_.unexpected());
    c_.next();
    instance->kind = WastCommand::Kind::ModuleInstance;
    if (c_.is(TokKind::Id) && c_.is(TokKind::Id, 1))
      instance->instance_name = std::string(c_.next().text);
    if (c_.is(TokKind::Id)) instance->definition_name = std::string(c_.next().text);
    NP_CHECK(c_.expect_rparen());
    return sm;
  }
  if (c_.is_keyword("definition")) {
    c_.next();
    sm.is_definition = true;
  }
  if (c_.is(TokKind::Id)) sm.name = std::string(c_.next().text);
  if (c_.is_keyword("binary") || c_.is_keyword("quote")) {
    bool binary = c_.next().text == "binary";
    std::string all;
    while (c_.is(TokKind::String)) all += c_.next().text;
    if (binary) {
      sm.kind = ScriptModule::Kind::Binary;
      sm.bytes.assign(all.begin(), all.end());
    } else {
      sm.kind = ScriptModule::Kind::Quote;
      sm.quote = std::move(all);
    }
  } else {
    sm.kind = ScriptModule::Kind::Text;
    WatParser p(c_);
    sm.module = NP_TRY(p.parse_fields());
    if (sm.name) sm.module.names.module_name = *sm.name;
  }
  sm.source_end = size_t(c_.peek().text.data() - c_.stream().source.data()) + 1;
  NP_CHECK(c_.expect_rparen());
  return sm;
}

Expected<WastAction> WastParser::action() {
  WastAction a;
  a.loc = loc();
  NP_CHECK(c_.expect(TokKind::LParen));
  if (c_.is_keyword("invoke")) a.kind = WastAction::Kind::Invoke;
  else if (c_.is_keyword("get")) a.kind = WastAction::Kind::Get;
  else return Unexpected(c_.unexpected());
  c_.next();
  if (c_.is(TokKind::Id)) a.module = std::string(c_.next().text);
  a.field = NP_TRY(c_.expect_name());
  if (a.kind == WastAction::Kind::Invoke)
    while (c_.is(TokKind::LParen)) a.args.push_back(NP_TRY(const_value()));
  NP_CHECK(c_.expect_rparen());
  return a;
}

Status WastParser::command(Script& s) {
  WastCommand cmd;
  cmd.loc = loc();
  if (!c_.is(TokKind::Keyword, 1)) return Unexpected(c_.error(c_.peek(1), "unexpected token"));
  const Token& kw_tok = c_.peek(1);
  std::string_view kw = kw_tok.text;
  using K = WastCommand::Kind;
  if (kw == "module") {
    cmd.kind = K::Module;
    ScriptModule sm = NP_TRY(script_module(&cmd));
    if (cmd.kind == K::Module) cmd.module = std::move(sm);
    s.commands.push_back(std::move(cmd));
    return ok_status();
  }
  if (kw == "invoke" || kw == "get") {
    cmd.kind = K::Action;
    cmd.action = NP_TRY(action());
    s.commands.push_back(std::move(cmd));
    return ok_status();
  }
  c_.next();
  c_.next();
  if (kw == "register") {
    cmd.kind = K::Register;
    cmd.text = NP_TRY(c_.expect_name());
    if (c_.is(TokKind::Id)) cmd.instance_name = std::string(c_.next().text);
  } else if (kw == "assert_return") {
    cmd.kind = K::AssertReturn;
    cmd.action = NP_TRY(action());
    while (c_.is(TokKind::LParen)) cmd.results.push_back(NP_TRY(result()));
  } else if (kw == "assert_trap") {
    cmd.kind = K::AssertTrap;
    if (c_.is_sexpr("module")) cmd.module = NP_TRY(script_module(nullptr));
    else cmd.action = NP_TRY(action());
    cmd.text = NP_TRY(message());
  } else if (kw == "assert_exhaustion") {
    cmd.kind = K::AssertExhaustion;
    cmd.action = NP_TRY(action());
    cmd.text = NP_TRY(message());
  } else if (kw == "assert_exception") {
    cmd.kind = K::AssertException;
    cmd.action = NP_TRY(action());
  } else if (kw == "assert_invalid" || kw == "assert_malformed" || kw == "assert_unlinkable" ||
             kw == "assert_uninstantiable") {
    cmd.kind = kw == "assert_invalid"      ? K::AssertInvalid
               : kw == "assert_malformed"  ? K::AssertMalformed
               : kw == "assert_unlinkable" ? K::AssertUnlinkable
                                           : K::AssertUninstantiable;
    cmd.module = NP_TRY(script_module(nullptr));
    cmd.text = NP_TRY(message());
  } else {
    return Unexpected(c_.error(kw_tok, fmt::format("unknown script command {}", kw)));
  }
  NP_CHECK(c_.expect_rparen());
  s.commands.push_back(std::move(cmd));
  return ok_status();
}

}  // namespace text

Expected<Script> parse_wast(std::string_view text, std::string_view filename) {
  auto ts = NP_TRY(text::tokenize(text, filename));
  text::Cursor c(*ts);
  text::WastParser p(c);
  return p.parse(filename);
}

}  // namespace nanoproc
