// Module-level validation: imports, entity types and limits, constant expressions of
// globals/tables/segments, start function, exports, then every function body.
#include <string>
#include <unordered_set>

#include <fmt/format.h>

#include "binary/instr_reader.h"
#include "validate/body_scan.h"
#include "validate/func_validator.h"
#include "validate/module_env.h"
#include "validate/validator.h"

namespace nanoproc {
namespace {

Error invalid(std::string msg) { return Error(ErrorKind::Invalid, std::move(msg)); }

class ModuleValidator {
 public:
  ModuleValidator(const Module& m, const ValidateOptions& opts) : m_(m), opts_(opts) {}

  // On failure, *first_unchecked_body is the first function body not fully validated.
  Status run(size_t* first_unchecked_body);

 private:
  Status check_val_type(ValType t, const Site& where);
  Status check_func_type_index(uint32_t idx, const Site& where);
  Status check_table_type(const TableType& tt, const Site& where);
  Status check_memory_type(const MemoryType& mt, const Site& where);
  Status check_tag_type(const TagType& tt, const Site& where);
  Status check_const(const ConstExpr& e, ValType t, uint32_t visible_globals, const Site& site);
  Status check_imports();
  Status check_tables();
  Status check_globals();
  Status check_elems();
  Status check_datas();
  Status check_start();
  Status check_exports();
  void collect_declared_funcs();

  const Module& m_;
  const ValidateOptions& opts_;
  std::optional<TypeContext> types_;
  std::optional<ModuleEnv> env_;
  std::optional<FuncValidator> fv_;
};

Status ModuleValidator::run(size_t* first_unchecked_body) {
  *first_unchecked_body = 0;
  auto tc = TypeContext::build(m_);
  if (!tc) return std::move(tc).error();
  types_.emplace(std::move(*tc));
  env_.emplace(m_, *types_, opts_);
  env_->build();
  fv_.emplace(*env_);

  NP_CHECK(check_imports());
  for (size_t i = 0; i < m_.functions.size(); ++i)
    NP_CHECK(check_func_type_index(m_.functions[i].type_index,
                                   Site{"function", env_->imported_funcs + i}));
  collect_declared_funcs();
  NP_CHECK(check_tables());
  for (size_t i = 0; i < m_.memories.size(); ++i)
    NP_CHECK(check_memory_type(m_.memories[i].type, Site{"memory", env_->imported_memories + i}));
  NP_CHECK(check_globals());
  for (size_t i = 0; i < m_.tags.size(); ++i)
    NP_CHECK(check_tag_type(m_.tags[i].type, Site{"tag", env_->imported_tags + i}));
  NP_CHECK(check_elems());
  NP_CHECK(check_datas());
  NP_CHECK(check_start());
  NP_CHECK(check_exports());

  for (size_t i = 0; i < m_.functions.size(); ++i) {
    *first_unchecked_body = i;
    if (!fv_->validate_function(static_cast<uint32_t>(i))) return fv_->take_error();
  }
  *first_unchecked_body = m_.functions.size();
  return ok_status();
}

// ---- types ----

Status ModuleValidator::check_val_type(ValType t, const Site& where) {
  if (t.kind == ValKind::Ref && t.heap.is_index() && !types_->valid_index(t.heap.index()))
    return invalid(fmt::format("unknown type {} in {}", t.heap.index(), where.str()));
  return ok_status();
}

Status ModuleValidator::check_func_type_index(uint32_t idx, const Site& where) {
  if (!types_->valid_index(idx)) return invalid(fmt::format("unknown type {} in {}", idx, where.str()));
  if (!types_->is_func(idx))
    return invalid(fmt::format("type mismatch: type {} of {} is not a function type", idx, where.str()));
  return ok_status();
}

Status ModuleValidator::check_table_type(const TableType& tt, const Site& where) {
  NP_CHECK(check_val_type(tt.elem, where));
  const Limits& l = tt.limits;
  if (!l.is64 && (l.min > UINT32_MAX || (l.has_max && l.max > UINT32_MAX)))
    return invalid(fmt::format("table size must be at most 2^32-1 in {}", where.str()));
  if (l.has_max && l.min > l.max)
    return invalid(fmt::format("size minimum must not be greater than maximum in {}", where.str()));
  return ok_status();
}

Status ModuleValidator::check_memory_type(const MemoryType& mt, const Site& where) {
  const Limits& l = mt.limits;
  if (mt.page_size_log2 != 16 && mt.page_size_log2 != 0)
    return invalid(fmt::format("invalid custom page size 2^{} in {}", mt.page_size_log2, where.str()));
  const unsigned addr_bits = l.is64 ? 64 : 32;
  const unsigned page_bits = addr_bits - mt.page_size_log2;  // log2 of the page limit
  const uint64_t max_pages = page_bits >= 64 ? UINT64_MAX : (uint64_t(1) << page_bits);
  if (l.min > max_pages || (l.has_max && l.max > max_pages)) {
    std::string limit = mt.page_size_log2 == 16
                            ? (l.is64 ? "2^48 pages (256TiB)" : "65536 pages (4GiB)")
                            : fmt::format("2^{} pages", page_bits);
    return invalid(fmt::format("memory size must be at most {} in {}", limit, where.str()));
  }
  if (l.has_max && l.min > l.max)
    return invalid(fmt::format("size minimum must not be greater than maximum in {}", where.str()));
  if (l.shared && !l.has_max)
    return invalid(fmt::format("shared memory must have maximum in {}", where.str()));
  return ok_status();
}

Status ModuleValidator::check_tag_type(const TagType& tt, const Site& where) {
  if (!types_->valid_index(tt.type_index))
    return invalid(fmt::format("unknown type {} in {}", tt.type_index, where.str()));
  if (!types_->is_func(tt.type_index))
    return invalid(fmt::format("type mismatch: type {} of {} is not a function type",
                               tt.type_index, where.str()));
  if (!types_->func_type(tt.type_index).results.empty())
    return invalid(fmt::format("non-empty tag result type in {}", where.str()));
  return ok_status();
}

Status ModuleValidator::check_const(const ConstExpr& e, ValType t, uint32_t visible_globals,
                                    const Site& site) {
  if (!fv_->validate_const_expr(e, t, visible_globals, site)) return fv_->take_error();
  return ok_status();
}

// ---- imports and definitions ----

Status ModuleValidator::check_imports() {
  uint32_t counts[5] = {};
  for (const Import& imp : m_.imports) {
    uint32_t idx = counts[static_cast<unsigned>(imp.kind)]++;
    static constexpr const char* kWhat[] = {"imported function", "imported table",
                                            "imported memory", "imported global", "imported tag"};
    const Site where{kWhat[static_cast<unsigned>(imp.kind)], idx, nullptr, 0, &imp};
    switch (imp.kind) {
      case ExternKind::Func: NP_CHECK(check_func_type_index(imp.func_type, where)); break;
      case ExternKind::Table: NP_CHECK(check_table_type(imp.table, where)); break;
      case ExternKind::Memory: NP_CHECK(check_memory_type(imp.memory, where)); break;
      case ExternKind::Global: NP_CHECK(check_val_type(imp.global.type, where)); break;
      case ExternKind::Tag: NP_CHECK(check_tag_type(imp.tag, where)); break;
    }
  }
  return ok_status();
}

Status ModuleValidator::check_tables() {
  // Table initialisers come before the global section: they see imported globals only.
  for (size_t i = 0; i < m_.tables.size(); ++i) {
    const Table& t = m_.tables[i];
    const Site where{"table", env_->imported_tables + i};
    NP_CHECK(check_table_type(t.type, where));
    if (t.init) {
      NP_CHECK(check_const(*t.init, t.type.elem, env_->imported_globals,
                           Site{"table", where.index, "initializer"}));
    } else if (!t.type.elem.defaultable()) {
      return invalid(fmt::format("type mismatch: {} of non-nullable type {} needs an initializer",
                                 where.str(), type_name(t.type.elem)));
    }
  }
  return ok_status();
}

Status ModuleValidator::check_globals() {
  for (size_t i = 0; i < m_.globals.size(); ++i) {
    const Global& g = m_.globals[i];
    uint32_t index = env_->imported_globals + static_cast<uint32_t>(i);
    NP_CHECK(check_val_type(g.type.type, Site{"global", index}));
    // A global's initialiser sees the globals defined before it.
    NP_CHECK(check_const(g.init, g.type.type, index, Site{"global", index, "initializer"}));
  }
  return ok_status();
}

Status ModuleValidator::check_elems() {
  const uint32_t all_globals = uint32_t(env_->globals.size());
  for (size_t i = 0; i < m_.elems.size(); ++i) {
    const ElemSegment& seg = m_.elems[i];
    const Site where{"element segment", i};
    NP_CHECK(check_val_type(seg.type, where));
    if (seg.uses_exprs) {
      for (size_t k = 0; k < seg.exprs.size(); ++k)
        NP_CHECK(check_const(seg.exprs[k], seg.type, all_globals, Site{where.what, i, "item", k}));
    } else {
      for (uint32_t f : seg.func_indices)
        if (f >= env_->funcs.size())
          return invalid(fmt::format("unknown function {} in {}", f, where.str()));
      ValType ft = ValType::ref(AbsHeap::Func, false);
      if (!types_->is_subtype(ft, seg.type))
        return invalid(fmt::format("type mismatch: {} lists functions but has type {}", where.str(),
                                   type_name(seg.type)));
    }
    if (seg.mode != SegmentMode::Active) continue;
    if (seg.table >= env_->tables.size())
      return invalid(fmt::format("unknown table {} in {}", seg.table, where.str()));
    const TableType& tt = env_->tables[seg.table];
    if (!types_->is_subtype(seg.type, tt.elem))
      return invalid(fmt::format("type mismatch: {} of type {} does not match table {} of type {}",
                                 where.str(), type_name(seg.type), seg.table, type_name(tt.elem)));
    NP_CHECK(check_const(seg.offset, ValType(tt.limits.is64 ? ValKind::I64 : ValKind::I32),
                         all_globals, Site{where.what, i, "offset"}));
  }
  return ok_status();
}

Status ModuleValidator::check_datas() {
  for (size_t i = 0; i < m_.datas.size(); ++i) {
    const DataSegment& seg = m_.datas[i];
    if (seg.mode != SegmentMode::Active) continue;
    if (seg.memory >= env_->memories.size())
      return invalid(fmt::format("unknown memory {} in data segment {}", seg.memory, i));
    const MemoryType& mt = env_->memories[seg.memory];
    NP_CHECK(check_const(seg.offset, ValType(mt.limits.is64 ? ValKind::I64 : ValKind::I32),
                         uint32_t(env_->globals.size()), Site{"data segment", i, "offset"}));
  }
  return ok_status();
}

Status ModuleValidator::check_start() {
  if (!m_.start) return ok_status();
  uint32_t f = *m_.start;
  if (f >= env_->funcs.size()) return invalid(fmt::format("unknown function {} (start)", f));
  const FuncType& ft = types_->func_type(env_->funcs[f]);
  if (!ft.params.empty() || !ft.results.empty())
    return invalid(fmt::format("start function must not have parameters or results (function {})", f));
  return ok_status();
}

Status ModuleValidator::check_exports() {
  std::unordered_set<std::string_view> names;
  names.reserve(m_.exports.size());
  for (const Export& e : m_.exports) {
    size_t count = 0;
    const char* what = "";
    switch (e.kind) {
      case ExternKind::Func: count = env_->funcs.size(); what = "function"; break;
      case ExternKind::Table: count = env_->tables.size(); what = "table"; break;
      case ExternKind::Memory: count = env_->memories.size(); what = "memory"; break;
      case ExternKind::Global: count = env_->globals.size(); what = "global"; break;
      case ExternKind::Tag: count = env_->tags.size(); what = "tag"; break;
    }
    if (e.index >= count)
      return invalid(fmt::format("unknown {} {} (export \"{}\")", what, e.index, e.name));
    if (!names.insert(e.name).second)
      return invalid(fmt::format("duplicate export name \"{}\"", e.name));
  }
  return ok_status();
}

// ref.func in a function body may only name functions referenced outside function bodies.
void ModuleValidator::collect_declared_funcs() {
  auto& declared = env_->declared_funcs;
  auto mark = [&](uint32_t f) {
    if (f < declared.size()) declared[f] = 1;
  };
  Instr in;
  auto scan = [&](const ConstExpr& e) {
    ByteReader r(e.bytes, e.offset);
    InstrReader reader(r);
    while (!r.at_end() && reader.next(in))
      if (in.op == Opcode::RefFunc) mark(in.a);
  };
  for (const Export& e : m_.exports)
    if (e.kind == ExternKind::Func) mark(e.index);
  for (const ElemSegment& seg : m_.elems) {
    for (uint32_t f : seg.func_indices) mark(f);
    for (const ConstExpr& e : seg.exprs) scan(e);
    if (seg.mode == SegmentMode::Active) scan(seg.offset);
  }
  for (const Global& g : m_.globals) scan(g.init);
  for (const Table& t : m_.tables)
    if (t.init) scan(*t.init);
  for (const DataSegment& d : m_.datas)
    if (d.mode == SegmentMode::Active) scan(d.offset);
}

}  // namespace

Status validate_module(const Module& m, const ValidateOptions& opts) {
  ModuleValidator v(m, opts);
  size_t first_unchecked = 0;
  Status s = v.run(&first_unchecked);
  if (!s && s.error().kind() == ErrorKind::Invalid) {
    // The spec decodes everything before validating: a malformed body takes precedence.
    if (auto e = find_malformed_body(m, first_unchecked)) return std::move(*e);
  }
  return s;
}

}  // namespace nanoproc
