/* simd: three 128-bit vector kernels: f32x4 saxpy with a dot product, u8x16 saturating add
 * with a running maximum, and i32x4 lane-parallel hashing with lane shuffles.
 *
 * One source, two spellings of the same operations: on wasm32 (-msimd128) the wasm_simd128.h
 * intrinsics, natively clang's vector extensions and element-wise builtins (SSE2 on x86-64).
 * Lane order is fixed everywhere, so both builds print the same checksums. Built with
 * -ffp-contract=off: no fused multiply-add on either side. Runtimes without SIMD (wasm3)
 * fail to load it; that is part of what it reports.
 * Arguments: elements (default 65536, a multiple of 16), rounds (default 5000). */
#include <stdio.h>
#include <string.h>

#include "support/bench.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
typedef v128_t f32v, u8v, i32v;
#define F32_SPLAT(x) wasm_f32x4_splat(x)
#define F32_ADD(a, b) wasm_f32x4_add(a, b)
#define F32_MUL(a, b) wasm_f32x4_mul(a, b)
#define F32_LANE(v, i) wasm_f32x4_extract_lane(v, i)
#define U8_ADD_SAT(a, b) wasm_u8x16_add_sat(a, b)
#define U8_MAX(a, b) wasm_u8x16_max(a, b)
#define U8_SPLAT(x) wasm_u8x16_splat(x)
#define I32_SPLAT(x) wasm_i32x4_splat(x)
#define I32_ADD(a, b) wasm_i32x4_add(a, b)
#define I32_MUL(a, b) wasm_i32x4_mul(a, b)
#define I32_XOR(a, b) wasm_v128_xor(a, b)
#define I32_SHR(a, n) wasm_u32x4_shr(a, n)
#define I32_ROTATE_LANES(a) wasm_i32x4_shuffle(a, a, 1, 2, 3, 0)
#define I32_LANE(v, i) ((uint32_t)wasm_i32x4_extract_lane(v, i))
#define LOAD(p) wasm_v128_load(p)
#define STORE(p, v) wasm_v128_store(p, v)
#else
typedef float f32v __attribute__((vector_size(16), aligned(16)));
typedef uint8_t u8v __attribute__((vector_size(16), aligned(16)));
typedef uint32_t i32v __attribute__((vector_size(16), aligned(16)));
#define F32_SPLAT(x) ((f32v){(x), (x), (x), (x)})
#define F32_ADD(a, b) ((a) + (b))
#define F32_MUL(a, b) ((a) * (b))
#define F32_LANE(v, i) ((v)[i])
#define U8_ADD_SAT(a, b) __builtin_elementwise_add_sat(a, b)
#define U8_MAX(a, b) __builtin_elementwise_max(a, b)
#define U8_SPLAT(x) ((u8v){0} + (uint8_t)(x))
#define I32_SPLAT(x) ((i32v){0} + (uint32_t)(x))
#define I32_ADD(a, b) ((a) + (b))
#define I32_MUL(a, b) ((a) * (b))
#define I32_XOR(a, b) ((a) ^ (b))
#define I32_SHR(a, n) ((a) >> (n))
#define I32_ROTATE_LANES(a) __builtin_shufflevector(a, a, 1, 2, 3, 0)
#define I32_LANE(v, i) ((uint32_t)(v)[i])
#define LOAD(p) (*(const __typeof__(*(p))*)(p))
#define STORE(p, v) (*(p) = (v))
#endif

static float saxpy_dot(float* restrict y, const float* restrict x, long n, float a) {
  f32v av = F32_SPLAT(a), half = F32_SPLAT(0.5f), acc = F32_SPLAT(0.0f);
  for (long i = 0; i < n; i += 4) {
    f32v xv = LOAD((const f32v*)(x + i));
    f32v yv = F32_ADD(F32_MUL(LOAD((const f32v*)(y + i)), half), F32_MUL(xv, av));
    STORE((f32v*)(y + i), yv);
    acc = F32_ADD(acc, F32_MUL(xv, yv));
  }
  return ((F32_LANE(acc, 0) + F32_LANE(acc, 1)) + F32_LANE(acc, 2)) + F32_LANE(acc, 3);
}

static uint32_t blend_max(uint8_t* restrict out, const uint8_t* restrict p, const uint8_t* restrict q,
                          long n) {
  u8v mx = U8_SPLAT(0);
  for (long i = 0; i < n; i += 16) {
    u8v v = U8_ADD_SAT(LOAD((const u8v*)(p + i)), LOAD((const u8v*)(q + i)));
    STORE((u8v*)(out + i), v);
    mx = U8_MAX(mx, v);
  }
  uint8_t lanes[16];
  memcpy(lanes, &mx, 16);
  uint32_t h = 0;
  for (int i = 0; i < 16; i++) h = h * 31 + lanes[i];
  return h;
}

static uint32_t lane_hash(const uint32_t* restrict w, long n, uint32_t seed) {
  i32v h = I32_SPLAT(seed), k = I32_SPLAT(0x9e3779b1u);
  for (long i = 0; i < n; i += 4) {
    h = I32_ADD(h, LOAD((const i32v*)(w + i)));
    h = I32_MUL(I32_XOR(h, I32_SHR(h, 15)), k);
    h = I32_XOR(h, I32_ROTATE_LANES(h));
  }
  return I32_LANE(h, 0) ^ I32_LANE(h, 1) * 3 ^ I32_LANE(h, 2) * 5 ^ I32_LANE(h, 3) * 7;
}

int main(int argc, char** argv) {
  long n = bench_arg(argc, argv, 1, 65536) & ~15L;
  long rounds = bench_arg(argc, argv, 2, 5000);
  float* x = aligned_alloc(16, sizeof(float) * (size_t)(n + 16));
  float* y = aligned_alloc(16, sizeof(float) * (size_t)(n + 16));
  uint8_t* p = aligned_alloc(16, (size_t)n + 16);
  uint8_t* q = aligned_alloc(16, (size_t)n + 16);
  uint8_t* out = aligned_alloc(16, (size_t)n + 16);
  if (!x || !y || !p || !q || !out) return 1;
  bench_rng rng = {128};
  for (long i = 0; i < n; i++) {
    x[i] = (float)(int)(bench_next(&rng) % 2001 - 1000) / 1024.0f;
    y[i] = 0.0f;
    p[i] = (uint8_t)bench_next(&rng);
    q[i] = (uint8_t)(bench_next(&rng) >> 1);
  }
  double dot_sum = 0;
  uint64_t checksum = BENCH_FNV_INIT;
  bench_start();
  for (long r = 0; r < rounds; r++) {
    float d = saxpy_dot(y, x, n, 1.0f + (float)(r & 7) / 8.0f);
    dot_sum += d;
    uint32_t m = blend_max(out, p, q, n);
    uint32_t h = lane_hash((const uint32_t*)out, n / 4, (uint32_t)r ^ m);
    checksum = bench_fnv(checksum, &h, sizeof h);
    p[(r * 97) % n] = (uint8_t)h; /* the next round sees this round's result */
  }
  bench_end();
  printf("n=%ld rounds=%ld dot_sum=%.6e checksum=%016llx\n", n, rounds, dot_sum,
         (unsigned long long)checksum);
  free(x);
  free(y);
  free(p);
  free(q);
  free(out);
  return 0;
}
