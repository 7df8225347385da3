// Strand's C kernels: vectorized elementwise math, fused recurrent-cell steps, optimiser updates,
// packed few-row products, allocator settings, word2vec training steps, best-row lists.
#include "vector_math.h"
#include "recurrent_cells.h"
#include "allocator.h"
#include "optimizer_updates.h"
#include "packed_products.h"
#include "word2vec.h"
#include "nearest_rows.h"
