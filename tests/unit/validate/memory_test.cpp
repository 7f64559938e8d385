// Memories and tables: memargs, bulk operations, multi-memory, memory64/table64, SIMD lanes.
#include "test_module.h"

using namespace nanoproc;
using namespace nanoproc::test;

TEST(ValidateMemory, LoadsAndStores) {
  TestModule t;
  t.memory();
  t.func({}, {kI64}, code({i32c(0), mem(Opcode::I64Load32U, 2, 8)}));
  t.func({}, {}, code({i32c(0), f64c(), mem(Opcode::F64Store, 3)}));
  t.func({}, {kI32}, code({I(Opcode::MemorySize), I(Opcode::MemoryGrow)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;
  u.func({}, {kI32}, code({i32c(0), mem(Opcode::I32Load, 2)}));
  EXPECT_TRUE(invalid(u.m, "unknown memory 0"));

  TestModule v;
  v.memory();
  v.func({}, {kI32}, code({i32c(0), mem(Opcode::I32Load16S, 2)}));
  EXPECT_TRUE(invalid(v.m, "alignment must not be larger than natural"));

  TestModule w;
  w.memory();
  w.func({}, {kI32}, code({i32c(0), mem(Opcode::I32Load, 2, uint64_t(1) << 32)}));
  EXPECT_TRUE(invalid(w.m, "offset out of range"));

  TestModule x;
  x.memory();
  x.func({}, {kI32}, code({i64c(0), mem(Opcode::I32Load, 2)}));
  EXPECT_TRUE(invalid(x.m, "type mismatch"));
}

TEST(ValidateMemory, MultiMemory) {
  TestModule t;
  t.memory();
  t.memory(1, true);
  t.func({}, {kI32}, code({i64c(0), mem(Opcode::I32Load, 2, uint64_t(1) << 40, 1)}));
  t.func({}, {kI64}, code({I(Opcode::MemorySize, 1)}));
  // memory.copy from i64 to i32 memory: the length is i32.
  t.func({}, {}, code({i32c(0), i64c(0), i32c(0), I(Opcode::MemoryCopy, 0, 1)}));
  t.func({}, {}, code({i64c(0), i32c(0), i64c(0), I(Opcode::MemoryFill, 1)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;
  u.memory();
  u.func({}, {}, code({i32c(0), mem(Opcode::I32Load, 2, 0, 1), I(Opcode::Drop)}));
  EXPECT_TRUE(invalid(u.m, "unknown memory 1"));

  TestModule v;
  v.memory();
  v.memory(1, true);
  v.func({}, {}, code({i32c(0), i64c(0), i64c(0), I(Opcode::MemoryCopy, 0, 1)}));
  EXPECT_TRUE(invalid(v.m, "type mismatch"));
}

TEST(ValidateMemory, BulkAndDataSegments) {
  TestModule t;
  t.memory();
  t.m.datas.push_back(DataSegment{SegmentMode::Passive, 0, {}, {1}, 1});
  t.m.data_count = 1;
  t.func({}, {}, code({i32c(0), i32c(0), i32c(1), I(Opcode::MemoryInit, 0, 0), I(Opcode::DataDrop, 0)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u = t;
  u.func({}, {}, code({I(Opcode::DataDrop, 1)}));
  EXPECT_TRUE(invalid(u.m, "unknown data segment 1"));

  TestModule v = t;
  v.m.data_count.reset();
  EXPECT_TRUE(malformed(v.m, "data count section required"));
}

TEST(ValidateMemory, Tables) {
  TestModule t;
  t.table();
  t.table(kExternRef, 1, true);
  ElemSegment seg;
  seg.mode = SegmentMode::Passive;
  t.m.elems.push_back(seg);
  t.func({}, {kFuncRef}, code({i32c(0), I(Opcode::TableGet, 0)}));
  t.func({}, {}, code({i64c(0), heap(Opcode::RefNull, HeapType::abstract(AbsHeap::Extern)),
                       I(Opcode::TableSet, 1)}));
  t.func({}, {kI64}, code({heap(Opcode::RefNull, HeapType::abstract(AbsHeap::Extern)), i64c(1),
                           I(Opcode::TableGrow, 1)}));
  t.func({}, {kI64}, code({I(Opcode::TableSize, 1)}));
  t.func({}, {}, code({i32c(0), i32c(0), i32c(0), I(Opcode::TableInit, 0, 0), I(Opcode::ElemDrop, 0)}));
  t.func({}, {}, code({i32c(0), i32c(0), i32c(0), I(Opcode::TableCopy, 0, 0)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u = t;  // funcref segment into an externref table
  u.func({}, {}, code({i64c(0), i32c(0), i32c(0), I(Opcode::TableInit, 0, 1)}));
  EXPECT_TRUE(invalid(u.m, "type mismatch"));

  TestModule v = t;
  v.func({}, {}, code({i32c(0), i32c(0), i32c(0), I(Opcode::TableCopy, 1, 0)}));
  EXPECT_TRUE(invalid(v.m, "type mismatch"));

  TestModule w = t;
  w.func({}, {}, code({I(Opcode::ElemDrop, 4)}));
  EXPECT_TRUE(invalid(w.m, "unknown elem segment 4"));

  TestModule x = t;  // call_indirect through a table64 takes an i64 index
  uint32_t ty = x.func_type({}, {});
  Table tt;
  tt.type.limits.is64 = true;
  x.m.tables.push_back(tt);
  x.func({}, {}, code({i64c(0), I(Opcode::CallIndirect, ty, 2)}));
  EXPECT_TRUE(valid(x.m));
  x.func({}, {}, code({i32c(0), I(Opcode::CallIndirect, ty, 2)}));
  EXPECT_TRUE(invalid(x.m, "type mismatch"));
}

TEST(ValidateSimd, LanesAndShuffles) {
  TestModule t;
  t.memory();
  t.func({}, {kI32}, code({v128c(), lane(Opcode::I8x16ExtractLaneS, 15)}));
  t.func({}, {kV128}, code({v128c(), i64c(1), lane(Opcode::I64x2ReplaceLane, 1)}));
  t.func({}, {kV128}, code({v128c(), v128c(), I(Opcode::I8x16Shuffle)}));
  Instr ld = mem(Opcode::V128Load32Lane, 2);
  ld.lane = 3;
  t.func({}, {kV128}, code({i32c(0), v128c(), ld}));
  t.func({}, {kV128}, code({v128c(), v128c(), v128c(), I(Opcode::F32x4RelaxedMadd)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;
  u.func({}, {kF64}, code({v128c(), lane(Opcode::F64x2ExtractLane, 2)}));
  EXPECT_TRUE(invalid(u.m, "invalid lane index"));

  TestModule v;
  Instr sh = I(Opcode::I8x16Shuffle);
  sh.v128[7] = 32;
  v.func({}, {kV128}, code({v128c(), v128c(), sh}));
  EXPECT_TRUE(invalid(v.m, "invalid lane index"));

  TestModule w;
  w.memory();
  Instr st = mem(Opcode::V128Store64Lane, 3);
  st.lane = 2;
  w.func({}, {}, code({i32c(0), v128c(), st}));
  EXPECT_TRUE(invalid(w.m, "invalid lane index"));

  TestModule x;
  x.memory();
  x.func({}, {kV128}, code({i32c(0), mem(Opcode::V128Load, 5)}));
  EXPECT_TRUE(invalid(x.m, "alignment must not be larger than natural"));

  TestModule y;
  y.func({}, {kV128}, code({v128c(), i64c(1), I(Opcode::I8x16Shl)}));
  EXPECT_TRUE(invalid(y.m, "type mismatch"));
}
