// Control instructions, calls, parametric instructions and variables.
#include <fmt/format.h>

#include "validate/func_validator.h"

namespace nanoproc {
namespace {

bool is_numeric_or_bot(ValType t) { return t.is_num() || t.kind == ValKind::Bot; }
bool is_vector_or_bot(ValType t) { return t.kind == ValKind::V128 || t.kind == ValKind::Bot; }

}  // namespace

bool FuncValidator::control_op(const Instr& in) {
  switch (in.op) {
    case Opcode::Unreachable:
      set_unreachable();
      return true;

    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If: {
      BlockSig sig;
      if (!block_sig(in.block, &sig)) return false;
      if (in.op == Opcode::If && !pop_num(ValKind::I32)) return false;
      if (!pop_vals({sig.params, sig.nparams})) return false;
      push_ctrl(in.op, sig);
      return true;
    }

    case Opcode::Else: {
      if (ctrls_.back().op != Opcode::If)
        return fail_kind(ErrorKind::Malformed, "else without a matching if");
      Ctrl c;
      if (!pop_ctrl(&c)) return false;
      push_ctrl(Opcode::Else, BlockSig{c.params, c.nparams, c.results, c.nresults, c.single,
                                       c.single_result});
      return true;
    }

    case Opcode::End: {
      Ctrl c;
      if (ctrls_.back().op == Opcode::If) {
        // No else: the missing else branch passes the parameters through unchanged.
        if (!pop_ctrl(&c)) return false;
        push_ctrl(Opcode::Else, BlockSig{c.params, c.nparams, c.results, c.nresults, c.single,
                                         c.single_result});
      }
      if (!pop_ctrl(&c)) return false;
      if (ctrls_.empty()) {
        done_ = true;
        return true;
      }
      push_vals(c.end_types());
      return true;
    }

    case Opcode::Br: {
      const Ctrl* l;
      if (!label(in.a, &l)) return false;
      if (!pop_vals(l->label_types())) return false;
      set_unreachable();
      return true;
    }

    case Opcode::BrIf: {
      const Ctrl* l;
      if (!label(in.a, &l)) return false;
      if (!pop_num(ValKind::I32)) return false;
      if (!pop_vals(l->label_types())) return false;
      push_vals(l->label_types());
      return true;
    }

    case Opcode::BrTable: {
      if (!pop_num(ValKind::I32)) return false;
      const Ctrl* def;
      if (!label(in.a, &def)) return false;
      const size_t arity = def->label_types().size();
      // Each target sees the operands as they are (not as the previous target's types).
      for (uint32_t t : in.targets) {
        const Ctrl* l;
        if (!label(t, &l)) return false;
        if (l->label_types().size() != arity)
          return fail(fmt::format("type mismatch: br_table target {} has arity {} but the default "
                                  "target has arity {}",
                                  t, l->label_types().size(), arity));
        if (!check_top(l->label_types())) return false;
      }
      if (!pop_vals(def->label_types())) return false;
      set_unreachable();
      return true;
    }

    case Opcode::Return:
      if (!pop_vals(func_type_->results)) return false;
      set_unreachable();
      return true;

    case Opcode::Drop: {
      ValType t;
      return pop_any(&t);
    }

    case Opcode::Select: {
      if (!pop_num(ValKind::I32)) return false;
      ValType t1, t2;
      if (!pop_any(&t1) || !pop_any(&t2)) return false;
      if (!((is_numeric_or_bot(t1) && is_numeric_or_bot(t2)) ||
            (is_vector_or_bot(t1) && is_vector_or_bot(t2))))
        return fail(fmt::format("type mismatch: select without a type requires numeric or vector "
                                "operands but stack has [{} {}]",
                                type_name(t2), type_name(t1)));
      if (t1.kind != t2.kind && t1.kind != ValKind::Bot && t2.kind != ValKind::Bot)
        return fail(fmt::format("type mismatch: select operands differ: [{} {}]", type_name(t2),
                                type_name(t1)));
      push(t1.kind == ValKind::Bot ? t2 : t1);
      return true;
    }

    case Opcode::SelectT: {
      if (in.types.size() != 1)
        return fail(fmt::format("invalid result arity {} of select", in.types.size()));
      ValType t = in.types[0];
      if (!check_val_type(t)) return false;
      if (!pop_num(ValKind::I32) || !pop_val(t) || !pop_val(t)) return false;
      push(t);
      return true;
    }

    default: break;
  }
  return fail(fmt::format("internal error: {} is not a control instruction", op_name(in.op)));
}

bool FuncValidator::call_op(const Instr& in) {
  const FuncType* ft = nullptr;
  const bool tail = in.op == Opcode::ReturnCall || in.op == Opcode::ReturnCallIndirect ||
                    in.op == Opcode::ReturnCallRef;
  switch (in.op) {
    case Opcode::Call:
    case Opcode::ReturnCall:
      if (in.a >= env_.funcs.size()) return fail(fmt::format("unknown function {}", in.a));
      ft = &types_.func_type(env_.funcs[in.a]);
      break;
    case Opcode::CallIndirect:
    case Opcode::ReturnCallIndirect: {
      const TableType* tt;
      if (!check_table(in.b, &tt)) return false;
      if (!check_func_type_index(in.a, &ft)) return false;
      if (!types_.is_subtype(tt->elem, kFuncRef))
        return fail(fmt::format("type mismatch: {} requires a table of function references but "
                                "table {} has element type {}",
                                op_name(in.op), in.b, type_name(tt->elem)));
      if (!pop_num(address_kind(tt->limits))) return false;
      break;
    }
    case Opcode::CallRef:
    case Opcode::ReturnCallRef:
      if (!check_func_type_index(in.a, &ft)) return false;
      if (!pop_val(ValType::ref(HeapType::index(in.a), true))) return false;
      break;
    default:
      return fail(fmt::format("internal error: {} is not a call", op_name(in.op)));
  }
  if (tail && !types_.is_result_subtype(ft->results, func_type_->results)) {
    return fail(fmt::format("type mismatch: current function requires result type {} but callee "
                            "returns {}",
                            result_type_name(func_type_->results), result_type_name(ft->results)));
  }
  if (!pop_vals(ft->params)) return false;
  if (tail) set_unreachable();
  else push_vals(ft->results);
  return true;
}

bool FuncValidator::variable_op(const Instr& in) {
  const uint32_t x = in.a;
  switch (in.op) {
    case Opcode::LocalGet: {
      ValType t;
      if (!local_type(x, &t)) return false;
      if (!local_inited(x)) return fail(fmt::format("uninitialized local {}", x));
      push(t);
      return true;
    }
    case Opcode::LocalSet:
    case Opcode::LocalTee: {
      ValType t;
      if (!local_type(x, &t)) return false;
      if (!pop_val(t)) return false;
      init_local(x);
      if (in.op == Opcode::LocalTee) push(t);
      return true;
    }
    case Opcode::GlobalGet: {
      const uint32_t limit = const_mode_ ? visible_globals_ : uint32_t(env_.globals.size());
      if (x >= limit) return fail(fmt::format("unknown global {}", x));
      const GlobalType& gt = env_.globals[x];
      if (const_mode_ && gt.mut)
        return fail(fmt::format("constant expression required: global {} is mutable", x));
      push(gt.type);
      return true;
    }
    case Opcode::GlobalSet: {
      if (x >= env_.globals.size()) return fail(fmt::format("unknown global {}", x));
      const GlobalType& gt = env_.globals[x];
      if (!gt.mut) return fail(fmt::format("immutable global {}", x));
      return pop_val(gt.type);
    }
    default: break;
  }
  return fail(fmt::format("internal error: {} is not a variable instruction", op_name(in.op)));
}

}  // namespace nanoproc
