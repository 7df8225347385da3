// What Strand needs to know and set about the machine it runs on: the CPU's instruction sets,
// the per-thread floating-point mode, spinning politely, and OpenBLAS's kernel selection and worker threads.
#include "cpu_features.h"
#include "floating_point_mode.h"
#include "openblas_runtime.h"
#include "spin_wait.h"
