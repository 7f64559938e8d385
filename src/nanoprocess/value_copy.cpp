#include "nanoprocess/value_copy.h"

#include <cstring>

#include <fmt/format.h>

#include "nanoprocess/link_plan.h"
#include "runtime/exec.h"

namespace nanoproc::api {

namespace {

uint32_t load_u32(const nanoproc::LinearMemory* m, uint32_t at) {
  uint32_t v;
  std::memcpy(&v, m->data() + at, 4);
  return v;
}

void store_u32(nanoproc::LinearMemory* m, uint32_t at, uint32_t v) { std::memcpy(m->data() + at, &v, 4); }

uint64_t load_tag(const nanoproc::LinearMemory* m, uint32_t at, uint32_t bytes) {
  uint64_t v = 0;
  std::memcpy(&v, m->data() + at, bytes);  // little-endian host, as wasm
  return v;
}

}  // namespace

bool is_flat(const witx::Type& t) {
  switch (t.kind) {
    case witx::TypeKind::List: return false;
    case witx::TypeKind::Record:
      for (const witx::Member& m : t.members)
        if (m.type && !is_flat(m.type->type())) return false;
      return true;
    case witx::TypeKind::Variant:
      for (const witx::Case& c : t.cases)
        if (c.type && !is_flat(c.type->type())) return false;
      return true;
    default: return true;
  }
}

bool call_realloc(MemSide& side, uint32_t align, uint32_t size, uint32_t* out, std::string* error) {
  uint64_t slots[4] = {0, 0, align, size};
  if (side.np) {
    Status st = side.np->call_raw(*side.np_realloc, slots);
    if (!st) {
      *error = st.error().message();
      return false;
    }
  } else {
    if (!side.realloc) {
      *error = "it does not export cabi_realloc";
      return false;
    }
    TrapKind k = call_function(*side.store, side.realloc, slots);
    if (k != TrapKind::None) {
      *error = side.store->last_trap.message();
      return false;
    }
  }
  *out = static_cast<uint32_t>(slots[0]);
  return true;
}

bool Transfer::fail(Blame who, std::string msg) {
  fault_blame = who;
  fault = ctx_kind ? fmt::format("{} `{}`: {}", ctx_kind, ctx_name, msg) : std::move(msg);
  return false;
}

bool Transfer::check(const MemSide& side, uint64_t addr, uint64_t len, const char* what) {
  uint64_t size = side.mem->size_bytes();
  if (addr + len <= size) [[likely]]
    return true;
  return fail(side.who, fmt::format("{} at 0x{:x} ({} bytes) is outside the {}'s memory ({} bytes)", what, addr, len,
                                    side.role, size));
}

bool Transfer::alloc(uint32_t align, uint32_t size, uint32_t* out) {
  std::string error;
  if (!call_realloc(dst_, align, size, out, &error))
    return fail(dst_.who, fmt::format("the {}'s cabi_realloc(0, 0, {}, {}) failed: {}", dst_.role, align, size, error));
  uint64_t mem = dst_.mem->size_bytes();
  if (*out % align != 0 || uint64_t{*out} + size > mem)
    return fail(dst_.who, fmt::format("the {}'s cabi_realloc(0, 0, {}, {}) returned 0x{:x}, {} (memory of {} bytes)",
                                      dst_.role, align, size, *out,
                                      *out % align ? "misaligned" : "outside its memory", mem));
  return true;
}

bool Transfer::copy_list(const witx::Type& list, uint32_t ptr, uint32_t len, uint32_t* out) {
  const witx::Type& elem = list.elem->type();
  const uint32_t size = list.is_string ? 1 : elem.size, align = list.is_string ? 1 : elem.align;
  uint64_t bytes = uint64_t{len} * size;
  if (!check(src_, ptr, bytes, list.is_string ? "string" : "list")) return false;
  if (len == 0) {
    *out = 0;
    return true;
  }
  if (bytes > UINT32_MAX) return fail(src_.who, fmt::format("list of {} bytes does not fit in 32-bit memory", bytes));
  if (!alloc(align, static_cast<uint32_t>(bytes), out)) return false;
  if (list.is_string || is_flat(elem)) {
    // After alloc: either memory may have grown (and moved, without guard pages).
    std::memcpy(dst_.mem->data() + *out, src_.mem->data() + ptr, bytes);
    return true;
  }
  for (uint32_t i = 0; i < len; ++i)
    if (!copy_value(elem, ptr + i * elem.size, *out + i * elem.size)) return false;
  return true;
}

bool Transfer::copy_value(const witx::Type& t, uint32_t s, uint32_t d) {
  switch (t.kind) {
    case witx::TypeKind::List: {
      uint32_t ptr = load_u32(src_.mem, s), len = load_u32(src_.mem, s + 4), out = 0;
      if (!copy_list(t, ptr, len, &out)) return false;
      store_u32(dst_.mem, d, out);
      store_u32(dst_.mem, d + 4, len);
      return true;
    }
    case witx::TypeKind::Record:
      if (is_flat(t)) break;
      for (const witx::Member& m : t.members)
        if (!copy_value(m.type->type(), s + m.offset, d + m.offset)) return false;
      return true;
    case witx::TypeKind::Variant: {
      uint32_t tag_bytes = witx::int_repr_bytes(t.repr);
      uint64_t tag = load_tag(src_.mem, s, tag_bytes);
      if (tag >= t.cases.size())
        return fail(src_.who, fmt::format("invalid tag {} at 0x{:x} (the variant has {} cases)", tag, s, t.cases.size()));
      if (is_flat(t)) break;
      std::memcpy(dst_.mem->data() + d, &tag, tag_bytes);
      const witx::Case& c = t.cases[tag];
      if (c.type) return copy_value(c.type->type(), s + t.payload_offset, d + t.payload_offset);
      return true;
    }
    default: break;
  }
  std::memcpy(dst_.mem->data() + d, src_.mem->data() + s, t.size);
  return true;
}

}  // namespace nanoproc::api
