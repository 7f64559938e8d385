// Exception handling: throw, throw_ref, try_table and the legacy try/catch/delegate/rethrow.
#include <fmt/format.h>

#include "validate/func_validator.h"

namespace nanoproc {
namespace {

constexpr ValType kExnNonNull = ValType::ref(AbsHeap::Exn, false);

}  // namespace

bool FuncValidator::exception_op(const Instr& in) {
  switch (in.op) {
    case Opcode::Throw: {
      const FuncType* ft;
      if (!check_tag(in.a, &ft) || !pop_vals(ft->params)) return false;
      set_unreachable();
      return true;
    }
    case Opcode::ThrowRef:
      if (!pop_val(kExnRef)) return false;
      set_unreachable();
      return true;
    case Opcode::TryTable: {
      BlockSig sig;
      if (!block_sig(in.block, &sig)) return false;
      // Catch labels are relative to the context outside the try_table block.
      for (const CatchClause& c : in.catches) {
        const Ctrl* l;
        if (!label(c.label, &l)) return false;
        ValType scratch[1];
        std::span<const ValType> sent;
        if (c.kind == CatchKind::Catch || c.kind == CatchKind::CatchRef) {
          const FuncType* ft;
          if (!check_tag(c.tag, &ft)) return false;
          sent = ft->params;
          if (c.kind == CatchKind::CatchRef) {
            scratch_.assign(ft->params.begin(), ft->params.end());
            scratch_.push_back(kExnNonNull);
            sent = scratch_;
          }
        } else if (c.kind == CatchKind::CatchAllRef) {
          scratch[0] = kExnNonNull;
          sent = {scratch, 1};
        }
        if (!types_.is_result_subtype(sent, l->label_types()))
          return fail(fmt::format("type mismatch: catch clause sends {} to label {} of type {}",
                                  result_type_name(sent), c.label,
                                  result_type_name(l->label_types())));
      }
      if (!pop_vals({sig.params, sig.nparams})) return false;
      push_ctrl(Opcode::TryTable, sig);
      return true;
    }
    default: break;
  }
  return fail(fmt::format("internal error: {} is not an exception instruction", op_name(in.op)));
}

bool FuncValidator::legacy_exception_op(const Instr& in) {
  if (!env_.opts.legacy_exceptions)
    return fail(fmt::format("legacy exception handling ({}) is not enabled", op_name(in.op)));
  switch (in.op) {
    case Opcode::Try: {
      BlockSig sig;
      if (!block_sig(in.block, &sig)) return false;
      if (!pop_vals({sig.params, sig.nparams})) return false;
      push_ctrl(Opcode::Try, sig);
      return true;
    }
    case Opcode::Catch:
    case Opcode::CatchAll: {
      Opcode top = ctrls_.back().op;
      if (top != Opcode::Try && top != Opcode::Catch)
        return fail_kind(ErrorKind::Malformed,
                         fmt::format("{} without a matching try", op_name(in.op)));
      const FuncType* ft = nullptr;
      if (in.op == Opcode::Catch && !check_tag(in.a, &ft)) return false;
      Ctrl c;
      if (!pop_ctrl(&c)) return false;
      push_ctrl(in.op,
                BlockSig{c.params, c.nparams, c.results, c.nresults, c.single, c.single_result},
                false);
      if (ft) push_vals(ft->params);
      return true;
    }
    case Opcode::Delegate: {
      if (ctrls_.back().op != Opcode::Try)
        return fail_kind(ErrorKind::Malformed, "delegate without a matching try");
      Ctrl c;
      if (!pop_ctrl(&c)) return false;
      const Ctrl* l;  // relative to the blocks around the try
      if (!label(in.a, &l)) return false;
      push_vals(c.end_types());
      return true;
    }
    case Opcode::Rethrow: {
      const Ctrl* l;
      if (!label(in.a, &l)) return false;
      if (l->op != Opcode::Catch && l->op != Opcode::CatchAll)
        return fail(fmt::format("invalid rethrow label {}", in.a));
      set_unreachable();
      return true;
    }
    default: break;
  }
  return fail(fmt::format("internal error: {} is not a legacy exception instruction",
                          op_name(in.op)));
}

}  // namespace nanoproc
