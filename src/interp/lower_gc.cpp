// Lowering of the GC instructions (0xFB prefix; ref.i31 and i31.get_* are in lower_ops.cpp).
//
// Field and element accesses are specialised at lowering time by storage size (and sign
// for packed values), with the field's byte offset as an operand, so a struct.get is one
// null check and one load. Allocating instructions carry a pointer to the type's layout
// (engine-wide, lives as long as the code). Casts encode their target as in gc_cast.h.
#include "interp/gc_cast.h"
#include "interp/lowerer.h"
#include "runtime/gc_layout.h"

namespace nanoproc::interp {

namespace {

IOp get_op(bool array, unsigned size, Opcode op) {
  bool s = op == Opcode::StructGetS || op == Opcode::ArrayGetS;
  switch (size) {
    case 1: return array ? (s ? IOp::ArrayGet8S : IOp::ArrayGet8U) : (s ? IOp::StructGet8S : IOp::StructGet8U);
    case 2: return array ? (s ? IOp::ArrayGet16S : IOp::ArrayGet16U) : (s ? IOp::StructGet16S : IOp::StructGet16U);
    case 4: return array ? IOp::ArrayGet32 : IOp::StructGet32;
    case 8: return array ? IOp::ArrayGet64 : IOp::StructGet64;
    default: return array ? IOp::ArrayGet128 : IOp::StructGet128;
  }
}

IOp set_op(bool array, unsigned size) {
  switch (size) {
    case 1: return array ? IOp::ArraySet8 : IOp::StructSet8;
    case 2: return array ? IOp::ArraySet16 : IOp::StructSet16;
    case 4: return array ? IOp::ArraySet32 : IOp::StructSet32;
    case 8: return array ? IOp::ArraySet64 : IOp::StructSet64;
    default: return array ? IOp::ArraySet128 : IOp::StructSet128;
  }
}

// The value type a field or element is read as (packed values as i32).
ValType unpacked(ValType t) { return t.is_packed() ? kI32 : t; }

}  // namespace

uint32_t Lowerer::cast_target(HeapType h) const {
  if (h.is_abstract()) return kCastAbstract | static_cast<uint32_t>(h.abs());
  uint32_t id = cm_.canon(h.index());
  return id | (cm_.engine().types().get(id).final ? kCastFinal : 0);
}

void Lowerer::lower_br_on_cast(const Instr& in) {
  // The reference stays on the stack on both paths; only its static type differs.
  Opnd& r = top();
  uint32_t rs = slot_of(r);
  uint32_t target = cast_target(in.heap2);
  uint32_t nullable = (in.cast_flags & 2) ? 1 : 0;
  bool on_fail = in.op == Opcode::BrOnCastFail;
  Ctrl& c = ctrl_at(in.a);
  auto emit = [&](bool branch_on_success, Label& l) {
    uint32_t at = e_.op(branch_on_success ? IOp::BrOnCast : IOp::BrOnCastFail);
    e_.u32(rs);
    e_.u32(target);
    e_.u32(nullable);
    e_.disp(at, l);
    forget_fusion();
  };
  if (!c.is_function && !branch_needs_copies(c)) {
    emit(!on_fail, c.label);
    return;
  }
  if (c.is_function) prepare_return();
  Label skip;
  emit(on_fail, skip);
  if (c.is_function) {
    emit_return_moves();
  } else {
    branch_copies(c);
    uint32_t j = e_.op(IOp::Br);
    e_.disp(j, c.label);
  }
  bind(skip);
}

void Lowerer::lower_gc(const Instr& in) {
  GcLayoutCache& layouts = cm_.engine().gc_layouts();
  auto layout_of = [&](uint32_t type_index) -> const GcLayout& { return layouts.get(cm_.canon(type_index)); };
  auto elem_type = [&](uint32_t type_index) { return m_.types[type_index].composite.array.field.type; };
  auto dst_slot = [&] { return temps_base_ + height_; };
  // Pops `n` operands; returns their slots in stack order.
  auto pop_slots = [&](size_t n) {
    std::vector<Opnd> ops(n);
    for (size_t i = n; i-- > 0;) ops[i] = pop();
    std::vector<uint32_t> slots(n);
    for (size_t i = 0; i < n; ++i) slots[i] = slot_of(ops[i]);
    return slots;
  };
  const ValType any_ref(ValKind::Ref);

  switch (in.op) {
    case Opcode::StructNew:
    case Opcode::StructNewDefault: {
      const GcLayout& l = layout_of(in.a);
      std::vector<uint32_t> srcs;
      if (in.op == Opcode::StructNew) srcs = pop_slots(l.fields.size());
      uint32_t dst = dst_slot();
      e_.op(in.op == Opcode::StructNew ? IOp::StructNew : IOp::StructNewDefault);
      e_.imm64(reinterpret_cast<uint64_t>(&l));
      uint32_t field = e_.u32(dst);
      for (uint32_t s : srcs) e_.u32(s);
      push_temp(any_ref);
      note_result(field, dst);  // the handler writes dst after reading every source
      return;
    }
    case Opcode::StructGet:
    case Opcode::StructGetS:
    case Opcode::StructGetU: {
      const GcLayout& l = layout_of(in.a);
      const GcField& f = l.fields[in.b];
      std::vector<uint32_t> s = pop_slots(1);
      uint32_t dst = dst_slot();
      e_.op(get_op(false, f.size, in.op));
      uint32_t field = e_.u32(dst);
      e_.u32(s[0]);
      e_.u32(f.offset);
      push_temp(unpacked(m_.types[in.a].composite.struct_.fields[in.b].type));
      note_result(field, dst);
      return;
    }
    case Opcode::StructSet: {
      const GcField& f = layout_of(in.a).fields[in.b];
      std::vector<uint32_t> s = pop_slots(2);  // ref, value
      e_.op(set_op(false, f.size));
      e_.u32(s[0]);
      e_.u32(s[1]);
      e_.u32(f.offset);
      forget_fusion();
      return;
    }
    case Opcode::ArrayNew:
    case Opcode::ArrayNewDefault:
    case Opcode::ArrayNewData:
    case Opcode::ArrayNewElem: {
      const GcLayout& l = layout_of(in.a);
      size_t n = in.op == Opcode::ArrayNewDefault ? 1 : 2;
      std::vector<uint32_t> s = pop_slots(n);
      uint32_t dst = dst_slot();
      IOp op = in.op == Opcode::ArrayNew          ? IOp::ArrayNew
               : in.op == Opcode::ArrayNewDefault ? IOp::ArrayNewDefault
               : in.op == Opcode::ArrayNewData    ? IOp::ArrayNewData
                                                  : IOp::ArrayNewElem;
      e_.op(op);
      e_.imm64(reinterpret_cast<uint64_t>(&l));
      uint32_t field = e_.u32(dst);
      if (in.op == Opcode::ArrayNewData || in.op == Opcode::ArrayNewElem) e_.u32(in.b);
      for (uint32_t x : s) e_.u32(x);
      push_temp(any_ref);
      note_result(field, dst);
      return;
    }
    case Opcode::ArrayNewFixed: {
      const GcLayout& l = layout_of(in.a);
      std::vector<uint32_t> srcs = pop_slots(in.b);
      uint32_t dst = dst_slot();
      e_.op(IOp::ArrayNewFixed);
      e_.imm64(reinterpret_cast<uint64_t>(&l));
      uint32_t field = e_.u32(dst);
      e_.u32(in.b);
      for (uint32_t x : srcs) e_.u32(x);
      push_temp(any_ref);
      note_result(field, dst);
      return;
    }
    case Opcode::ArrayGet:
    case Opcode::ArrayGetS:
    case Opcode::ArrayGetU: {
      ValType et = elem_type(in.a);
      std::vector<uint32_t> s = pop_slots(2);  // ref, index
      uint32_t dst = dst_slot();
      e_.op(get_op(true, storage_size(et), in.op));
      uint32_t field = e_.u32(dst);
      e_.u32(s[0]);
      e_.u32(s[1]);
      push_temp(unpacked(et));
      note_result(field, dst);
      return;
    }
    case Opcode::ArraySet: {
      std::vector<uint32_t> s = pop_slots(3);  // ref, index, value
      e_.op(set_op(true, storage_size(elem_type(in.a))));
      for (uint32_t x : s) e_.u32(x);
      forget_fusion();
      return;
    }
    case Opcode::ArrayLen: {
      std::vector<uint32_t> s = pop_slots(1);
      uint32_t dst = dst_slot();
      e_.op(IOp::ArrayLen);
      uint32_t field = e_.u32(dst);
      e_.u32(s[0]);
      push_temp(kI32);
      note_result(field, dst);
      return;
    }
    case Opcode::ArrayFill: {
      std::vector<uint32_t> s = pop_slots(4);  // ref, offset, value, n
      e_.op(IOp::ArrayFill);
      for (uint32_t x : s) e_.u32(x);
      e_.u32(storage_size(elem_type(in.a)));
      forget_fusion();
      return;
    }
    case Opcode::ArrayCopy: {
      std::vector<uint32_t> s = pop_slots(5);  // dst ref, dst offset, src ref, src offset, n
      e_.op(IOp::ArrayCopy);
      for (uint32_t x : s) e_.u32(x);
      e_.u32(storage_size(elem_type(in.a)));
      forget_fusion();
      return;
    }
    case Opcode::ArrayInitData:
    case Opcode::ArrayInitElem: {
      std::vector<uint32_t> s = pop_slots(4);  // ref, dst index, src offset, n
      e_.op(in.op == Opcode::ArrayInitData ? IOp::ArrayInitData : IOp::ArrayInitElem);
      for (uint32_t x : s) e_.u32(x);
      e_.u32(in.b);
      if (in.op == Opcode::ArrayInitData) e_.u32(storage_size(elem_type(in.a)));
      forget_fusion();
      return;
    }
    case Opcode::RefTest:
    case Opcode::RefTestNull:
    case Opcode::RefCast:
    case Opcode::RefCastNull: {
      bool test = in.op == Opcode::RefTest || in.op == Opcode::RefTestNull;
      bool nullable = in.op == Opcode::RefTestNull || in.op == Opcode::RefCastNull;
      std::vector<uint32_t> s = pop_slots(1);
      uint32_t dst = dst_slot();
      e_.op(test ? IOp::RefTest : IOp::RefCast);
      uint32_t field = e_.u32(dst);
      e_.u32(s[0]);
      e_.u32(cast_target(in.heap));
      e_.u32(nullable ? 1 : 0);
      push_temp(test ? kI32 : any_ref);
      note_result(field, dst);
      return;
    }
    case Opcode::BrOnCast:
    case Opcode::BrOnCastFail:
      lower_br_on_cast(in);
      return;
    case Opcode::AnyConvertExtern:
    case Opcode::ExternConvertAny:
      return;  // one representation for both hierarchies (object.h): the identity
    default:
      unsupported(in);
      return;
  }
}

}  // namespace nanoproc::interp
