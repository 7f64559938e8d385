/* sieve: the sieve of Eratosthenes over a byte array, run several times. Tight loops of
 * byte stores with a stride; tests loop overhead and memory bounds checks.
 * Arguments: limit (default 2000000), rounds (default 40). */
#include <stdio.h>
#include <string.h>

#include "support/bench.h"

static uint32_t sieve(unsigned char* composite, uint32_t limit) {
  memset(composite, 0, limit + 1);
  uint32_t count = 0;
  for (uint32_t i = 2; i <= limit; i++) {
    if (composite[i]) continue;
    count++;
    for (uint64_t j = (uint64_t)i * i; j <= limit; j += i) composite[j] = 1;
  }
  return count;
}

int main(int argc, char** argv) {
  uint32_t limit = (uint32_t)bench_arg(argc, argv, 1, 2000000);
  long rounds = bench_arg(argc, argv, 2, 40);
  unsigned char* composite = malloc(limit + 1);
  if (!composite) return 1;
  uint64_t total = 0;
  uint32_t count = 0;
  bench_start();
  for (long r = 0; r < rounds; r++) {
    count = sieve(composite, limit - (uint32_t)(r & 7));
    total += count;
  }
  bench_end();
  printf("primes <= %u: %u (sum over %ld rounds: %llu)\n", limit - (uint32_t)((rounds - 1) & 7),
         count, rounds, (unsigned long long)total);
  free(composite);
  return 0;
}
