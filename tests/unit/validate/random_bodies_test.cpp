// Robustness: bodies of random (well-encoded) instructions and random bytes must be
// classified without crashing, and never accepted when they leave the stack unbalanced.
#include <random>

#include "test_module.h"

using namespace nanoproc;
using namespace nanoproc::test;

namespace {

class RandomCode {
 public:
  explicit RandomCode(uint32_t seed) : rng_(seed) {}

  uint32_t small(uint32_t n) { return std::uniform_int_distribution<uint32_t>(0, n)(rng_); }

  ValType val_type() {
    switch (small(8)) {
      case 0: return kI32;
      case 1: return kI64;
      case 2: return kF32;
      case 3: return kF64;
      case 4: return kV128;
      case 5: return kFuncRef;
      case 6: return ValType::ref(HeapType::index(small(4)), small(1));
      case 7: return ValType::ref(AbsHeap(0x69 + small(11)), small(1));
      default: return kExternRef;
    }
  }
  HeapType heap_type() {
    return small(1) ? HeapType::index(small(4)) : HeapType::abstract(AbsHeap(0x69 + small(11)));
  }
  BlockType block_type() {
    BlockType bt;
    switch (small(2)) {
      case 0: break;
      case 1: bt.kind = BlockType::Kind::Value; bt.value = val_type(); break;
      default: bt.kind = BlockType::Kind::Index; bt.index = small(4); break;
    }
    return bt;
  }

  Instr instr() {
    Instr in;
    in.op = static_cast<Opcode>(small(kOpcodeCount - 1));
    in.a = small(4);
    in.b = small(4);
    in.i64 = small(100);
    in.lane = static_cast<uint8_t>(small(20));
    in.mem.align_log2 = small(4);
    in.mem.memory = small(2);
    in.mem.offset = small(1) ? small(100) : (uint64_t(1) << 33);
    in.block = block_type();
    in.heap = heap_type();
    in.heap2 = heap_type();
    in.cast_flags = static_cast<uint8_t>(small(3));
    for (uint32_t i = small(3); i > 0; --i) in.targets.push_back(small(4));
    for (uint32_t i = small(2); i > 0; --i) in.types.push_back(val_type());
    for (uint32_t i = small(2); i > 0; --i)
      in.catches.push_back(CatchClause{CatchKind(small(3)), small(2), small(3)});
    for (auto& b : in.v128) b = static_cast<uint8_t>(small(40));
    return in;
  }

  std::vector<uint8_t> body(size_t n) {
    ByteWriter w;
    for (size_t i = 0; i < n; ++i) write_instr(w, instr());
    for (uint32_t i = small(3); i > 0; --i) write_instr(w, I(Opcode::End));
    return w.take();
  }
  std::vector<uint8_t> bytes(size_t n) {
    std::vector<uint8_t> v(n);
    for (auto& b : v) b = static_cast<uint8_t>(small(255));
    return v;
  }

 private:
  std::mt19937 rng_;
};

TestModule environment() {
  TestModule t;
  t.func_type({kI32}, {kI32});
  t.struct_type({{kI32, true}, {ValType(ValKind::I8), false}});
  t.array_type({kI64, true});
  t.func_type({}, {});
  t.array_type({kFuncRef, true});
  t.array_type({ValType(ValKind::I8), true});
  t.memory();
  t.memory(1, true);
  t.table();
  t.table(kExternRef, 1, true);
  t.global(kI32, true, cexpr({i32c(0)}));
  t.global(kFuncRef, false, cexpr({heap(Opcode::RefNull, HeapType::abstract(AbsHeap::Func))}));
  Tag tag;
  tag.type.type_index = 3;
  t.m.tags.push_back(tag);
  ElemSegment seg;
  seg.mode = SegmentMode::Declarative;
  seg.func_indices = {0};
  t.m.elems.push_back(seg);
  t.m.datas.push_back(DataSegment{SegmentMode::Passive, 0, {}, {1, 2}, 1});
  t.m.data_count = 1;
  return t;
}

}  // namespace

TEST(ValidateRobustness, RandomInstructionSequences) {
  RandomCode rc(12345);
  int accepted = 0;
  for (int round = 0; round < 3000; ++round) {
    TestModule t = environment();
    for (int f = 0; f < 3; ++f)
      t.func(static_cast<uint32_t>(rc.small(1) ? 0 : 3), rc.body(1 + rc.small(25)),
             {{rc.small(2), rc.val_type()}});
    Status s = validate_module(t.m);
    if (s) ++accepted;
    else EXPECT_EQ(s.error().message().find("internal error"), std::string::npos) << s.error().message();
  }
  SUCCEED() << accepted << " random modules validated";
}

TEST(ValidateRobustness, RandomBytes) {
  RandomCode rc(777);
  for (int round = 0; round < 3000; ++round) {
    TestModule t = environment();
    t.func(0, rc.bytes(1 + rc.small(40)));
    Status s = validate_module(t.m);
    (void)s;
  }
}

// Every operator has a typing rule: in unreachable code, with immediates naming suitable
// entities, each one validates.
TEST(ValidateRobustness, EveryOperatorHasATypingRule) {
  for (unsigned i = 0; i < kOpcodeCount; ++i) {
    const Opcode op = static_cast<Opcode>(i);
    if (op == Opcode::End || op == Opcode::Else || op == Opcode::Catch ||
        op == Opcode::CatchAll || op == Opcode::Delegate)
      continue;
    bool ok = false;
    std::string last;
    for (uint32_t ty = 0; ty < 6 && !ok; ++ty) {
      TestModule t = environment();
      Instr in = I(op, ty, ty);
      const OpInfo& info = op_info(op);
      if (info.imm == ImmKind::Field)  // field 0 is i32, field 1 packed i8
        in.b = (op == Opcode::StructGetS || op == Opcode::StructGetU) ? 1 : 0;
      if (info.imm == ImmKind::CallIndirect) in.b = 0;
      in.heap = HeapType::abstract(AbsHeap::Any);
      in.heap2 = HeapType::abstract(AbsHeap::None);
      in.mem.align_log2 = 0;
      in.types = {kI32};
      if (info.imm == ImmKind::Label || info.imm == ImmKind::BrOnCast) in.a = 0;
      if (info.imm == ImmKind::MemoryInit || info.imm == ImmKind::TableInit) in.a = in.b = 0;
      if (info.imm == ImmKind::TypeData || info.imm == ImmKind::TypeElem) in.b = 0;
      if (info.imm == ImmKind::Data || info.imm == ImmKind::Elem || info.imm == ImmKind::Tag ||
          info.imm == ImmKind::Global || info.imm == ImmKind::Local)
        in.a = 0;
      if (op == Opcode::Rethrow) {  // needs a catch block around it
        t.func(3, code({blk(Opcode::Try), I(Opcode::CatchAll), I(Opcode::Rethrow, 0), I(Opcode::End)}));
      } else {
        const bool opens = info.imm == ImmKind::Block || info.imm == ImmKind::TryTable;
        // Branches to a label of type [anyref].
        const bool branches = info.imm == ImmKind::Label || info.imm == ImmKind::BrOnCast;
        ByteWriter w;
        if (branches) write_instr(w, blk(Opcode::Block, ValType::ref(AbsHeap::Any, true)));
        write_instr(w, I(Opcode::Unreachable));
        write_instr(w, in);
        if (opens) write_instr(w, I(Opcode::End));
        write_instr(w, I(Opcode::Unreachable));
        if (branches) {
          write_instr(w, I(Opcode::End));
          write_instr(w, I(Opcode::Drop));
        }
        write_instr(w, I(Opcode::End));
        t.func(3, w.take(), {{1, kI32}});
      }
      Status s = validate_module(t.m);
      ok = s.has_value();
      if (!s) last = s.error().message();
    }
    EXPECT_TRUE(ok) << op_name(op) << ": " << last;
  }
}
