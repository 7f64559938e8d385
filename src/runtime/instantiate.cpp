#include "runtime/instantiate.h"

#include <cstring>

#include <fmt/format.h>

#include "runtime/const_eval.h"
#include "runtime/exec.h"

namespace nanoproc {
namespace {

Error incompatible(const Import& imp, std::string why) {
  return Error(ErrorKind::Unlinkable,
               fmt::format("incompatible import type for \"{}\" \"{}\": {}", imp.module, imp.name, why));
}

bool limits_match(const Limits& actual, uint64_t actual_size, const Limits& expected) {
  if (actual.is64 != expected.is64) return false;
  if (actual_size < expected.min) return false;
  if (expected.has_max) {
    if (!actual.has_max || actual.max > expected.max) return false;
  }
  return true;
}


}  // namespace

Status check_import(Store& store, const CompiledModule& cm, const Import& imp, const Extern& ext) {
  if (ext.kind != imp.kind)
    return incompatible(imp, fmt::format("expected a {}, got a {}", extern_kind_name(imp.kind), extern_kind_name(ext.kind)));
  TypeRegistry& types = store.engine().types();
  const auto& ids = cm.canon_ids();
  switch (imp.kind) {
    case ExternKind::Func: {
      uint32_t want = cm.canon(imp.func_type);
      if (!types.is_subtype(ext.func()->header.type_id, want)) return incompatible(imp, "function type mismatch");
      return {};
    }
    case ExternKind::Table: {
      const TableInstance* t = ext.table();
      ValType want = canonicalize(imp.table.elem, ids);
      if (!(t->type().elem == want)) return incompatible(imp, "table element type mismatch");
      Limits actual = t->type().limits;
      if (!limits_match(actual, t->size(), imp.table.limits)) return incompatible(imp, "table limits mismatch");
      return {};
    }
    case ExternKind::Memory: {
      const LinearMemory* m = ext.memory();
      if (m->type().page_size_log2 != imp.memory.page_size_log2) return incompatible(imp, "page size mismatch");
      if (!limits_match(m->type().limits, m->pages(), imp.memory.limits)) return incompatible(imp, "memory limits mismatch");
      return {};
    }
    case ExternKind::Global: {
      const GlobalInstance* g = ext.global();
      ValType want = canonicalize(imp.global.type, ids);
      if (g->type.mut != imp.global.mut) return incompatible(imp, "global mutability mismatch");
      bool ok = imp.global.mut ? g->type.type == want : types.is_subtype(g->type.type, want);
      if (!ok) return incompatible(imp, "global type mismatch");
      return {};
    }
    case ExternKind::Tag: {
      if (ext.tag()->canon_type != cm.canon(imp.tag.type_index)) return incompatible(imp, "tag type mismatch");
      return {};
    }
  }
  return {};
}

Expected<Instance*> instantiate(Store& store, std::shared_ptr<CompiledModule> cm, const std::vector<Extern>& imports) {
  const Module& m = cm->module();
  if (imports.size() != m.imports.size())
    return make_error(ErrorKind::Unlinkable, "expected {} imports, got {}", m.imports.size(), imports.size());
  for (size_t i = 0; i < imports.size(); ++i) NP_CHECK(check_import(store, *cm, m.imports[i], imports[i]));

  const auto& ids = cm->canon_ids();
  Instance* inst = store.new_instance(cm);
  CompiledModule* cmp = cm.get();
  for (const Extern& e : imports) {
    switch (e.kind) {
      case ExternKind::Func: inst->funcs.push_back(e.func()); break;
      case ExternKind::Table: inst->tables.push_back(e.table()); break;
      case ExternKind::Memory: inst->memories.push_back(e.memory()); break;
      case ExternKind::Global: inst->globals.push_back(e.global()); break;
      case ExternKind::Tag: inst->tags.push_back(e.tag()); break;
    }
  }
  for (uint32_t i = 0; i < m.functions.size(); ++i)
    inst->funcs.push_back(store.new_wasm_func(inst, cmp, i, m.num_imported_funcs + i));
  for (const Tag& t : m.tags) inst->tags.push_back(store.new_tag(cm->canon(t.type.type_index)));
  // Globals may read earlier globals (and reference functions), so they come one by one.
  for (const Global& g : m.globals) {
    RawValue v = NP_TRY(eval_const(store, *inst, g.init));
    GlobalType gt = g.type;
    gt.type = canonicalize(gt.type, ids);
    inst->globals.push_back(store.new_global(gt, v));
  }
  for (const Table& t : m.tables) {
    Ref init = nullptr;
    if (t.init) init = NP_TRY(eval_const(store, *inst, *t.init)).ref;
    TableType tt = t.type;
    tt.elem = canonicalize(tt.elem, ids);
    inst->tables.push_back(NP_TRY(store.new_table(tt, init)));
  }
  for (const Memory& mem : m.memories) inst->memories.push_back(NP_TRY(store.new_memory(mem.type)));
  inst->mem0 = inst->memories.empty() ? nullptr : inst->memories[0];
  for (const Export& e : m.exports) {
    Extern x;
    x.kind = e.kind;
    switch (e.kind) {
      case ExternKind::Func: x.ptr = inst->funcs[e.index]; break;
      case ExternKind::Table: x.ptr = inst->tables[e.index]; break;
      case ExternKind::Memory: x.ptr = inst->memories[e.index]; break;
      case ExternKind::Global: x.ptr = inst->globals[e.index]; break;
      case ExternKind::Tag: x.ptr = inst->tags[e.index]; break;
    }
    inst->exports.emplace(e.name, x);
  }

  // Element segments: evaluate every item, then initialise active ones in order.
  inst->elems.resize(m.elems.size());
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ElemSegment& seg = m.elems[i];
    auto& refs = inst->elems[i];
    refs.reserve(seg.size());
    if (seg.uses_exprs) {
      for (const ConstExpr& e : seg.exprs) refs.push_back(NP_TRY(eval_const(store, *inst, e)).ref);
    } else {
      for (uint32_t f : seg.func_indices) refs.push_back(inst->funcs[f]);
    }
  }
  inst->data_dropped.assign(m.datas.size(), 0);

  auto trap_error = [&](TrapKind k) {
    store.last_trap = Trap{};
    store.last_trap.kind = k;
    return Error(ErrorKind::Trap, trap_message(k));
  };
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ElemSegment& seg = m.elems[i];
    if (seg.mode == SegmentMode::Active) {
      TableInstance* t = inst->tables[seg.table];
      RawValue off = NP_TRY(eval_const(store, *inst, seg.offset));
      uint64_t o = t->type().limits.is64 ? off.i64 : off.i32;
      uint64_t n = inst->elems[i].size();
      if (o > t->size() || n > t->size() - o) return trap_error(TrapKind::TableOutOfBounds);
      if (n) std::memcpy(t->data() + o, inst->elems[i].data(), n * sizeof(Ref));
    }
    if (seg.mode != SegmentMode::Passive) inst->elems[i].clear();
  }
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const DataSegment& seg = m.datas[i];
    if (seg.mode != SegmentMode::Active) continue;
    LinearMemory* mem = inst->memories[seg.memory];
    RawValue off = NP_TRY(eval_const(store, *inst, seg.offset));
    uint64_t o = mem->is64() ? off.i64 : off.i32;
    uint64_t n = seg.bytes.size();
    if (!mem->in_bounds(o, n)) return trap_error(TrapKind::MemoryOutOfBounds);
    if (n) std::memcpy(mem->data() + o, seg.bytes.data(), n);
    inst->data_dropped[i] = 1;
  }
  if (m.start) {
    FuncInstance* f = inst->funcs[*m.start];
    uint64_t slots[2] = {0, 0};
    TrapKind k = call_function(store, f, slots);
    if (k != TrapKind::None) {
      Error e(ErrorKind::Trap, store.last_trap.message());
      if (k == TrapKind::StackExhausted) e = Error(ErrorKind::Exhaustion, store.last_trap.message());
      return e;
    }
  }
  return inst;
}

}  // namespace nanoproc
