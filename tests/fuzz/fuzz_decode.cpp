// libFuzzer target: arbitrary bytes through the binary front end and into lowering.
//
// Properties checked (a violation aborts, which libFuzzer reports as a crash):
// - decode_module never crashes; its errors are Malformed and point inside the input;
// - every module the decoder produces round-trips: decode(encode(m)) == m, and that
//   encoding is canonical (encoding the re-decoded module gives the same bytes);
// - validate_module never crashes and gives the same answer on the re-decoded module;
// - on a valid module: lowering every function (the interpreter's) never crashes, and
//   print_module -> parse_wat gives back the same module (up to what the text format
//   leaves to the encoder, see tests/unit/printer/normalize.h).
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "../unit/printer/normalize.h"
#include "binary/decoder.h"
#include "binary/encoder.h"
#include "fuzz_check.h"
#include "runtime/compiled_module.h"
#include "runtime/engine.h"
#include "text/printer.h"
#include "text/wat.h"
#include "validate/validator.h"

using namespace nanoproc;

namespace {

void check_print_parse(const Module& m) {
  std::string text = print_module(m);
  auto reparsed = parse_wat(text, "<printed>");
  FUZZ_CHECK(reparsed.has_value(), "printed module does not parse: %s\n%s", reparsed.error().to_string().c_str(),
             text.c_str());
  auto canonical = decode_module(encode_module(*reparsed), kDecode);
  FUZZ_CHECK(canonical.has_value(), "reparsed module does not re-decode: %s", canonical.error().to_string().c_str());
  Module a = m, b = std::move(*canonical);
  test::normalize(a);
  test::normalize(b);
  FUZZ_CHECK(a == b, "print -> parse changed the module\n%s", text.c_str());
}

void check_lowering(const Module& m) {
  Engine engine;  // a fresh type registry per input: nothing accumulates across runs
  auto cm = engine.compile(std::make_shared<const Module>(m));
  cm->lower_all();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> bytes(data, size);
  auto m = decode_module(bytes, kDecode);
  if (!m) {
    FUZZ_CHECK(m.error().kind() == ErrorKind::Malformed, "decode error of kind %d", int(m.error().kind()));
    FUZZ_CHECK(m.error().loc().offset <= size, "decode error offset %llu past the end (%zu)",
               (unsigned long long)m.error().loc().offset, size);
    return 0;
  }
  std::vector<uint8_t> once = encode_module(*m);
  auto again = decode_module(once, kDecode);
  FUZZ_CHECK(again.has_value(), "re-decoding the encoding failed: %s", again.error().to_string().c_str());
  FUZZ_CHECK(*again == *m, "decode(encode(m)) != m");
  FUZZ_CHECK(encode_module(*again) == once, "the encoding is not canonical");

  Status v = validate_module(*m);
  Status v2 = validate_module(*again);
  FUZZ_CHECK(v.has_value() == v2.has_value(), "validation differs after a round trip: %s",
             v ? v2.error().to_string().c_str() : v.error().to_string().c_str());
  if (!v) {
    ErrorKind k = v.error().kind();
    FUZZ_CHECK(k == ErrorKind::Invalid || k == ErrorKind::Malformed, "validation error of kind %d", int(k));
    return 0;
  }
  check_lowering(*m);
  check_print_parse(*m);
  return 0;
}
