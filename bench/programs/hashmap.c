/* hashmap: an open-addressing hash table (linear probing, power-of-two capacity, tombstone-free
 * backward-shift deletion) with 64-bit keys, far larger than the caches: inserts, hits, misses
 * and deletes in random order. Memory-bound: most probes miss the cache.
 * Arguments: keys (default 1000000), rounds (default 2). */
#include <stdio.h>
#include <string.h>

#include "support/bench.h"

typedef struct {
  uint64_t* keys; /* 0 = empty */
  uint64_t* values;
  uint64_t mask;
  uint64_t size;
} table;

static inline uint64_t hash(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33;
  return k;
}

static void put(table* t, uint64_t k, uint64_t v) {
  uint64_t i = hash(k) & t->mask;
  while (t->keys[i] != 0 && t->keys[i] != k) i = (i + 1) & t->mask;
  if (t->keys[i] == 0) t->size++;
  t->keys[i] = k;
  t->values[i] = v;
}

static int get(const table* t, uint64_t k, uint64_t* v) {
  uint64_t i = hash(k) & t->mask;
  while (t->keys[i] != 0) {
    if (t->keys[i] == k) {
      *v = t->values[i];
      return 1;
    }
    i = (i + 1) & t->mask;
  }
  return 0;
}

static int erase(table* t, uint64_t k) {
  uint64_t i = hash(k) & t->mask;
  while (t->keys[i] != k) {
    if (t->keys[i] == 0) return 0;
    i = (i + 1) & t->mask;
  }
  /* Shift later members of the cluster back so lookups never need tombstones. */
  uint64_t j = i;
  for (;;) {
    j = (j + 1) & t->mask;
    if (t->keys[j] == 0) break;
    uint64_t home = hash(t->keys[j]) & t->mask;
    /* Move j into the hole at i unless its home lies cyclically in (i, j]. */
    int stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
    if (stays) continue;
    t->keys[i] = t->keys[j];
    t->values[i] = t->values[j];
    i = j;
  }
  t->keys[i] = 0;
  t->size--;
  return 1;
}

int main(int argc, char** argv) {
  uint64_t n = (uint64_t)bench_arg(argc, argv, 1, 1000000);
  long rounds = bench_arg(argc, argv, 2, 2);
  uint64_t capacity = 1;
  while (capacity < n * 2) capacity <<= 1;
  table t = {calloc(capacity, 8), calloc(capacity, 8), capacity - 1, 0};
  uint64_t* order = malloc(sizeof(uint64_t) * (n + 1));
  if (!t.keys || !t.values || !order) return 1;
  bench_rng rng = {99};
  for (uint64_t i = 0; i < n; i++) order[i] = (bench_next(&rng) | 1);
  uint64_t found = 0, missing = 0, erased = 0, sum = 0;
  bench_start();
  for (long r = 0; r < rounds; r++) {
    for (uint64_t i = 0; i < n; i++) put(&t, order[i], i + (uint64_t)r);
    for (uint64_t i = 0; i < n; i++) {
      uint64_t v;
      if (get(&t, order[(i * 7919) % n], &v)) found++, sum += v;
      if (get(&t, order[i] + 1, &v)) found++; /* keys are odd: +1 never hits */
      else missing++;
    }
    for (uint64_t i = 0; i < n; i += 2) erased += (uint64_t)erase(&t, order[i]);
  }
  bench_end();
  printf("size %llu, found %llu, missing %llu, erased %llu, sum %llu\n",
         (unsigned long long)t.size, (unsigned long long)found, (unsigned long long)missing,
         (unsigned long long)erased, (unsigned long long)sum);
  free(t.keys);
  free(t.values);
  free(order);
  return 0;
}
