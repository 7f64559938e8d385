/* interp: a small stack-based bytecode interpreter (switch dispatch) running two guest
 * programs: Collatz step counts and a sum of Euclid GCDs. An interpreter inside the interpreter:
 * indirect branches, a data-dependent dispatch and short-lived stack traffic.
 * Arguments: collatz limit (default 60000), gcd square side (default 360). */
#include <stdio.h>

#include "support/bench.h"

enum {
  OP_PUSH, /* imm: push imm */
  OP_LOAD, /* imm: push reg[imm] */
  OP_STORE, /* imm: reg[imm] = pop */
  OP_ADD,
  OP_SUB,
  OP_MUL,
  OP_MOD,
  OP_SHR1,
  OP_AND1,
  OP_LT, /* push (a < b) */
  OP_NE,
  OP_JMP, /* imm: pc = imm */
  OP_JZ, /* imm: if pop == 0 then pc = imm */
  OP_INC, /* imm: reg[imm]++ */
  OP_HALT,
};

typedef struct {
  int32_t code[256];
  int n;
} program;

static void emit(program* p, int32_t op) { p->code[p->n++] = op; }
static void emit2(program* p, int32_t op, int32_t imm) { emit(p, op), emit(p, imm); }
static int here(const program* p) { return p->n; }
/* Emits a jump with an unknown target; returns the slot to patch. */
static int emit_jump(program* p, int32_t op) {
  emit2(p, op, -1);
  return p->n - 1;
}
static void patch(program* p, int slot, int target) { p->code[slot] = target; }

static int64_t run(const int32_t* code, int64_t* reg) {
  int64_t stack[64];
  int sp = 0;
  int pc = 0;
  for (;;) {
    int32_t op = code[pc++];
    switch (op) {
      case OP_PUSH: stack[sp++] = code[pc++]; break;
      case OP_LOAD: stack[sp++] = reg[code[pc++]]; break;
      case OP_STORE: reg[code[pc++]] = stack[--sp]; break;
      case OP_ADD: sp--, stack[sp - 1] += stack[sp]; break;
      case OP_SUB: sp--, stack[sp - 1] -= stack[sp]; break;
      case OP_MUL: sp--, stack[sp - 1] *= stack[sp]; break;
      case OP_MOD: sp--, stack[sp - 1] %= stack[sp]; break;
      case OP_SHR1: stack[sp - 1] >>= 1; break;
      case OP_AND1: stack[sp - 1] &= 1; break;
      case OP_LT: sp--, stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case OP_NE: sp--, stack[sp - 1] = stack[sp - 1] != stack[sp]; break;
      case OP_JMP: pc = code[pc]; break;
      case OP_JZ: pc = stack[--sp] == 0 ? code[pc] : pc + 1; break;
      case OP_INC: reg[code[pc++]]++; break;
      case OP_HALT: return reg[0];
      default: return -1;
    }
  }
}

/* reg: 0 total, 1 i, 2 x, 3 limit.
 *   for (i = 1; i < limit; i++) { x = i; while (x != 1) { x = x&1 ? 3x+1 : x>>1; total++; } } */
static void collatz_program(program* p) {
  emit2(p, OP_PUSH, 1), emit2(p, OP_STORE, 1);
  int outer = here(p);
  emit2(p, OP_LOAD, 1), emit2(p, OP_LOAD, 3), emit(p, OP_LT);
  int exit_outer = emit_jump(p, OP_JZ);
  emit2(p, OP_LOAD, 1), emit2(p, OP_STORE, 2);
  int inner = here(p);
  emit2(p, OP_LOAD, 2), emit2(p, OP_PUSH, 1), emit(p, OP_NE);
  int exit_inner = emit_jump(p, OP_JZ);
  emit2(p, OP_LOAD, 2), emit(p, OP_AND1);
  int even = emit_jump(p, OP_JZ);
  emit2(p, OP_LOAD, 2), emit2(p, OP_PUSH, 3), emit(p, OP_MUL), emit2(p, OP_PUSH, 1), emit(p, OP_ADD);
  emit2(p, OP_STORE, 2);
  int join = emit_jump(p, OP_JMP);
  patch(p, even, here(p));
  emit2(p, OP_LOAD, 2), emit(p, OP_SHR1), emit2(p, OP_STORE, 2);
  patch(p, join, here(p));
  emit2(p, OP_INC, 0), emit2(p, OP_JMP, inner);
  patch(p, exit_inner, here(p));
  emit2(p, OP_INC, 1), emit2(p, OP_JMP, outer);
  patch(p, exit_outer, here(p));
  emit(p, OP_HALT);
}

/* reg: 0 total, 1 a, 2 b, 3 side, 4 x, 5 y, 6 t.
 *   for a in 1..side-1, b in 1..side-1: x=a, y=b; while (y) { t = x % y; x = y; y = t; } total += x */
static void gcd_program(program* p) {
  emit2(p, OP_PUSH, 1), emit2(p, OP_STORE, 1);
  int loop_a = here(p);
  emit2(p, OP_LOAD, 1), emit2(p, OP_LOAD, 3), emit(p, OP_LT);
  int exit_a = emit_jump(p, OP_JZ);
  emit2(p, OP_PUSH, 1), emit2(p, OP_STORE, 2);
  int loop_b = here(p);
  emit2(p, OP_LOAD, 2), emit2(p, OP_LOAD, 3), emit(p, OP_LT);
  int exit_b = emit_jump(p, OP_JZ);
  emit2(p, OP_LOAD, 1), emit2(p, OP_STORE, 4), emit2(p, OP_LOAD, 2), emit2(p, OP_STORE, 5);
  int loop_e = here(p);
  emit2(p, OP_LOAD, 5);
  int exit_e = emit_jump(p, OP_JZ);
  emit2(p, OP_LOAD, 4), emit2(p, OP_LOAD, 5), emit(p, OP_MOD), emit2(p, OP_STORE, 6);
  emit2(p, OP_LOAD, 5), emit2(p, OP_STORE, 4), emit2(p, OP_LOAD, 6), emit2(p, OP_STORE, 5);
  emit2(p, OP_JMP, loop_e);
  patch(p, exit_e, here(p));
  emit2(p, OP_LOAD, 0), emit2(p, OP_LOAD, 4), emit(p, OP_ADD), emit2(p, OP_STORE, 0);
  emit2(p, OP_INC, 2), emit2(p, OP_JMP, loop_b);
  patch(p, exit_b, here(p));
  emit2(p, OP_INC, 1), emit2(p, OP_JMP, loop_a);
  patch(p, exit_a, here(p));
  emit(p, OP_HALT);
}

int main(int argc, char** argv) {
  int64_t limit = bench_arg(argc, argv, 1, 60000);
  int64_t side = bench_arg(argc, argv, 2, 360);
  program collatz = {{0}, 0}, gcd = {{0}, 0};
  collatz_program(&collatz);
  gcd_program(&gcd);
  int64_t reg_c[8] = {0, 0, 0, limit}, reg_g[8] = {0, 0, 0, side};
  bench_start();
  int64_t steps = run(collatz.code, reg_c);
  int64_t gsum = run(gcd.code, reg_g);
  bench_end();
  printf("collatz steps below %lld: %lld\n", (long long)limit, (long long)steps);
  printf("sum of gcd(a, b) for a, b < %lld: %lld\n", (long long)side, (long long)gsum);
  return 0;
}
