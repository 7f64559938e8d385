// Build-time tool: writes the fuzzers' seed corpora and dictionaries.
//
//   make_seeds SPEC_DIR OUT_DIR
//
// Reads every .wast under SPEC_DIR (recursively) and writes, under OUT_DIR:
//   seeds-decode/  every module of every script as a binary: binary modules as written
//                  (malformed ones included: they are good starting points), text and
//                  quoted modules encoded (when they parse);
//   seeds-text/    every .wast file, and the source text of each of its modules;
//   seeds-validate/ every function body (without its final `end`) of every module that
//                  decodes, up to 4 KiB each (fuzz_validate's inputs);
//   decode.dict    the module header and every multi-byte opcode encoding;
//   text.dict      every instruction keyword of the opcode table, plus the text format's
//                  other keywords.
// Files are named by a hash of their content, so duplicates collapse.
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "binary/decoder.h"
#include "binary/encoder.h"
#include "ir/opcode.h"
#include "text/wast.h"
#include "text/wat.h"
#include "util/byte_writer.h"
#include "util/file.h"

using namespace nanoproc;
namespace fs = std::filesystem;

namespace {

uint64_t fnv1a(std::span<const uint8_t> b) {
  uint64_t h = 1469598103934665603ull;
  for (uint8_t c : b) h = (h ^ c) * 1099511628211ull;
  return h;
}

bool write_seed(const fs::path& dir, std::span<const uint8_t> bytes, const char* ext) {
  fs::path p = dir / fmt::format("{:016x}{}", fnv1a(bytes), ext);
  if (fs::exists(p)) return false;
  return write_file_atomic(p.string(), bytes).has_value();
}

std::span<const uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// A libFuzzer dictionary entry: printable ASCII as is, everything else as \xNN.
std::string dict_entry(std::string_view bytes) {
  std::string out = "\"";
  for (unsigned char c : bytes) {
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') out += char(c);
    else out += fmt::format("\\x{:02X}", c);
  }
  return out + "\"\n";
}

// Keywords of the text format that are not instructions (types, fields, script commands).
constexpr std::string_view kTextKeywords[] = {
    "module", "func", "param", "result", "local", "global", "table", "memory", "type", "import",
    "export", "start", "elem", "data", "offset", "item", "declare", "mut", "rec", "sub", "final",
    "struct", "array", "field", "tag", "then", "else", "end", "catch", "catch_ref", "catch_all",
    "catch_all_ref", "delegate", "i32", "i64", "f32", "f64", "v128", "i8", "i16", "funcref",
    "externref", "anyref", "eqref", "i31ref", "structref", "arrayref", "nullref", "nullfuncref",
    "nullexternref", "exnref", "nullexnref", "ref", "null", "any", "eq", "i31", "extern", "exn",
    "noextern", "nofunc", "noexn", "none", "shared", "pagesize", "align=", "offset=", "quote",
    "binary", "definition", "instance", "register", "invoke", "get", "assert_return",
    "assert_trap", "assert_exhaustion", "assert_exception", "assert_invalid", "assert_malformed",
    "assert_unlinkable", "assert_uninstantiable", "either", "nan:canonical", "nan:arithmetic",
    "nan:0x", "inf", "-inf", "0x", "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2",
    "ref.extern", "ref.host", "(;", ";)", ";;", "(@", "$", "\"\\", "1_000", "0x1p-3",
};

void write_dicts(const fs::path& out) {
  std::string text, bin = dict_entry(std::string_view("\0asm\1\0\0\0", 8));
  std::set<std::string_view> seen;
  for (unsigned i = 0; i < kOpcodeCount; ++i) {
    const OpInfo& info = op_info(Opcode(i));
    if (seen.insert(info.text).second) text += dict_entry(info.text);
    if (info.prefix != 0) {
      ByteWriter w;
      w.u8(info.prefix);
      w.u32(info.code);
      std::vector<uint8_t> b = w.take();
      bin += dict_entry(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
    }
  }
  for (std::string_view k : kTextKeywords)
    if (seen.insert(k).second) text += dict_entry(k);
  (void)write_file_atomic((out / "text.dict").string(), as_bytes(text));
  (void)write_file_atomic((out / "decode.dict").string(), as_bytes(bin));
}

size_t write_bodies(const fs::path& dir, const Module& m) {
  size_t n = 0;
  for (const Function& f : m.functions)
    if (!f.body.empty() && f.body.size() <= 4096)
      n += write_seed(dir, std::span<const uint8_t>(f.body.data(), f.body.size() - 1), ".body");
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_seeds SPEC_DIR OUT_DIR\n");
    return 2;
  }
  fs::path spec = argv[1], out = argv[2];
  fs::path dec = out / "seeds-decode", txt = out / "seeds-text", val = out / "seeds-validate";
  std::error_code ec;
  fs::create_directories(dec, ec);
  fs::create_directories(txt, ec);
  fs::create_directories(val, ec);
  write_dicts(out);

  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(spec, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".wast") files.push_back(it->path());
  if (files.empty()) {
    std::fprintf(stderr, "make_seeds: no .wast files under %s\n", spec.c_str());
    return 1;
  }

  size_t n_dec = 0, n_txt = 0, n_val = 0, unparsed = 0;
  for (const auto& path : files) {
    auto content = read_file(path.string());
    if (!content) continue;
    std::string_view text(reinterpret_cast<const char*>(content->data()), content->size());
    n_txt += write_seed(txt, *content, ".wast");
    auto script = parse_wast(text, path.string());
    if (!script) {
      ++unparsed;  // proposals this build does not parse; the file itself is still a seed
      continue;
    }
    for (const WastCommand& c : script->commands) {
      if (!c.module) continue;
      const ScriptModule& sm = *c.module;
      if (sm.source_end > sm.source_begin && sm.source_end <= text.size())
        n_txt += write_seed(txt, as_bytes(text.substr(sm.source_begin, sm.source_end - sm.source_begin)), ".wat");
      switch (sm.kind) {
        case ScriptModule::Kind::Binary:
          n_dec += write_seed(dec, sm.bytes, ".wasm");
          if (auto m = decode_module(sm.bytes)) n_val += write_bodies(val, *m);
          break;
        case ScriptModule::Kind::Text:
          n_dec += write_seed(dec, encode_module(sm.module), ".wasm");
          n_val += write_bodies(val, sm.module);
          break;
        case ScriptModule::Kind::Quote:
          if (auto m = parse_wat(sm.quote, "<quote>")) {
            n_dec += write_seed(dec, encode_module(*m), ".wasm");
            n_val += write_bodies(val, *m);
          }
          break;
      }
    }
  }
  std::printf("make_seeds: %zu scripts (%zu not parsed): %zu binary, %zu text, %zu function-body seeds\n",
              files.size(), unparsed, n_dec, n_txt, n_val);
  return 0;
}
