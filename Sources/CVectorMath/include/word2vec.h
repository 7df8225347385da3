// word2vec training steps — negative sampling and hierarchical softmax — as gensim 4.4's word2vec_inner.pyx computes them
// (itself word2vec.c's): one call trains one job — a few thousand words of whole sentences — with
// its own random stream, so threads can train jobs at once on shared weights (Hogwild).
#ifndef STRAND_WORD2VEC_H
#define STRAND_WORD2VEC_H

#include <stddef.h>
#include <stdint.h>

// The sigmoid table: 1000 entries over (−6, 6), looked up at int((f + 6) · 83) as word2vec.c does.
#define STRAND_W2V_TABLE_SIZE 1000
#define STRAND_W2V_MAX_EXP 6

typedef struct {
    float *input;                  // syn0, [vocabulary, dimension]: the word vectors
    float *output;                 // syn1neg, [vocabulary, dimension] (NULL without negative sampling)
    float *inner;                  // syn1, [vocabulary − 1, dimension]: the Huffman tree's inner nodes (NULL without it)
    const uint8_t *codes;          // every word's Huffman code, back to back
    const uint32_t *points;        // every word's inner nodes on its path, back to back
    const int64_t *code_starts;    // [vocabulary + 1]: where each word's code and points start
    const uint32_t *cumulative;    // [vocabulary]: the unigram^0.75 table for drawing negatives
    const uint32_t *keep;          // [vocabulary]: keep probability · (2³² − 1) for downsampling
    const float *sigmoid;          // [STRAND_W2V_TABLE_SIZE]
    const float *log_sigmoid;      // [STRAND_W2V_TABLE_SIZE], for the loss
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

// Fills the sigmoid and log-sigmoid tables.
void strand_w2v_tables(float *sigmoid, float *log_sigmoid);

// Trains one job of `sentence_count` sentences, their vocabulary indices back to back in `words`
// (sentence s ends before `ends[s]`). `scratch` holds 8 bytes per sentence, 2·dimension floats and
// 8 bytes per word; `next_random` is the job's generator state (word2vec.c's 48-bit linear
// congruential step). Skip-gram (`skip_gram` 1): each context word's vector predicts the centre
// word. CBOW (0): the context's mean (or sum) predicts it.
strand_w2v_result strand_w2v_train_job(const strand_w2v_model *model, int32_t skip_gram, const int32_t *words, const int64_t *ends,
                                       int64_t sentence_count, float alpha, uint64_t *next_random, void *scratch);

#endif
