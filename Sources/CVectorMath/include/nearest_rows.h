// Keeping each query's best-scoring rows while scanning blocks of scores — the inner loop of
// answering thousands of word-vector queries at once (analogy evaluation).
#ifndef STRAND_NEAREST_ROWS_H
#define STRAND_NEAREST_ROWS_H

#include <stdint.h>

// For each of `query_count` queries, the rows of a block of scores ([query_count, width],
// row-major; column c scores row first_row + c), merges each column into that query's list of its
// `wanted` best (query q's at best_scores + q·wanted and best_rows + q·wanted, with filled[q]
// entries so far, best first). A score joins only when it beats a full list's last entry, so ties
// keep the earlier row.
void strand_nearest_rows_update(const float *scores, int64_t width, int64_t query_count, int64_t first_row,
                                int32_t wanted, float *best_scores, int64_t *best_rows, int32_t *filled);

#endif
