// Helpers to build Modules in C++ for validator tests: instructions are assembled with
// write_instr, so bodies are real binary code.
#pragma once
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "binary/instr_reader.h"
#include "ir/module.h"
#include "util/byte_writer.h"
#include "validate/validator.h"

namespace nanoproc::test {

inline Instr I(Opcode op, uint32_t a = 0, uint32_t b = 0) {
  Instr in;
  in.op = op;
  in.a = a;
  in.b = b;
  return in;
}
inline Instr i32c(int32_t v) {
  Instr in = I(Opcode::I32Const);
  in.i64 = v;
  return in;
}
inline Instr i64c(int64_t v) {
  Instr in = I(Opcode::I64Const);
  in.i64 = v;
  return in;
}
inline Instr f32c() { return I(Opcode::F32Const); }
inline Instr f64c() { return I(Opcode::F64Const); }
inline Instr v128c() { return I(Opcode::V128Const); }
inline Instr mem(Opcode op, uint32_t align, uint64_t offset = 0, uint32_t memory = 0) {
  Instr in = I(op);
  in.mem.align_log2 = align;
  in.mem.offset = offset;
  in.mem.memory = memory;
  return in;
}
inline Instr lane(Opcode op, uint8_t l) {
  Instr in = I(op);
  in.lane = l;
  return in;
}
inline Instr blk(Opcode op) { return I(op); }  // empty block type
inline Instr blk(Opcode op, ValType result) {
  Instr in = I(op);
  in.block.kind = BlockType::Kind::Value;
  in.block.value = result;
  return in;
}
inline Instr blk_type(Opcode op, uint32_t type_index) {
  Instr in = I(op);
  in.block.kind = BlockType::Kind::Index;
  in.block.index = type_index;
  return in;
}
inline Instr heap(Opcode op, HeapType h) {
  Instr in = I(op);
  in.heap = h;
  return in;
}
inline Instr select_t(std::vector<ValType> ts) {
  Instr in = I(Opcode::SelectT);
  in.types = std::move(ts);
  return in;
}
inline Instr br_table(std::vector<uint32_t> targets, uint32_t def) {
  Instr in = I(Opcode::BrTable, def);
  in.targets = std::move(targets);
  return in;
}
inline Instr br_on_cast(Opcode op, uint32_t label, ValType from, ValType to) {
  Instr in = I(op, label);
  in.cast_flags = uint8_t((from.nullable ? 1 : 0) | (to.nullable ? 2 : 0));
  in.heap = from.heap;
  in.heap2 = to.heap;
  return in;
}
inline Instr try_table(BlockType bt, std::vector<CatchClause> catches) {
  Instr in = I(Opcode::TryTable);
  in.block = bt;
  in.catches = std::move(catches);
  return in;
}

inline std::vector<uint8_t> code(std::initializer_list<Instr> instrs, bool add_end = true) {
  ByteWriter w;
  for (const Instr& in : instrs) write_instr(w, in);
  if (add_end) write_instr(w, I(Opcode::End));
  return w.take();
}

inline ConstExpr cexpr(std::initializer_list<Instr> instrs) {
  ConstExpr e;
  e.bytes = code(instrs);
  return e;
}

inline ValType ref(uint32_t type_index, bool null = false) {
  return ValType::ref(HeapType::index(type_index), null);
}
inline ValType ref(AbsHeap h, bool null = false) { return ValType::ref(h, null); }

// A module under construction. Types added one by one each form their own rec group
// unless added with rec().
struct TestModule {
  Module m;

  uint32_t add_sub(SubType st) {
    uint32_t idx = static_cast<uint32_t>(m.types.size());
    m.types.push_back(std::move(st));
    m.rec_groups.push_back(RecGroup{idx, 1, false});
    return idx;
  }
  uint32_t func_type(std::vector<ValType> params, std::vector<ValType> results) {
    SubType st;
    st.composite.kind = CompositeKind::Func;
    st.composite.func = FuncType{std::move(params), std::move(results)};
    return add_sub(std::move(st));
  }
  static SubType struct_sub(std::vector<FieldType> fields, std::vector<uint32_t> supers = {},
                            bool final = true) {
    SubType st;
    st.composite.kind = CompositeKind::Struct;
    st.composite.struct_.fields = std::move(fields);
    st.supertypes = std::move(supers);
    st.final = final;
    return st;
  }
  static SubType array_sub(FieldType field, std::vector<uint32_t> supers = {}, bool final = true) {
    SubType st;
    st.composite.kind = CompositeKind::Array;
    st.composite.array.field = field;
    st.supertypes = std::move(supers);
    st.final = final;
    return st;
  }
  static SubType func_sub(std::vector<ValType> params, std::vector<ValType> results,
                          std::vector<uint32_t> supers = {}, bool final = true) {
    SubType st;
    st.composite.kind = CompositeKind::Func;
    st.composite.func = FuncType{std::move(params), std::move(results)};
    st.supertypes = std::move(supers);
    st.final = final;
    return st;
  }
  uint32_t struct_type(std::vector<FieldType> fields) { return add_sub(struct_sub(std::move(fields))); }
  uint32_t array_type(FieldType field) { return add_sub(array_sub(field)); }
  // Adds the types as one rec group; returns the index of the first.
  uint32_t rec(std::vector<SubType> types) {
    uint32_t first = static_cast<uint32_t>(m.types.size());
    for (auto& t : types) m.types.push_back(std::move(t));
    m.rec_groups.push_back(RecGroup{first, static_cast<uint32_t>(types.size()), true});
    return first;
  }

  uint32_t func(uint32_t type, std::vector<uint8_t> body, std::vector<LocalDecl> locals = {}) {
    Function f;
    f.type_index = type;
    f.body = std::move(body);
    f.locals = std::move(locals);
    m.functions.push_back(std::move(f));
    return m.num_imported_funcs + static_cast<uint32_t>(m.functions.size()) - 1;
  }
  // A function of a fresh type [params] -> [results].
  uint32_t func(std::vector<ValType> params, std::vector<ValType> results, std::vector<uint8_t> body,
                std::vector<LocalDecl> locals = {}) {
    return func(func_type(std::move(params), std::move(results)), std::move(body), std::move(locals));
  }
  void memory(uint64_t min = 1, bool is64 = false) {
    Memory mem;
    mem.type.limits.min = min;
    mem.type.limits.is64 = is64;
    m.memories.push_back(mem);
  }
  void table(ValType elem = kFuncRef, uint64_t min = 1, bool is64 = false) {
    Table t;
    t.type.elem = elem;
    t.type.limits.min = min;
    t.type.limits.is64 = is64;
    m.tables.push_back(t);
  }
  uint32_t global(ValType t, bool mut, ConstExpr init) {
    Global g;
    g.type = GlobalType{t, mut};
    g.init = std::move(init);
    m.globals.push_back(std::move(g));
    return m.num_imported_globals + static_cast<uint32_t>(m.globals.size()) - 1;
  }
  void import(Import imp) {
    m.imports.push_back(std::move(imp));
    m.count_imports();
  }
  uint32_t tag(std::vector<ValType> params) {
    Tag t;
    t.type.type_index = func_type(std::move(params), {});
    m.tags.push_back(t);
    return static_cast<uint32_t>(m.tags.size()) - 1;
  }
};

// Expectation helpers: the error kind and the message prefix.
inline ::testing::AssertionResult valid(const Module& m, const ValidateOptions& o = {}) {
  Status s = validate_module(m, o);
  if (s) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "unexpected error: " << s.error().to_string();
}
inline ::testing::AssertionResult fails(const Module& m, ErrorKind kind, const std::string& prefix,
                                        const ValidateOptions& o = {}) {
  Status s = validate_module(m, o);
  if (s) return ::testing::AssertionFailure() << "module validated, expected: " << prefix;
  const Error& e = s.error();
  if (e.kind() != kind)
    return ::testing::AssertionFailure() << "wrong kind " << error_kind_name(e.kind()) << ": "
                                         << e.message();
  if (e.message().compare(0, prefix.size(), prefix) != 0)
    return ::testing::AssertionFailure() << "message \"" << e.message() << "\" does not start with \""
                                         << prefix << "\"";
  return ::testing::AssertionSuccess();
}
inline ::testing::AssertionResult invalid(const Module& m, const std::string& prefix,
                                          const ValidateOptions& o = {}) {
  return fails(m, ErrorKind::Invalid, prefix, o);
}
inline ::testing::AssertionResult malformed(const Module& m, const std::string& prefix) {
  return fails(m, ErrorKind::Malformed, prefix);
}

}  // namespace nanoproc::test
