/* strsearch: counts occurrences of several patterns in a generated text of words, with a naive
 * scan (memcmp at each candidate of the first byte) and with Boyer-Moore-Horspool; both counts
 * must agree. Byte loads and short data-dependent loops.
 * Arguments: text KiB (default 4096), rounds (default 4). */
#include <stdio.h>
#include <string.h>

#include "support/bench.h"

static const char* const words[] = {
    "lorem", "ipsum", "module", "memory", "table", "global", "export", "import", "func",
    "block", "loop", "branch", "if", "else", "end", "call", "return", "local", "select",
    "wasm", "value", "stack", "trap", "start", "data", "elem", "type", "param", "result"};
#define NWORDS (sizeof words / sizeof words[0])

static const char* const patterns[] = {"wasm", "memory table", "return end", "branch if else",
                                       "select", "q", "type param result", "loop block"};
#define NPATTERNS (sizeof patterns / sizeof patterns[0])

static long naive_count(const char* text, long n, const char* pat, long m) {
  long count = 0;
  for (long i = 0; i + m <= n; i++) {
    if (text[i] != pat[0]) continue;
    long k = 1;
    while (k < m && text[i + k] == pat[k]) k++;
    if (k == m) count++;
  }
  return count;
}

static long horspool_count(const char* text, long n, const char* pat, long m) {
  long shift[256];
  for (int c = 0; c < 256; c++) shift[c] = m;
  for (long k = 0; k + 1 < m; k++) shift[(unsigned char)pat[k]] = m - 1 - k;
  long count = 0;
  for (long i = 0; i + m <= n;) {
    unsigned char last = (unsigned char)text[i + m - 1];
    if (last == (unsigned char)pat[m - 1] && memcmp(text + i, pat, (size_t)m - 1) == 0) count++;
    i += shift[last];
  }
  return count;
}

int main(int argc, char** argv) {
  long size = bench_arg(argc, argv, 1, 4096) * 1024;
  long rounds = bench_arg(argc, argv, 2, 4);
  char* text = malloc((size_t)size + 32);
  if (!text) return 1;
  bench_rng rng = {31337};
  long n = 0;
  while (n < size) {
    const char* w = words[bench_next(&rng) % NWORDS];
    size_t len = strlen(w);
    if (n + (long)len + 1 > size) break;
    memcpy(text + n, w, len);
    n += (long)len;
    text[n++] = ' ';
  }
  long counts[NPATTERNS] = {0};
  long disagreements = 0;
  bench_start();
  for (long r = 0; r < rounds; r++) {
    for (size_t p = 0; p < NPATTERNS; p++) {
      long m = (long)strlen(patterns[p]);
      long a = naive_count(text, n, patterns[p], m);
      long b = horspool_count(text, n, patterns[p], m);
      disagreements += a != b;
      counts[p] += a;
    }
  }
  bench_end();
  for (size_t p = 0; p < NPATTERNS; p++) printf("\"%s\": %ld\n", patterns[p], counts[p]);
  printf("text %ld bytes, %ld rounds, disagreements %ld\n", n, rounds, disagreements);
  free(text);
  return 0;
}
