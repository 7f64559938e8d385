// The walk over a body, dispatch, the generic typing of simple operators, and the
// operand/control stack primitives.
#include "validate/func_validator.h"

#include <fmt/format.h>

#include "binary/instr_reader.h"

namespace nanoproc {

FuncValidator::FuncValidator(const ModuleEnv& env) : env_(env), types_(env.types) {
  vals_.reserve(256);
  ctrls_.reserve(32);
}

bool FuncValidator::validate_function(uint32_t defined_index) {
  const Function& f = env_.m.functions[defined_index];
  func_index_ = env_.imported_funcs + defined_index;
  const_mode_ = false;
  func_type_ = &types_.func_type(f.type_index);
  if (!setup_locals(f, *func_type_)) return false;
  vals_.clear();
  ctrls_.clear();
  init_stack_.clear();
  push_ctrl(Opcode::Block, func_sig(*func_type_), /*push_params=*/false);
  return run(f.body, f.body_offset);
}

bool FuncValidator::validate_const_expr(const ConstExpr& e, ValType expected,
                                        uint32_t visible_globals, const Site& site) {
  const_mode_ = true;
  func_type_ = nullptr;
  visible_globals_ = visible_globals;
  const_site_ = &site;
  num_locals_ = 0;
  local_types_.clear();
  local_init_.clear();
  big_decl_end_.clear();
  vals_.clear();
  ctrls_.clear();
  init_stack_.clear();
  BlockSig sig;
  sig.single = true;
  sig.single_result = expected;
  push_ctrl(Opcode::Block, sig, false);
  return run(e.bytes, e.offset);
}

bool FuncValidator::run(std::span<const uint8_t> code, uint64_t base) {
  ByteReader r(code, base);
  InstrReader reader(r);
  done_ = false;
  cur_offset_ = base;
  while (!done_) {
    if (r.at_end()) {
      cur_offset_ = r.offset();
      return fail_kind(ErrorKind::Malformed, const_mode_ ? "unexpected end of constant expression"
                                                         : "unexpected end of section or function");
    }
    if (!reader.next(instr_)) [[unlikely]] {
      Error e = r.take_error();
      cur_offset_ = e.loc().offset;
      return fail_kind(ErrorKind::Malformed, e.message());
    }
    cur_offset_ = instr_.offset;
    if (const_mode_ && !const_op_allowed(instr_)) return false;
    if (!step(instr_)) [[unlikely]]
      return false;
  }
  if (!r.at_end()) {
    cur_offset_ = r.offset();
    return fail_kind(ErrorKind::Malformed,
                     const_mode_ ? "constant expression required: bytes after the final end"
                                 : "section size mismatch: bytes after the function's final end");
  }
  return true;
}

bool FuncValidator::step(const Instr& in) {
  const OpInfo& info = op_info(in.op);
  if (!info.sig.special) [[likely]]
    return simple_op(in, info);
  if (info.prefix == 0xFB) return gc_op(in);
  switch (in.op) {
    case Opcode::Unreachable:
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If:
    case Opcode::Else:
    case Opcode::End:
    case Opcode::Br:
    case Opcode::BrIf:
    case Opcode::BrTable:
    case Opcode::Return:
    case Opcode::Drop:
    case Opcode::Select:
    case Opcode::SelectT: return control_op(in);
    case Opcode::Call:
    case Opcode::CallIndirect:
    case Opcode::ReturnCall:
    case Opcode::ReturnCallIndirect:
    case Opcode::CallRef:
    case Opcode::ReturnCallRef: return call_op(in);
    case Opcode::Throw:
    case Opcode::ThrowRef:
    case Opcode::TryTable: return exception_op(in);
    case Opcode::Try:
    case Opcode::Catch:
    case Opcode::CatchAll:
    case Opcode::Delegate:
    case Opcode::Rethrow: return legacy_exception_op(in);
    case Opcode::LocalGet:
    case Opcode::LocalSet:
    case Opcode::LocalTee:
    case Opcode::GlobalGet:
    case Opcode::GlobalSet: return variable_op(in);
    case Opcode::TableGet:
    case Opcode::TableSet:
    case Opcode::TableInit:
    case Opcode::ElemDrop:
    case Opcode::TableCopy:
    case Opcode::TableGrow:
    case Opcode::TableSize:
    case Opcode::TableFill: return table_op(in);
    case Opcode::MemorySize:
    case Opcode::MemoryGrow:
    case Opcode::MemoryInit:
    case Opcode::DataDrop:
    case Opcode::MemoryCopy:
    case Opcode::MemoryFill: return memory_op(in);
    case Opcode::RefNull:
    case Opcode::RefIsNull:
    case Opcode::RefFunc:
    case Opcode::RefEq:
    case Opcode::RefAsNonNull:
    case Opcode::BrOnNull:
    case Opcode::BrOnNonNull: return reference_op(in);
    default: break;
  }
  return fail(fmt::format("internal error: no typing rule for {}", op_name(in.op)));
}

// Operators typed by their opcodes.def signature, plus the immediate checks of memory
// accesses, lanes and shuffles.
bool FuncValidator::simple_op(const Instr& in, const OpInfo& info) {
  ValKind addr = ValKind::I32;
  switch (info.imm) {
    case ImmKind::MemArg:
    case ImmKind::MemArgLane: {
      const MemoryType* mt;
      if (!check_memory(in.mem.memory, &mt)) return false;
      if (in.mem.align_log2 > natural_align_log2(in.op))
        return fail("alignment must not be larger than natural");
      if (!mt->limits.is64 && in.mem.offset > UINT32_MAX) return fail("offset out of range");
      if (info.imm == ImmKind::MemArgLane && in.lane >= 16 / info.bytes)
        return fail(fmt::format("invalid lane index {}", in.lane));
      addr = address_kind(mt->limits);
      break;
    }
    case ImmKind::Lane:
      if (in.lane >= 16 / info.bytes) return fail(fmt::format("invalid lane index {}", in.lane));
      break;
    case ImmKind::Shuffle:
      for (uint8_t l : in.v128)
        if (l >= 32) return fail(fmt::format("invalid lane index {}", l));
      break;
    default: break;
  }
  const OpSig& sig = info.sig;
  const size_t n = sig.num_params;
  const size_t size = vals_.size();
  bool fast = size >= ctrls_.back().height + n;
  ValType expected[3];
  for (size_t i = 0; i < n; ++i) {
    expected[i] = ValType(sig.param_is_address[i] ? addr : sig.params[i]);
    if (fast && vals_[size - n + i].kind != expected[i].kind) fast = false;
  }
  if (fast) [[likely]] {
    vals_.resize(size - n);
  } else if (!pop_vals({expected, n})) {
    return false;
  }
  if (sig.num_results) push(ValType(sig.result));
  return true;
}

// ---- operand stack ----

bool FuncValidator::check_top(std::span<const ValType> ts) {
  const Ctrl& c = ctrls_.back();
  const size_t size = vals_.size();
  const size_t avail = size - c.height;
  const size_t n = ts.size();
  for (size_t i = 0; i < n; ++i) {
    const ValType& want = ts[n - 1 - i];
    if (i < avail) {
      if (!types_.is_subtype(vals_[size - 1 - i], want)) return fail_pop(ts);
    } else if (!c.unreachable) {
      return fail_pop(ts);
    }
  }
  return true;
}

bool FuncValidator::pop_vals(std::span<const ValType> ts) {
  if (!check_top(ts)) return false;
  const size_t avail = vals_.size() - ctrls_.back().height;
  vals_.resize(vals_.size() - std::min(avail, ts.size()));
  return true;
}

bool FuncValidator::pop_any(ValType* out) {
  const Ctrl& c = ctrls_.back();
  if (vals_.size() == c.height) {
    if (c.unreachable) {
      *out = ValType(ValKind::Bot);
      return true;
    }
    return fail("type mismatch: instruction requires a value but stack has []");
  }
  *out = vals_.back();
  vals_.pop_back();
  return true;
}

bool FuncValidator::pop_ref(ValType* out) {
  ValType t;
  if (!pop_any(&t)) return false;
  if (t.kind == ValKind::Bot) {
    *out = ValType::ref(kBotHeap, false);
    return true;
  }
  if (t.kind != ValKind::Ref)
    return fail(fmt::format("type mismatch: instruction requires reference type but stack has {}",
                            type_name(t)));
  *out = t;
  return true;
}

void FuncValidator::set_unreachable() {
  Ctrl& c = ctrls_.back();
  vals_.resize(c.height);
  c.unreachable = true;
}

// ---- control stack ----

void FuncValidator::push_ctrl(Opcode op, const BlockSig& sig, bool push_params) {
  Ctrl c;
  c.op = op;
  c.height = static_cast<uint32_t>(vals_.size());
  c.init_height = static_cast<uint32_t>(init_stack_.size());
  c.params = sig.params;
  c.nparams = sig.nparams;
  c.results = sig.results;
  c.nresults = sig.nresults;
  c.single = sig.single;
  c.single_result = sig.single_result;
  ctrls_.push_back(c);
  if (push_params) push_vals(c.start_types());
}

bool FuncValidator::pop_ctrl(Ctrl* out) {
  const Ctrl& c = ctrls_.back();
  auto results = c.end_types();
  if (!check_top(results)) return false;
  const size_t avail = vals_.size() - c.height;
  if (avail > results.size()) {
    return fail(fmt::format("type mismatch: block requires {} but stack has {}",
                            result_type_name(results), stack_string(avail)));
  }
  vals_.resize(c.height);
  *out = c;
  reset_locals(c.init_height);
  ctrls_.pop_back();
  return true;
}

bool FuncValidator::label(uint32_t depth, const Ctrl** out) {
  if (depth >= ctrls_.size()) return fail(fmt::format("unknown label {}", depth));
  *out = &ctrls_[ctrls_.size() - 1 - depth];
  return true;
}

bool FuncValidator::block_sig(const BlockType& bt, BlockSig* out) {
  *out = BlockSig{};
  switch (bt.kind) {
    case BlockType::Kind::Empty: return true;
    case BlockType::Kind::Value:
      if (!check_val_type(bt.value)) return false;
      out->single = true;
      out->single_result = bt.value;
      return true;
    case BlockType::Kind::Index: {
      const FuncType* ft;
      if (!check_func_type_index(bt.index, &ft)) return false;
      *out = func_sig(*ft);
      return true;
    }
  }
  return true;
}

FuncValidator::BlockSig FuncValidator::func_sig(const FuncType& ft) const {
  BlockSig s;
  s.params = ft.params.data();
  s.nparams = static_cast<uint32_t>(ft.params.size());
  s.results = ft.results.data();
  s.nresults = static_cast<uint32_t>(ft.results.size());
  return s;
}

// ---- errors ----

bool FuncValidator::fail_kind(ErrorKind kind, std::string msg) {
  if (const_mode_) {
    msg += fmt::format(" in {}", const_site_->str());
  } else {
    msg += fmt::format(" in function {} at offset {:#x}", func_index_, cur_offset_);
  }
  SourceLoc loc;
  loc.offset = cur_offset_;
  err_ = Error(kind, std::move(msg), loc);
  return false;
}

std::string FuncValidator::stack_string(size_t n) const {
  const size_t avail = vals_.size() - ctrls_.back().height;
  n = std::min(n, avail);
  return result_type_name(std::span<const ValType>(vals_.data() + vals_.size() - n, n));
}

bool FuncValidator::fail_pop(std::span<const ValType> expected) {
  return fail(fmt::format("type mismatch: instruction requires {} but stack has {}",
                          result_type_name(expected), stack_string(expected.size())));
}

bool FuncValidator::fail_type(ValType expected, ValType got) {
  return fail(fmt::format("type mismatch: instruction requires [{}] but stack has [{}]",
                          type_name(expected), type_name(got)));
}

}  // namespace nanoproc
