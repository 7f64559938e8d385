// The Lowerer's operand stack, control stack and branches. Instructions: lower_ops.cpp.
#include "interp/lower.h"

#include <cstdlib>
#include <cstring>

#include "binary/instr_reader.h"
#include "interp/lowerer.h"

namespace nanoproc::interp {

namespace {
unsigned slots(ValType t) { return t.kind == ValKind::V128 ? 2 : 1; }
unsigned slots(const std::vector<ValType>& ts) {
  unsigned n = 0;
  for (ValType t : ts) n += slots(t);
  return n;
}
}  // namespace

Lowerer::Lowerer(const CompiledModule& cm, uint32_t defined_index)
    : cm_(cm),
      m_(cm.module()),
      fn_(m_.functions[defined_index]),
      ft_(cm.func_type(fn_.type_index)),
      cfg_(cm.engine().config()) {
  for (ValType t : ft_.params) {
    local_slot_.push_back(locals_slots_);
    local_type_.push_back(t);
    locals_slots_ += slots(t);
  }
  param_slots_ = locals_slots_;
  for (const LocalDecl& d : fn_.locals) {
    for (uint32_t i = 0; i < d.count; ++i) {
      local_slot_.push_back(locals_slots_);
      local_type_.push_back(d.type);
      locals_slots_ += slots(d.type);
    }
  }
  alias_count_.assign(local_slot_.size(), 0);
  result_slots_ = slots(ft_.results);

  // Pre-scan: the distinct constants bound the pool's size.
  {
    std::unordered_map<uint64_t, bool> seen64;
    std::map<std::pair<uint64_t, uint64_t>, bool> seen128;
    ByteReader r(fn_.body.data(), fn_.body.data() + fn_.body.size(), fn_.body_offset);
    InstrReader reader(r);
    Instr in;
    while (reader.next(in)) {
      switch (in.op) {
        case Opcode::I32Const: seen64.emplace(static_cast<uint32_t>(in.i64), true); break;
        case Opcode::I64Const: seen64.emplace(static_cast<uint64_t>(in.i64), true); break;
        case Opcode::F32Const:
        case Opcode::F64Const: seen64.emplace(in.bits, true); break;
        case Opcode::RefNull: seen64.emplace(0, true); break;
        case Opcode::V128Const: {
          uint64_t lo, hi;
          std::memcpy(&lo, in.v128, 8);
          std::memcpy(&hi, in.v128 + 8, 8);
          seen128.emplace(std::make_pair(lo, hi), true);
          break;
        }
        default: break;
      }
    }
    const_region_ = static_cast<uint32_t>(seen64.size() + 2 * seen128.size());
  }
  temps_base_ = locals_slots_ + const_region_;
  max_slots_ = std::max(temps_base_, result_slots_);
}

uint32_t Lowerer::pool_slot(const Opnd& c) {
  uint32_t off;
  if (pool_.size() + (c.wide ? 2 : 1) > const_region_) return UINT32_MAX;  // (cannot happen)
  if (c.wide) {
    auto [it, fresh] = pool_index128_.emplace(std::make_pair(c.c[0], c.c[1]), static_cast<uint32_t>(pool_.size()));
    if (fresh) {
      pool_.push_back(c.c[0]);
      pool_.push_back(c.c[1]);
    }
    off = it->second;
  } else {
    // i32/f32 constants are kept zero-extended, like every 32-bit value in a slot.
    auto [it, fresh] = pool_index_.emplace(c.c[0], static_cast<uint32_t>(pool_.size()));
    if (fresh) pool_.push_back(c.c[0]);
    off = it->second;
  }
  return locals_slots_ + off;
}

// ---------------------------------------------------------------- operand stack

Opnd& Lowerer::push_temp(ValType t) {
  Opnd o;
  o.kind = Opnd::Kind::Temp;
  o.vk = t.kind;
  o.wide = t.kind == ValKind::V128;
  o.home = o.src = temps_base_ + height_;
  height_ += o.wide ? 2 : 1;
  max_slots_ = std::max(max_slots_, temps_base_ + height_);
  stack_.push_back(o);
  return stack_.back();
}

void Lowerer::push_local(uint32_t local) {
  Opnd& o = push_temp(local_type_[local]);
  o.kind = Opnd::Kind::Local;
  o.src = local_slot_[local];
  o.local = local;
  ++alias_count_[local];
}

void Lowerer::push_const(ValType t, uint64_t lo, uint64_t hi) {
  Opnd& o = push_temp(t);
  o.kind = Opnd::Kind::Const;
  o.c[0] = lo;
  o.c[1] = hi;
}

Opnd Lowerer::pop() {
  Opnd o = stack_.back();
  stack_.pop_back();
  height_ -= o.wide ? 2 : 1;
  if (o.kind == Opnd::Kind::Local) --alias_count_[o.local];
  return o;
}

void Lowerer::move(const Opnd& from, uint32_t to) {
  if (from.kind == Opnd::Kind::Const) {
    e_.op(from.wide ? IOp::Const128 : IOp::Const64);
    e_.imm64(from.c[0]);
    if (from.wide) e_.imm64(from.c[1]);
    e_.u32(to);
    return;
  }
  if (from.src == to) return;
  e_.op(from.wide ? IOp::Copy128 : IOp::Copy64);
  e_.u32(to);
  e_.u32(from.src);
}

void Lowerer::materialize(Opnd& o) {
  if (o.kind == Opnd::Kind::Temp) return;
  move(o, o.home);
  forget_fusion();
  if (o.kind == Opnd::Kind::Local) --alias_count_[o.local];
  o.kind = Opnd::Kind::Temp;
  o.src = o.home;
}

void Lowerer::materialize_all() {
  for (Opnd& o : stack_) materialize(o);
}

void Lowerer::materialize_aliases_of(uint32_t local) {
  if (alias_count_[local] == 0) return;
  for (Opnd& o : stack_)
    if (o.kind == Opnd::Kind::Local && o.local == local) materialize(o);
}

uint32_t Lowerer::slot_of(Opnd& o) {
  // A constant operand is read from the pool; it stays a constant on the shadow stack.
  if (o.kind == Opnd::Kind::Const) {
    uint32_t s = pool_slot(o);
    if (s != UINT32_MAX) return s;
    materialize(o);
  }
  return o.src;
}

void Lowerer::note_result(uint32_t dst_field, uint32_t home) {
  last_result_valid_ = true;
  last_dst_field_ = dst_field;
  last_home_ = home;
  last_end_ = e_.pos();
  last_cmp_valid_ = false;
  last_add_valid_ = false;
}

// ---------------------------------------------------------------- control

void Lowerer::block_types(const BlockType& bt, std::vector<ValType>& params, std::vector<ValType>& results) {
  params.clear();
  results.clear();
  switch (bt.kind) {
    case BlockType::Kind::Empty: break;
    case BlockType::Kind::Value: results.push_back(bt.value); break;
    case BlockType::Kind::Index: {
      const FuncType& f = cm_.func_type(bt.index);
      params = f.params;
      results = f.results;
      break;
    }
  }
}

Ctrl& Lowerer::push_ctrl(Opcode kind, const BlockType& bt) {
  Ctrl c;
  c.kind = kind;
  block_types(bt, c.params, c.results);
  if (!ctrl_.empty() && ctrl_.back().unreachable) {
    c.dead = c.unreachable = true;
    ctrl_.push_back(std::move(c));
    return ctrl_.back();
  }
  // Everything below the new block must sit in its home slot: a local.set inside the
  // block must not change a value pushed before it, and merge points need fixed slots.
  materialize_all();
  forget_fusion();
  c.entries = static_cast<uint32_t>(stack_.size() - c.params.size());
  c.base = temps_base_ + height_ - slots(c.params);
  ctrl_.push_back(std::move(c));
  return ctrl_.back();
}

Label& Lowerer::target(uint32_t depth) { return ctrl_at(depth).label; }

bool Lowerer::branch_needs_copies(const Ctrl& c) {
  const auto& types = branch_types(c);
  uint32_t n = static_cast<uint32_t>(types.size());
  uint32_t dst = c.base;
  for (uint32_t i = 0; i < n; ++i) {
    const Opnd& o = stack_[stack_.size() - n + i];
    if (o.kind != Opnd::Kind::Temp || o.src != dst) return true;
    dst += slots(types[i]);
  }
  return false;
}

// Moves the branch values (the top entries) into the target's slots. Does not change the
// shadow stack, so it can sit on a conditional path. Ascending order is safe: each
// destination lies at or below its own source and below every later source.
void Lowerer::branch_copies(const Ctrl& c) {
  const auto& types = branch_types(c);
  uint32_t n = static_cast<uint32_t>(types.size());
  uint32_t dst = c.base;
  for (uint32_t i = 0; i < n; ++i) {
    move(stack_[stack_.size() - n + i], dst);
    dst += slots(types[i]);
  }
  forget_fusion();
}

void Lowerer::prepare_return() {
  // Results go to slots [0, result_slots). A result that is a local living in that range
  // could be overwritten by an earlier result's move: copy it to its home first.
  uint32_t n = static_cast<uint32_t>(ft_.results.size());
  for (uint32_t i = 0; i < n; ++i) {
    Opnd& o = stack_[stack_.size() - n + i];
    if (o.kind == Opnd::Kind::Local && o.src < result_slots_) materialize(o);
  }
}

void Lowerer::emit_return() {
  prepare_return();
  emit_return_moves();
}

void Lowerer::emit_return_moves() {
  uint32_t n = static_cast<uint32_t>(ft_.results.size());
  uint32_t dst = 0;
  for (uint32_t i = 0; i < n; ++i) {
    move(stack_[stack_.size() - n + i], dst);
    dst += slots(ft_.results[i]);
  }
  e_.op(IOp::Return);
  forget_fusion();
}

void Lowerer::set_unreachable() {
  Ctrl& c = ctrl_.back();
  c.unreachable = true;
  while (stack_.size() > c.entries) pop();
  forget_fusion();
}

void Lowerer::emit_br(uint32_t depth) {
  Ctrl& c = ctrl_at(depth);
  if (c.is_function) {
    emit_return();
  } else {
    branch_copies(c);
    uint32_t at = e_.op(IOp::Br);
    e_.disp(at, c.label);
  }
  set_unreachable();
}

namespace {

// Integer comparisons that fuse into branches, and their negations.
struct FusedCmp {
  Opcode cmp, negated;
  IOp br, br_imm;  // br_imm = IOp::Count_ if there is no immediate form
};
constexpr IOp kNoImm = IOp::Count_;
constexpr FusedCmp kFused[] = {
    {Opcode::I32Eq, Opcode::I32Ne, IOp::BrIfI32Eq, IOp::BrIfI32EqImm},
    {Opcode::I32Ne, Opcode::I32Eq, IOp::BrIfI32Ne, IOp::BrIfI32NeImm},
    {Opcode::I32LtS, Opcode::I32GeS, IOp::BrIfI32LtS, IOp::BrIfI32LtSImm},
    {Opcode::I32LtU, Opcode::I32GeU, IOp::BrIfI32LtU, IOp::BrIfI32LtUImm},
    {Opcode::I32GtS, Opcode::I32LeS, IOp::BrIfI32GtS, IOp::BrIfI32GtSImm},
    {Opcode::I32GtU, Opcode::I32LeU, IOp::BrIfI32GtU, IOp::BrIfI32GtUImm},
    {Opcode::I32LeS, Opcode::I32GtS, IOp::BrIfI32LeS, IOp::BrIfI32LeSImm},
    {Opcode::I32LeU, Opcode::I32GtU, IOp::BrIfI32LeU, IOp::BrIfI32LeUImm},
    {Opcode::I32GeS, Opcode::I32LtS, IOp::BrIfI32GeS, IOp::BrIfI32GeSImm},
    {Opcode::I32GeU, Opcode::I32LtU, IOp::BrIfI32GeU, IOp::BrIfI32GeUImm},
    {Opcode::I64Eq, Opcode::I64Ne, IOp::BrIfI64Eq, kNoImm},
    {Opcode::I64Ne, Opcode::I64Eq, IOp::BrIfI64Ne, kNoImm},
    {Opcode::I64LtS, Opcode::I64GeS, IOp::BrIfI64LtS, kNoImm},
    {Opcode::I64LtU, Opcode::I64GeU, IOp::BrIfI64LtU, kNoImm},
    {Opcode::I64GtS, Opcode::I64LeS, IOp::BrIfI64GtS, kNoImm},
    {Opcode::I64GtU, Opcode::I64LeU, IOp::BrIfI64GtU, kNoImm},
    {Opcode::I64LeS, Opcode::I64GtS, IOp::BrIfI64LeS, kNoImm},
    {Opcode::I64LeU, Opcode::I64GtU, IOp::BrIfI64LeU, kNoImm},
    {Opcode::I64GeS, Opcode::I64LtS, IOp::BrIfI64GeS, kNoImm},
    {Opcode::I64GeU, Opcode::I64LtU, IOp::BrIfI64GeU, kNoImm},
    {Opcode::I64Eqz, Opcode::I64Eqz, IOp::BrIfI64Eqz, kNoImm},
};

const FusedCmp* find_fused(Opcode op) {
  for (const auto& f : kFused)
    if (f.cmp == op) return &f;
  return nullptr;
}

}  // namespace

void Lowerer::emit_cond_jump(Opnd cond, bool when, Label& l) {
  if (cond.kind == Opnd::Kind::Const) {
    if ((static_cast<uint32_t>(cond.c[0]) != 0) == when) {
      uint32_t at = e_.op(IOp::Br);
      e_.disp(at, l);
    }
    forget_fusion();
    return;
  }
  if (last_cmp_valid_ && cond.kind == Opnd::Kind::Temp && cond.src == last_home_ && e_.pos() == last_end_) {
    const FusedCmp* f = find_fused(last_cmp_op_);
    if (f) {
      if (last_cmp_op_ == Opcode::I64Eqz) {
        e_.truncate(last_cmp_start_);
        uint32_t at = e_.op(when ? IOp::BrIfI64Eqz : IOp::BrUnlessI64Eqz);
        e_.u32(last_cmp_a_);
        e_.disp(at, l);
        forget_fusion();
        return;
      }
      const FusedCmp* g = when ? f : find_fused(f->negated);
      IOp op = last_cmp_imm_ ? g->br_imm : g->br;
      if (op != kNoImm) {
        e_.truncate(last_cmp_start_);
        uint32_t at = e_.op(op);
        e_.u32(last_cmp_a_);
        e_.u32(last_cmp_b_);
        e_.disp(at, l);
        forget_fusion();
        return;
      }
    }
  }
  uint32_t at = e_.op(when ? IOp::BrIf : IOp::BrUnless);
  e_.u32(cond.src);
  e_.disp(at, l);
  forget_fusion();
}

void Lowerer::emit_br_if(uint32_t depth, Opnd cond) {
  Ctrl& c = ctrl_at(depth);
  if (c.is_function) {
    prepare_return();
    Label skip;
    emit_cond_jump(cond, false, skip);
    emit_return();
    bind(skip);
    return;
  }
  if (!branch_needs_copies(c)) {
    emit_cond_jump(cond, true, c.label);
    return;
  }
  // The copies sit on the taken path only; the fallthrough keeps the stack as it is.
  Label skip;
  emit_cond_jump(cond, false, skip);
  branch_copies(c);
  uint32_t at = e_.op(IOp::Br);
  e_.disp(at, c.label);
  bind(skip);
}

uint32_t Lowerer::emit_fuel_check() {
  e_.op(IOp::FuelCheck);
  uint32_t field = e_.u32(1);
  forget_fusion();
  return field;
}

void Lowerer::end_block() {
  Ctrl c = std::move(ctrl_.back());
  ctrl_.pop_back();
  if (c.kind == Opcode::Loop && !c.dead) {
    --loop_depth_;
    if (c.fuel_field) e_.patch_u32(c.fuel_field, std::max<uint32_t>(1, instr_count_ - c.fuel_start));
  }
  if (c.dead) return;
  if (!c.unreachable) {
    // Fallthrough: the results are the top entries; put them in their homes.
    for (size_t i = stack_.size() - c.results.size(); i < stack_.size(); ++i) materialize(stack_[i]);
  }
  bool reachable = !c.unreachable || !c.label.uses.empty() ||
                   (c.kind == Opcode::If && !c.has_else) || !c.catch_fixups.empty();
  if (c.kind == Opcode::If && !c.has_else) bind(c.else_label);
  if (c.kind != Opcode::Loop) bind(c.label);
  resolve_catch_fixups(c);
  while (stack_.size() > c.entries) pop();
  for (ValType t : c.results) push_temp(t);
  forget_fusion();
  if (!reachable) set_unreachable();
}

// ---------------------------------------------------------------- driver

std::unique_ptr<FunctionCode> Lowerer::run() {
  static const bool trace = [] {
    const char* t = std::getenv("NANOPROC_TRACE_LOWERING");
    return t && *t == '1';
  }();
  if (trace) {
    e_.trace = stderr;
    std::fprintf(stderr, "\n== %s: %u locals slots, %u pool slots", m_.func_display_name(m_.num_imported_funcs + static_cast<uint32_t>(&fn_ - m_.functions.data())).c_str(), locals_slots_, const_region_);
  }
  Ctrl fc;
  fc.kind = Opcode::Block;
  fc.is_function = true;
  fc.results = ft_.results;
  fc.base = temps_base_;
  ctrl_.push_back(std::move(fc));

  if (cfg_.interruptible) entry_fuel_field_ = emit_fuel_check();
  ByteReader r(fn_.body.data(), fn_.body.data() + fn_.body.size(), fn_.body_offset);
  InstrReader reader(r);
  Instr in;
  while (!ctrl_.empty() && reader.next(in)) {
    ++instr_count_;
    if (loop_depth_ == 0) ++outside_loops_count_;
    lower_instr(in);
  }
  if (cfg_.interruptible) e_.patch_u32(entry_fuel_field_, std::max<uint32_t>(1, outside_loops_count_));
  finish_eh();

  auto code = std::make_unique<FunctionCode>();
  auto& w = e_.words();
  code->size_words = w.size();
  code->words = std::make_unique<uint64_t[]>(w.size() ? w.size() : 1);
  if (!w.empty()) std::memcpy(code->words.get(), w.data(), w.size() * 8);
  code->param_slots = param_slots_;
  code->local_slots = locals_slots_;
  code->const_slots = static_cast<uint32_t>(pool_.size());
  if (!pool_.empty()) {
    code->consts = std::make_unique<uint64_t[]>(pool_.size());
    std::memcpy(code->consts.get(), pool_.data(), pool_.size() * 8);
  }
  code->result_slots = result_slots_;
  // Two spare slots: a v128 constant may be materialised one slot above the top.
  code->frame_slots = max_slots_ + 2;
  code->eh = std::move(eh_);
  return code;
}

std::unique_ptr<FunctionCode> lower(const CompiledModule& cm, uint32_t defined_index) {
  return Lowerer(cm, defined_index).run();
}

}  // namespace nanoproc::interp

namespace nanoproc {
std::unique_ptr<FunctionCode> lower_function(const CompiledModule& cm, uint32_t defined_index) {
  return interp::lower(cm, defined_index);
}
}  // namespace nanoproc
