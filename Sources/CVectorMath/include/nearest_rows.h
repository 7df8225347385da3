// Keeping each analogy question's best-scoring rows while scanning blocks of word scores — the
// inner loop of answering thousands of word-vector analogies at once.
#ifndef STRAND_NEAREST_ROWS_H
#define STRAND_NEAREST_ROWS_H

#include <stdint.h>

// `word_scores` ([words, width], row-major) holds the dot products of a few words with a block of
// `width` rows (column c: row first_row + c). Question q's score of a row is
// word_scores[b][c] + word_scores[c′][c] − word_scores[a][c], its three words being
// terms[3q], terms[3q + 1], terms[3q + 2] (b, c′, a). Every score is merged into the question's
// list of its `wanted` best (at best_scores + q·wanted and best_rows + q·wanted, with filled[q]
// entries so far), ordered by score and, for equal scores, by lower row: so a list is the same
// whatever order the blocks come in, and lists of disjoint rows merge exactly.
void strand_nearest_rows_combine(const float *word_scores, int64_t width, const int32_t *terms, int64_t question_count,
                                 int64_t first_row, int32_t wanted, float *best_scores, int64_t *best_rows, int32_t *filled);

#endif
