// Every assertion of the spec suite's numeric/SIMD files that targets a one-operator
// function, evaluated directly against src/interp/sem (the implementation this build uses).
#define SEM_SPEC_SUITE SemSpec
#include "sem_spec_cases.h"
