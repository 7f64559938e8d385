/* fib: doubly recursive Fibonacci. Almost nothing but calls, returns and a compare, so it
 * measures the cost of a function call. Argument: n (default 39). */
#include <stdio.h>

#include "support/bench.h"

__attribute__((noinline)) static uint32_t fib(uint32_t n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int main(int argc, char** argv) {
  uint32_t n = (uint32_t)bench_arg(argc, argv, 1, 39);
  bench_start();
  uint32_t r = fib(n);
  bench_end();
  printf("fib(%u) = %u\n", n, r);
  return 0;
}
