/* base64: RFC 4648 encoding and decoding of a generated buffer, round trip checked each time.
 * Table lookups, shifts and byte stores.
 * Arguments: buffer KiB (default 4096), rounds (default 12). */
#include <stdio.h>
#include <string.h>

#include "support/bench.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t encode(const unsigned char* in, size_t n, char* out) {
  size_t o = 0, i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
    out[o++] = alphabet[v >> 18];
    out[o++] = alphabet[(v >> 12) & 63];
    out[o++] = alphabet[(v >> 6) & 63];
    out[o++] = alphabet[v & 63];
  }
  if (i < n) {
    uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0);
    out[o++] = alphabet[v >> 18];
    out[o++] = alphabet[(v >> 12) & 63];
    out[o++] = i + 1 < n ? alphabet[(v >> 6) & 63] : '=';
    out[o++] = '=';
  }
  return o;
}

/* Returns the decoded length, or (size_t)-1 on a character outside the alphabet. */
static size_t decode(const char* in, size_t n, const signed char* rev, unsigned char* out) {
  size_t o = 0;
  for (size_t i = 0; i + 4 <= n; i += 4) {
    int a = rev[(unsigned char)in[i]], b = rev[(unsigned char)in[i + 1]];
    int c = in[i + 2] == '=' ? 0 : rev[(unsigned char)in[i + 2]];
    int d = in[i + 3] == '=' ? 0 : rev[(unsigned char)in[i + 3]];
    if ((a | b | c | d) < 0) return (size_t)-1;
    uint32_t v = (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6 | (uint32_t)d;
    out[o++] = (unsigned char)(v >> 16);
    if (in[i + 2] != '=') out[o++] = (unsigned char)(v >> 8);
    if (in[i + 3] != '=') out[o++] = (unsigned char)v;
  }
  return o;
}

int main(int argc, char** argv) {
  size_t size = (size_t)bench_arg(argc, argv, 1, 4096) * 1024;
  long rounds = bench_arg(argc, argv, 2, 12);
  unsigned char* data = malloc(size + 1);
  char* text = malloc(size / 3 * 4 + 8);
  unsigned char* back = malloc(size + 4);
  if (!data || !text || !back) return 1;
  bench_rng rng = {64};
  for (size_t i = 0; i < size; i++) data[i] = (unsigned char)bench_next(&rng);
  signed char rev[256];
  memset(rev, -1, sizeof rev);
  for (int i = 0; i < 64; i++) rev[(unsigned char)alphabet[i]] = (signed char)i;
  uint64_t checksum = BENCH_FNV_INIT;
  long mismatches = 0;
  bench_start();
  for (long r = 0; r < rounds; r++) {
    size_t len = size - (size_t)(r % 3); /* exercise every padding case */
    size_t tlen = encode(data, len, text);
    size_t blen = decode(text, tlen, rev, back);
    mismatches += blen != len || memcmp(back, data, len) != 0;
    checksum = bench_fnv(checksum, text, tlen < 4096 ? tlen : 4096);
    data[r % size] ^= text[tlen / 2]; /* next round encodes different bytes */
  }
  bench_end();
  printf("%ld rounds of %zu KiB, mismatches %ld, checksum %016llx\n", rounds, size / 1024,
         mismatches, (unsigned long long)checksum);
  free(data);
  free(text);
  free(back);
  return 0;
}
