/* lz: an LZ77 compressor in the LZ4 style (hash of 4 bytes -> last position, greedy matches,
 * token byte + length extensions + 16-bit offsets) and its decompressor, on generated text
 * with repetitions. Unaligned loads, hashing, byte copies, unpredictable branches.
 * Arguments: input KiB (default 2048), rounds (default 16). */
#include <stdio.h>
#include <string.h>

#include "support/bench.h"

#define MIN_MATCH 4
#define HASH_BITS 14
#define MAX_OFFSET 65535

static inline uint32_t load32(const unsigned char* p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}

static inline uint32_t hash4(uint32_t v) { return (v * 2654435761u) >> (32 - HASH_BITS); }

static unsigned char* put_length(unsigned char* out, size_t len) {
  while (len >= 255) *out++ = 255, len -= 255;
  *out++ = (unsigned char)len;
  return out;
}

static unsigned char* put_sequence(unsigned char* out, const unsigned char* lit, size_t nlit,
                                   size_t match, uint32_t offset) {
  unsigned char* token = out++;
  *token = (unsigned char)((nlit < 15 ? nlit : 15) << 4);
  if (nlit >= 15) out = put_length(out, nlit - 15);
  memcpy(out, lit, nlit);
  out += nlit;
  if (match == 0) return out; /* the final, literal-only sequence */
  *out++ = (unsigned char)offset;
  *out++ = (unsigned char)(offset >> 8);
  size_t m = match - MIN_MATCH;
  *token |= (unsigned char)(m < 15 ? m : 15);
  if (m >= 15) out = put_length(out, m - 15);
  return out;
}

static size_t compress(const unsigned char* in, size_t n, unsigned char* out, uint32_t* table) {
  memset(table, 0, sizeof(uint32_t) << HASH_BITS);
  unsigned char* o = out;
  size_t anchor = 0, i = 1;
  while (i + MIN_MATCH + 8 <= n) {
    uint32_t v = load32(in + i);
    uint32_t h = hash4(v);
    size_t cand = table[h];
    table[h] = (uint32_t)i;
    if (cand == 0 || i - cand > MAX_OFFSET || load32(in + cand) != v) {
      i++;
      continue;
    }
    size_t len = MIN_MATCH;
    while (i + len < n - 8 && in[cand + len] == in[i + len]) len++;
    o = put_sequence(o, in + anchor, i - anchor, len, (uint32_t)(i - cand));
    i += len;
    anchor = i;
  }
  o = put_sequence(o, in + anchor, n - anchor, 0, 0);
  return (size_t)(o - out);
}

static size_t get_length(const unsigned char** p, size_t base) {
  size_t len = base;
  if (base == 15) {
    unsigned char b;
    do len += (b = *(*p)++); while (b == 255);
  }
  return len;
}

static size_t decompress(const unsigned char* in, size_t n, unsigned char* out) {
  const unsigned char* p = in;
  const unsigned char* end = in + n;
  unsigned char* o = out;
  while (p < end) {
    unsigned char token = *p++;
    size_t nlit = get_length(&p, token >> 4);
    memcpy(o, p, nlit);
    o += nlit, p += nlit;
    if (p >= end) break;
    size_t offset = (size_t)p[0] | (size_t)p[1] << 8;
    p += 2;
    size_t len = get_length(&p, token & 15) + MIN_MATCH;
    const unsigned char* src = o - offset;
    for (size_t k = 0; k < len; k++) o[k] = src[k]; /* may overlap: byte by byte */
    o += len;
  }
  return (size_t)(o - out);
}

static size_t make_input(unsigned char* buf, size_t size) {
  static const char* const words[] = {"the ", "quick ", "brown ", "fox ", "jumps ", "over ",
                                      "lazy ", "dog ", "wasm ", "runtime ", "bytes ", "\n"};
  bench_rng rng = {1234};
  size_t n = 0;
  while (n + 16 < size) {
    uint64_t r = bench_next(&rng);
    if (r % 32 == 0) { /* some incompressible noise */
      for (int k = 0; k < 8; k++) buf[n++] = (unsigned char)(bench_next(&rng) >> 56);
    } else {
      const char* w = words[(r >> 8) % (sizeof words / sizeof words[0])];
      size_t len = strlen(w);
      memcpy(buf + n, w, len);
      n += len;
    }
  }
  return n;
}

int main(int argc, char** argv) {
  size_t size = (size_t)bench_arg(argc, argv, 1, 2048) * 1024;
  long rounds = bench_arg(argc, argv, 2, 16);
  unsigned char* in = malloc(size + 16);
  unsigned char* packed = malloc(size + size / 255 + 64);
  unsigned char* back = malloc(size + 16);
  uint32_t* table = malloc(sizeof(uint32_t) << HASH_BITS);
  if (!in || !packed || !back || !table) return 1;
  size_t n = make_input(in, size);
  size_t packed_len = 0;
  long mismatches = 0;
  uint64_t checksum = BENCH_FNV_INIT;
  bench_start();
  for (long r = 0; r < rounds; r++) {
    packed_len = compress(in, n, packed, table);
    size_t back_len = decompress(packed, packed_len, back);
    mismatches += back_len != n || memcmp(back, in, n) != 0;
    checksum = bench_fnv(checksum, packed, packed_len < 4096 ? packed_len : 4096);
    in[(size_t)r * 4099 % n] ^= 0x20; /* perturb so each round compresses new data */
  }
  bench_end();
  printf("%zu bytes -> %zu bytes, %ld rounds, mismatches %ld, checksum %016llx\n", n, packed_len,
         rounds, mismatches, (unsigned long long)checksum);
  free(in);
  free(packed);
  free(back);
  free(table);
  return 0;
}
