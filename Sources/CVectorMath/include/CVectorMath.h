// Strand's C kernels: vectorized elementwise math, fused recurrent-cell steps, optimiser updates,
// allocator settings.
#include "vector_math.h"
#include "recurrent_cells.h"
#include "allocator.h"
#include "optimizer_updates.h"
