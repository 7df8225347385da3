// The C interfaces Strand calls: CBLAS (matrix products) and LAPACKE (SVD), both from OpenBLAS
// on Debian/Ubuntu (`libopenblas-dev`, `liblapacke-dev`).
#ifndef STRAND_COPENBLAS_SHIM_H
#define STRAND_COPENBLAS_SHIM_H

#include <cblas.h>
#include <lapacke.h>

// OpenBLAS's thread controls. Declared here too because a `cblas.h` chosen by Debian's
// alternatives system may be the reference CBLAS header, which lacks them.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);

#endif
