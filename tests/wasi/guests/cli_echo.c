// Prints its arguments and environment, echoes stdin when asked, and exits with a chosen code:
//   cli_echo [stdin] [exit N] [other args...]
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char** environ;

int main(int argc, char** argv) {
  int code = 0;
  for (int i = 0; i < argc; ++i) printf("arg%d=%s\n", i, argv[i]);
  for (char** e = environ; *e; ++e) printf("env %s\n", *e);
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "exit") && i + 1 < argc) code = atoi(argv[i + 1]);
    if (!strcmp(argv[i], "stdin")) {
      char line[256];
      while (fgets(line, sizeof line, stdin)) printf("stdin %s", line);
    }
  }
  fflush(stdout);
  return code;
}
