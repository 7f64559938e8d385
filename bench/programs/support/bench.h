/* The little each benchmark program needs: the timing hooks, a size argument, a seeded PRNG
 * and a checksum. Programs generate their inputs before bench_start() so only the work is timed.
 *
 * On wasm32-wasi the hooks are the host imports bench.start/bench.end (the sightglass
 * convention); natively they come from native_shim.c, which reads the monotonic clock. */
#ifndef NANOPROC_BENCH_H
#define NANOPROC_BENCH_H

#include <stdint.h>
#include <stdlib.h>

#if defined(__wasm__)
__attribute__((import_module("bench"), import_name("start"))) void bench_start(void);
__attribute__((import_module("bench"), import_name("end"))) void bench_end(void);
#else
void bench_start(void);
void bench_end(void);
#endif

/* argv[i] as a non-negative number, or `fallback` when absent. */
static inline long bench_arg(int argc, char** argv, int i, long fallback) {
  if (argc <= i) return fallback;
  long v = strtol(argv[i], 0, 10);
  return v < 0 ? 0 : v;
}

/* splitmix64: tiny, fast, and the same sequence on every target. */
typedef struct { uint64_t s; } bench_rng;

static inline uint64_t bench_next(bench_rng* r) {
  uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

/* FNV-1a over bytes, for checksums of results. */
static inline uint64_t bench_fnv(uint64_t h, const void* data, size_t n) {
  const unsigned char* p = (const unsigned char*)data;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}
#define BENCH_FNV_INIT 0xcbf29ce484222325ull

#endif
