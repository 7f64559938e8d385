// Lowering of exception handling: throw, throw_ref, try_table, and the legacy try / catch /
// catch_all / delegate / rethrow.
//
// Try blocks emit no code. Each one adds a protected range [begin, end) of code offsets
// with its handlers to the function's exception table (runtime/eh_table.h), consulted only
// by the unwinder (interp_eh.inc). A handler says where execution continues and which
// frame slots receive the payload:
//  - try_table catch clauses continue at their target label, with the payload (and
//    exnref) in the slots of the label's values, exactly as a branch would leave them;
//    labels of blocks are bound later, so such handlers are patched when the block ends
//    (Ctrl::catch_fixups); a clause targeting the function continues at a shared `Return`
//    emitted after the body, with the values in the result slots.
//  - legacy catch blocks continue at the catch body, whose operand stack starts with a
//    hidden entry holding the caught exception (what `rethrow` throws again), then the
//    payload.
//  - delegate resumes the search outside the blocks nested inside its target label.
// Ranges are appended when their block ends, so inner ranges precede outer ones.
#include "interp/lowerer.h"

namespace nanoproc::interp {

namespace {

EhHandler::Kind handler_kind(CatchKind k) {
  switch (k) {
    case CatchKind::Catch: return EhHandler::Kind::Catch;
    case CatchKind::CatchRef: return EhHandler::Kind::CatchRef;
    case CatchKind::CatchAll: return EhHandler::Kind::CatchAll;
    case CatchKind::CatchAllRef: return EhHandler::Kind::CatchAllRef;
  }
  return EhHandler::Kind::CatchAll;
}

}  // namespace

void Lowerer::lower_eh(const Instr& in) {
  switch (in.op) {
    case Opcode::TryTable: {
      Ctrl& c = push_ctrl(in.op, in.block);
      if (c.dead) return;
      c.eh_begin = e_.pos();
      c.catches = in.catches;
      return;
    }
    case Opcode::Try: {
      Ctrl& c = push_ctrl(in.op, in.block);
      if (c.dead) return;
      c.eh_begin = e_.pos();
      return;
    }
    case Opcode::Catch:
    case Opcode::CatchAll: {
      Ctrl& c = ctrl_.back();
      if (!c.in_catch) {
        // The end of the try body: its results go to their homes, then to the end.
        c.eh_end = e_.pos();
        if (!c.unreachable) {
          for (size_t i = stack_.size() - c.results.size(); i < stack_.size(); ++i) materialize(stack_[i]);
          uint32_t at = e_.op(IOp::Br);
          e_.disp(at, c.label);
        }
      } else {
        leave_catch_body(c, true);
      }
      forget_fusion();
      while (stack_.size() > c.entries) pop();
      c.in_catch = true;
      c.unreachable = false;
      // The catch body's operand stack starts with the caught exception (hidden: only
      // `rethrow` reads it), then the payload. Bumping `entries` keeps it below the body.
      push_temp(kExnRef);
      ++c.entries;
      EhHandler h;
      h.kind = in.op == Opcode::Catch ? EhHandler::Kind::Catch : EhHandler::Kind::CatchAll;
      h.tag = in.a;
      h.pc = e_.pos();
      h.exn_slot = c.base;
      h.dst = c.base + 1;
      c.handlers.push_back(h);
      if (in.op == Opcode::Catch)
        for (ValType t : cm_.func_type(m_.tag_type(in.a).type_index).params) push_temp(t);
      return;
    }
    case Opcode::Throw: {
      const FuncType& ft = cm_.func_type(m_.tag_type(in.a).type_index);
      size_t n = ft.params.size();
      // Like call arguments: the payload sits in consecutive home slots.
      for (size_t i = stack_.size() - n; i < stack_.size(); ++i) materialize(stack_[i]);
      uint32_t base = n ? stack_[stack_.size() - n].home : temps_base_ + height_;
      for (size_t i = 0; i < n; ++i) pop();
      e_.op(IOp::Throw);
      e_.u32(in.a);
      e_.u32(base);
      set_unreachable();
      return;
    }
    case Opcode::ThrowRef: {
      Opnd r = pop();
      uint32_t rs = slot_of(r);
      e_.op(IOp::ThrowRef);
      e_.u32(rs);
      set_unreachable();
      return;
    }
    case Opcode::Rethrow: {
      e_.op(IOp::ThrowRef);
      e_.u32(ctrl_at(in.a).base);  // the catch body's hidden first entry
      set_unreachable();
      return;
    }
    default:
      unsupported(in);
      return;
  }
}

// Ends a catch body: a fallthrough moves the results to the block's result slots (below
// the hidden exception) like a branch, and jumps to the end if `jump`; then the shadow
// stack is as if the results had been computed in place, and the hidden entry is gone.
void Lowerer::leave_catch_body(Ctrl& c, bool jump) {
  bool falls_through = !c.unreachable;
  if (falls_through) {
    branch_copies(c);
    if (jump) {
      uint32_t at = e_.op(IOp::Br);
      e_.disp(at, c.label);
    }
  }
  --c.entries;
  while (stack_.size() > c.entries) pop();
  if (falls_through && !jump)
    for (ValType t : c.results) push_temp(t);
}

void Lowerer::end_try(const Instr& in) {
  Ctrl& c = ctrl_.back();
  if (c.dead) return;
  if (c.in_catch) leave_catch_body(c, false);
  else c.eh_end = e_.pos();
  // An empty range contains no throwing instruction or call: it needs no handlers.
  if (c.eh_begin == c.eh_end) return;
  uint32_t depth = static_cast<uint32_t>(ctrl_.size() - 1);
  EhRange r;
  r.begin = c.eh_begin;
  r.end = c.eh_end;
  r.depth = depth;
  r.first = static_cast<uint32_t>(eh_.handlers.size());
  if (c.kind == Opcode::TryTable) {
    for (const CatchClause& cc : c.catches) {
      Ctrl& t = ctrl_at(cc.label + 1);  // labels count from outside the try_table
      EhHandler h;
      h.kind = handler_kind(cc.kind);
      h.tag = cc.tag;
      h.dst = t.is_function ? 0 : t.base;
      uint32_t index = static_cast<uint32_t>(eh_.handlers.size());
      if (t.is_function) return_handlers_.push_back(index);
      else if (t.kind == Opcode::Loop) h.pc = t.label.pos;
      else t.catch_fixups.push_back(index);
      eh_.handlers.push_back(h);
    }
  } else if (in.op == Opcode::Delegate) {
    EhHandler h;
    h.kind = EhHandler::Kind::Delegate;
    h.depth = depth - 1 - in.a;  // the label counts from outside the try
    eh_.handlers.push_back(h);
  } else {
    for (const EhHandler& h : c.handlers) eh_.handlers.push_back(h);
  }
  r.count = static_cast<uint32_t>(eh_.handlers.size()) - r.first;
  if (r.count) eh_.ranges.push_back(r);
}

void Lowerer::resolve_catch_fixups(Ctrl& c) {
  for (uint32_t i : c.catch_fixups) eh_.handlers[i].pc = c.label.pos;
  c.catch_fixups.clear();
}

void Lowerer::finish_eh() {
  if (return_handlers_.empty()) return;
  uint32_t at = e_.op(IOp::Return);
  for (uint32_t i : return_handlers_) eh_.handlers[i].pc = at;
}

}  // namespace nanoproc::interp
