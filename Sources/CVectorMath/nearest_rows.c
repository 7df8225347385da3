// Best-row lists for blocks of scores (see nearest_rows.h). Nearly every group of sixteen scores
// has none above a list's bar, which one vector comparison shows; `target_clones` builds the scan
// for AVX-512, AVX2 and baseline x86-64.
#include "nearest_rows.h"

#if defined(__x86_64__) && defined(__clang__)
#define NEAREST_MULTIVERSION __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NEAREST_MULTIVERSION
#endif

// Inserts (score, row) into a list of `count` entries (best first), keeping at most `wanted`.
static inline int32_t offer(float *scores, int64_t *rows, int32_t count, int32_t wanted, float score, int64_t row) {
    if (count == wanted && !(score > scores[wanted - 1])) return count;
    int32_t position = count < wanted ? count : wanted - 1;
    while (position > 0 && score > scores[position - 1]) {
        scores[position] = scores[position - 1];
        rows[position] = rows[position - 1];
        position--;
    }
    scores[position] = score;
    rows[position] = row;
    return count < wanted ? count + 1 : count;
}

NEAREST_MULTIVERSION
void strand_nearest_rows_update(const float *block, int64_t width, int64_t query_count, int64_t first_row,
                                int32_t wanted, float *best_scores, int64_t *best_rows, int32_t *filled) {
    for (int64_t query = 0; query < query_count; query++) {
        const float *row_scores = block + query * width;
        float *scores = best_scores + query * wanted;
        int64_t *rows = best_rows + query * wanted;
        int32_t count = filled[query];
        int64_t column = 0;
        for (; column + 16 <= width; column += 16) {
            // Below a full list's bar no score in the group can join; -inf lets all in otherwise.
            float bar = count == wanted ? scores[wanted - 1] : -__builtin_inff();
            int above = 0;
            for (int lane = 0; lane < 16; lane++) above |= row_scores[column + lane] > bar;
            if (!above) continue;
            for (int lane = 0; lane < 16; lane++) {
                count = offer(scores, rows, count, wanted, row_scores[column + lane], first_row + column + lane);
            }
        }
        for (; column < width; column++) count = offer(scores, rows, count, wanted, row_scores[column], first_row + column);
        filled[query] = count;
    }
}
