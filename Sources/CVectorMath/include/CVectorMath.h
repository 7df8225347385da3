// Strand's C kernels: vectorized elementwise math, fused recurrent-cell steps, allocator settings.
#include "vector_math.h"
#include "recurrent_cells.h"
#include "allocator.h"
