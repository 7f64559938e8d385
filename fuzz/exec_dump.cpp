// nanoproc-fuzz-exec FILE.wasm: runs a module the way binaryen's `wasm-opt --fuzz-exec`
// does and prints the same lines, so fuzz/diff can compare the two engines:
//
//   [fuzz-exec] calling NAME                 every exported function, in export order,
//   [LoggingExternalInterface logging V]     each call of a fuzzing-support.log-* import
//                                            (an i64 as its two i32 halves, low first),
//   [fuzz-exec] note result: NAME => V       results: one value, or "(a, b, ...)",
//   [trap MESSAGE]                           a trap (fuzz/diff ignores the message).
//
// Before each export the module's "hangLimitInitializer" export (binaryen -ttf's loop
// budget) is called, and parameters are zeros, as binaryen does. Values: i32 and i64 in
// signed decimal; floats as the shortest decimal that reads back to the same value, or
// "[-]nan:0xPAYLOAD". Exit status: 0 when the module ran (traps included), 1 when it does
// not decode, validate or instantiate, 2 for imports other than fuzzing-support.log-*.
#include <bit>
#include <cmath>
#include <cstdio>
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
    case ValKind::V128: return fmt::format("v128 0x{:016x}{:016x}", slot[1], slot[0]);
    default: return slot[0] ? "ref" : "null";
  }
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

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: nanoproc-fuzz-exec FILE.wasm\n");
    return 2;
  }
  auto bytes = read_file(argv[1]);
  if (!bytes) {
    std::fprintf(stderr, "%s\n", bytes.error().to_string().c_str());
    return 1;
  }
  auto decoded = decode_module(*bytes);
  if (!decoded) {
    std::fprintf(stderr, "%s\n", decoded.error().to_string().c_str());
    return 1;
  }
  if (Status v = validate_module(*decoded); !v) {
    std::fprintf(stderr, "%s\n", v.error().to_string().c_str());
    return 1;
  }
  auto m = std::make_shared<const Module>(std::move(*decoded));
  Engine engine;
  auto cm = engine.compile(m);
  Store store(engine);
  std::vector<Extern> imports;
  std::vector<std::unique_ptr<LogEnv>> envs;
  for (const Import& imp : m->imports) {
    const FuncType* ft = imp.kind == ExternKind::Func ? &cm->func_type(imp.func_type) : nullptr;
    if (!ft || imp.module != "fuzzing-support" || imp.name.rfind("log", 0) != 0 || ft->params.size() != 1 ||
        !ft->results.empty()) {
      std::fprintf(stderr, "unsupported import %s.%s\n", imp.module.c_str(), imp.name.c_str());
      return 2;
    }
    envs.push_back(std::make_unique<LogEnv>(LogEnv{ft->params[0]}));
    imports.push_back({ExternKind::Func, store.new_host_func(*ft, log_value, envs.back().get(), imp.name)});
  }
  auto inst = instantiate(store, cm, imports);
  if (!inst) {
    std::fprintf(stderr, "%s\n", inst.error().to_string().c_str());
    return 1;
  }
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
  return 0;
}
