// Test helper: erases the differences the text format leaves to the encoder, so that a
// module and its print -> parse round trip compare equal when nothing meaningful changed:
// segment forms (flags), `sub final` / single-type `rec` wrappers, the data count
// section, custom sections and names.
#pragma once
#include "binary/instr_reader.h"
#include "ir/module.h"
#include "util/byte_writer.h"

namespace nanoproc::test {

inline bool single_ref_func(const ConstExpr& e, uint32_t* func) {
  ByteReader r(e.bytes.data(), e.bytes.data() + e.bytes.size());
  InstrReader ir(r);
  Instr in;
  if (!ir.next(in) || in.op != Opcode::RefFunc) return false;
  *func = in.a;
  return ir.next(in) && in.op == Opcode::End && r.at_end();
}

// Instructions re-encoded canonically (producers may pad LEB128 immediates).
inline void canonical_code(std::vector<uint8_t>& code) {
  ByteReader r(code.data(), code.data() + code.size());
  InstrReader ir(r);
  Instr in;
  ByteWriter w;
  while (!r.at_end() && ir.next(in)) write_instr(w, in);
  if (r.ok()) code = w.take();
}

inline void normalize(Module& m) {
  for (auto& f : m.functions) {
    canonical_code(f.body);
    std::vector<LocalDecl> merged;
    for (const auto& d : f.locals) {
      if (d.count == 0) continue;
      if (!merged.empty() && merged.back().type == d.type) merged.back().count += d.count;
      else merged.push_back(d);
    }
    f.locals = std::move(merged);
  }
  for (auto& g : m.globals) canonical_code(g.init.bytes);
  for (auto& t : m.tables)
    if (t.init) canonical_code(t.init->bytes);
  for (auto& s : m.elems) {
    canonical_code(s.offset.bytes);
    for (auto& e : s.exprs) canonical_code(e.bytes);
  }
  for (auto& d : m.datas) canonical_code(d.offset.bytes);
  m.customs.clear();
  m.names = NameMap{};
  m.data_count.reset();
  for (auto& t : m.types) t.explicit_sub = !(t.final && t.supertypes.empty());
  for (auto& g : m.rec_groups) g.explicit_rec = g.count != 1;
  const ValType ref_func = ValType::ref(AbsHeap::Func, false);
  for (auto& s : m.elems) {
    // Function indices wherever the segment is (ref func) made of `ref.func x` only.
    if (s.uses_exprs && s.type == ref_func) {
      std::vector<uint32_t> funcs;
      uint32_t f;
      bool all = true;
      for (const auto& e : s.exprs) {
        if (!single_ref_func(e, &f)) {
          all = false;
          break;
        }
        funcs.push_back(f);
      }
      if (all) {
        s.uses_exprs = false;
        s.func_indices = std::move(funcs);
        s.exprs.clear();
      }
    }
    uint8_t kind = s.uses_exprs ? 4 : 0;
    switch (s.mode) {
      case SegmentMode::Passive: s.flags = kind | 1; break;
      case SegmentMode::Declarative: s.flags = kind | 3; break;
      case SegmentMode::Active:
        s.flags = kind | ((s.table == 0 && (!s.uses_exprs || s.type == kFuncRef)) ? 0 : 2);
        break;
    }
  }
  for (auto& d : m.datas) d.flags = d.mode == SegmentMode::Passive ? 1 : d.memory == 0 ? 0 : 2;
}

}  // namespace nanoproc::test
