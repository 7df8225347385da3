// Packed few-row products (see packed_products.h), with a kernel per instruction set.
//
// Why not OpenBLAS: for a 16 × 1152 times 1152 × 4608 product (the AWD-LSTM's per-step hidden
// projection) OpenBLAS spends more time packing the 21 MB weight than multiplying (56 % of the
// AWD stack's training step in its copy routines); packed once per pass here, each step only
// streams it. Measured alone on an Intel Xeon (family 6 model 167, 1 thread, SkylakeX kernels):
// 32×128·128×512 66 → 34 µs, 16×400·400×1600 445 → 265 µs, 16×1152·1152×4608 4.9 → 3.6 ms.
//
// Contraction is on: the sums use fused multiply-adds, over k in order.
#include "packed_products.h"

#include <string.h>

#pragma clang fp contract(fast)

#define ROWS 4

#if defined(__x86_64__)
#define KERNEL avx512
#define TARGET __attribute__((target("avx512f")))
#define LANES 16
#define VECTORS 4
#include "packed_product_kernel.h"
#undef KERNEL
#undef TARGET
#undef LANES
#undef VECTORS

#define KERNEL avx2
#define TARGET __attribute__((target("avx2,fma")))
#define LANES 8
#define VECTORS 3
#include "packed_product_kernel.h"
#undef KERNEL
#undef TARGET
#undef LANES
#undef VECTORS
#endif

#define KERNEL baseline
#define TARGET
#define LANES 4
#define VECTORS 2
#include "packed_product_kernel.h"
#undef KERNEL
#undef TARGET
#undef LANES
#undef VECTORS

typedef void (*product_kernel)(size_t, size_t, size_t, const float *, size_t, const float *, float, float *, size_t, size_t, size_t);

typedef struct {
    size_t panel;
    product_kernel product;
} kernel_choice;

static kernel_choice choose_kernel(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return (kernel_choice){64, product_avx512};
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return (kernel_choice){24, product_avx2};
#endif
    return (kernel_choice){8, product_baseline};
}

// The same choice for packing and products, made once (a data race on first use writes the same
// values).
static kernel_choice chosen_kernel(void) {
    static kernel_choice choice;
    if (choice.panel == 0) choice = choose_kernel();
    return choice;
}

size_t strand_panel_width(void) { return chosen_kernel().panel; }

size_t strand_packed_size(size_t k, size_t n) {
    size_t panel = strand_panel_width();
    return (n + panel - 1) / panel * panel * k;
}

void strand_pack_panels(size_t k, size_t n, const float *b, size_t ldb, int transposed, float *packed) {
    size_t panel = strand_panel_width();
    for (size_t column = 0; column < n; column += panel) {
        float *destination = packed + column / panel * k * panel;
        size_t width = n - column < panel ? n - column : panel;
        // Read along the source's rows: a transposed source's panel column is one of its rows.
        if (transposed) {
            for (size_t j = 0; j < width; j++) {
                const float *source = b + (column + j) * ldb;
                for (size_t p = 0; p < k; p++) destination[p * panel + j] = source[p];
            }
        } else {
            for (size_t p = 0; p < k; p++) memcpy(destination + p * panel, b + p * ldb + column, width * sizeof(float));
        }
        for (size_t p = 0; width < panel && p < k; p++) memset(destination + p * panel + width, 0, (panel - width) * sizeof(float));
    }
}

void strand_packed_product(size_t rows, size_t k, size_t n, const float *a, size_t lda, const float *packed,
                           float beta, float *c, size_t ldc, size_t first_panel, size_t end_panel) {
    chosen_kernel().product(rows, k, n, a, lda, packed, beta, c, ldc, first_panel, end_panel);
}
