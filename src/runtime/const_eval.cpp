#include "runtime/const_eval.h"

#include "binary/instr_reader.h"

namespace nanoproc {

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
