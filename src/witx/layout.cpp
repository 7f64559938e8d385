#include "witx/layout.h"

#include <algorithm>

namespace nanoproc::witx {

SizeAlign builtin_layout(Builtin b) {
  switch (b) {
    case Builtin::U8:
    case Builtin::S8:
    case Builtin::Char8: return {1, 1};
    case Builtin::U16:
    case Builtin::S16: return {2, 2};
    case Builtin::U32:
    case Builtin::S32:
    case Builtin::F32:
    case Builtin::Char:
    case Builtin::Usize: return {4, 4};
    case Builtin::U64:
    case Builtin::S64:
    case Builtin::F64: return {8, 8};
  }
  return {4, 4};
}

namespace {

SizeAlign of(const TypeRef& r) {
  const Type& t = r.type();
  return {t.size, t.align};
}

Error layout_error(const Type& t, std::string msg) { return Error(ErrorKind::Invalid, std::move(msg), t.loc); }

}  // namespace

Status compute_layout(Type& t) {
  switch (t.kind) {
    case TypeKind::Builtin: {
      SizeAlign sa = builtin_layout(t.builtin);
      t.size = sa.size;
      t.align = sa.align;
      return {};
    }
    case TypeKind::Pointer:
    case TypeKind::ConstPointer:
    case TypeKind::Handle:
      t.size = 4;
      t.align = 4;
      return {};
    case TypeKind::List:
      t.size = 8;
      t.align = 4;
      return {};
    case TypeKind::Record: {
      if (t.record_form == RecordForm::Flags) {
        t.size = t.align = int_repr_bytes(t.repr);
        return {};
      }
      if (t.members.empty()) return layout_error(t, "a record or tuple without fields has no witx layout");
      uint32_t offset = 0;
      uint32_t align = 1;
      for (Member& m : t.members) {
        SizeAlign sa = of(*m.type);
        offset = align_to(offset, sa.align);
        m.offset = offset;
        offset += sa.size;
        align = std::max(align, sa.align);
      }
      t.align = align;
      t.size = align_to(offset, align);
      return {};
    }
    case TypeKind::Variant: {
      if (t.cases.empty()) return layout_error(t, "a variant without cases has no witx layout");
      const uint32_t tag = int_repr_bytes(t.repr);
      // witx sizes each case separately (tag, then that case's payload aligned for it) and
      // takes the largest; it places every payload at one shared offset. Both views agree
      // unless a less-aligned payload is bigger than the space after the shared offset.
      uint32_t size = 0, align = 0, payload_offset = tag;
      for (const Case& c : t.cases) {
        uint32_t case_size = tag, case_align = tag;
        if (c.type) {
          SizeAlign p = of(*c.type);
          case_size = align_to(tag, p.align) + p.size;
          case_align = std::max(tag, p.align);
          payload_offset = std::max(payload_offset, align_to(tag, p.align));
        }
        size = std::max(size, align_to(case_size, case_align));
        align = std::max(align, case_align);
      }
      for (const Case& c : t.cases) {
        if (c.type && payload_offset + of(*c.type).size > size)
          return layout_error(t, fmt::format("variant layout is undefined in the witx ABI: the payload of case `{}` "
                                             "at offset {} overflows the variant size {}",
                                             c.name, payload_offset, size));
      }
      t.size = size;
      t.align = align;
      t.payload_offset = payload_offset;
      return {};
    }
  }
  return {};
}

}  // namespace nanoproc::witx
