// The v128 value type and its lane views, as compiler vector types (GCC/clang vector
// extensions): SIMD semantics compile to SSE/NEON instructions, never scalar emulation.
#pragma once
#include <cstdint>
#include <cstring>

namespace nanoproc {

typedef int8_t i8x16 __attribute__((vector_size(16)));
typedef uint8_t u8x16 __attribute__((vector_size(16)));
typedef int16_t i16x8 __attribute__((vector_size(16)));
typedef uint16_t u16x8 __attribute__((vector_size(16)));
typedef int32_t i32x4 __attribute__((vector_size(16)));
typedef uint32_t u32x4 __attribute__((vector_size(16)));
typedef int64_t i64x2 __attribute__((vector_size(16)));
typedef uint64_t u64x2 __attribute__((vector_size(16)));
typedef float f32x4 __attribute__((vector_size(16)));
typedef double f64x2 __attribute__((vector_size(16)));

// The canonical v128 type at every interface (value slots, memory, semantics).
using v128 = u64x2;

template <typename To, typename From>
inline To vcast(From v) {
  static_assert(sizeof(To) == 16 && sizeof(From) == 16);
  return __builtin_bit_cast(To, v);
}

// Unaligned load/store of 16 bytes (value slots are only 8-byte aligned).
inline v128 load_v128(const void* p) {
  v128 v;
  std::memcpy(&v, p, 16);
  return v;
}
inline void store_v128(void* p, v128 v) { std::memcpy(p, &v, 16); }

}  // namespace nanoproc
