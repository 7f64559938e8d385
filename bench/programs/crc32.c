/* crc32: the IEEE 802.3 CRC (reflected polynomial 0xEDB88320), one table lookup per byte, over
 * a generated buffer. A serial dependency chain of loads, shifts and xors.
 * Arguments: buffer KiB (default 8192), rounds (default 16). */
#include <stdio.h>

#include "support/bench.h"

static uint32_t table[256];

static void make_table(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
}

static uint32_t crc32(uint32_t crc, const unsigned char* p, size_t n) {
  crc = ~crc;
  for (size_t i = 0; i < n; i++) crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

int main(int argc, char** argv) {
  size_t size = (size_t)bench_arg(argc, argv, 1, 8192) * 1024;
  long rounds = bench_arg(argc, argv, 2, 16);
  unsigned char* data = malloc(size + 1);
  if (!data) return 1;
  make_table();
  printf("crc32(\"123456789\") = %08x\n", crc32(0, (const unsigned char*)"123456789", 9));
  bench_rng rng = {5};
  for (size_t i = 0; i < size; i++) data[i] = (unsigned char)bench_next(&rng);
  uint32_t crc = 0;
  bench_start();
  for (long r = 0; r < rounds; r++) crc = crc32(crc, data, size);
  bench_end();
  printf("crc32 of %ld x %zu KiB = %08x\n", rounds, size / 1024, crc);
  free(data);
  return 0;
}
