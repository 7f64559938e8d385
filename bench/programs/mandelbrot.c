/* mandelbrot: escape-time iteration counts over a grid of the complex plane. Double-precision
 * multiply/add with a data-dependent inner loop exit.
 * Arguments: width (default 1000), max iterations (default 500). The image is width x width*3/4. */
#include <stdio.h>

#include "support/bench.h"

int main(int argc, char** argv) {
  int width = (int)bench_arg(argc, argv, 1, 1000);
  int max_iter = (int)bench_arg(argc, argv, 2, 500);
  int height = width * 3 / 4;
  uint64_t total = 0, inside = 0, checksum = BENCH_FNV_INIT;
  bench_start();
  for (int y = 0; y < height; y++) {
    double ci = -1.125 + 2.25 * y / height;
    for (int x = 0; x < width; x++) {
      double cr = -2.25 + 3.0 * x / width;
      double zr = 0, zi = 0, zr2 = 0, zi2 = 0;
      int i = 0;
      while (i < max_iter && zr2 + zi2 <= 4.0) {
        zi = 2.0 * zr * zi + ci;
        zr = zr2 - zi2 + cr;
        zr2 = zr * zr;
        zi2 = zi * zi;
        i++;
      }
      total += (uint64_t)i;
      inside += i == max_iter;
      uint16_t v = (uint16_t)i;
      checksum = bench_fnv(checksum, &v, sizeof v);
    }
  }
  bench_end();
  printf("%dx%d, max %d: iterations %llu, inside %llu, checksum %016llx\n", width, height, max_iter,
         (unsigned long long)total, (unsigned long long)inside, (unsigned long long)checksum);
  return 0;
}
