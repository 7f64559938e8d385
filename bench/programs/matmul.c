/* matmul: dense double-precision matrix multiply, i-k-j loop order so the inner loop streams
 * through rows. Floating-point multiply-add and loads/stores with address arithmetic.
 * Argument: n (default 384), repeats (default 3). */
#include <stdio.h>

#include "support/bench.h"

static void multiply(const double* a, const double* b, double* c, int n) {
  for (int i = 0; i < n * n; i++) c[i] = 0;
  for (int i = 0; i < n; i++) {
    for (int k = 0; k < n; k++) {
      double aik = a[i * n + k];
      const double* brow = b + k * n;
      double* crow = c + i * n;
      for (int j = 0; j < n; j++) crow[j] += aik * brow[j];
    }
  }
}

int main(int argc, char** argv) {
  int n = (int)bench_arg(argc, argv, 1, 384);
  long repeats = bench_arg(argc, argv, 2, 3);
  double* a = malloc(sizeof(double) * n * n);
  double* b = malloc(sizeof(double) * n * n);
  double* c = malloc(sizeof(double) * n * n);
  if (!a || !b || !c) return 1;
  bench_rng rng = {42};
  for (int i = 0; i < n * n; i++) {
    a[i] = (double)(bench_next(&rng) % 2001) / 1000.0 - 1.0;
    b[i] = (double)(bench_next(&rng) % 2001) / 1000.0 - 1.0;
  }
  double trace = 0;
  bench_start();
  for (long r = 0; r < repeats; r++) {
    multiply(a, b, c, n);
    /* Feed the result back so no repeat can be skipped. */
    a[r % (n * n)] += c[(r * 7) % (n * n)] * 1e-3;
  }
  bench_end();
  for (int i = 0; i < n; i++) trace += c[i * n + i];
  double sum = 0;
  for (int i = 0; i < n * n; i++) sum += c[i];
  printf("n=%d trace=%.6f sum=%.6f\n", n, trace, sum);
  free(a);
  free(b);
  free(c);
  return 0;
}
