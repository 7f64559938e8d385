// Text printer: the module fields.
#include "text/printer.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "binary/instr_reader.h"
#include "text/printer_internal.h"

namespace nanoproc {
namespace {

using namespace print_detail;

// More locals than this are not spelled out (the decoder never produces them).
constexpr uint64_t kMaxPrintedLocals = 1u << 20;

class ModulePrinter {
 public:
  ModulePrinter(const Module& m, const PrintOptions& opts)
      : m_(m), opts_(opts), names_(make_names(m)), cx_{m, names_, nullptr} {}

  std::string print() {
    out_ = "(module";
    if (!names_.module.empty()) append_word(out_, names_.module);
    out_ += '\n';
    types();
    imports();
    functions();
    tables();
    memories();
    tags();
    globals();
    exports();
    if (m_.start) out_ += fmt::format("  (start {})\n", func_ref(names_, *m_.start));
    elems();
    datas();
    if (opts_.custom_annotations) customs();
    out_ += ")\n";
    return std::move(out_);
  }

 private:
  // ---- types ----
  const FuncType* func_type(uint32_t index) const {
    if (index >= m_.types.size() || m_.types[index].composite.kind != CompositeKind::Func)
      return nullptr;
    return &m_.types[index].composite.func;
  }

  static std::string field_text(const FieldType& f) {
    std::string t = val_type_text(f.type);
    return f.mut ? fmt::format("(mut {})", t) : t;
  }

  static std::string composite_text(const CompositeType& c) {
    std::string s;
    switch (c.kind) {
      case CompositeKind::Func:
        s = "(func";
        if (!c.func.params.empty()) s += types_clause("param", c.func.params);
        if (!c.func.results.empty()) s += types_clause("result", c.func.results);
        return s += ")";
      case CompositeKind::Struct:
        s = "(struct";
        for (const auto& f : c.struct_.fields) s += fmt::format(" (field {})", field_text(f));
        return s += ")";
      case CompositeKind::Array: return fmt::format("(array {})", field_text(c.array.field));
    }
    return s;
  }

  static std::string types_clause(const char* keyword, const std::vector<ValType>& types) {
    std::string s = fmt::format(" ({}", keyword);
    for (ValType t : types) append_word(s, val_type_text(t));
    return s += ")";
  }

  void type_def(uint32_t index, int indent) {
    const SubType& t = m_.types[index];
    out_ += fmt::format("{:{}}(type (;{};) ", "", indent, index);
    if (t.explicit_sub || !t.final || !t.supertypes.empty()) {
      out_ += t.final ? "(sub final" : "(sub";
      for (uint32_t s : t.supertypes) out_ += fmt::format(" {}", s);
      out_ += fmt::format(" {})", composite_text(t.composite));
    } else {
      out_ += composite_text(t.composite);
    }
    out_ += ")\n";
  }

  void types() {
    uint64_t next = 0;
    bool covered = true;
    for (const auto& g : m_.rec_groups) {
      covered = covered && g.first == next;
      next += g.count;
    }
    if (!covered || next != m_.types.size()) {
      for (uint32_t i = 0; i < m_.types.size(); ++i) type_def(i, 2);
      return;
    }
    for (const auto& g : m_.rec_groups) {
      if (!g.explicit_rec && g.count == 1) {
        type_def(g.first, 2);
        continue;
      }
      if (g.count == 0) {
        out_ += "  (rec)\n";
        continue;
      }
      out_ += "  (rec\n";
      for (uint32_t i = 0; i < g.count; ++i) type_def(g.first + i, 4);
      out_.back() = ')';
      out_ += '\n';
    }
  }

  // `(type N)` and, when N is a function type, its params and results (named from
  // `locals` if given).
  void type_use(uint32_t type_index, const std::vector<std::string>* locals = nullptr) {
    out_ += fmt::format(" (type {})", type_index);
    const FuncType* ft = func_type(type_index);
    if (!ft) return;
    typed_list("param", ft->params, locals, 0);
    if (!ft->results.empty()) out_ += types_clause("result", ft->results);
  }

  // `(param i32 i64) (param $x f32)`: unnamed entries grouped, named ones alone.
  void typed_list(const char* keyword, const std::vector<ValType>& types,
                  const std::vector<std::string>* names, uint32_t first_index) {
    bool open = false;
    for (uint32_t i = 0; i < types.size(); ++i) {
      const std::string* name =
          names && first_index + i < names->size() ? &(*names)[first_index + i] : nullptr;
      if (name && !name->empty()) {
        if (open) out_ += ')';
        open = false;
        out_ += fmt::format(" ({} {} {})", keyword, *name, val_type_text(types[i]));
        continue;
      }
      if (!open) out_ += fmt::format(" ({}", keyword);
      open = true;
      append_word(out_, val_type_text(types[i]));
    }
    if (open) out_ += ')';
  }

  // ---- imports ----
  static std::string limits_text(const Limits& l) {
    std::string s = l.is64 ? "i64 " : "";
    s += fmt::format("{}", l.min);
    if (l.has_max) s += fmt::format(" {}", l.max);
    if (l.shared) s += " shared";
    return s;
  }

  static std::string table_type_text(const TableType& t) {
    return fmt::format("{} {}", limits_text(t.limits), val_type_text(t.elem));
  }

  static std::string memory_type_text(const MemoryType& t) {
    std::string s = limits_text(t.limits);
    if (t.page_size_log2 != 16)
      s += fmt::format(" (pagesize {})", uint64_t{1} << (t.page_size_log2 & 63));
    return s;
  }

  static std::string global_type_text(const GlobalType& g) {
    std::string t = val_type_text(g.type);
    return g.mut ? fmt::format("(mut {})", t) : t;
  }

  void imports() {
    uint32_t counts[5] = {};
    for (const auto& imp : m_.imports) {
      uint32_t index = counts[static_cast<int>(imp.kind)]++;
      out_ += "  (import ";
      append_string(out_, imp.module);
      out_ += ' ';
      append_string(out_, imp.name);
      switch (imp.kind) {
        case ExternKind::Func:
          out_ += " (func";
          if (index < names_.funcs.size() && !names_.funcs[index].empty())
            append_word(out_, names_.funcs[index]);
          out_ += fmt::format(" (;{};)", index);
          type_use(imp.func_type);
          break;
        case ExternKind::Table:
          out_ += fmt::format(" (table (;{};) {}", index, table_type_text(imp.table));
          break;
        case ExternKind::Memory:
          out_ += fmt::format(" (memory (;{};) {}", index, memory_type_text(imp.memory));
          break;
        case ExternKind::Global:
          out_ += fmt::format(" (global (;{};) {}", index, global_type_text(imp.global));
          break;
        case ExternKind::Tag:
          out_ += fmt::format(" (tag (;{};)", index);
          type_use(imp.tag.type_index);
          break;
      }
      out_ += "))\n";
    }
  }

  // ---- functions ----
  void functions() {
    for (uint32_t i = 0; i < m_.functions.size(); ++i) {
      const Function& f = m_.functions[i];
      uint32_t index = m_.num_imported_funcs + i;
      const FuncType* ft = func_type(f.type_index);
      uint64_t num_params = ft ? ft->params.size() : 0;
      uint64_t num_locals = 0;
      for (const auto& d : f.locals) num_locals += d.count;
      bool spell_locals = num_locals <= kMaxPrintedLocals;
      std::vector<std::string> locals = names_.locals_of(
          m_, index, static_cast<uint32_t>(num_params + (spell_locals ? num_locals : 0)));
      out_ += "  (func";
      if (!names_.funcs[index].empty()) append_word(out_, names_.funcs[index]);
      out_ += fmt::format(" (;{};)", index);
      type_use(f.type_index, &locals);
      out_ += '\n';
      if (spell_locals && num_locals != 0) {
        std::vector<ValType> types;
        types.reserve(num_locals);
        for (const auto& d : f.locals) types.insert(types.end(), d.count, d.type);
        out_ += "   ";
        typed_list("local", types, &locals, static_cast<uint32_t>(num_params));
        out_ += '\n';
      } else if (!spell_locals) {
        out_ += fmt::format("    ;; {} locals not printed\n", num_locals);
      }
      InstrContext cx{m_, names_, &locals};
      append_body(out_, cx, f.body, f.body_offset, 4);
      out_.back() = ')';
      out_ += '\n';
    }
  }

  // ---- other definitions ----
  void tables() {
    for (uint32_t i = 0; i < m_.tables.size(); ++i) {
      const Table& t = m_.tables[i];
      out_ +=
          fmt::format("  (table (;{};) {}", m_.num_imported_tables + i, table_type_text(t.type));
      if (t.init) append_expr(out_, cx_, *t.init);
      out_ += ")\n";
    }
  }

  void memories() {
    for (uint32_t i = 0; i < m_.memories.size(); ++i)
      out_ += fmt::format("  (memory (;{};) {})\n", m_.num_imported_memories + i,
                          memory_type_text(m_.memories[i].type));
  }

  void tags() {
    for (uint32_t i = 0; i < m_.tags.size(); ++i) {
      out_ += fmt::format("  (tag (;{};)", m_.num_imported_tags + i);
      type_use(m_.tags[i].type.type_index);
      out_ += ")\n";
    }
  }

  void globals() {
    for (uint32_t i = 0; i < m_.globals.size(); ++i) {
      const Global& g = m_.globals[i];
      out_ +=
          fmt::format("  (global (;{};) {}", m_.num_imported_globals + i, global_type_text(g.type));
      append_expr(out_, cx_, g.init);
      out_ += ")\n";
    }
  }

  void exports() {
    for (const auto& e : m_.exports) {
      out_ += "  (export ";
      append_string(out_, e.name);
      std::string index =
          e.kind == ExternKind::Func ? func_ref(names_, e.index) : fmt::format("{}", e.index);
      out_ += fmt::format(" ({} {}))\n", extern_kind_name(e.kind), index);
    }
  }

  // ---- segments ----
  static size_t instr_count(const ConstExpr& e) {
    ByteReader r(e.bytes.data(), e.bytes.data() + e.bytes.size());
    InstrReader reader(r);
    Instr in;
    size_t n = 0;
    while (!r.at_end() && reader.next(in)) ++n;
    return r.ok() ? n : 0;
  }

  // An offset: a single folded instruction, or `(offset ...)`.
  void offset_expr(const ConstExpr& e) {
    if (instr_count(e) == 2) {  // the instruction and `end`
      append_expr(out_, cx_, e);
      return;
    }
    out_ += " (offset";
    append_expr(out_, cx_, e);
    out_ += ')';
  }

  void elems() {
    for (uint32_t i = 0; i < m_.elems.size(); ++i) {
      const ElemSegment& s = m_.elems[i];
      out_ += fmt::format("  (elem (;{};)", i);
      if (s.mode == SegmentMode::Declarative) out_ += " declare";
      if (s.mode == SegmentMode::Active) {
        if (s.table != 0 || (s.flags & 3) == 2) out_ += fmt::format(" (table {})", s.table);
        offset_expr(s.offset);
      }
      if (!s.uses_exprs) {
        out_ += " func";
        for (uint32_t f : s.func_indices) append_word(out_, func_ref(names_, f));
      } else {
        append_word(out_, val_type_text(s.type));
        for (const auto& e : s.exprs) {
          if (instr_count(e) == 2) {
            append_expr(out_, cx_, e);
          } else {
            out_ += " (item";
            append_expr(out_, cx_, e);
            out_ += ')';
          }
        }
      }
      out_ += ")\n";
    }
  }

  void datas() {
    constexpr size_t kChunk = 64;
    for (uint32_t i = 0; i < m_.datas.size(); ++i) {
      const DataSegment& d = m_.datas[i];
      out_ += fmt::format("  (data (;{};)", i);
      if (d.mode == SegmentMode::Active) {
        if (d.memory != 0 || d.flags == 2) out_ += fmt::format(" (memory {})", d.memory);
        offset_expr(d.offset);
      }
      std::span<const uint8_t> bytes(d.bytes);
      if (bytes.size() <= kChunk) {
        out_ += ' ';
        append_string(out_, bytes);
      } else {
        for (size_t at = 0; at < bytes.size(); at += kChunk) {
          out_ += "\n    ";
          append_string(out_, bytes.subspan(at, std::min(kChunk, bytes.size() - at)));
        }
      }
      out_ += ")\n";
    }
  }

  // ---- custom sections ----
  static const char* section_keyword(uint8_t id) {
    static constexpr const char* kNames[] = {"first",  "type",   "import",    "func",  "table",
                                             "memory", "global", "export",    "start", "elem",
                                             "code",   "data",   "datacount", "tag"};
    return id < std::size(kNames) ? kNames[id] : nullptr;
  }

  void customs() {
    for (const auto& c : m_.customs) {
      if (c.name == "name") continue;  // printed as $ids
      const char* where = section_keyword(c.after_section);
      if (!where) continue;
      out_ += "  (@custom ";
      append_string(out_, c.name);
      out_ += fmt::format(" ({} {}) ", c.after_section == 0 ? "before" : "after", where);
      append_string(out_, c.bytes);
      out_ += ")\n";
    }
  }

  const Module& m_;
  const PrintOptions& opts_;
  PrintNames names_;
  InstrContext cx_;
  std::string out_;
};

}  // namespace

std::string print_module(const Module& m, const PrintOptions& opts) {
  return ModulePrinter(m, opts).print();
}

}  // namespace nanoproc
