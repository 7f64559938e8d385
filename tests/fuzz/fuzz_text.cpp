// libFuzzer target: arbitrary text through the WAT and WAST parsers and on into the
// binary front end.
//
// Each input is parsed both as a script (parse_wast) and as a module (parse_wat).
// For every module obtained (script text modules, quoted modules, the parse_wat result):
// validate; encode; decode. Properties checked (a violation aborts):
// - nothing crashes; parse errors are Malformed;
// - a valid text module encodes to a binary that decodes, validates, and re-encodes to
//   the same bytes (the encoding is canonical).
// Binary modules in scripts go through decode + validate as well.
#include <string_view>

#include "binary/decoder.h"
#include "binary/encoder.h"
#include "fuzz_check.h"
#include "text/wast.h"
#include "text/wat.h"
#include "validate/validator.h"

using namespace nanoproc;

namespace {

void check_text_module(const Module& m) {
  Status v = validate_module(m);
  std::vector<uint8_t> bytes = encode_module(m);
  auto d = decode_module(bytes, kDecode);
  if (!v) return;  // an invalid module's encoding may legitimately be malformed
  FUZZ_CHECK(d.has_value(), "a valid text module's encoding does not decode: %s", d.error().to_string().c_str());
  Status v2 = validate_module(*d);
  FUZZ_CHECK(v2.has_value(), "a valid text module is invalid after encode -> decode: %s",
             v2.error().to_string().c_str());
  FUZZ_CHECK(encode_module(*d) == bytes, "encode(decode(encode(m))) != encode(m)");
}

void check_parse_error(const Error& e) {
  FUZZ_CHECK(e.kind() == ErrorKind::Malformed, "parse error of kind %d: %s", int(e.kind()), e.to_string().c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  auto script = parse_wast(text, "<fuzz>");
  if (script) {
    for (const WastCommand& c : script->commands) {
      if (!c.module) continue;
      const ScriptModule& sm = *c.module;
      switch (sm.kind) {
        case ScriptModule::Kind::Text: check_text_module(sm.module); break;
        case ScriptModule::Kind::Quote:
          if (auto m = parse_wat(sm.quote, "<quote>")) check_text_module(*m);
          break;
        case ScriptModule::Kind::Binary:
          if (auto m = decode_module(sm.bytes, kDecode)) (void)validate_module(*m);
          break;
      }
    }
  } else {
    check_parse_error(script.error());
  }

  auto m = parse_wat(text, "<fuzz>");
  if (m) check_text_module(*m);
  else check_parse_error(m.error());
  return 0;
}
