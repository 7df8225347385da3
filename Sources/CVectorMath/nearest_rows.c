// Best-row lists for analogy questions (see nearest_rows.h). Nearly every group of sixteen scores
// has none that reaches a list's bar, which one vector comparison shows; `target_clones` builds
// the scan for AVX-512, AVX2 and baseline x86-64.
#include "nearest_rows.h"

#include <string.h>

#if defined(__x86_64__) && defined(__clang__)
#define NEAREST_MULTIVERSION __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NEAREST_MULTIVERSION
#endif

#define LANES 16
typedef float lanes_t __attribute__((vector_size(LANES * sizeof(float))));

// Whether (score, row) ranks before (other_score, other_row): higher score, then lower row.
static inline int ranks_before(float score, int64_t row, float other_score, int64_t other_row) {
    return score > other_score || (score == other_score && row < other_row);
}

// Inserts (score, row) into a list of `count` entries (best first), keeping at most `wanted`.
static inline int32_t offer(float *scores, int64_t *rows, int32_t count, int32_t wanted, float score, int64_t row) {
    if (count == wanted && !ranks_before(score, row, scores[wanted - 1], rows[wanted - 1])) return count;
    int32_t position = count < wanted ? count : wanted - 1;
    while (position > 0 && ranks_before(score, row, scores[position - 1], rows[position - 1])) {
        scores[position] = scores[position - 1];
        rows[position] = rows[position - 1];
        position--;
    }
    scores[position] = score;
    rows[position] = row;
    return count < wanted ? count + 1 : count;
}

NEAREST_MULTIVERSION
void strand_nearest_rows_combine(const float *word_scores, int64_t width, const int32_t *terms, int64_t question_count,
                                 int64_t first_row, int32_t wanted, float *best_scores, int64_t *best_rows, int32_t *filled) {
    for (int64_t question = 0; question < question_count; question++) {
        const float *plus_first = word_scores + terms[3 * question] * width;
        const float *plus_second = word_scores + terms[3 * question + 1] * width;
        const float *minus = word_scores + terms[3 * question + 2] * width;
        float *scores = best_scores + question * wanted;
        int64_t *rows = best_rows + question * wanted;
        int32_t count = filled[question];
        int64_t column = 0;
        for (; column + LANES <= width; column += LANES) {
            lanes_t first, second, third;
            memcpy(&first, plus_first + column, sizeof first);
            memcpy(&second, plus_second + column, sizeof second);
            memcpy(&third, minus + column, sizeof third);
            lanes_t sums = first + second - third;
            // Below a full list's bar no score in the group can join (an equal one might, by a
            // lower row); -inf lets all in otherwise.
            float bar = count == wanted ? scores[wanted - 1] : -__builtin_inff();
            int reaches = 0;
            for (int lane = 0; lane < LANES; lane++) reaches |= sums[lane] >= bar;
            if (!reaches) continue;
            for (int lane = 0; lane < LANES; lane++) {
                count = offer(scores, rows, count, wanted, sums[lane], first_row + column + lane);
            }
        }
        for (; column < width; column++) {
            float sum = plus_first[column] + plus_second[column] - minus[column];
            count = offer(scores, rows, count, wanted, sum, first_row + column);
        }
        filled[question] = count;
    }
}
