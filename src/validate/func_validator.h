// FuncValidator: the spec's validation algorithm (operand stack + control stack) for
// function bodies and constant expressions. One instance validates every body of a module,
// reusing its stacks, so validating an instruction never allocates.
//
// Operators whose opcodes.def row has a stack signature (sig.special == false) are typed
// generically from that row; the `sp` operators are typed by hand, grouped by feature in
// func_validator_*.cpp.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "binary/instr.h"
#include "util/byte_reader.h"
#include "util/error.h"
#include "validate/module_env.h"

namespace nanoproc {

class FuncValidator {
 public:
  explicit FuncValidator(const ModuleEnv& env);

  // Validates defined function `defined_index` (an index into Module::functions).
  bool validate_function(uint32_t defined_index);
  // Validates a constant expression producing `expected`. Only globals below
  // `visible_globals` may be read; `site` names the expression in error messages.
  bool validate_const_expr(const ConstExpr& e, ValType expected, uint32_t visible_globals,
                           const Site& site);

  const Error& error() const { return err_; }
  Error take_error() { return std::move(err_); }

 private:
  struct Ctrl {
    Opcode op = Opcode::Block;
    bool unreachable = false;
    bool single = false;  // end types are {single_result}
    uint32_t height = 0;
    uint32_t init_height = 0;
    const ValType* params = nullptr;
    uint32_t nparams = 0;
    const ValType* results = nullptr;
    uint32_t nresults = 0;
    ValType single_result;

    std::span<const ValType> start_types() const { return {params, nparams}; }
    std::span<const ValType> end_types() const {
      return single ? std::span<const ValType>(&single_result, 1)
                    : std::span<const ValType>(results, nresults);
    }
    std::span<const ValType> label_types() const {
      return op == Opcode::Loop ? start_types() : end_types();
    }
  };
  // A block type resolved to parameter and result types.
  struct BlockSig {
    const ValType* params = nullptr;
    uint32_t nparams = 0;
    const ValType* results = nullptr;
    uint32_t nresults = 0;
    bool single = false;
    ValType single_result;
  };

  // ---- the walk ----
  bool run(std::span<const uint8_t> code, uint64_t base);
  bool step(const Instr& in);
  bool simple_op(const Instr& in, const OpInfo& info);
  bool control_op(const Instr& in);
  bool variable_op(const Instr& in);
  bool call_op(const Instr& in);
  bool exception_op(const Instr& in);
  bool legacy_exception_op(const Instr& in);
  bool reference_op(const Instr& in);
  bool memory_op(const Instr& in);
  bool table_op(const Instr& in);
  bool gc_op(const Instr& in);
  bool gc_struct_op(const Instr& in);
  bool gc_array_op(const Instr& in);
  bool gc_cast_op(const Instr& in);
  bool const_op_allowed(const Instr& in);

  // ---- operand stack ----
  void push(ValType t) { vals_.push_back(t); }
  void push_vals(std::span<const ValType> ts) { vals_.insert(vals_.end(), ts.begin(), ts.end()); }
  bool pop_num(ValKind k) {
    if (vals_.size() > ctrls_.back().height && vals_.back().kind == k) [[likely]] {
      vals_.pop_back();
      return true;
    }
    ValType t(k);
    return pop_vals({&t, 1});
  }
  bool pop_val(ValType t) {
    if (vals_.size() > ctrls_.back().height && vals_.back() == t) [[likely]] {
      vals_.pop_back();
      return true;
    }
    return pop_vals({&t, 1});
  }
  // Pops the top |ts| values, each a subtype of its expected type.
  bool pop_vals(std::span<const ValType> ts);
  // Checks the top |ts| values like pop_vals, without popping.
  bool check_top(std::span<const ValType> ts);
  bool pop_any(ValType* out);
  // Pops a reference (or the bottom type, returned as a non-null bottom reference).
  bool pop_ref(ValType* out);
  void set_unreachable();

  // ---- control stack ----
  void push_ctrl(Opcode op, const BlockSig& sig, bool push_params = true);
  bool pop_ctrl(Ctrl* out);
  bool label(uint32_t depth, const Ctrl** out);
  bool block_sig(const BlockType& bt, BlockSig* out);
  BlockSig func_sig(const FuncType& ft) const;

  // ---- locals ----
  bool setup_locals(const Function& f, const FuncType& ft);
  bool local_type(uint32_t x, ValType* out);
  bool local_inited(uint32_t x) const;
  void init_local(uint32_t x);
  void reset_locals(uint32_t init_height);

  // ---- checks shared by several groups ----
  bool check_val_type(ValType t);
  bool check_heap_type(HeapType h);
  bool check_memory(uint32_t mem, const MemoryType** out);
  bool check_table(uint32_t table, const TableType** out);
  bool check_func_type_index(uint32_t idx, const FuncType** out);
  bool check_struct_type_index(uint32_t idx, const StructType** out);
  bool check_array_type_index(uint32_t idx, const ArrayType** out);
  bool check_data(uint32_t idx);
  bool check_elem(uint32_t idx, ValType* out);
  bool check_tag(uint32_t idx, const FuncType** out);
  static ValKind address_kind(const Limits& l) { return l.is64 ? ValKind::I64 : ValKind::I32; }

  // ---- errors ----
  bool fail(std::string msg) { return fail_kind(ErrorKind::Invalid, std::move(msg)); }
  bool fail_kind(ErrorKind kind, std::string msg);
  bool fail_pop(std::span<const ValType> expected);
  bool fail_type(ValType expected, ValType got);  // "type mismatch: instruction requires ..."
  std::string stack_string(size_t n) const;       // the top n values of the current frame

  const ModuleEnv& env_;
  const TypeContext& types_;

  std::vector<ValType> vals_;
  std::vector<Ctrl> ctrls_;
  std::vector<ValType> scratch_;
  Instr instr_;  // reused for every instruction: its vectors keep their capacity

  // Locals: params then declared locals. Beyond kMaxExpandedLocals, types are found by
  // binary search over the run-length declarations instead.
  static constexpr uint32_t kMaxExpandedLocals = 1u << 16;
  std::vector<ValType> local_types_;
  std::vector<uint8_t> local_init_;
  std::vector<uint32_t> init_stack_;  // locals initialised since the enclosing blocks began
  uint64_t num_locals_ = 0;
  std::vector<uint64_t> big_decl_end_;  // large functions: end index of each declaration
  std::vector<ValType> big_decl_type_;
  std::unordered_set<uint32_t> big_inited_;

  const FuncType* func_type_ = nullptr;  // the function being validated (null: const expr)
  uint32_t func_index_ = 0;              // absolute function index
  bool const_mode_ = false;
  uint32_t visible_globals_ = 0;
  const Site* const_site_ = nullptr;
  bool done_ = false;  // the final `end` was seen

  uint64_t cur_offset_ = 0;
  Error err_;
};

}  // namespace nanoproc
