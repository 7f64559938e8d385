#include "runtime/const_eval.h"

#include "binary/instr_reader.h"

namespace nanoproc {
namespace {

// struct.new(_default), array.new(_default), array.new_fixed: pops the operands from
// stack[0..sp) and allocates the object in the store's GC heap.
Expected<Ref> eval_gc_alloc(Store& store, Instance& inst, const Instr& in, const RawValue* stack, size_t& sp) {
  GcHeap& gc = store.gc();
  const GcLayout& l = gc.layout(inst.compiled->canon(in.a));
  auto need = [&](size_t n) -> Status {
    if (sp < n) return make_error(ErrorKind::Invalid, "constant expression stack underflow");
    return {};
  };
  auto limit = [&]() { return make_error(ErrorKind::Trap, "{}", trap_message(TrapKind::GcHeapLimit)); };
  switch (in.op) {
    case Opcode::StructNew:
    case Opcode::StructNewDefault: {
      size_t n = in.op == Opcode::StructNew ? l.fields.size() : 0;
      NP_CHECK(need(n));
      Ref r = gc.new_struct(l);
      if (!r) return limit();
      sp -= n;
      for (size_t i = 0; i < n; ++i)
        gc_store_field(static_cast<uint8_t*>(r) + l.fields[i].offset, l.fields[i].size, stack[sp + i].slots);
      return r;
    }
    case Opcode::ArrayNew:
    case Opcode::ArrayNewDefault: {
      size_t n = in.op == Opcode::ArrayNew ? 2 : 1;
      NP_CHECK(need(n));
      uint32_t len = stack[sp - 1].i32;
      Ref r = gc.new_array(l, len);
      if (!r) return limit();
      if (in.op == Opcode::ArrayNew)
        for (uint32_t i = 0; i < len; ++i)
          gc_store_field(gc_array_data(r) + size_t{i} * l.elem_size, l.elem_size, stack[sp - 2].slots);
      sp -= n;
      return r;
    }
    default: {  // ArrayNewFixed
      NP_CHECK(need(in.b));
      Ref r = gc.new_array(l, in.b);
      if (!r) return limit();
      sp -= in.b;
      for (uint32_t i = 0; i < in.b; ++i)
        gc_store_field(gc_array_data(r) + size_t{i} * l.elem_size, l.elem_size, stack[sp + i].slots);
      return r;
    }
  }
}

}  // namespace

Expected<RawValue> eval_const(Store& store, Instance& inst, const ConstExpr& e) {
  ByteReader r(e.bytes.data(), e.bytes.data() + e.bytes.size(), e.offset);
  InstrReader ir(r);
  Instr in;
  RawValue stack[64];
  size_t sp = 0;
  auto push = [&](RawValue v) -> bool {
    if (sp == 64) return false;
    stack[sp++] = v;
    return true;
  };
  while (ir.next(in)) {
    RawValue v{};
    switch (in.op) {
      case Opcode::End:
        if (sp != 1) return make_error(ErrorKind::Invalid, "constant expression left {} values", sp);
        return stack[0];
      case Opcode::I32Const: v.slots[0] = static_cast<uint32_t>(in.i64); break;
      case Opcode::I64Const: v.i64 = static_cast<uint64_t>(in.i64); break;
      case Opcode::F32Const: v.slots[0] = static_cast<uint32_t>(in.bits); break;
      case Opcode::F64Const: v.i64 = in.bits; break;
      case Opcode::V128Const: std::memcpy(&v, in.v128, 16); break;
      case Opcode::GlobalGet:
        if (in.a >= inst.globals.size() || !inst.globals[in.a])
          return make_error(ErrorKind::Invalid, "constant expression reads unknown global {}", in.a);
        v = inst.globals[in.a]->value;
        break;
      case Opcode::RefNull: v.ref = nullptr; break;
      case Opcode::RefFunc:
        if (in.a >= inst.funcs.size()) return make_error(ErrorKind::Invalid, "unknown function {}", in.a);
        v.ref = inst.funcs[in.a];
        break;
      case Opcode::RefI31:
        if (sp < 1) return make_error(ErrorKind::Invalid, "constant expression stack underflow");
        v.ref = make_i31(stack[--sp].i32);
        break;
      case Opcode::AnyConvertExtern:
      case Opcode::ExternConvertAny:
        // One representation for both hierarchies (object.h): the conversion is the identity.
        if (sp < 1) return make_error(ErrorKind::Invalid, "constant expression stack underflow");
        v = stack[--sp];
        break;
      case Opcode::StructNew:
      case Opcode::StructNewDefault:
      case Opcode::ArrayNew:
      case Opcode::ArrayNewDefault:
      case Opcode::ArrayNewFixed: {
        auto r = eval_gc_alloc(store, inst, in, stack, sp);
        if (!r) return std::move(r).error();
        v.ref = *r;
        break;
      }
      case Opcode::I32Add:
      case Opcode::I32Sub:
      case Opcode::I32Mul:
      case Opcode::I64Add:
      case Opcode::I64Sub:
      case Opcode::I64Mul: {
        if (sp < 2) return make_error(ErrorKind::Invalid, "constant expression stack underflow");
        RawValue b = stack[--sp], a = stack[--sp];
        switch (in.op) {
          case Opcode::I32Add: v.slots[0] = uint32_t(a.i32 + b.i32); break;
          case Opcode::I32Sub: v.slots[0] = uint32_t(a.i32 - b.i32); break;
          case Opcode::I32Mul: v.slots[0] = uint32_t(a.i32 * b.i32); break;
          case Opcode::I64Add: v.i64 = a.i64 + b.i64; break;
          case Opcode::I64Sub: v.i64 = a.i64 - b.i64; break;
          default: v.i64 = a.i64 * b.i64; break;
        }
        break;
      }
      default:
        return make_error(ErrorKind::Unsupported, "constant instruction '{}' is not supported yet",
                          op_name(in.op));
    }
    if (!push(v)) return make_error(ErrorKind::Unsupported, "constant expression too deep");
  }
  return Error(ErrorKind::Malformed, r.error().message());
}

}  // namespace nanoproc
