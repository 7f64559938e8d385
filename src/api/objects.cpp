// Memories, tables and globals made by the host, to be imported by modules.
#include <bit>

#include "api/convert.h"
#include "runtime/memory.h"
#include "runtime/store.h"
#include "runtime/table.h"
#include "util/error.h"

namespace nanoproc::api {

Expected<Memory> Memory::make(Store& store, const MemoryType& type) {
  if (type.page_size == 0 || !std::has_single_bit(type.page_size) || type.page_size > 65536)
    return make_error(ErrorKind::Usage, "memory page size {} is not a power of two up to 65536", type.page_size);
  if (type.limits.max && *type.limits.max < type.limits.min)
    return make_error(ErrorKind::Usage, "memory maximum {} is below its minimum {}", *type.limits.max, type.limits.min);
  nanoproc::MemoryType mt;
  mt.limits = from_api(type.limits);
  mt.page_size_log2 = static_cast<uint32_t>(std::countr_zero(type.page_size));
  LinearMemory* m = NP_TRY(store.impl().new_memory(mt));
  return Memory(m);
}

MemoryType Memory::type() const {
  MemoryType out;
  out.limits = to_api(m_->type().limits);
  out.page_size = uint32_t{1} << m_->type().page_size_log2;
  return out;
}

Expected<Table> Table::make(Store& store, const TableType& type, const Val& init) {
  if (type.element != ValType::FuncRef && type.element != ValType::ExternRef)
    return make_error(ErrorKind::Usage, "host tables hold funcref or externref, not {}", val_type_name(type.element));
  if (init.type() != type.element)
    return make_error(ErrorKind::Usage, "the table holds {}, its initial value is {}", val_type_name(type.element),
                      val_type_name(init.type()));
  if (type.limits.max && *type.limits.max < type.limits.min)
    return make_error(ErrorKind::Usage, "table maximum {} is below its minimum {}", *type.limits.max, type.limits.min);
  nanoproc::TableType tt;
  tt.elem = from_api(type.element);
  tt.elem.nullable = type.element_nullable;
  if (!type.element_nullable && init.is_null_ref())
    return make_error(ErrorKind::Usage, "a table of non-null references needs a non-null initial value");
  tt.limits = from_api(type.limits);
  TableInstance* t =
      NP_TRY(store.impl().new_table(tt, reinterpret_cast<Ref>(static_cast<uintptr_t>(init.raw(0)))));
  return Table(t);
}

Expected<Global> Global::make(Store& store, const GlobalType& type, const Val& init) {
  if (type.type == ValType::OtherRef)
    return make_error(ErrorKind::Usage, "host globals cannot hold typed references");
  if (init.type() != type.type)
    return make_error(ErrorKind::Usage, "the global is {}, its initial value is {}", val_type_name(type.type),
                      val_type_name(init.type()));
  nanoproc::GlobalType gt;
  gt.type = from_api(type.type);
  gt.mut = type.is_mutable;
  RawValue v{};
  v.slots[0] = init.raw(0);
  v.slots[1] = init.raw(1);
  return Global(store.impl().new_global(gt, v));
}

}  // namespace nanoproc::api
