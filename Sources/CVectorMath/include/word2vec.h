// word2vec and FastText training steps — negative sampling and hierarchical softmax — as gensim
// 4.4's word2vec_inner.pyx and fasttext_inner.pyx compute them (themselves word2vec.c's and
// Facebook fastText's): one call trains one job — a few thousand words of whole sentences — with
// its own random stream, so threads can train jobs at once on shared weights (Hogwild).
#ifndef STRAND_WORD2VEC_H
#define STRAND_WORD2VEC_H

#include <stddef.h>
#include <stdint.h>

// The sigmoid tables: word2vec's 1000 entries over (−6, 6), looked up at int((f + 6) · 83) as
// word2vec.c does, and FastText's 512 over (−8, 8), looked up at int((f + 8) · 32).
#define STRAND_W2V_TABLE_SIZE 1000
#define STRAND_W2V_MAX_EXP 6
#define STRAND_FASTTEXT_TABLE_SIZE 512
#define STRAND_FASTTEXT_MAX_EXP 8

// The noise index: for each of 2¹⁶ slices of the cumulative table's range (2³¹), the first word
// whose cumulative count reaches the slice's start.
#define STRAND_W2V_NOISE_INDEX_SHIFT 15
#define STRAND_W2V_NOISE_INDEX_SIZE 65536

typedef struct {
    float *input;                  // syn0, [vocabulary, dimension]: the word vectors
    float *output;                 // syn1neg, [vocabulary, dimension] (NULL without negative sampling)
    float *inner;                  // syn1, [vocabulary − 1, dimension]: the Huffman tree's inner nodes (NULL without it)
    const uint8_t *codes;          // every word's Huffman code, back to back
    const uint32_t *points;        // every word's inner nodes on its path, back to back
    const int64_t *code_starts;    // [vocabulary + 1]: where each word's code and points start
    const uint32_t *cumulative;    // [vocabulary]: the unigram^0.75 table for drawing negatives
    const uint32_t *noise_index;   // [STRAND_W2V_NOISE_INDEX_SIZE + 1], from strand_w2v_noise_index
    const uint32_t *keep;          // [vocabulary]: keep probability · (2³² − 1) for downsampling
    const float *sigmoid;          // [table_size]
    const float *log_sigmoid;      // [table_size], for the loss
    float *ngrams;                 // FastText: the character n-gram buckets' vectors, [buckets, dimension]
    const uint32_t *subwords;      // FastText: every word's n-gram buckets, back to back
    const int64_t *subword_starts; // FastText: [vocabulary + 1], where each word's buckets start
    const float *input_growth;     // FastText: [vocabulary], (1 + Σ c²) / max(n-grams, 1) over the counts c of the word's buckets
    int32_t fasttext;              // 1: FastText (a word's input is its vector and its n-grams'), 0: word2vec
    int32_t table_size;            // STRAND_W2V_TABLE_SIZE or STRAND_FASTTEXT_TABLE_SIZE
    int32_t max_exp;               // STRAND_W2V_MAX_EXP or STRAND_FASTTEXT_MAX_EXP
    int32_t vocabulary;
    int32_t dimension;
    int32_t negative;              // noise words per target (0: no negative sampling)
    int32_t hierarchical;          // 1: hierarchical softmax too (trained first, as gensim does)
    int32_t window;                // the largest half-window
    int32_t downsample;            // 0: keep every word
    int32_t shrink_windows;        // 1: each position draws its half-window in 1…window
    int32_t cbow_mean;             // CBOW: 1 averages the context vectors, 0 sums them
} strand_w2v_model;

// What a job did: words left after downsampling, and Σ −log σ(±f) over the in-range targets.
typedef struct {
    int64_t effective_words;
    double loss;
} strand_w2v_result;

// Fills `size` entries of the sigmoid and log-sigmoid tables over (−max_exp, max_exp), in float
// arithmetic as gensim computes them.
void strand_w2v_tables(float *sigmoid, float *log_sigmoid, int32_t size, int32_t max_exp);

// Fills the noise index of a cumulative table.
void strand_w2v_noise_index(const uint32_t *cumulative, int32_t vocabulary, uint32_t *index);

// Trains one job of `sentence_count` sentences, their vocabulary indices back to back in `words`
// (sentence s ends before `ends[s]`). `scratch` holds 8 bytes per sentence, 3·dimension floats,
// negative + 1 int32s and 8 bytes per word; `next_random` is the job's generator state (word2vec.c's 48-bit linear
// congruential step). word2vec skip-gram (`skip_gram` 1): each context word's vector predicts the
// centre word; FastText skip-gram: the centre word's vector and n-grams predict each context word.
// CBOW (0): the context's mean (or sum) — of words, or FastText's words and n-grams — predicts it.
strand_w2v_result strand_w2v_train_job(const strand_w2v_model *model, int32_t skip_gram, const int32_t *words, const int64_t *ends,
                                       int64_t sentence_count, float alpha, uint64_t *next_random, void *scratch);

#endif
