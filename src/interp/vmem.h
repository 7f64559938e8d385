// SIMD memory helpers for the interpreter: v128 loads with extension/splat/zero, lanes.
#pragma once
#include <cstring>

#include "interp/v128.h"

namespace nanoproc::interp {

typedef int8_t i8x8 __attribute__((vector_size(8)));
typedef uint8_t u8x8 __attribute__((vector_size(8)));
typedef int16_t i16x4 __attribute__((vector_size(8)));
typedef uint16_t u16x4 __attribute__((vector_size(8)));
typedef int32_t i32x2 __attribute__((vector_size(8)));
typedef uint32_t u32x2 __attribute__((vector_size(8)));

enum class VLoad { Full, Ext8x8S, Ext8x8U, Ext16x4S, Ext16x4U, Ext32x2S, Ext32x2U, Splat8, Splat16, Splat32, Splat64, Zero32, Zero64 };

template <VLoad K>
constexpr unsigned vload_bytes() {
  switch (K) {
    case VLoad::Full: return 16;
    case VLoad::Splat8: return 1;
    case VLoad::Splat16: return 2;
    case VLoad::Splat32:
    case VLoad::Zero32: return 4;
    default: return 8;
  }
}

template <VLoad K>
[[gnu::always_inline]] inline v128 vload(const uint8_t* p) {
  if constexpr (K == VLoad::Full) {
    return load_v128(p);
  } else if constexpr (K == VLoad::Ext8x8S) {
    i8x8 t; std::memcpy(&t, p, 8); return vcast<v128>(__builtin_convertvector(t, i16x8));
  } else if constexpr (K == VLoad::Ext8x8U) {
    u8x8 t; std::memcpy(&t, p, 8); return vcast<v128>(__builtin_convertvector(t, u16x8));
  } else if constexpr (K == VLoad::Ext16x4S) {
    i16x4 t; std::memcpy(&t, p, 8); return vcast<v128>(__builtin_convertvector(t, i32x4));
  } else if constexpr (K == VLoad::Ext16x4U) {
    u16x4 t; std::memcpy(&t, p, 8); return vcast<v128>(__builtin_convertvector(t, u32x4));
  } else if constexpr (K == VLoad::Ext32x2S) {
    i32x2 t; std::memcpy(&t, p, 8); return vcast<v128>(__builtin_convertvector(t, i64x2));
  } else if constexpr (K == VLoad::Ext32x2U) {
    u32x2 t; std::memcpy(&t, p, 8); return vcast<v128>(__builtin_convertvector(t, u64x2));
  } else if constexpr (K == VLoad::Splat8) {
    u8x16 r = {}; return vcast<v128>(r + *p);
  } else if constexpr (K == VLoad::Splat16) {
    uint16_t x; std::memcpy(&x, p, 2); u16x8 r = {}; return vcast<v128>(r + x);
  } else if constexpr (K == VLoad::Splat32) {
    uint32_t x; std::memcpy(&x, p, 4); u32x4 r = {}; return vcast<v128>(r + x);
  } else if constexpr (K == VLoad::Splat64) {
    uint64_t x; std::memcpy(&x, p, 8); u64x2 r = {}; return r + x;
  } else if constexpr (K == VLoad::Zero32) {
    u32x4 r = {}; std::memcpy(&r, p, 4); return vcast<v128>(r);
  } else {
    u64x2 r = {}; std::memcpy(&r, p, 8); return r;
  }
}

}  // namespace nanoproc::interp
