// word2vec and FastText training (see word2vec.h). Each detail follows gensim 4.4's
// word2vec_inner.pyx (itself word2vec.c) and fasttext_inner.pyx: the random stream, downsampling,
// window shrinking, the sigmoid tables and their index, the scores beyond the table, which vector
// predicts which, and the order of updates. The vector loops are plain C that clang vectorizes;
// `target_clones` builds each job function for AVX-512, AVX2 and baseline x86-64, and the helpers
// are always inlined so their loops are compiled inside each clone (a separate static function
// would be baseline only).
#include "word2vec.h"

#include <math.h>

#if defined(__x86_64__) && defined(__clang__)
#define W2V_MULTIVERSION __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define W2V_MULTIVERSION
#endif

static const uint64_t LCG_MULTIPLIER = 25214903917ULL;
static const uint64_t LCG_MASK = 281474976710655ULL;   // 2⁴⁸ − 1

// The state's top 32 bits, then one step of the generator (gensim's `random_int32`).
static inline uint32_t random_int32(uint64_t *next_random) {
    uint32_t value = (uint32_t)(*next_random >> 16);
    *next_random = (*next_random * LCG_MULTIPLIER + 11) & LCG_MASK;
    return value;
}

// The argument in double from a float ratio, as gensim's Cython compiles it, so the tables are
// gensim's to the bit.
void strand_w2v_tables(float *sigmoid, float *log_sigmoid, int32_t size, int32_t max_exp) {
    for (int i = 0; i < size; i++) {
        float e = (float)exp(((double)((float)i / (float)size) * 2.0 - 1.0) * max_exp);
        sigmoid[i] = (float)((double)e / ((double)e + 1.0));
        log_sigmoid[i] = (float)log((double)sigmoid[i]);
    }
}

// The table index of f in (−max_exp, max_exp): word2vec.c's integer constant 1000 / 6 / 2 = 83,
// FastText's 512 / 8 / 2 = 32; the sum in double, as gensim's.
static inline int table_index(const strand_w2v_model *m, float f) {
    return (int)(((double)f + m->max_exp) * (m->table_size / m->max_exp / 2));
}

static inline int out_of_range(const strand_w2v_model *m, float f) { return f <= -m->max_exp || f >= m->max_exp; }

// Reassociation lets the sum vectorize (as BLAS's sdot, which gensim calls, does); contraction
// lets both loops use fused multiply-adds.
__attribute__((always_inline)) static inline float dot(const float *a, const float *b, int n) {
#pragma clang fp reassociate(on) contract(fast)
    float sum = 0;
    for (int i = 0; i < n; i++) sum += a[i] * b[i];
    return sum;
}

__attribute__((always_inline)) static inline void axpy(float alpha, const float *x, float *y, int n) {
#pragma clang fp contract(fast)
    for (int i = 0; i < n; i++) y[i] += alpha * x[i];
}

// The first index in low...high whose cumulative count reaches `value` (Python's bisect_left).
static inline int32_t bisect_left(const uint32_t *table, int32_t low, int32_t high, uint32_t value) {
    while (low < high) {
        int32_t middle = (low + high) / 2;
        if (table[middle] < value) low = middle + 1; else high = middle;
    }
    return low;
}

void strand_w2v_noise_index(const uint32_t *cumulative, int32_t vocabulary, uint32_t *index) {
    for (uint32_t k = 0; k <= STRAND_W2V_NOISE_INDEX_SIZE; k++) {
        index[k] = (uint32_t)bisect_left(cumulative, 0, vocabulary, k << STRAND_W2V_NOISE_INDEX_SHIFT);
    }
}

// The noise word for a draw: gensim's bisect_left over the whole table, narrowed first by the
// index to the words whose cumulative counts lie in the draw's slice (usually one or two).
static inline int32_t noise_word(const strand_w2v_model *m, uint32_t value) {
    uint32_t slice = value >> STRAND_W2V_NOISE_INDEX_SHIFT;
    return bisect_left(m->cumulative, (int32_t)m->noise_index[slice], (int32_t)m->noise_index[slice + 1], value);
}

// Asks for a row's cache lines ahead of its use: the rows of one step are scattered over a matrix
// far larger than the caches, so without this each waits on memory in turn.
static inline void prefetch_row(const float *row, int n) {
    for (int k = 0; k < n; k += 16) __builtin_prefetch(row + k, 1, 3);
}

// Hierarchical softmax for one target word from hidden vector `hidden`: along the word's path, each
// inner node predicts the code's bit (σ(f) for a 0); in-range nodes add their error times their
// vector to `work` and are updated. Returns the loss contribution.
__attribute__((always_inline)) static inline double train_path(const strand_w2v_model *m, int32_t target, const float *hidden,
                                                              float *work, float alpha) {
    const int n = m->dimension;
    double loss = 0;
    for (int64_t b = m->code_starts[target]; b < m->code_starts[target + 1]; b++) {
        float *node = m->inner + (size_t)m->points[b] * n;
        float f = dot(hidden, node, n);
        if (out_of_range(m, f)) continue;
        float g = (1 - m->codes[b] - m->sigmoid[table_index(m, f)]) * alpha;
        loss -= m->log_sigmoid[table_index(m, m->codes[b] ? -f : f)];
        axpy(g, node, work, n);
        axpy(g, hidden, node, n);
    }
    return loss;
}

// Negative sampling for one target word from hidden vector `hidden`: the target (label 1) and
// `negative` noise words (label 0, never the target itself); each adds its error times its output
// vector to `work` and updates that output vector. A score beyond the table is skipped, or with
// `saturate` (FastText's CBOW) taken as σ = 0 or 1. Returns the loss over the in-range scores.
// The noise words are drawn first (the same draws, in the same order) into `noise`, so that their
// rows can be fetched from memory together.
__attribute__((always_inline)) static inline double train_target(const strand_w2v_model *m, int32_t target, const float *hidden, float *work,
                                  float alpha, int saturate, int32_t *noise, uint64_t *next_random) {
    const int n = m->dimension;
    const uint32_t last = m->cumulative[m->vocabulary - 1];
    int count = 0;
    noise[count++] = target;
    for (int d = 1; d <= m->negative; d++) {
        int32_t word = noise_word(m, (uint32_t)((*next_random >> 16) % last));
        *next_random = (*next_random * LCG_MULTIPLIER + 11) & LCG_MASK;
        if (word != target) noise[count++] = word;
    }
    for (int c = 0; c < count; c++) prefetch_row(m->output + (size_t)noise[c] * n, n);
    double loss = 0;
    for (int c = 0; c < count; c++) {
        float label = c == 0 ? 1 : 0;
        float *out = m->output + (size_t)noise[c] * n;
        float f = dot(hidden, out, n);
        float sigmoid;
        if (!out_of_range(m, f)) {
            sigmoid = m->sigmoid[table_index(m, f)];
            loss -= m->log_sigmoid[table_index(m, c == 0 ? f : -f)];
        } else if (saturate) {
            sigmoid = f > 0 ? 1 : 0;
        } else {
            continue;
        }
        float g = (label - sigmoid) * alpha;
        axpy(g, out, work, n);
        axpy(g, hidden, out, n);
    }
    return loss;
}

// Whether the model trains hierarchical softmax (`hierarchical` 1) or negative sampling (0).
static inline int trains_objective(const strand_w2v_model *m, int hierarchical) {
    return hierarchical ? m->hierarchical : m->negative > 0;
}

// One objective's step for a target: hierarchical softmax or negative sampling.
__attribute__((always_inline)) static inline double train_objective(const strand_w2v_model *m, int hierarchical, int32_t target,
                                                                   const float *hidden, float *work, float alpha, int saturate,
                                                                   int32_t *noise, uint64_t *next_random) {
    return hierarchical ? train_path(m, target, hidden, work, alpha) : train_target(m, target, hidden, work, alpha, saturate, noise, next_random);
}

// A word's input rows: its own vector and, in FastText, its n-gram buckets' vectors.
static inline int64_t subword_count(const strand_w2v_model *m, int32_t word) {
    return m->fasttext ? m->subword_starts[word + 1] - m->subword_starts[word] : 0;
}

// Adds the word's input rows into `sum`; returns how many rows.
__attribute__((always_inline)) static inline int64_t add_input_rows(const strand_w2v_model *m, int32_t word, float *sum) {
    const int n = m->dimension;
    axpy(1, m->input + (size_t)word * n, sum, n);
    int64_t first = m->fasttext ? m->subword_starts[word] : 0, count = subword_count(m, word);
    for (int64_t b = first; b < first + count; b++) axpy(1, m->ngrams + (size_t)m->subwords[b] * n, sum, n);
    return 1 + count;
}

// Adds `work` to each of the word's input rows (its error reaches every row that made it).
__attribute__((always_inline)) static inline void update_input_rows(const strand_w2v_model *m, int32_t word, const float *work) {
    const int n = m->dimension;
    axpy(1, work, m->input + (size_t)word * n, n);
    int64_t first = m->fasttext ? m->subword_starts[word] : 0, count = subword_count(m, word);
    for (int64_t b = first; b < first + count; b++) axpy(1, work, m->ngrams + (size_t)m->subwords[b] * n, n);
}

// The job's words after downsampling (same random draws, in order, as gensim), written to `kept`
// with their sentence ends in `kept_ends`; returns how many.
static int64_t downsample(const strand_w2v_model *m, const int32_t *words, const int64_t *ends, int64_t sentence_count,
                          uint64_t *next_random, int32_t *kept, int64_t *kept_ends) {
    int64_t count = 0, start = 0;
    for (int64_t s = 0; s < sentence_count; s++) {
        for (int64_t i = start; i < ends[s]; i++) {
            int32_t word = words[i];
            if (m->downsample && m->keep[word] < random_int32(next_random)) continue;
            kept[count++] = word;
        }
        kept_ends[s] = count;
        start = ends[s];
    }
    return count;
}

// Each kept position's half-window shrink r in 0..<window (the half-window is window − r), drawn
// in order from the job's stream (gensim draws them from NumPy's generator instead).
static void draw_shrinks(const strand_w2v_model *m, int64_t count, uint64_t *next_random, int32_t *shrinks) {
    for (int64_t i = 0; i < count; i++) shrinks[i] = m->shrink_windows ? (int32_t)(random_int32(next_random) % (uint32_t)m->window) : 0;
}

// Scratch layout: kept ends, work[dimension], hidden[dimension], total[dimension], noise
// words[negative + 1], then kept words and shrinks.
typedef struct {
    float *work, *hidden, *total;
    int32_t *noise, *kept, *shrinks;
    int64_t *kept_ends;
} job_scratch;

static job_scratch carve(const strand_w2v_model *m, const int64_t *ends, int64_t sentence_count, void *scratch) {
    int64_t words = sentence_count > 0 ? ends[sentence_count - 1] : 0;
    job_scratch s;
    s.kept_ends = (int64_t *)scratch;
    s.work = (float *)(s.kept_ends + sentence_count);
    s.hidden = s.work + m->dimension;
    s.total = s.hidden + m->dimension;
    s.noise = (int32_t *)(s.total + m->dimension);
    s.kept = s.noise + m->negative + 1;
    s.shrinks = s.kept + words;
    return s;
}

// word2vec skip-gram at position i, context words kept[from..<to]: each context word's vector
// predicts the centre word and takes the error, by hierarchical softmax and then negative
// sampling (gensim's order).
__attribute__((always_inline)) static inline double skipgram_position(const strand_w2v_model *m, const job_scratch *s, int64_t i, int64_t from,
                                                                      int64_t to, float alpha, uint64_t *next_random) {
    const int n = m->dimension;
    double loss = 0;
    for (int64_t j = from; j < to; j++) {
        if (j == i) continue;
        float *context = m->input + (size_t)s->kept[j] * n;
        for (int hierarchical = 1; hierarchical >= 0; hierarchical--) {
            if (!trains_objective(m, hierarchical)) continue;
            for (int k = 0; k < n; k++) s->work[k] = 0;
            loss += train_objective(m, hierarchical, s->kept[i], context, s->work, alpha, 0, s->noise, next_random);
            axpy(1, s->work, context, n);
        }
    }
    return loss;
}

// FastText skip-gram at position i: the centre word's input — its vector plus its n-grams', divided
// by the number of n-grams (gensim's divisor; fastText's is that number plus one) — predicts each
// context word, and every one of those rows takes each step's error.
//
// gensim writes the error into the 20-odd rows and sums them again for every context word. Here
// the rows are summed once, the input is advanced by what those writes would add to it
// (`input_growth` times the error: each row appearing c times in the word's list gains c times the
// error and is read c times), and the rows are written once, after the window: the same
// arithmetic, a fraction of the memory traffic, since nothing else in the window reads those rows.
__attribute__((always_inline)) static inline double fasttext_skipgram_position(const strand_w2v_model *m, const job_scratch *s, int64_t i,
                                                                               int64_t from, int64_t to, float alpha, uint64_t *next_random) {
    const int n = m->dimension;
    const int32_t centre = s->kept[i];
    int64_t ngrams = subword_count(m, centre);
    for (int k = 0; k < n; k++) s->hidden[k] = 0;
    add_input_rows(m, centre, s->hidden);
    float scale = ngrams > 0 ? 1.0f / (float)ngrams : 1.0f;
    for (int k = 0; k < n; k++) {
        s->hidden[k] *= scale;
        s->total[k] = 0;
    }
    double loss = 0;
    for (int64_t j = from; j < to; j++) {
        if (j == i) continue;
        for (int hierarchical = 1; hierarchical >= 0; hierarchical--) {
            if (!trains_objective(m, hierarchical)) continue;
            for (int k = 0; k < n; k++) s->work[k] = 0;
            loss += train_objective(m, hierarchical, s->kept[j], s->hidden, s->work, alpha, 0, s->noise, next_random);
            axpy(1, s->work, s->total, n);
            axpy(m->input_growth[centre], s->work, s->hidden, n);
        }
    }
    update_input_rows(m, centre, s->total);
    return loss;
}

// CBOW at position i, by one objective: the mean (or sum) of the context's input rows — words, and
// in FastText their n-grams — predicts the centre word; each row takes the error (divided by the
// row count when summed, as gensim does). FastText's negative sampling saturates scores beyond the
// table.
__attribute__((always_inline)) static inline double cbow_position(const strand_w2v_model *m, int hierarchical, const job_scratch *s,
                                                                  int64_t i, int64_t from, int64_t to, float alpha, uint64_t *next_random) {
    const int n = m->dimension;
    int64_t count = 0;
    for (int k = 0; k < n; k++) s->hidden[k] = 0;
    for (int64_t j = from; j < to; j++) {
        if (j != i) count += add_input_rows(m, s->kept[j], s->hidden);
    }
    // A position without context (a one-word sentence) changes no word vector.
    if (count == 0) return 0;
    float inverse = 1.0f / (float)count;
    if (m->cbow_mean) for (int k = 0; k < n; k++) s->hidden[k] *= inverse;
    for (int k = 0; k < n; k++) s->work[k] = 0;
    double loss = train_objective(m, hierarchical, s->kept[i], s->hidden, s->work, alpha, m->fasttext, s->noise, next_random);
    if (!m->cbow_mean) for (int k = 0; k < n; k++) s->work[k] *= inverse;
    for (int64_t j = from; j < to; j++) {
        if (j != i) update_input_rows(m, s->kept[j], s->work);
    }
    return loss;
}

W2V_MULTIVERSION
strand_w2v_result strand_w2v_train_job(const strand_w2v_model *m, int32_t skip_gram, const int32_t *words, const int64_t *ends,
                                       int64_t sentence_count, float alpha, uint64_t *next_random, void *scratch) {
    job_scratch s = carve(m, ends, sentence_count, scratch);
    strand_w2v_result result = {downsample(m, words, ends, sentence_count, next_random, s.kept, s.kept_ends), 0};
    draw_shrinks(m, result.effective_words, next_random, s.shrinks);
    int64_t start = 0;
    for (int64_t sentence = 0; sentence < sentence_count; sentence++) {
        int64_t end = s.kept_ends[sentence];
        for (int64_t i = start; i < end; i++) {
            // The position's window, shrunk and kept inside its sentence.
            int64_t half = m->window - s.shrinks[i];
            int64_t from = i - half < start ? start : i - half, to = i + half + 1 > end ? end : i + half + 1;
            if (skip_gram) {
                result.loss += m->fasttext ? fasttext_skipgram_position(m, &s, i, from, to, alpha, next_random)
                                           : skipgram_position(m, &s, i, from, to, alpha, next_random);
                continue;
            }
            // CBOW: hierarchical softmax first, then negative sampling, each a step of its own (gensim's order).
            for (int hierarchical = 1; hierarchical >= 0; hierarchical--) {
                if (!trains_objective(m, hierarchical)) continue;
                result.loss += cbow_position(m, hierarchical, &s, i, from, to, alpha, next_random);
            }
        }
        start = end;
    }
    return result;
}
