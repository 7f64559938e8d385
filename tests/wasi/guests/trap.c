// Traps (unreachable) two named calls deep, for the backtrace nanoproc run prints.
#include <stdio.h>

__attribute__((noinline)) void innermost_function_that_traps(int x) {
  if (x > 0) __builtin_trap();
}

__attribute__((noinline)) void function_calling_the_trap(int x) {
  innermost_function_that_traps(x);
  puts("not reached");
}

int main(int argc, char** argv) {
  (void)argv;
  function_calling_the_trap(argc);
  return 0;
}
