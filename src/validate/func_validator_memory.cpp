// Memory and table instructions that are not simple loads/stores: sizes, growth, bulk
// operations and segment instructions. Operand types follow the address type (i32 or i64)
// of the memory or table; copies between different address types use the smaller one
// for the length.
#include <fmt/format.h>

#include "validate/func_validator.h"

namespace nanoproc {
namespace {

ValKind min_address(ValKind a, ValKind b) {
  return (a == ValKind::I32 || b == ValKind::I32) ? ValKind::I32 : ValKind::I64;
}

}  // namespace

bool FuncValidator::memory_op(const Instr& in) {
  const MemoryType* mt;
  switch (in.op) {
    case Opcode::MemorySize:
      if (!check_memory(in.a, &mt)) return false;
      push(ValType(address_kind(mt->limits)));
      return true;
    case Opcode::MemoryGrow: {
      if (!check_memory(in.a, &mt)) return false;
      ValKind at = address_kind(mt->limits);
      if (!pop_num(at)) return false;
      push(ValType(at));
      return true;
    }
    case Opcode::MemoryFill: {
      if (!check_memory(in.a, &mt)) return false;
      ValKind at = address_kind(mt->limits);
      return pop_num(at) && pop_num(ValKind::I32) && pop_num(at);
    }
    case Opcode::MemoryCopy: {
      const MemoryType* src;
      if (!check_memory(in.a, &mt) || !check_memory(in.b, &src)) return false;
      ValKind d = address_kind(mt->limits), s = address_kind(src->limits);
      return pop_num(min_address(d, s)) && pop_num(s) && pop_num(d);
    }
    case Opcode::MemoryInit:
      if (!check_memory(in.b, &mt) || !check_data(in.a)) return false;
      return pop_num(ValKind::I32) && pop_num(ValKind::I32) && pop_num(address_kind(mt->limits));
    case Opcode::DataDrop:
      return check_data(in.a);
    default: break;
  }
  return fail(fmt::format("internal error: {} is not a memory instruction", op_name(in.op)));
}

bool FuncValidator::table_op(const Instr& in) {
  const TableType* tt;
  switch (in.op) {
    case Opcode::TableGet:
      if (!check_table(in.a, &tt) || !pop_num(address_kind(tt->limits))) return false;
      push(tt->elem);
      return true;
    case Opcode::TableSet:
      if (!check_table(in.a, &tt)) return false;
      return pop_val(tt->elem) && pop_num(address_kind(tt->limits));
    case Opcode::TableSize:
      if (!check_table(in.a, &tt)) return false;
      push(ValType(address_kind(tt->limits)));
      return true;
    case Opcode::TableGrow: {
      if (!check_table(in.a, &tt)) return false;
      ValKind at = address_kind(tt->limits);
      if (!pop_num(at) || !pop_val(tt->elem)) return false;
      push(ValType(at));
      return true;
    }
    case Opcode::TableFill: {
      if (!check_table(in.a, &tt)) return false;
      ValKind at = address_kind(tt->limits);
      return pop_num(at) && pop_val(tt->elem) && pop_num(at);
    }
    case Opcode::TableCopy: {
      const TableType* src;
      if (!check_table(in.a, &tt) || !check_table(in.b, &src)) return false;
      if (!types_.is_subtype(src->elem, tt->elem))
        return fail(fmt::format("type mismatch: source table {} has element type {} which does not "
                                "match destination table {} element type {}",
                                in.b, type_name(src->elem), in.a, type_name(tt->elem)));
      ValKind d = address_kind(tt->limits), s = address_kind(src->limits);
      return pop_num(min_address(d, s)) && pop_num(s) && pop_num(d);
    }
    case Opcode::TableInit: {
      ValType et;
      if (!check_table(in.b, &tt) || !check_elem(in.a, &et)) return false;
      if (!types_.is_subtype(et, tt->elem))
        return fail(fmt::format("type mismatch: element segment {} has type {} which does not "
                                "match table {} element type {}",
                                in.a, type_name(et), in.b, type_name(tt->elem)));
      return pop_num(ValKind::I32) && pop_num(ValKind::I32) && pop_num(address_kind(tt->limits));
    }
    case Opcode::ElemDrop: {
      ValType et;
      return check_elem(in.a, &et);
    }
    default: break;
  }
  return fail(fmt::format("internal error: {} is not a table instruction", op_name(in.op)));
}

}  // namespace nanoproc
