// Products of a few-row matrix with a matrix packed once into column panels: the per-time-step
// products of recurrent layers (h·W_hhᵀ forward, gate gradients·W_hh backward), where a general
// BLAS product repacks the same weight at every step.
//
// Packed layout: panels of `strand_panel_width()` columns, panel after panel; within a panel the k
// rows of that many contiguous floats (the last panel zero-padded). A kernel streams one panel
// contiguously while it accumulates a block of rows × the panel's columns in registers.
#ifndef STRAND_PACKED_PRODUCTS_H
#define STRAND_PACKED_PRODUCTS_H

#include <stddef.h>

// Columns per panel for this CPU's kernel: 64 (AVX-512), 24 (AVX2 with FMA) or 8.
size_t strand_panel_width(void);

// Floats a packed k×n matrix takes.
size_t strand_packed_size(size_t k, size_t n);

// Packs the k×n matrix B: b[p·ldb + j], or with `transposed` b[j·ldb + p] (B is then the transpose
// of a row-major n×k matrix, such as a weight stored [out, in]).
void strand_pack_panels(size_t k, size_t n, const float *b, size_t ldb, int transposed, float *packed);

// c[rows × n] = a[rows × k] · B + beta·c, for the panels first_panel ..< end_panel only (so threads
// can split the columns). Rows are row-major with leading dimensions lda and ldc.
void strand_packed_product(size_t rows, size_t k, size_t n, const float *a, size_t lda, const float *packed,
                           float beta, float *c, size_t ldc, size_t first_panel, size_t end_panel);

#endif
