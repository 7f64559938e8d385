// The same spec assertions against the portable (vector-extension) implementation that
// non-x86 builds use, so that code is tested on this machine too.
#define NANOPROC_SEM_PORTABLE 1
#define SEM_SPEC_SUITE SemSpecPortable
#include "sem_spec_cases.h"
