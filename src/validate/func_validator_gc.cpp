// Reference instructions (function references, null checks) and GC: structs, arrays, i31,
// casts and extern/any conversion.
#include <fmt/format.h>

#include "validate/func_validator.h"

namespace nanoproc {
namespace {

ValType unpacked(ValType t) { return t.is_packed() ? kI32 : t; }
ValType ref_to(uint32_t type_index, bool null) {
  return ValType::ref(HeapType::index(type_index), null);
}
constexpr ValType kEqRef = ValType::ref(AbsHeap::Eq, true);
constexpr ValType kI31Ref = ValType::ref(AbsHeap::I31, true);
constexpr ValType kArrayRef = ValType::ref(AbsHeap::Array, true);
constexpr ValType kAnyRef = ValType::ref(AbsHeap::Any, true);

bool numeric_or_vector(ValType t) { return t.is_num() || t.is_packed() || t.kind == ValKind::V128; }

}  // namespace

bool FuncValidator::reference_op(const Instr& in) {
  switch (in.op) {
    case Opcode::RefNull:
      if (!check_heap_type(in.heap)) return false;
      push(ValType::ref(in.heap, true));
      return true;
    case Opcode::RefIsNull: {
      ValType rt;
      if (!pop_ref(&rt)) return false;
      push(kI32);
      return true;
    }
    case Opcode::RefFunc:
      if (in.a >= env_.funcs.size()) return fail(fmt::format("unknown function {}", in.a));
      if (!const_mode_ && !env_.declared_funcs[in.a])
        return fail(fmt::format("undeclared function reference {}", in.a));
      push(ref_to(env_.funcs[in.a], false));
      return true;
    case Opcode::RefEq:
      if (!pop_val(kEqRef) || !pop_val(kEqRef)) return false;
      push(kI32);
      return true;
    case Opcode::RefAsNonNull: {
      ValType rt;
      if (!pop_ref(&rt)) return false;
      push(ValType::ref(rt.heap, false));
      return true;
    }
    case Opcode::BrOnNull: {
      const Ctrl* l;
      ValType rt;
      if (!label(in.a, &l) || !pop_ref(&rt)) return false;
      if (!pop_vals(l->label_types())) return false;
      push_vals(l->label_types());
      push(ValType::ref(rt.heap, false));
      return true;
    }
    case Opcode::BrOnNonNull: {
      const Ctrl* l;
      ValType rt;
      if (!label(in.a, &l) || !pop_ref(&rt)) return false;
      auto lt = l->label_types();
      ValType nonnull = ValType::ref(rt.heap, false);
      if (lt.empty() || !types_.is_subtype(nonnull, lt.back()))
        return fail(fmt::format("type mismatch: br_on_non_null sends {} but label {} has type {}",
                                type_name(nonnull), in.a, result_type_name(lt)));
      auto rest = lt.first(lt.size() - 1);
      if (!pop_vals(rest)) return false;
      push_vals(rest);
      return true;
    }
    default: break;
  }
  return fail(fmt::format("internal error: {} is not a reference instruction", op_name(in.op)));
}

bool FuncValidator::gc_op(const Instr& in) {
  switch (in.op) {
    case Opcode::StructNew:
    case Opcode::StructNewDefault:
    case Opcode::StructGet:
    case Opcode::StructGetS:
    case Opcode::StructGetU:
    case Opcode::StructSet: return gc_struct_op(in);
    case Opcode::RefTest:
    case Opcode::RefTestNull:
    case Opcode::RefCast:
    case Opcode::RefCastNull:
    case Opcode::BrOnCast:
    case Opcode::BrOnCastFail:
    case Opcode::AnyConvertExtern:
    case Opcode::ExternConvertAny:
    case Opcode::RefI31:
    case Opcode::I31GetS:
    case Opcode::I31GetU: return gc_cast_op(in);
    default: return gc_array_op(in);
  }
}

bool FuncValidator::gc_struct_op(const Instr& in) {
  const StructType* st;
  if (!check_struct_type_index(in.a, &st)) return false;
  switch (in.op) {
    case Opcode::StructNew:
      for (size_t i = st->fields.size(); i-- > 0;)
        if (!pop_val(unpacked(st->fields[i].type))) return false;
      push(ref_to(in.a, false));
      return true;
    case Opcode::StructNewDefault:
      for (const FieldType& f : st->fields)
        if (!f.type.defaultable())
          return fail(fmt::format("type mismatch: field type {} of type {} is not defaultable",
                                  type_name(f.type), in.a));
      push(ref_to(in.a, false));
      return true;
    default: break;
  }
  if (in.b >= st->fields.size()) return fail(fmt::format("unknown field {} of type {}", in.b, in.a));
  const FieldType& f = st->fields[in.b];
  if (in.op == Opcode::StructSet) {
    if (!f.mut) return fail(fmt::format("immutable field {} of type {}", in.b, in.a));
    return pop_val(unpacked(f.type)) && pop_val(ref_to(in.a, true));
  }
  if (f.type.is_packed() != (in.op != Opcode::StructGet))
    return fail(fmt::format("type mismatch: field {} is {}, use {}", in.b,
                            f.type.is_packed() ? "packed" : "not packed",
                            f.type.is_packed() ? "struct.get_s or struct.get_u" : "struct.get"));
  if (!pop_val(ref_to(in.a, true))) return false;
  push(unpacked(f.type));
  return true;
}

bool FuncValidator::gc_array_op(const Instr& in) {
  if (in.op == Opcode::ArrayLen) {
    if (!pop_val(kArrayRef)) return false;
    push(kI32);
    return true;
  }
  const ArrayType* at;
  if (!check_array_type_index(in.a, &at)) return false;
  const FieldType& f = at->field;
  const ValType elem = unpacked(f.type);
  const ValType ref = ref_to(in.a, true);
  auto need_mutable = [&]() {
    return f.mut || fail(fmt::format("immutable array {}", in.a));
  };
  auto need_numeric = [&]() {
    return numeric_or_vector(f.type) ||
           fail(fmt::format("array type is not numeric or vector: type {} has element type {}",
                            in.a, type_name(f.type)));
  };
  auto need_elem_match = [&](uint32_t seg) {
    ValType et;
    if (!check_elem(seg, &et)) return false;
    return types_.is_subtype(et, f.type) ||
           fail(fmt::format("type mismatch: element segment {} has type {} but array {} has "
                            "element type {}",
                            seg, type_name(et), in.a, type_name(f.type)));
  };
  switch (in.op) {
    case Opcode::ArrayNew:
      if (!pop_num(ValKind::I32) || !pop_val(elem)) return false;
      break;
    case Opcode::ArrayNewDefault:
      if (!f.type.defaultable())
        return fail(fmt::format("type mismatch: array type {} is not defaultable", in.a));
      if (!pop_num(ValKind::I32)) return false;
      break;
    case Opcode::ArrayNewFixed: {
      // Pops in.b values; a huge count can only pass in unreachable code, so stop at the
      // frame's values instead of looping over the count.
      const Ctrl& c = ctrls_.back();
      uint64_t avail = vals_.size() - c.height;
      uint64_t n = std::min<uint64_t>(in.b, avail);
      for (uint64_t i = 0; i < n; ++i)
        if (!pop_val(elem)) return false;
      if (in.b > n && !pop_val(elem)) return false;
      break;
    }
    case Opcode::ArrayNewData:
      if (!need_numeric() || !check_data(in.b)) return false;
      if (!pop_num(ValKind::I32) || !pop_num(ValKind::I32)) return false;
      break;
    case Opcode::ArrayNewElem:
      if (!need_elem_match(in.b)) return false;
      if (!pop_num(ValKind::I32) || !pop_num(ValKind::I32)) return false;
      break;
    case Opcode::ArrayGet:
    case Opcode::ArrayGetS:
    case Opcode::ArrayGetU:
      if (f.type.is_packed() != (in.op != Opcode::ArrayGet))
        return fail(fmt::format("type mismatch: array {} is {}, use {}", in.a,
                                f.type.is_packed() ? "packed" : "not packed",
                                f.type.is_packed() ? "array.get_s or array.get_u" : "array.get"));
      if (!pop_num(ValKind::I32) || !pop_val(ref)) return false;
      push(elem);
      return true;
    case Opcode::ArraySet:
      if (!need_mutable()) return false;
      return pop_val(elem) && pop_num(ValKind::I32) && pop_val(ref);
    case Opcode::ArrayFill:
      if (!need_mutable()) return false;
      return pop_num(ValKind::I32) && pop_val(elem) && pop_num(ValKind::I32) && pop_val(ref);
    case Opcode::ArrayCopy: {
      if (!need_mutable()) return false;
      const ArrayType* src;
      if (!check_array_type_index(in.b, &src)) return false;
      if (!types_.is_subtype(src->field.type, f.type))
        return fail(fmt::format("array types do not match: source array {} has element type {}, "
                                "destination array {} has {}",
                                in.b, type_name(src->field.type), in.a, type_name(f.type)));
      return pop_num(ValKind::I32) && pop_num(ValKind::I32) && pop_val(ref_to(in.b, true)) &&
             pop_num(ValKind::I32) && pop_val(ref);
    }
    case Opcode::ArrayInitData:
      if (!need_mutable() || !need_numeric() || !check_data(in.b)) return false;
      return pop_num(ValKind::I32) && pop_num(ValKind::I32) && pop_num(ValKind::I32) &&
             pop_val(ref);
    case Opcode::ArrayInitElem:
      if (!need_mutable() || !need_elem_match(in.b)) return false;
      return pop_num(ValKind::I32) && pop_num(ValKind::I32) && pop_num(ValKind::I32) &&
             pop_val(ref);
    default:
      return fail(fmt::format("internal error: {} is not an array instruction", op_name(in.op)));
  }
  push(ref_to(in.a, false));
  return true;
}

bool FuncValidator::gc_cast_op(const Instr& in) {
  switch (in.op) {
    case Opcode::RefTest:
    case Opcode::RefTestNull:
    case Opcode::RefCast:
    case Opcode::RefCastNull: {
      if (!check_heap_type(in.heap)) return false;
      if (!pop_val(ValType::ref(types_.top(in.heap), true))) return false;
      if (in.op == Opcode::RefTest || in.op == Opcode::RefTestNull) push(kI32);
      else push(ValType::ref(in.heap, in.op == Opcode::RefCastNull));
      return true;
    }
    case Opcode::BrOnCast:
    case Opcode::BrOnCastFail: {
      if (!check_heap_type(in.heap) || !check_heap_type(in.heap2)) return false;
      const ValType rt1 = ValType::ref(in.heap, in.cast_flags & 1);
      const ValType rt2 = ValType::ref(in.heap2, (in.cast_flags & 2) != 0);
      if (!types_.is_subtype(rt2, rt1))
        return fail(fmt::format("type mismatch: cast target {} is not a subtype of the source {}",
                                type_name(rt2), type_name(rt1)));
      const Ctrl* l;
      if (!label(in.a, &l)) return false;
      const ValType diff = ValType::ref(rt1.heap, rt1.nullable && !rt2.nullable);
      const bool on_cast = in.op == Opcode::BrOnCast;
      const ValType sent = on_cast ? rt2 : diff;
      auto lt = l->label_types();
      if (lt.empty() || !types_.is_subtype(sent, lt.back()))
        return fail(fmt::format("type mismatch: {} sends {} but label {} has type {}",
                                op_name(in.op), type_name(sent), in.a, result_type_name(lt)));
      if (!pop_val(rt1)) return false;
      auto rest = lt.first(lt.size() - 1);
      if (!pop_vals(rest)) return false;
      push_vals(rest);
      push(on_cast ? diff : rt2);
      return true;
    }
    case Opcode::AnyConvertExtern:
    case Opcode::ExternConvertAny: {
      const bool to_any = in.op == Opcode::AnyConvertExtern;
      const ValType from = to_any ? kExternRef : kAnyRef;
      ValType rt;
      if (!pop_ref(&rt)) return false;
      if (!types_.is_subtype(rt, from)) return fail_type(from, rt);
      push(ValType::ref(to_any ? AbsHeap::Any : AbsHeap::Extern, rt.nullable));
      return true;
    }
    case Opcode::RefI31:
      if (!pop_num(ValKind::I32)) return false;
      push(ValType::ref(AbsHeap::I31, false));
      return true;
    case Opcode::I31GetS:
    case Opcode::I31GetU:
      if (!pop_val(kI31Ref)) return false;
      push(kI32);
      return true;
    default: break;
  }
  return fail(fmt::format("internal error: {} is not a cast instruction", op_name(in.op)));
}

}  // namespace nanoproc
