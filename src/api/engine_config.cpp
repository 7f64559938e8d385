// Config::features: which features a validated module uses, checked against the engine's.
// The instruction walk only runs when a feature that instructions can use is disabled, so
// the default configuration (everything on) costs nothing here.
#include "api/engine_config.h"

#include <fmt/format.h>

#include <optional>
#include <vector>

#include "binary/instr_reader.h"
#include "util/error.h"

namespace nanoproc::api {
namespace {

struct FeatureFlag {
  bool Features::*flag;
  const char* name;
  uint64_t bit;
};

constexpr FeatureFlag kFlags[] = {
    {&Features::simd, "simd", 1u << 8},
    {&Features::relaxed_simd, "relaxed_simd", 1u << 9},
    {&Features::multi_memory, "multi_memory", 1u << 10},
    {&Features::memory64, "memory64", 1u << 11},
    {&Features::gc, "gc", 1u << 12},
    {&Features::exceptions, "exceptions", 1u << 13},
    {&Features::legacy_exceptions, "legacy_exceptions", 1u << 14},
    {&Features::tail_calls, "tail_calls", 1u << 15},
    {&Features::threads, "threads", 1u << 16},
    {&Features::custom_page_sizes, "custom_page_sizes", 1u << 17},
};
constexpr uint64_t kGuardPages = 1u << 0, kInterruptible = 1u << 1;

// Finds the first use of a disabled feature.
class FeatureCheck {
 public:
  FeatureCheck(const nanoproc::Module& m, const Features& f) : m_(m), f_(f) {}

  Status run() {
    for (uint32_t i = 0; i < m_.types.size() && ok(); ++i) type(i);
    for (const auto& imp : m_.imports) {
      if (imp.kind == ExternKind::Table) table(imp.table, "an imported table");
      if (imp.kind == ExternKind::Memory) memory(imp.memory, "an imported memory");
      if (imp.kind == ExternKind::Global) value(imp.global.type, "an imported global");
      if (imp.kind == ExternKind::Tag) use(f_.exceptions, "exceptions", "an imported tag");
    }
    if (m_.num_memories() > 1) use(f_.multi_memory, "multi_memory", fmt::format("{} memories", m_.num_memories()));
    for (const auto& t : m_.tables) {
      table(t.type, "a table");
      if (t.init) code(t.init->bytes, t.init->offset, "a table initialiser");
    }
    for (const auto& mem : m_.memories) memory(mem.type, "a memory");
    for (const auto& g : m_.globals) {
      value(g.type.type, "a global");
      code(g.init.bytes, g.init.offset, "a global initialiser");
    }
    if (!m_.tags.empty()) use(f_.exceptions, "exceptions", "a tag");
    for (const auto& e : m_.elems) {
      if (e.uses_exprs) value(e.type, "an element segment");
      if (e.mode == SegmentMode::Active) code(e.offset.bytes, e.offset.offset, "an element segment offset");
      for (const auto& x : e.exprs) code(x.bytes, x.offset, "an element segment");
    }
    for (const auto& d : m_.datas)
      if (d.mode == SegmentMode::Active) code(d.offset.bytes, d.offset.offset, "a data segment offset");
    for (uint32_t i = 0; i < m_.functions.size() && ok(); ++i) {
      const Function& fn = m_.functions[i];
      std::string where = fmt::format("function {}", m_.num_imported_funcs + i);
      for (const auto& l : fn.locals) value(l.type, where);
      code(fn.body, fn.body_offset, where);
    }
    if (error_) return Unexpected(std::move(*error_));
    return {};
  }

 private:
  bool ok() const { return !error_; }

  void use(bool enabled, const char* feature, const std::string& where, uint64_t offset = SourceLoc::kNoOffset) {
    if (enabled || error_) return;
    error_ = make_error(ErrorKind::Invalid, "{} uses {}, which this engine has disabled (Config::features.{})", where,
                        feature, feature);
    error_->loc().offset = offset;
  }

  void value(const nanoproc::ValType& t, const std::string& where, uint64_t offset = SourceLoc::kNoOffset) {
    if (t.kind == ValKind::V128) use(f_.simd, "simd", where, offset);
    if (t.kind != ValKind::Ref) return;
    heap(t.heap, where, offset);
    if (!t.nullable) use(f_.gc, "gc", where, offset);  // non-null references: typed function references
  }

  void heap(HeapType h, const std::string& where, uint64_t offset) {
    if (h.is_index()) return use(f_.gc, "gc", where, offset);
    switch (h.abs()) {
      case AbsHeap::Func:
      case AbsHeap::Extern: return;
      case AbsHeap::Exn:
      case AbsHeap::NoExn: return use(f_.exceptions, "exceptions", where, offset);
      default: return use(f_.gc, "gc", where, offset);
    }
  }

  void type(uint32_t i) {
    const SubType& st = m_.types[i];
    std::string where = fmt::format("type {}", i);
    if (st.composite.kind != CompositeKind::Func || !st.final || !st.supertypes.empty() || st.explicit_sub)
      use(f_.gc, "gc", where);
    const CompositeType& c = st.composite;
    for (const auto& p : c.func.params) value(p, where);
    for (const auto& r : c.func.results) value(r, where);
    for (const auto& fld : c.struct_.fields) value(fld.type, where);
    if (c.kind == CompositeKind::Array) value(c.array.field.type, where);
  }

  void limits(const Limits& l, const std::string& what) {
    if (l.is64) use(f_.memory64, "memory64", what);
    if (l.shared) use(f_.threads, "threads", what);
  }
  void table(const nanoproc::TableType& t, const std::string& what) {
    value(t.elem, what);
    limits(t.limits, what);
  }
  void memory(const nanoproc::MemoryType& m, const std::string& what) {
    limits(m.limits, what);
    if (m.page_size_log2 != 16) use(f_.custom_page_sizes, "custom_page_sizes", what);
  }

  bool walk_needed() const {
    return !(f_.simd && f_.relaxed_simd && f_.gc && f_.exceptions && f_.legacy_exceptions && f_.tail_calls);
  }

  void code(std::span<const uint8_t> bytes, uint64_t base, const std::string& where) {
    if (!walk_needed() || error_) return;
    ByteReader r(bytes, base);
    InstrReader ir(r);
    Instr in;
    while (!r.at_end() && !error_ && ir.next(in)) instr(in, where);
  }

  void instr(const Instr& in, const std::string& where) {
    const OpInfo& info = op_info(in.op);
    uint64_t at = in.offset;
    if (info.prefix == 0xFD) {
      if (info.code >= 0x100) use(f_.relaxed_simd, "relaxed_simd", where, at);
      else use(f_.simd, "simd", where, at);
    }
    if (info.prefix == 0xFB) use(f_.gc, "gc", where, at);
    switch (in.op) {
      case Opcode::Try:
      case Opcode::Catch:
      case Opcode::Rethrow:
      case Opcode::Delegate:
      case Opcode::CatchAll:
        use(f_.exceptions, "exceptions", where, at);
        use(f_.legacy_exceptions, "legacy_exceptions", where, at);
        break;
      case Opcode::Throw:
      case Opcode::ThrowRef:
      case Opcode::TryTable: use(f_.exceptions, "exceptions", where, at); break;
      case Opcode::ReturnCall:
      case Opcode::ReturnCallIndirect: use(f_.tail_calls, "tail_calls", where, at); break;
      case Opcode::ReturnCallRef:
        use(f_.tail_calls, "tail_calls", where, at);
        use(f_.gc, "gc", where, at);
        break;
      case Opcode::CallRef:
      case Opcode::RefEq:
      case Opcode::RefAsNonNull:
      case Opcode::BrOnNull:
      case Opcode::BrOnNonNull: use(f_.gc, "gc", where, at); break;
      case Opcode::RefNull: heap(in.heap, where, at); break;
      default: break;
    }
    // Instr is reused between instructions: read only the immediates this one has.
    if ((info.imm == ImmKind::Block || info.imm == ImmKind::TryTable) && in.block.kind == BlockType::Kind::Value)
      value(in.block.value, where, at);
    if (info.imm == ImmKind::SelectT)
      for (const auto& t : in.types) value(t, where, at);
  }

  const nanoproc::Module& m_;
  const Features& f_;
  std::optional<Error> error_;
};

}  // namespace

Status check_features(const nanoproc::Module& m, const Features& f) { return FeatureCheck(m, f).run(); }

uint64_t engine_fingerprint(const Config& cfg) {
  uint64_t bits = 0;
  if (cfg.guard_pages) bits |= kGuardPages;
  if (cfg.interruptible) bits |= kInterruptible;
  for (const auto& fl : kFlags)
    if (cfg.features.*fl.flag) bits |= fl.bit;
  return bits;
}

std::string describe_fingerprint_difference(uint64_t theirs, uint64_t ours) {
  auto side = [](uint64_t f, uint64_t other) {
    std::vector<std::string> parts;
    if ((f ^ other) & kGuardPages) parts.push_back((f & kGuardPages) ? "guard pages" : "explicit bounds checks");
    if ((f ^ other) & kInterruptible) parts.push_back((f & kInterruptible) ? "interruption checks" : "no interruption checks");
    std::string on, off;
    for (const auto& fl : kFlags) {
      if (!((f ^ other) & fl.bit)) continue;
      std::string& list = (f & fl.bit) ? on : off;
      list += list.empty() ? fl.name : std::string(" ") + fl.name;
    }
    if (!on.empty()) parts.push_back("features " + on + " on");
    if (!off.empty()) parts.push_back("features " + off + " off");
    uint64_t known = kGuardPages | kInterruptible;
    for (const auto& fl : kFlags) known |= fl.bit;
    if ((f ^ other) & ~known) parts.push_back(fmt::format("unknown settings {:#x}", f & ~known));
    std::string out;
    for (const auto& p : parts) out += out.empty() ? p : ", " + p;
    return out;
  };
  return fmt::format("made for an engine with {}; this engine has {}", side(theirs, ours), side(ours, theirs));
}

}  // namespace nanoproc::api
