// Lowering of each instruction (the Lowerer's stack and control helpers: lower.cpp).
#include <cstring>

#include "interp/lowerer.h"
#include "interp/op_maps.h"

namespace nanoproc::interp {

namespace {

bool is_i32_cmp(Opcode op) { return op >= Opcode::I32Eq && op <= Opcode::I32GeU; }
bool is_i64_cmp(Opcode op) { return op >= Opcode::I64Eq && op <= Opcode::I64GeU; }

// i32/i64 binary operators with an immediate form, and the swapped comparison used when
// the constant is on the left.
struct ImmForm {
  Opcode op;
  IOp imm;
  Opcode mirrored;  // op with operands swapped (Nop if not commutative/mirrorable)
};
constexpr ImmForm kImmForms[] = {
    {Opcode::I32Add, IOp::I32AddImm, Opcode::I32Add},
    {Opcode::I32Sub, IOp::I32AddImm, Opcode::Nop},
    {Opcode::I32Mul, IOp::I32MulImm, Opcode::I32Mul},
    {Opcode::I32And, IOp::I32AndImm, Opcode::I32And},
    {Opcode::I32Or, IOp::I32OrImm, Opcode::I32Or},
    {Opcode::I32Xor, IOp::I32XorImm, Opcode::I32Xor},
    {Opcode::I32Shl, IOp::I32ShlImm, Opcode::Nop},
    {Opcode::I32ShrS, IOp::I32ShrSImm, Opcode::Nop},
    {Opcode::I32ShrU, IOp::I32ShrUImm, Opcode::Nop},
    {Opcode::I32Eq, IOp::I32EqImm, Opcode::I32Eq},
    {Opcode::I32Ne, IOp::I32NeImm, Opcode::I32Ne},
    {Opcode::I32LtS, IOp::I32LtSImm, Opcode::I32GtS},
    {Opcode::I32LtU, IOp::I32LtUImm, Opcode::I32GtU},
    {Opcode::I32GtS, IOp::I32GtSImm, Opcode::I32LtS},
    {Opcode::I32GtU, IOp::I32GtUImm, Opcode::I32LtU},
    {Opcode::I32LeS, IOp::I32LeSImm, Opcode::I32GeS},
    {Opcode::I32LeU, IOp::I32LeUImm, Opcode::I32GeU},
    {Opcode::I32GeS, IOp::I32GeSImm, Opcode::I32LeS},
    {Opcode::I32GeU, IOp::I32GeUImm, Opcode::I32LeU},
    {Opcode::I64Add, IOp::I64AddImm, Opcode::I64Add},
    {Opcode::I64Sub, IOp::I64AddImm, Opcode::Nop},
    {Opcode::I64Mul, IOp::I64MulImm, Opcode::I64Mul},
    {Opcode::I64And, IOp::I64AndImm, Opcode::I64And},
    {Opcode::I64Or, IOp::I64OrImm, Opcode::I64Or},
    {Opcode::I64Xor, IOp::I64XorImm, Opcode::I64Xor},
    {Opcode::I64Shl, IOp::I64ShlImm, Opcode::Nop},
    {Opcode::I64ShrS, IOp::I64ShrSImm, Opcode::Nop},
    {Opcode::I64ShrU, IOp::I64ShrUImm, Opcode::Nop},
};

const ImmForm* imm_form(Opcode op) {
  for (const auto& f : kImmForms)
    if (f.op == op) return &f;
  return nullptr;
}

unsigned slots(ValType t) { return t.kind == ValKind::V128 ? 2 : 1; }

}  // namespace

void Lowerer::emit_trap(TrapKind k, uint32_t detail) {
  e_.op(IOp::TrapOp);
  e_.u32(static_cast<uint32_t>(k));
  e_.u32(detail);
  forget_fusion();
}

void Lowerer::unsupported(const Instr& in) {
  // Instructions the interpreter cannot execute yet trap when reached, naming themselves.
  emit_trap(TrapKind::Unsupported, static_cast<uint32_t>(in.op));
  set_unreachable();
}

bool Lowerer::try_imm_binary(const Instr& in) {
  const ImmForm* f = imm_form(in.op);
  if (!f) return false;
  Opnd& b = top(0);
  Opnd& a = top(1);
  Opcode op = in.op;
  bool swap = false;
  if (b.kind != Opnd::Kind::Const) {
    if (a.kind != Opnd::Kind::Const || f->mirrored == Opcode::Nop) return false;
    swap = true;
    op = f->mirrored;
    f = imm_form(op);
  } else if (a.kind == Opnd::Kind::Const) {
    return false;  // both constant: keep it simple, materialise one
  }
  Opnd vb = pop();
  Opnd va = pop();
  Opnd& x = swap ? vb : va;  // the register operand
  uint64_t imm = swap ? va.c[0] : vb.c[0];
  bool is64 = in.op >= Opcode::I64Add && in.op <= Opcode::I64ShrU;
  if (op == Opcode::I32Sub || op == Opcode::I64Sub) imm = 0 - imm;
  uint32_t xs = slot_of(x);
  uint32_t dst = temps_base_ + height_;
  uint32_t at = e_.op(f->imm);
  uint32_t field;
  if (is64) {
    e_.imm64(imm);
    field = e_.u32(dst);
    e_.u32(xs);
  } else {
    field = e_.u32(dst);
    e_.u32(xs);
    e_.u32(static_cast<uint32_t>(imm));
  }
  bool cmp = is_i32_cmp(op);
  push_temp(cmp ? kI32 : (is64 ? kI64 : kI32));
  note_result(field, dst);
  if (cmp) {
    last_cmp_valid_ = true;
    last_cmp_start_ = at;
    last_cmp_op_ = op;
    last_cmp_a_ = xs;
    last_cmp_b_ = static_cast<uint32_t>(imm);
    last_cmp_imm_ = true;
  }
  return true;
}

void Lowerer::lower_simple(const Instr& in) {
  const OpInfo& info = op_info(in.op);
  if (info.sig.num_params == 2 && try_imm_binary(in)) return;
  Opnd ops[3];
  for (int i = info.sig.num_params - 1; i >= 0; --i) ops[i] = pop();
  uint32_t srcs[3] = {0, 0, 0};
  for (int i = 0; i < info.sig.num_params; ++i) srcs[i] = slot_of(ops[i]);
  uint32_t dst = temps_base_ + height_;
  uint32_t at;
  uint32_t field;
  if (in.op == Opcode::I8x16Shuffle) {
    at = e_.op(IOp::I8x16Shuffle);
    uint64_t lo, hi;
    std::memcpy(&lo, in.v128, 8);
    std::memcpy(&hi, in.v128 + 8, 8);
    e_.imm64(lo);
    e_.imm64(hi);
    field = e_.u32(dst);
  } else {
    at = e_.op(simple_iop(in.op));
    field = e_.u32(dst);
  }
  for (int i = 0; i < info.sig.num_params; ++i) e_.u32(srcs[i]);
  if (info.imm == ImmKind::Lane) e_.u32(in.lane);
  push_temp(ValType(info.sig.result));
  note_result(field, dst);
  if (in.op == Opcode::I32Add) {
    last_add_valid_ = true;
    last_add_start_ = at;
    last_add_a_ = srcs[0];
    last_add_b_ = srcs[1];
  }
  if (is_i32_cmp(in.op) || is_i64_cmp(in.op) || in.op == Opcode::I32Eqz || in.op == Opcode::I64Eqz) {
    last_cmp_valid_ = true;
    last_cmp_start_ = at;
    last_cmp_op_ = in.op == Opcode::I32Eqz ? Opcode::I32Eq : in.op;
    last_cmp_a_ = srcs[0];
    last_cmp_b_ = srcs[1];
    last_cmp_imm_ = in.op == Opcode::I32Eqz;  // eqz = (x == imm 0)
  }
}

void Lowerer::lower_memory(const Instr& in) {
  const OpInfo& info = op_info(in.op);
  uint32_t mi = in.mem.memory;
  MemoryType mt = m_.memory_type(mi);
  MemVariant v = MemVariant::Any;
  if (mi == 0 && !mt.limits.is64)
    v = (cfg_.memory.guard_pages && mt.page_size_log2 == 16) ? MemVariant::Guard : MemVariant::Checked;
  IOp base = memory_iop(in.op);
  bool is_store = info.sig.num_results == 0;
  bool has_lane = info.imm == ImmKind::MemArgLane;
  // Operands in stack order: address, then the value (store) or vector (lane load).
  Opnd second;
  if (is_store || has_lane) second = pop();
  Opnd addr = pop();
  uint32_t ss = (is_store || has_lane) ? slot_of(second) : 0;
  bool indexed = v == MemVariant::Guard && is_fresh_add(addr);
  uint32_t a = addr.src, b = 0;
  if (indexed) {
    e_.truncate(last_add_start_);
    a = last_add_a_;
    b = last_add_b_;
    v = MemVariant::Indexed;
  } else {
    a = slot_of(addr);
  }
  e_.op(with_variant(base, v));
  e_.imm64(in.mem.offset);
  if (!is_store) {
    uint32_t dst = temps_base_ + height_;
    uint32_t field = e_.u32(dst);
    e_.u32(a);
    if (indexed) e_.u32(b);
    if (has_lane) {
      e_.u32(ss);
      e_.u32(in.lane);
    }
    if (v == MemVariant::Any) e_.u32(mi);
    push_temp(ValType(info.sig.result));
    note_result(field, dst);
    return;
  }
  e_.u32(a);
  if (indexed) e_.u32(b);
  e_.u32(ss);
  if (has_lane) e_.u32(in.lane);
  if (v == MemVariant::Any) e_.u32(mi);
  forget_fusion();
}

void Lowerer::lower_local_set(uint32_t x, bool tee) {
  uint32_t slot = local_slot_[x];
  Opnd& v = top();
  if (v.kind == Opnd::Kind::Local && v.local == x) {
    if (!tee) pop();
    return;
  }
  materialize_aliases_of(x);
  Opnd& t = top();
  if (t.kind == Opnd::Kind::Temp && last_result_valid_ && last_home_ == t.src && e_.pos() == last_end_) {
    // Retarget: the instruction that produced the value writes the local directly.
    e_.patch_u32(last_dst_field_, slot);
    pop();
  } else {
    Opnd val = pop();
    move(val, slot);
  }
  forget_fusion();
  if (tee) push_local(x);
}

void Lowerer::lower_call(uint32_t func_index, bool tail) {
  const FuncType& ft = cm_.func_type(m_.func_type_index(func_index));
  size_t n = ft.params.size();
  for (size_t i = stack_.size() - n; i < stack_.size(); ++i) materialize(stack_[i]);
  uint32_t base = n ? stack_[stack_.size() - n].home : temps_base_ + height_;
  for (size_t i = 0; i < n; ++i) pop();
  bool imported = func_index < m_.num_imported_funcs;
  IOp op = tail ? (imported ? IOp::ReturnCallImport : IOp::ReturnCall) : (imported ? IOp::CallImport : IOp::Call);
  e_.op(op);
  e_.u32(func_index);
  e_.u32(base);
  forget_fusion();
  if (tail) {
    set_unreachable();
    return;
  }
  for (ValType t : ft.results) push_temp(t);
}

void Lowerer::lower_call_indirect(const Instr& in, bool tail) {
  bool is_ref = in.op == Opcode::CallRef || in.op == Opcode::ReturnCallRef;
  const FuncType& ft = cm_.func_type(in.a);
  Opnd callee = pop();
  uint32_t cs = slot_of(callee);
  size_t n = ft.params.size();
  for (size_t i = stack_.size() - n; i < stack_.size(); ++i) materialize(stack_[i]);
  uint32_t base = n ? stack_[stack_.size() - n].home : temps_base_ + height_;
  for (size_t i = 0; i < n; ++i) pop();
  if (is_ref) {
    e_.op(tail ? IOp::ReturnCallRef : IOp::CallRef);
    e_.u32(cs);
    e_.u32(base);
  } else {
    e_.op(tail ? IOp::ReturnCallIndirect : IOp::CallIndirect);
    e_.u32(cm_.canon(in.a));
    e_.u32(in.b);
    e_.u32(cs);
    e_.u32(base);
  }
  forget_fusion();
  if (tail) {
    set_unreachable();
    return;
  }
  for (ValType t : ft.results) push_temp(t);
}

void Lowerer::lower_br_table(const Instr& in) {
  Opnd idx = pop();
  uint32_t is = slot_of(idx);
  std::vector<uint32_t> depths(in.targets.begin(), in.targets.end());
  depths.push_back(in.a);
  bool any_return = false;
  for (uint32_t d : depths) any_return |= ctrl_at(d).is_function;
  if (any_return) prepare_return();
  uint32_t at = e_.op(IOp::BrTable);
  e_.u32(is);
  e_.u32(static_cast<uint32_t>(in.targets.size()));
  // Targets whose values must move get a stub after the table; one stub per depth.
  std::vector<std::pair<uint32_t, Label>> stubs;
  for (uint32_t d : depths) {
    Ctrl& c = ctrl_at(d);
    if (!c.is_function && !branch_needs_copies(c)) {
      e_.disp(at, c.label);
      continue;
    }
    Label* stub = nullptr;
    for (auto& s : stubs)
      if (s.first == d) stub = &s.second;
    if (!stub) {
      stubs.emplace_back(d, Label{});
      stub = &stubs.back().second;
    }
    e_.disp(at, *stub);
  }
  for (auto& [d, stub] : stubs) {
    bind(stub);
    Ctrl& c = ctrl_at(d);
    if (c.is_function) {
      emit_return_moves();
    } else {
      branch_copies(c);
      uint32_t j = e_.op(IOp::Br);
      e_.disp(j, c.label);
    }
  }
  set_unreachable();
}

void Lowerer::lower_instr(const Instr& in) {
  Ctrl& cur = ctrl_.back();
  if (cur.unreachable) {
    // Dead code: track block structure only.
    switch (in.op) {
      case Opcode::Block:
      case Opcode::Loop:
      case Opcode::If:
      case Opcode::Try:
      case Opcode::TryTable:
        push_ctrl(in.op, in.block);
        return;
      case Opcode::Else:
        if (cur.dead || cur.kind != Opcode::If) return;
        break;  // the else branch of a live `if` is reachable
      case Opcode::Catch:
      case Opcode::CatchAll:
        if (cur.dead) return;
        break;  // a live try's catch body is reached by exceptions
      case Opcode::End:
      case Opcode::Delegate:
        break;
      default:
        return;
    }
  }

  switch (in.op) {
    // ---- control
    case Opcode::Unreachable:
      emit_trap(TrapKind::Unreachable);
      set_unreachable();
      return;
    case Opcode::Nop:
      return;
    case Opcode::Block:
      push_ctrl(in.op, in.block);
      return;
    case Opcode::Loop: {
      Ctrl& c = push_ctrl(Opcode::Loop, in.block);
      bind(c.label);
      ++loop_depth_;
      if (cfg_.interruptible) {
        c.fuel_field = emit_fuel_check();
        c.fuel_start = instr_count_;
      }
      return;
    }
    case Opcode::If: {
      Opnd cond = pop();
      Ctrl& c = push_ctrl(Opcode::If, in.block);
      emit_cond_jump(cond, false, c.else_label);
      return;
    }
    case Opcode::Else: {
      Ctrl& c = ctrl_.back();
      if (!c.unreachable) {
        for (size_t i = stack_.size() - c.results.size(); i < stack_.size(); ++i) materialize(stack_[i]);
        uint32_t at = e_.op(IOp::Br);
        e_.disp(at, c.label);
      }
      bind(c.else_label);
      c.has_else = true;
      c.unreachable = false;
      while (stack_.size() > c.entries) pop();
      for (ValType t : c.params) push_temp(t);
      return;
    }
    case Opcode::Try:
    case Opcode::TryTable:
    case Opcode::Catch:
    case Opcode::CatchAll:
    case Opcode::Throw:
    case Opcode::ThrowRef:
    case Opcode::Rethrow:
      lower_eh(in);
      return;
    case Opcode::End:
    case Opcode::Delegate:
      if (ctrl_.size() == 1) {
        if (!ctrl_.back().unreachable) emit_return();
        ctrl_.pop_back();
        return;
      }
      if (ctrl_.back().kind == Opcode::Try || ctrl_.back().kind == Opcode::TryTable) end_try(in);
      end_block();
      return;
    case Opcode::Br:
      emit_br(in.a);
      return;
    case Opcode::BrIf: {
      Opnd cond = pop();
      emit_br_if(in.a, cond);
      return;
    }
    case Opcode::BrTable:
      lower_br_table(in);
      return;
    case Opcode::Return:
      emit_return();
      set_unreachable();
      return;
    case Opcode::Call:
      lower_call(in.a, false);
      return;
    case Opcode::ReturnCall:
      lower_call(in.a, true);
      return;
    case Opcode::CallIndirect:
    case Opcode::CallRef:
      lower_call_indirect(in, false);
      return;
    case Opcode::ReturnCallIndirect:
    case Opcode::ReturnCallRef:
      lower_call_indirect(in, true);
      return;

    // ---- parametric
    case Opcode::Drop:
      pop();
      return;
    case Opcode::Select:
    case Opcode::SelectT: {
      Opnd c = pop();
      Opnd b = pop();
      Opnd a = pop();
      uint32_t cs = slot_of(c), bs = slot_of(b), as = slot_of(a);
      uint32_t dst = temps_base_ + height_;
      e_.op(a.wide ? IOp::Select128 : IOp::Select);
      uint32_t field = e_.u32(dst);
      e_.u32(as);
      e_.u32(bs);
      e_.u32(cs);
      ValType t = in.op == Opcode::SelectT && !in.types.empty() ? in.types[0] : ValType(a.vk);
      push_temp(t);
      note_result(field, dst);
      return;
    }

    // ---- variables
    case Opcode::LocalGet:
      push_local(in.a);
      return;
    case Opcode::LocalSet:
      lower_local_set(in.a, false);
      return;
    case Opcode::LocalTee:
      lower_local_set(in.a, true);
      return;
    case Opcode::GlobalGet: {
      ValType t = m_.global_type(in.a).type;
      uint32_t dst = temps_base_ + height_;
      e_.op(slots(t) == 2 ? IOp::GlobalGet128 : IOp::GlobalGet);
      uint32_t field = e_.u32(dst);
      e_.u32(in.a);
      push_temp(t);
      note_result(field, dst);
      return;
    }
    case Opcode::GlobalSet: {
      Opnd v = pop();
      uint32_t vs = slot_of(v);
      e_.op(v.wide ? IOp::GlobalSet128 : IOp::GlobalSet);
      e_.u32(in.a);
      e_.u32(vs);
      forget_fusion();
      return;
    }

    // ---- constants
    case Opcode::I32Const:
      push_const(kI32, static_cast<uint32_t>(in.i64));
      return;
    case Opcode::I64Const:
      push_const(kI64, static_cast<uint64_t>(in.i64));
      return;
    case Opcode::F32Const:
      push_const(kF32, static_cast<uint32_t>(in.bits));
      return;
    case Opcode::F64Const:
      push_const(kF64, in.bits);
      return;
    case Opcode::V128Const: {
      uint64_t lo, hi;
      std::memcpy(&lo, in.v128, 8);
      std::memcpy(&hi, in.v128 + 8, 8);
      push_const(kV128, lo, hi);
      return;
    }
    case Opcode::RefNull:
      push_const(ValType::ref(in.heap, true), 0);
      return;

    // ---- memory
    case Opcode::MemorySize: {
      uint32_t dst = temps_base_ + height_;
      e_.op(IOp::MemorySize);
      uint32_t field = e_.u32(dst);
      e_.u32(in.a);
      push_temp(m_.memory_type(in.a).limits.is64 ? kI64 : kI32);
      note_result(field, dst);
      return;
    }
    case Opcode::MemoryGrow: {
      Opnd d = pop();
      uint32_t ds = slot_of(d);
      uint32_t dst = temps_base_ + height_;
      e_.op(IOp::MemoryGrow);
      e_.u32(dst);
      e_.u32(ds);
      e_.u32(in.a);
      push_temp(m_.memory_type(in.a).limits.is64 ? kI64 : kI32);
      forget_fusion();
      return;
    }
    case Opcode::MemoryFill:
    case Opcode::MemoryCopy:
    case Opcode::MemoryInit:
    case Opcode::TableFill:
    case Opcode::TableCopy:
    case Opcode::TableInit: {
      Opnd n = pop();
      Opnd s = pop();
      Opnd d = pop();
      uint32_t ns = slot_of(n), ss = slot_of(s), dss = slot_of(d);
      IOp op = in.op == Opcode::MemoryFill   ? IOp::MemoryFill
               : in.op == Opcode::MemoryCopy ? IOp::MemoryCopy
               : in.op == Opcode::MemoryInit ? IOp::MemoryInit
               : in.op == Opcode::TableFill  ? IOp::TableFill
               : in.op == Opcode::TableCopy  ? IOp::TableCopy
                                             : IOp::TableInit;
      e_.op(op);
      e_.u32(in.a);
      e_.u32(in.b);
      e_.u32(dss);
      e_.u32(ss);
      e_.u32(ns);
      forget_fusion();
      return;
    }
    case Opcode::DataDrop:
    case Opcode::ElemDrop:
      e_.op(in.op == Opcode::DataDrop ? IOp::DataDrop : IOp::ElemDrop);
      e_.u32(in.a);
      forget_fusion();
      return;

    // ---- tables
    case Opcode::TableGet: {
      Opnd i = pop();
      uint32_t is = slot_of(i);
      uint32_t dst = temps_base_ + height_;
      e_.op(IOp::TableGet);
      uint32_t field = e_.u32(dst);
      e_.u32(in.a);
      e_.u32(is);
      push_temp(m_.table_type(in.a).elem);
      note_result(field, dst);
      return;
    }
    case Opcode::TableSet: {
      Opnd v = pop();
      Opnd i = pop();
      uint32_t vs = slot_of(v), is = slot_of(i);
      e_.op(IOp::TableSet);
      e_.u32(in.a);
      e_.u32(is);
      e_.u32(vs);
      forget_fusion();
      return;
    }
    case Opcode::TableSize: {
      uint32_t dst = temps_base_ + height_;
      e_.op(IOp::TableSize);
      uint32_t field = e_.u32(dst);
      e_.u32(in.a);
      push_temp(m_.table_type(in.a).limits.is64 ? kI64 : kI32);
      note_result(field, dst);
      return;
    }
    case Opcode::TableGrow: {
      Opnd n = pop();
      Opnd init = pop();
      uint32_t ns = slot_of(n), is = slot_of(init);
      uint32_t dst = temps_base_ + height_;
      e_.op(IOp::TableGrow);
      e_.u32(dst);
      e_.u32(in.a);
      e_.u32(is);
      e_.u32(ns);
      push_temp(m_.table_type(in.a).limits.is64 ? kI64 : kI32);
      forget_fusion();
      return;
    }

    // ---- references
    case Opcode::RefIsNull:
    case Opcode::RefAsNonNull:
    case Opcode::RefI31:
    case Opcode::I31GetS:
    case Opcode::I31GetU: {
      Opnd a = pop();
      uint32_t as = slot_of(a);
      uint32_t dst = temps_base_ + height_;
      IOp op = in.op == Opcode::RefIsNull      ? IOp::RefIsNull
               : in.op == Opcode::RefAsNonNull ? IOp::RefAsNonNull
               : in.op == Opcode::RefI31       ? IOp::RefI31
               : in.op == Opcode::I31GetS      ? IOp::I31GetS
                                               : IOp::I31GetU;
      e_.op(op);
      uint32_t field = e_.u32(dst);
      e_.u32(as);
      ValType t = kI32;
      if (in.op == Opcode::RefAsNonNull) t = ValType(ValKind::Ref);
      if (in.op == Opcode::RefI31) t = ValType::ref(AbsHeap::I31, false);
      push_temp(t);
      note_result(field, dst);
      return;
    }
    case Opcode::RefFunc: {
      uint32_t dst = temps_base_ + height_;
      e_.op(IOp::RefFunc);
      uint32_t field = e_.u32(dst);
      e_.u32(in.a);
      push_temp(ValType::ref(AbsHeap::Func, false));
      note_result(field, dst);
      return;
    }
    case Opcode::RefEq: {
      Opnd b = pop();
      Opnd a = pop();
      uint32_t bs = slot_of(b), as = slot_of(a);
      uint32_t dst = temps_base_ + height_;
      e_.op(IOp::RefEq);
      uint32_t field = e_.u32(dst);
      e_.u32(as);
      e_.u32(bs);
      push_temp(kI32);
      note_result(field, dst);
      return;
    }
    case Opcode::BrOnNull:
    case Opcode::BrOnNonNull: {
      // br_on_null: branch (without the value) if null, else keep the non-null value.
      // br_on_non_null: branch with the value if non-null, else drop it.
      Opnd& r = top();
      uint32_t rs = slot_of(r);
      Ctrl& c = ctrl_at(in.a);
      if (in.op == Opcode::BrOnNull) {
        Opnd ref = pop();  // the branch does not carry it
        if (c.is_function) prepare_return();
        Label skip;
        uint32_t at = e_.op(IOp::BrOnNonNull);
        e_.u32(rs);
        e_.disp(at, skip);
        if (c.is_function) emit_return_moves();
        else {
          branch_copies(c);
          uint32_t j = e_.op(IOp::Br);
          e_.disp(j, c.label);
        }
        bind(skip);
        stack_.push_back(ref);
        height_ += 1;
        if (ref.kind == Opnd::Kind::Local) ++alias_count_[ref.local];
      } else {
        if (c.is_function) prepare_return();
        Label skip;
        uint32_t at = e_.op(IOp::BrOnNull);
        e_.u32(rs);
        e_.disp(at, skip);
        if (c.is_function) emit_return_moves();
        else {
          branch_copies(c);
          uint32_t j = e_.op(IOp::Br);
          e_.disp(j, c.label);
        }
        bind(skip);
        pop();
      }
      return;
    }

    default:
      break;
  }

  const OpInfo& info = op_info(in.op);
  if (info.imm == ImmKind::MemArg || info.imm == ImmKind::MemArgLane) {
    lower_memory(in);
    return;
  }
  if (simple_iop(in.op) != IOp::Count_) {
    lower_simple(in);
    return;
  }
  if (info.prefix == 0xFB) {
    lower_gc(in);
    return;
  }
  unsupported(in);
}

}  // namespace nanoproc::interp
