// libFuzzer target: arbitrary bytes → decode → validate → instantiate → call every export
// in the interpreter. Seeded with binaryen's `wasm-opt -ttf` modules (valid, and full of
// loops and calls), so most inputs get past validation.
//
// There is no fuel in the runtime yet, so termination is made certain here, the way
// binaryen's own fuzzer does it: every function entry and every loop header is
// instrumented to decrement an added mutable i32 global and trap (`unreachable`) when it is
// zero. The global is reset before each export call, so one call runs at most kFuel loop
// iterations + calls, each a bounded stretch of straight-line code. Memories, tables and
// the GC heap are capped small through EngineConfig, so growth fails instead of
// allocating gigabytes.
//
// Imports are satisfied with fresh entities of the declared type: host functions (numeric
// signatures only) that return zeros, memories, tables, globals (zero / null), tags.
// Exports are called with zero arguments (numeric and v128 parameters only; a null is not
// a valid argument for a non-nullable reference).
//
// Properties: nothing crashes; each call returns or traps (any TrapKind; a trap is an
// expected outcome of random code).
#include <cstdio>
#include <memory>
#include <vector>

#include "binary/decoder.h"
#include "binary/instr_reader.h"
#include "fuzz_check.h"
#include "runtime/compiled_module.h"
#include "runtime/engine.h"
#include "runtime/exec.h"
#include "runtime/instantiate.h"
#include "runtime/store.h"
#include "util/byte_writer.h"
#include "validate/validator.h"

using namespace nanoproc;

namespace {

constexpr uint32_t kFuel = 2000;

bool numeric(const std::vector<ValType>& ts) {
  for (const ValType& t : ts)
    if (t.is_ref()) return false;
  return true;
}

// The fuel check, for global `g`:
//   global.get g; i32.eqz; if; unreachable; end; global.get g; i32.const 1; i32.sub; global.set g
std::vector<uint8_t> fuel_check(uint32_t g) {
  ByteWriter w;
  w.u8(0x23), w.u32(g), w.u8(0x45), w.u8(0x04), w.u8(0x40), w.u8(0x00), w.u8(0x0B);
  w.u8(0x23), w.u32(g), w.u8(0x41), w.u8(0x01), w.u8(0x6B), w.u8(0x24), w.u32(g);
  return w.take();
}

// `body` with the fuel check at its start and after every `loop` instruction. Returns
// false if the body does not decode (the validator accepted it, so that would be a bug).
bool instrument(std::vector<uint8_t>& body, const std::vector<uint8_t>& check) {
  std::vector<uint8_t> out = check;
  ByteReader r(body);
  InstrReader ir(r);
  Instr in;
  size_t copied = 0;
  while (!r.at_end()) {
    if (!ir.next(in)) return false;
    if (in.op == Opcode::Loop) {
      size_t end = static_cast<size_t>(r.offset());
      out.insert(out.end(), body.begin() + copied, body.begin() + end);
      out.insert(out.end(), check.begin(), check.end());
      copied = end;
    }
  }
  out.insert(out.end(), body.begin() + copied, body.end());
  body = std::move(out);
  return true;
}

struct ZeroHost {
  uint32_t result_slots;
};

TrapKind zero_results(HostCall&, void* env, uint64_t* slots) {
  uint32_t n = static_cast<ZeroHost*>(env)->result_slots;
  for (uint32_t i = 0; i < n; ++i) slots[i] = 0;
  return TrapKind::None;
}

// Fresh entities for every import; false if one cannot be made (the module is skipped).
bool make_imports(Store& store, const CompiledModule& cm, std::vector<Extern>& out, std::vector<ZeroHost>& hosts) {
  const Module& m = cm.module();
  hosts.reserve(m.imports.size());
  for (const Import& imp : m.imports) {
    switch (imp.kind) {
      case ExternKind::Func: {
        const FuncType& ft = cm.func_type(imp.func_type);
        if (!numeric(ft.params) || !numeric(ft.results)) return false;
        uint32_t slots = 0;
        for (const ValType& t : ft.results) slots += slot_count(t);
        hosts.push_back(ZeroHost{slots});
        out.push_back({ExternKind::Func, store.new_host_func(ft, zero_results, &hosts.back(), imp.name)});
        break;
      }
      case ExternKind::Memory: {
        auto mem = store.new_memory(imp.memory);
        if (!mem) return false;
        out.push_back({ExternKind::Memory, *mem});
        break;
      }
      case ExternKind::Table: {
        if (!imp.table.elem.nullable || !imp.table.elem.heap.is_abstract()) return false;
        auto t = store.new_table(imp.table, nullptr);
        if (!t) return false;
        out.push_back({ExternKind::Table, *t});
        break;
      }
      case ExternKind::Global:
        if (imp.global.type.is_ref()) return false;
        out.push_back({ExternKind::Global, store.new_global(imp.global, RawValue{})});
        break;
      case ExternKind::Tag:
        out.push_back({ExternKind::Tag, store.new_tag(cm.canon(imp.tag.type_index))});
        break;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto decoded = decode_module(std::span<const uint8_t>(data, size));
  if (!decoded || !validate_module(*decoded)) return 0;
  auto m = std::make_shared<Module>(std::move(*decoded));

  uint32_t imported_globals = 0;
  for (const Import& imp : m->imports) imported_globals += imp.kind == ExternKind::Global;
  uint32_t fuel_global = imported_globals + static_cast<uint32_t>(m->globals.size());
  ByteWriter init;
  init.u8(0x41), init.s32(static_cast<int32_t>(kFuel)), init.u8(0x0B);
  m->globals.push_back(Global{GlobalType{kI32, true}, ConstExpr{init.take(), 0}});
  std::vector<uint8_t> check = fuel_check(fuel_global);
  for (Function& f : m->functions) FUZZ_CHECK(instrument(f.body, check), "a validated body does not decode");
  Status v = validate_module(*m);
  FUZZ_CHECK(v.has_value(), "the instrumented module is invalid: %s", v.error().to_string().c_str());

  EngineConfig cfg;
  // Half the inputs on explicit bounds checks, half on guard pages: both paths matter.
  cfg.memory.guard_pages = (size & 1) != 0;
  cfg.memory.max_bytes = 16u << 20;
  cfg.memory.unguarded_reservation = 1u << 20;
  cfg.max_table_elements = 1u << 16;
  cfg.max_gc_heap_bytes = 16u << 20;
  cfg.max_call_depth = 500;
  cfg.value_stack_bytes = 4u << 20;
  Engine engine(cfg);
  auto cm = engine.compile(m);
  Store store(engine);
  std::vector<Extern> imports;
  std::vector<ZeroHost> hosts;
  if (!make_imports(store, *cm, imports, hosts)) return 0;
  auto inst = instantiate(store, cm, imports);
  if (!inst) return 0;  // unlinkable (e.g. memory too big for the caps) or a trap in start
  GlobalInstance* fuel = (*inst)->globals.at(fuel_global);

  for (const Export& e : m->exports) {
    if (e.kind != ExternKind::Func) continue;
    FuncInstance* f = (*inst)->funcs.at(e.index);
    if (!numeric(f->type->params)) continue;
    std::vector<uint64_t> slots(std::max(f->param_slots, f->result_slots) + 1, 0);
    fuel->value.i32 = kFuel;
    (void)call_function(store, f, slots.data());
  }
  return 0;
}
