// Values at the runtime's boundaries (API calls, globals, host functions). Inside the
// interpreter values are untagged 8-byte slots (16 for v128); Value adds the type.
#pragma once
#include <cstdint>
#include <cstring>

#include "interp/v128.h"
#include "ir/types.h"
#include "runtime/object.h"

namespace nanoproc {

// One untagged value: what a global holds and what host functions read and write.
union RawValue {
  uint32_t i32;
  uint64_t i64;
  float f32;
  double f64;
  Ref ref;
  uint64_t slots[2];
  v128 v;
};
static_assert(sizeof(RawValue) == 16);

struct Value {
  ValType type = kI32;
  RawValue raw{};

  static Value i32(uint32_t v) { Value x; x.type = kI32; x.raw.slots[0] = v; return x; }
  static Value i64(uint64_t v) { Value x; x.type = kI64; x.raw.i64 = v; return x; }
  static Value f32_bits(uint32_t b) { Value x; x.type = kF32; x.raw.slots[0] = b; return x; }
  static Value f64_bits(uint64_t b) { Value x; x.type = kF64; x.raw.i64 = b; return x; }
  static Value ref(ValType t, Ref r) { Value x; x.type = t; x.raw.ref = r; return x; }
};

// Number of 8-byte interpreter slots a value of this type occupies.
inline unsigned slot_count(ValType t) { return t.kind == ValKind::V128 ? 2 : 1; }

}  // namespace nanoproc
