// The Lowerer's state and helpers (shared by lower*.cpp).
#pragma once
#include <cstdint>
#include <map>
#include <unordered_map>
#include <vector>

#include "binary/instr.h"
#include "interp/emitter.h"
#include "runtime/compiled_module.h"
#include "runtime/eh_table.h"
#include "runtime/engine.h"
#include "runtime/trap.h"

namespace nanoproc::interp {

struct Opnd {
  enum class Kind : uint8_t { Temp, Local, Const };
  Kind kind = Kind::Temp;
  bool wide = false;     // v128: two slots
  ValKind vk = ValKind::I32;
  uint32_t home = 0;     // home slot of this stack position
  uint32_t src = 0;      // where the value is now: home (Temp) or the local's slot (Local)
  uint32_t local = 0;    // Local: local index
  uint64_t c[2] = {0, 0};  // Const value
};

struct Ctrl {
  Opcode kind = Opcode::Block;  // Block, Loop, If, TryTable, Try; the function body is Block
  uint32_t entries = 0;         // operand-stack entries below this block's params
  uint32_t base = 0;            // home slot of the first param / result
  std::vector<ValType> params, results;
  Label label;                  // branch target: loop start, or block end
  Label else_label;             // If: where the false condition jumps
  bool unreachable = false;     // the rest of the body is dead
  bool dead = false;            // the whole block is dead (entered in dead code)
  bool is_function = false;
  bool has_else = false;
  // Exception handling (lower_eh.cpp).
  uint32_t eh_begin = 0, eh_end = 0;   // Try/TryTable: the protected code range
  std::vector<CatchClause> catches;    // TryTable: its catch clauses
  std::vector<EhHandler> handlers;     // Try: its catch / catch_all blocks so far
  bool in_catch = false;               // Try: lowering a catch / catch_all block
  std::vector<uint32_t> catch_fixups;  // handlers (EhTable indices) continuing at `label`
  uint32_t fuel_field = 0;  // Loop with a FuelCheck: where its weight goes
  uint32_t fuel_start = 0;  // instruction count at the loop header
};

class Lowerer {
 public:
  Lowerer(const CompiledModule& cm, uint32_t defined_index);
  std::unique_ptr<FunctionCode> run();

 private:
  // --- operand stack
  Opnd& push_temp(ValType t);
  void push_local(uint32_t local);
  void push_const(ValType t, uint64_t lo, uint64_t hi = 0);
  Opnd pop();
  Opnd& top(uint32_t depth = 0) { return stack_[stack_.size() - 1 - depth]; }
  uint32_t height_slots() const { return height_; }
  void materialize(Opnd& o);
  void materialize_all();
  void materialize_aliases_of(uint32_t local);
  uint32_t slot_of(Opnd& o);  // materialises constants
  void move(const Opnd& from, uint32_t to_slot);

  // --- control
  Ctrl& push_ctrl(Opcode kind, const BlockType& bt);
  Label& target(uint32_t depth);
  Ctrl& ctrl_at(uint32_t depth) { return ctrl_[ctrl_.size() - 1 - depth]; }
  const std::vector<ValType>& branch_types(const Ctrl& c) const {
    return c.kind == Opcode::Loop ? c.params : c.results;
  }
  bool branch_needs_copies(const Ctrl& c);
  void branch_copies(const Ctrl& c);
  void emit_br(uint32_t depth);
  void emit_br_if(uint32_t depth, Opnd cond);
  // Jumps to `l` if `cond` is true (or false with !when), fusing a just-emitted compare.
  void emit_cond_jump(Opnd cond, bool when, Label& l);
  void emit_return();           // prepare_return() + emit_return_moves()
  void emit_return_moves();     // moves results to slot 0.. and returns; no stack changes
  void set_unreachable();
  void prepare_return();
  void bind(Label& l) {
    e_.bind(l);
    forget_fusion();
  }
  void end_block();
  void block_types(const BlockType& bt, std::vector<ValType>& params, std::vector<ValType>& results);

  // --- instructions
  void lower_instr(const Instr& in);
  void lower_simple(const Instr& in);
  void lower_memory(const Instr& in);
  void lower_call(uint32_t func_index, bool tail);
  void lower_call_indirect(const Instr& in, bool tail);
  void lower_br_table(const Instr& in);
  void lower_local_set(uint32_t local, bool tee);
  void unsupported(const Instr& in);
  void emit_trap(TrapKind k, uint32_t detail = 0);
  bool try_imm_binary(const Instr& in);

  // result bookkeeping for fusion
  void note_result(uint32_t dst_field, uint32_t home);
  void forget_fusion() {
    last_result_valid_ = false;
    last_cmp_valid_ = false;
    last_add_valid_ = false;
  }
  // True if the operand is the result of an `i32.add` emitted just now (nothing since).
  bool is_fresh_add(const Opnd& o) const {
    return last_add_valid_ && o.kind == Opnd::Kind::Temp && o.src == last_home_ && e_.pos() == last_end_;
  }

  uint32_t emit_dst_op(IOp op, uint32_t dst);  // op + dst operand; notes the result

  // --- GC (lower_gc.cpp) and exception handling (lower_eh.cpp)
  void lower_gc(const Instr& in);
  void lower_br_on_cast(const Instr& in);
  uint32_t cast_target(HeapType h) const;
  void lower_eh(const Instr& in);  // try_table, try, catch, catch_all, throw, throw_ref, rethrow
  void end_try(const Instr& in);   // at the `end` / `delegate` of a Try or TryTable
  void leave_catch_body(Ctrl& c, bool jump);
  void resolve_catch_fixups(Ctrl& c);  // once c.label is bound
  void finish_eh();                    // after the body: the handlers that return

  EhTable eh_;
  std::vector<uint32_t> return_handlers_;  // handlers that continue by returning

  const CompiledModule& cm_;
  const Module& m_;
  const Function& fn_;
  const FuncType& ft_;
  const EngineConfig& cfg_;
  Emitter e_;
  std::vector<uint32_t> local_slot_;
  std::vector<ValType> local_type_;
  std::vector<uint32_t> alias_count_;
  uint32_t locals_slots_ = 0;
  uint32_t param_slots_ = 0;
  uint32_t result_slots_ = 0;
  uint32_t max_slots_ = 0;
  uint32_t height_ = 0;  // slots used by the operand stack
  // Interruptible engines: a FuelCheck at entry and at every loop header, weighted by the
  // number of wasm instructions it stands for (the loop body; the code outside loops).
  uint32_t instr_count_ = 0;
  uint32_t outside_loops_count_ = 0;
  uint32_t loop_depth_ = 0;
  uint32_t entry_fuel_field_ = 0;
  uint32_t emit_fuel_check();
  // Frame layout: [params][locals][constant pool][operand-stack temps]. The pool holds the
  // constants used as operands (not folded into an immediate); it is filled at function
  // entry from FunctionCode::consts, so no per-use constant instructions run.
  uint32_t const_region_ = 0;  // slots reserved for the pool (an upper bound, pre-scanned)
  uint32_t temps_base_ = 0;    // locals_slots_ + const_region_
  std::vector<uint64_t> pool_;  // the used constants, in slot order
  std::unordered_map<uint64_t, uint32_t> pool_index_;   // 64-bit constant -> slot offset
  std::map<std::pair<uint64_t, uint64_t>, uint32_t> pool_index128_;  // v128 -> slot offset
  uint32_t pool_slot(const Opnd& c);
  std::vector<Opnd> stack_;
  std::vector<Ctrl> ctrl_;

  // The last instruction wrote its result to `last_home_` through the operand at
  // `last_dst_field_`; valid while nothing else was emitted and no label was bound.
  bool last_result_valid_ = false;
  uint32_t last_dst_field_ = 0;
  uint32_t last_home_ = 0;
  uint32_t last_end_ = 0;
  // The last instruction was a fusable i32/i64 comparison.
  bool last_cmp_valid_ = false;
  uint32_t last_cmp_start_ = 0;
  Opcode last_cmp_op_ = Opcode::Nop;
  uint32_t last_cmp_a_ = 0, last_cmp_b_ = 0;
  bool last_cmp_imm_ = false;
  // The last instruction was `i32.add a, b` (register operands): a load or store of its
  // result can use the indexed form and drop the add.
  bool last_add_valid_ = false;
  uint32_t last_add_start_ = 0;
  uint32_t last_add_a_ = 0, last_add_b_ = 0;
};

}  // namespace nanoproc::interp
