// Locals (types and initialisation tracking), index checks against the module's index
// spaces, and the set of constant instructions.
#include <algorithm>

#include <fmt/format.h>

#include "validate/func_validator.h"

namespace nanoproc {

// ---- locals ----

bool FuncValidator::setup_locals(const Function& f, const FuncType& ft) {
  uint64_t total = ft.params.size();
  for (const LocalDecl& d : f.locals) {
    total += d.count;
    if (!check_val_type(d.type)) return false;
  }
  if (total > UINT32_MAX) {
    cur_offset_ = f.body_offset;
    return fail_kind(ErrorKind::Malformed, "too many locals");
  }
  num_locals_ = total;
  local_types_.assign(ft.params.begin(), ft.params.end());
  big_decl_end_.clear();
  big_decl_type_.clear();
  big_inited_.clear();
  if (total <= kMaxExpandedLocals) {
    for (const LocalDecl& d : f.locals) local_types_.insert(local_types_.end(), d.count, d.type);
  } else {
    uint64_t end = ft.params.size();
    for (const LocalDecl& d : f.locals) {
      if (d.count == 0) continue;
      end += d.count;
      big_decl_end_.push_back(end);
      big_decl_type_.push_back(d.type);
    }
  }
  local_init_.assign(local_types_.size(), 1);
  for (size_t i = ft.params.size(); i < local_types_.size(); ++i)
    if (!local_types_[i].defaultable()) local_init_[i] = 0;
  return true;
}

bool FuncValidator::local_type(uint32_t x, ValType* out) {
  if (x < local_types_.size()) [[likely]] {
    *out = local_types_[x];
    return true;
  }
  if (x >= num_locals_) return fail(fmt::format("unknown local {}", x));
  auto it = std::upper_bound(big_decl_end_.begin(), big_decl_end_.end(), uint64_t(x));
  *out = big_decl_type_[static_cast<size_t>(it - big_decl_end_.begin())];
  return true;
}

bool FuncValidator::local_inited(uint32_t x) const {
  if (x < local_init_.size()) [[likely]]
    return local_init_[x];
  auto it = std::upper_bound(big_decl_end_.begin(), big_decl_end_.end(), uint64_t(x));
  if (big_decl_type_[static_cast<size_t>(it - big_decl_end_.begin())].defaultable()) return true;
  return big_inited_.count(x) != 0;
}

void FuncValidator::init_local(uint32_t x) {
  if (x < local_init_.size()) [[likely]] {
    if (!local_init_[x]) {
      local_init_[x] = 1;
      init_stack_.push_back(x);
    }
    return;
  }
  if (!local_inited(x)) {
    big_inited_.insert(x);
    init_stack_.push_back(x);
  }
}

void FuncValidator::reset_locals(uint32_t init_height) {
  while (init_stack_.size() > init_height) {
    uint32_t x = init_stack_.back();
    init_stack_.pop_back();
    if (x < local_init_.size()) local_init_[x] = 0;
    else big_inited_.erase(x);
  }
}

// ---- index checks ----

bool FuncValidator::check_heap_type(HeapType h) {
  if (h.is_index() && !types_.valid_index(h.index()))
    return fail(fmt::format("unknown type {}", h.index()));
  return true;
}

bool FuncValidator::check_val_type(ValType t) {
  if (t.kind == ValKind::Ref) return check_heap_type(t.heap);
  return true;
}

bool FuncValidator::check_memory(uint32_t mem, const MemoryType** out) {
  if (mem >= env_.memories.size()) return fail(fmt::format("unknown memory {}", mem));
  *out = &env_.memories[mem];
  return true;
}

bool FuncValidator::check_table(uint32_t table, const TableType** out) {
  if (table >= env_.tables.size()) return fail(fmt::format("unknown table {}", table));
  *out = &env_.tables[table];
  return true;
}

bool FuncValidator::check_func_type_index(uint32_t idx, const FuncType** out) {
  if (!types_.valid_index(idx)) return fail(fmt::format("unknown type {}", idx));
  if (!types_.is_func(idx))
    return fail(fmt::format("type mismatch: type {} is not a function type", idx));
  *out = &types_.func_type(idx);
  return true;
}

bool FuncValidator::check_struct_type_index(uint32_t idx, const StructType** out) {
  if (!types_.valid_index(idx)) return fail(fmt::format("unknown type {}", idx));
  if (!types_.is_struct(idx))
    return fail(fmt::format("type mismatch: type {} is not a struct type", idx));
  *out = &types_.struct_type(idx);
  return true;
}

bool FuncValidator::check_array_type_index(uint32_t idx, const ArrayType** out) {
  if (!types_.valid_index(idx)) return fail(fmt::format("unknown type {}", idx));
  if (!types_.is_array(idx))
    return fail(fmt::format("type mismatch: type {} is not an array type", idx));
  *out = &types_.array_type(idx);
  return true;
}

bool FuncValidator::check_data(uint32_t idx) {
  // The binary format requires the data count section before any code naming a data
  // segment, so that bodies can be checked in one pass: without it the module is malformed.
  if (!env_.has_data_count) return fail_kind(ErrorKind::Malformed, "data count section required");
  if (idx >= env_.num_datas) return fail(fmt::format("unknown data segment {}", idx));
  return true;
}

bool FuncValidator::check_elem(uint32_t idx, ValType* out) {
  if (idx >= env_.elem_types.size()) return fail(fmt::format("unknown elem segment {}", idx));
  *out = env_.elem_types[idx];
  return true;
}

bool FuncValidator::check_tag(uint32_t idx, const FuncType** out) {
  if (idx >= env_.tags.size()) return fail(fmt::format("unknown tag {}", idx));
  *out = &types_.func_type(env_.tags[idx]);
  return true;
}

// ---- constant expressions ----

bool FuncValidator::const_op_allowed(const Instr& in) {
  switch (in.op) {
    case Opcode::I32Const:
    case Opcode::I64Const:
    case Opcode::F32Const:
    case Opcode::F64Const:
    case Opcode::V128Const:
    case Opcode::RefNull:
    case Opcode::RefFunc:
    case Opcode::GlobalGet:  // immutability and visibility are checked by variable_op
    case Opcode::End:
    // extended constant expressions
    case Opcode::I32Add:
    case Opcode::I32Sub:
    case Opcode::I32Mul:
    case Opcode::I64Add:
    case Opcode::I64Sub:
    case Opcode::I64Mul:
    // GC
    case Opcode::RefI31:
    case Opcode::StructNew:
    case Opcode::StructNewDefault:
    case Opcode::ArrayNew:
    case Opcode::ArrayNewDefault:
    case Opcode::ArrayNewFixed:
    case Opcode::AnyConvertExtern:
    case Opcode::ExternConvertAny: return true;
    default: break;
  }
  return fail(fmt::format("constant expression required: {} is not a constant instruction",
                          op_name(in.op)));
}

}  // namespace nanoproc
