/* quicksort: in-place quicksort (median of three, insertion sort for short runs) of 32-bit
 * keys, repeated on fresh permutations. Unpredictable branches, recursion, swaps in memory.
 * Arguments: count (default 1000000), repeats (default 4). */
#include <stdio.h>

#include "support/bench.h"

static void insertion_sort(int32_t* a, long n) {
  for (long i = 1; i < n; i++) {
    int32_t v = a[i];
    long j = i - 1;
    while (j >= 0 && a[j] > v) a[j + 1] = a[j], j--;
    a[j + 1] = v;
  }
}

static inline void swap(int32_t* a, int32_t* b) {
  int32_t t = *a;
  *a = *b;
  *b = t;
}

static void quicksort(int32_t* a, long n) {
  while (n > 16) {
    long mid = n / 2;
    if (a[mid] < a[0]) swap(&a[mid], &a[0]);
    if (a[n - 1] < a[0]) swap(&a[n - 1], &a[0]);
    if (a[n - 1] < a[mid]) swap(&a[n - 1], &a[mid]);
    int32_t pivot = a[mid];
    long i = 0, j = n - 1;
    for (;;) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i >= j) break;
      swap(&a[i], &a[j]);
      i++, j--;
    }
    /* Recurse into the smaller half, loop on the larger: bounded stack depth. */
    long left = j + 1;
    if (left < n - left) {
      quicksort(a, left);
      a += left, n -= left;
    } else {
      quicksort(a + left, n - left);
      n = left;
    }
  }
  insertion_sort(a, n);
}

int main(int argc, char** argv) {
  long count = bench_arg(argc, argv, 1, 1000000);
  long repeats = bench_arg(argc, argv, 2, 4);
  int32_t* a = malloc(sizeof(int32_t) * (count + 1));
  if (!a) return 1;
  bench_rng rng = {2024};
  uint64_t checksum = BENCH_FNV_INIT;
  long unsorted = 0;
  bench_start();
  for (long r = 0; r < repeats; r++) {
    for (long i = 0; i < count; i++) a[i] = (int32_t)(bench_next(&rng) >> 33) - (1 << 30);
    quicksort(a, count);
    for (long i = 1; i < count; i++) unsorted += a[i - 1] > a[i];
    checksum = bench_fnv(checksum, a, sizeof(int32_t) * count);
  }
  bench_end();
  printf("sorted %ld x %ld keys, out of order: %ld, checksum %016llx\n", repeats, count, unsorted,
         (unsigned long long)checksum);
  free(a);
  return 0;
}
