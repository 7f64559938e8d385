#include "nanoprocess/value_copy.h"

#include <cstring>

#include <fmt/format.h>

#include "nanoprocess/link_plan.h"
#include "runtime/exec.h"
#include "util/utf8.h"

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

void end_exporter(Nanoprocess& np, nanoproc::Store& s) {
  if (s.last_trap.kind == TrapKind::Exit)
    np.end(fmt::format("exited with status {}", static_cast<uint32_t>(s.last_trap.exit_code)));
  else
    np.end(s.last_trap.message());
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
  uint64_t slots[4] = {0, 0, align, size};
  if (!dst_.realloc || call_function(*dst_.store, dst_.realloc, slots) != TrapKind::None) [[unlikely]]
    return alloc_failed(align, size);
  *out = static_cast<uint32_t>(slots[0]);
  // witx alignments are powers of two (a mask, not a division: this runs on every call).
  if ((*out & (align - 1)) != 0 || uint64_t{*out} + size > dst_.mem->size_bytes()) [[unlikely]]
    return alloc_returned(align, size, *out);
  return true;
}

bool Transfer::alloc_failed(uint32_t align, uint32_t size) {
  std::string error = "it does not export cabi_realloc";
  if (dst_.realloc) {
    error = dst_.store->last_trap.message();
    if (dst_.np) end_exporter(*dst_.np, *dst_.store);
  }
  return fail(dst_.who, fmt::format("the {}'s cabi_realloc(0, 0, {}, {}) failed: {}", dst_.role, align, size, error));
}

bool Transfer::alloc_returned(uint32_t align, uint32_t size, uint32_t out) {
  return fail(dst_.who, fmt::format("the {}'s cabi_realloc(0, 0, {}, {}) returned 0x{:x}, {} (memory of {} bytes)",
                                    dst_.role, align, size, out, out % align ? "misaligned" : "outside its memory",
                                    dst_.mem->size_bytes()));
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
  if (list.is_string) {
    // witx strings are UTF-8: checked before anything is allocated for them.
    const uint8_t* from = src_.mem->data() + ptr;
    if (!utf8_valid(std::string_view(reinterpret_cast<const char*>(from), bytes)))
      return fail(src_.who, fmt::format("the string at 0x{:x} ({} bytes) in the {}'s memory is not valid UTF-8", ptr,
                                        bytes, src_.role));
  }
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
