// Strand's C kernels: vectorized elementwise math and fused recurrent-cell steps.
#include "vector_math.h"
#include "recurrent_cells.h"
