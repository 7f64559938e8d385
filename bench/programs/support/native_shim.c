/* Native stand-ins for the bench.start/bench.end imports. bench_end prints the elapsed
 * monotonic time to stderr in the same marker line that the harness's self-timing wasm copies
 * print (bench/harness/instrument.py), so every runtime reports its time the same way. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <time.h>

#include "bench.h"

static struct timespec start_time;

void bench_start(void) { clock_gettime(CLOCK_MONOTONIC, &start_time); }

void bench_end(void) {
  struct timespec end_time;
  clock_gettime(CLOCK_MONOTONIC, &end_time);
  long long ns = (long long)(end_time.tv_sec - start_time.tv_sec) * 1000000000ll +
                 (end_time.tv_nsec - start_time.tv_nsec);
  fprintf(stderr, "NANOPROC_BENCH_NS %lld\n", ns);
}
