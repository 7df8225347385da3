// One instruction set's packed-product kernel, included by packed_products.c once per set with
// KERNEL (a name suffix), TARGET (the instruction-set attribute, or nothing), LANES (floats per vector) and
// VECTORS (vectors per panel row) defined. A block is ROWS rows × one panel: ROWS × VECTORS
// accumulators, VECTORS panel loads and one broadcast per step of k, all in registers.
#define CONCAT_(a, b) a##b
#define CONCAT(a, b) CONCAT_(a, b)
#define VECTOR CONCAT(vector_, KERNEL)
#define PANEL (LANES * VECTORS)

typedef float VECTOR __attribute__((vector_size(LANES * sizeof(float))));

static inline __attribute__((always_inline)) TARGET VECTOR CONCAT(load_, KERNEL)(const float *p) {
    VECTOR value;
    memcpy(&value, p, sizeof value);
    return value;
}

static inline __attribute__((always_inline)) TARGET void CONCAT(block_, KERNEL)(
    size_t rows, size_t k, const float *a, size_t lda, const float *panel, float beta, float *c, size_t ldc, size_t width) {
    VECTOR sums[ROWS][VECTORS];
    for (size_t r = 0; r < rows; r++)
        for (size_t v = 0; v < VECTORS; v++) sums[r][v] = (VECTOR){0};
    for (size_t p = 0; p < k; p++) {
        VECTOR b[VECTORS];
        for (size_t v = 0; v < VECTORS; v++) b[v] = CONCAT(load_, KERNEL)(panel + p * PANEL + v * LANES);
        for (size_t r = 0; r < rows; r++) {
            float scalar = a[r * lda + p];
            for (size_t v = 0; v < VECTORS; v++) sums[r][v] += scalar * b[v];
        }
    }
    for (size_t r = 0; r < rows; r++) {
        float out[PANEL];
        memcpy(out, sums[r], sizeof out);
        float *row = c + r * ldc;
        if (beta != 0) {
            for (size_t j = 0; j < width; j++) row[j] = out[j] + beta * row[j];
        } else {
            for (size_t j = 0; j < width; j++) row[j] = out[j];
        }
    }
}

TARGET static void CONCAT(product_, KERNEL)(
    size_t rows, size_t k, size_t n, const float *a, size_t lda, const float *packed, float beta, float *c, size_t ldc,
    size_t first_panel, size_t end_panel) {
    for (size_t index = first_panel; index < end_panel; index++) {
        const float *panel = packed + index * k * PANEL;
        size_t column = index * PANEL;
        size_t width = n - column < PANEL ? n - column : PANEL;
        size_t i = 0;
        for (; i + ROWS <= rows; i += ROWS)
            CONCAT(block_, KERNEL)(ROWS, k, a + i * lda, lda, panel, beta, c + i * ldc + column, ldc, width);
        for (; i < rows; i++) CONCAT(block_, KERNEL)(1, k, a + i * lda, lda, panel, beta, c + i * ldc + column, ldc, width);
    }
}

#undef PANEL
#undef VECTOR
#undef CONCAT
#undef CONCAT_
