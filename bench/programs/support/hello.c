/* The native baseline of the start-up table: the smallest program that writes a line. */
#include <stdio.h>

int main(void) {
  puts("Hello, world!");
  return 0;
}
