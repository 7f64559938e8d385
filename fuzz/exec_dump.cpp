// nanoproc-fuzz-exec: runs modules the way binaryen's `wasm-opt --fuzz-exec` does and
// prints the same lines, so fuzz/diff can compare nanoproc with binaryen and with V8
// (fuzz/v8_exec.mjs prints the same lines too):
//
//   [fuzz-exec] calling NAME                 every exported function, in export order,
//   [LoggingExternalInterface logging V]     each call of a fuzzing-support.log-* import
//                                            (an i64 as its two i32 halves, low first),
//   [fuzz-exec] note result: NAME => V       results: one value, or "(a, b, ...)",
//   [trap MESSAGE]                           a trap (fuzz/diff ignores the message),
//   [memory NAME pages=N hash=H]             after all calls, each exported memory: its
//                                            size and fuzz/diff's 64-bit hash of its bytes.
//
//   nanoproc-fuzz-exec [--explicit-bounds] [--interruptible] [--memory-image] FILE.wasm
//   nanoproc-fuzz-exec --batch               reads lines "PATH<tab>OPTIONS" from stdin, OPTIONS
//                                            a comma-separated subset of explicit-bounds
//                                            (no guard pages), interruptible (fuel checks
//                                            compiled in, unlimited fuel) and memory-image
//                                            (memory 0 mapped copy-on-write from an image
//                                            however little data it has); after each
//                                            module prints "[end]".
//
// Before each export the module's "hangLimitInitializer" export (binaryen -ttf's loop
// budget) is called, and parameters are zeros, as binaryen does. Values: i32 and i64 in
// signed decimal; floats as the shortest decimal that reads back to the same value, or
// "[-]nan:0xPAYLOAD". A module that cannot run prints "[error WHAT]" (batch mode) or exits
// with 1 (does not decode, validate or instantiate) or 2 (imports other than
// fuzzing-support.log-*). Each module gets its own Engine, so a batch result is the result
// of running that module alone.
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "binary/decoder.h"
#include "runtime/compiled_module.h"
#include "runtime/engine.h"
#include "runtime/exec.h"
#include "runtime/instantiate.h"
#include "runtime/store.h"
#include "util/file.h"
#include "validate/validator.h"

using namespace nanoproc;

namespace {

template <class F, class Bits>
std::string float_text(F v) {
  Bits bits = std::bit_cast<Bits>(v);
  constexpr int kMantissa = sizeof(F) == 4 ? 23 : 52;
  if (std::isnan(v)) {
    Bits payload = bits & ((Bits(1) << kMantissa) - 1);
    return fmt::format("{}nan:0x{:x}", std::signbit(v) ? "-" : "", payload);
  }
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  if (v == 0) return std::signbit(v) ? "-0" : "0";
  return fmt::format("{}", static_cast<double>(v));  // shortest round trip (of the double)
}

std::string value_text(ValType t, const uint64_t* slot) {
  switch (t.kind) {
    case ValKind::I32: return fmt::format("{}", static_cast<int32_t>(slot[0]));
    case ValKind::I64: return fmt::format("{}", static_cast<int64_t>(slot[0]));
    case ValKind::F32: return float_text<float, uint32_t>(std::bit_cast<float>(static_cast<uint32_t>(slot[0])));
    case ValKind::F64: return float_text<double, uint64_t>(std::bit_cast<double>(slot[0]));
    case ValKind::V128:  // as binaryen prints it: four i32 lanes, lane 0 first
      return fmt::format("i32x4 0x{:08x} 0x{:08x} 0x{:08x} 0x{:08x}", static_cast<uint32_t>(slot[0]),
                         static_cast<uint32_t>(slot[0] >> 32), static_cast<uint32_t>(slot[1]),
                         static_cast<uint32_t>(slot[1] >> 32));
    default: return slot[0] ? "ref" : "null";
  }
}

// The memory hash fuzz/v8_exec.mjs computes too: two 32-bit multiplicative lanes over the
// non-zero little-endian 32-bit words and their indices (a last partial word zero-padded).
// Cheap in JavaScript, where the 64-bit arithmetic of a stronger hash would need BigInt;
// zero words, most of a memory, are skipped 32 bytes at a time.
std::string memory_hash(const uint8_t* p, uint64_t n) {
  uint32_t h1 = 0x811c9dc5u, h2 = 0x9e3779b9u;
  auto mix = [&](uint32_t w, uint32_t i) {
    h1 = (h1 ^ w ^ (i * 0x9e3779b1u)) * 0x01000193u;
    h2 = ((h2 + w + i) * 0x85ebca6bu) ^ (h2 >> 13);
  };
  uint64_t i = 0;
  for (; i + 32 <= n; i += 32) {
    uint64_t q[4];
    std::memcpy(q, p + i, 32);
    if ((q[0] | q[1] | q[2] | q[3]) == 0) continue;
    for (uint64_t j = 0; j < 32; j += 4) {
      uint32_t w;
      std::memcpy(&w, p + i + j, 4);
      if (w != 0) mix(w, static_cast<uint32_t>((i + j) / 4));
    }
  }
  for (; i < n; i += 4) {
    uint32_t w = 0;
    std::memcpy(&w, p + i, std::min<uint64_t>(4, n - i));
    if (w != 0) mix(w, static_cast<uint32_t>(i / 4));
  }
  return fmt::format("{:08x}{:08x}", h1, h2);
}

struct LogEnv {
  ValType type;
};

TrapKind log_value(HostCall&, void* env, uint64_t* slots) {
  ValType t = static_cast<LogEnv*>(env)->type;
  // binaryen's log-i64 prints the two i32 halves, low first (its JS legalisation).
  std::string text = t.kind == ValKind::I64 ? fmt::format("{} {}", static_cast<int32_t>(slots[0]),
                                                          static_cast<int32_t>(slots[0] >> 32))
                                            : value_text(t, slots);
  std::printf("[LoggingExternalInterface logging %s]\n", text.c_str());
  return TrapKind::None;
}

// Runs one module; returns 0, or 1/2 as documented above after printing "[error ...]"
// (batch) or the message on stderr.
struct Mode {
  bool explicit_bounds = false;
  bool interruptible = false;
  bool memory_image = false;
  bool parse(const std::string& option) {
    if (option == "memory-image") return memory_image = true;
    if (option == "explicit-bounds") return explicit_bounds = true;
    if (option == "interruptible") return interruptible = true;
    return option.empty();
  }
};

int run_module(const std::string& path, Mode mode, bool batch) {
  auto fail = [&](int code, const std::string& what) {
    if (batch)
      std::printf("[error %s]\n", what.c_str());
    else
      std::fprintf(stderr, "%s\n", what.c_str());
    return code;
  };
  auto bytes = read_file(path);
  if (!bytes) return fail(1, bytes.error().to_string());
  auto decoded = decode_module(*bytes);
  if (!decoded) return fail(1, decoded.error().to_string());
  if (Status v = validate_module(*decoded); !v) return fail(1, v.error().to_string());
  auto m = std::make_shared<const Module>(std::move(*decoded));
  EngineConfig cfg;
  cfg.memory.guard_pages = !mode.explicit_bounds;
  cfg.interruptible = mode.interruptible;
  if (mode.memory_image) cfg.memory_image_min_bytes = 1;
  Engine engine(cfg);
  auto cm = engine.compile(m);
  Store store(engine);
  std::vector<Extern> imports;
  std::vector<std::unique_ptr<LogEnv>> envs;
  for (const Import& imp : m->imports) {
    const FuncType* ft = imp.kind == ExternKind::Func ? &cm->func_type(imp.func_type) : nullptr;
    if (!ft || imp.module != "fuzzing-support" || imp.name.rfind("log", 0) != 0 || ft->params.size() != 1 ||
        !ft->results.empty())
      return fail(2, fmt::format("unsupported import {}.{}", imp.module, imp.name));
    envs.push_back(std::make_unique<LogEnv>(LogEnv{ft->params[0]}));
    imports.push_back({ExternKind::Func, store.new_host_func(*ft, log_value, envs.back().get(), imp.name)});
  }
  auto inst = instantiate(store, cm, imports);
  if (!inst) return fail(1, inst.error().to_string());
  FuncInstance* hang_init = nullptr;
  if (const Extern* e = (*inst)->find_export("hangLimitInitializer"); e && e->kind == ExternKind::Func)
    hang_init = e->func();

  for (const Export& e : m->exports) {
    if (e.kind != ExternKind::Func) continue;
    std::printf("[fuzz-exec] calling %s\n", e.name.c_str());
    FuncInstance* f = (*inst)->funcs.at(e.index);
    std::vector<uint64_t> slots(std::max(f->param_slots, f->result_slots) + 2, 0);
    if (hang_init) {
      std::vector<uint64_t> none(2, 0);
      if (call_function(store, hang_init, none.data()) != TrapKind::None) {
        std::printf("[trap %s]\n", store.last_trap.message().c_str());
        continue;
      }
    }
    bool defaultable = true;
    for (const ValType& t : f->type->params) defaultable &= t.defaultable();
    if (!defaultable) {
      std::printf("[trap fuzzer can only send defaultable parameters to exports]\n");
      continue;
    }
    if (call_function(store, f, slots.data()) != TrapKind::None) {
      std::printf("[trap %s]\n", store.last_trap.message().c_str());
      continue;
    }
    const auto& results = f->type->results;
    if (results.empty()) continue;
    std::string text;
    size_t slot = 0;
    for (size_t i = 0; i < results.size(); ++i) {
      if (i) text += ", ";
      text += value_text(results[i], &slots[slot]);
      slot += slot_count(results[i]);
    }
    if (results.size() > 1) text = "(" + text + ")";
    std::printf("[fuzz-exec] note result: %s => %s\n", e.name.c_str(), text.c_str());
  }
  for (const Export& e : m->exports) {
    if (e.kind != ExternKind::Memory) continue;
    const LinearMemory* mem = (*inst)->memories.at(e.index);
    std::printf("[memory %s pages=%llu hash=%s]\n", e.name.c_str(), static_cast<unsigned long long>(mem->pages()),
                memory_hash(mem->data(), mem->size_bytes()).c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "--batch") == 0) {
    std::string line;
    while (std::getline(std::cin, line)) {
      Mode mode;
      bool ok = true;
      if (auto tab = line.find('\t'); tab != std::string::npos) {
        std::string options = line.substr(tab + 1) + ",";
        line.resize(tab);
        for (size_t at = 0, comma; (comma = options.find(',', at)) != std::string::npos; at = comma + 1)
          ok &= mode.parse(options.substr(at, comma - at));
      }
      if (ok)
        run_module(line, mode, true);
      else
        std::printf("[error unknown option in: %s]\n", line.c_str());
      std::printf("[end]\n");
      std::fflush(stdout);
    }
    return 0;
  }
  Mode mode;
  int i = 1;
  for (; i + 1 < argc && mode.parse(argv[i] + std::strspn(argv[i], "-")); ++i) {
  }
  if (i != argc - 1 || argv[i][0] == '-') {
    std::fprintf(stderr, "usage: nanoproc-fuzz-exec [--explicit-bounds] [--interruptible] [--memory-image] FILE.wasm | --batch\n");
    return 2;
  }
  return run_module(argv[i], mode, false);
}
