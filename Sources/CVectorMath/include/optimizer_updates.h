// In-place optimiser updates and gradient-norm helpers over float arrays: one pass over memory
// each, vectorized for the running CPU. The arithmetic and its rounding order are PyTorch's
// single-tensor (for-loop) implementations', operation by operation.
#ifndef STRAND_OPTIMIZER_UPDATES_H
#define STRAND_OPTIMIZER_UPDATES_H

#include <stddef.h>

// How weight decay enters an update: none, added to the gradient (L2, torch.optim.Adam/SGD),
// or applied to the parameter before the step (decoupled, torch.optim.AdamW).
typedef enum { STRAND_DECAY_NONE = 0, STRAND_DECAY_L2 = 1, STRAND_DECAY_DECOUPLED = 2 } strand_decay;

typedef struct {
    float beta1, one_minus_beta1;      // m ← β1·m + (1 − β1)·g
    float beta2, one_minus_beta2;      // v ← β2·v + (1 − β2)·g²
    float step_size;                   // lr / (1 − β1ᵗ)
    float bias_correction2_sqrt;       // √(1 − β2ᵗ)
    float epsilon;
    float weight_decay;                // wd (L2), or 1 − lr·wd (decoupled: the parameter's factor)
    strand_decay decay;
} strand_adam_settings;

// θ ← θ − step_size · m / (√v / √(1 − β2ᵗ) + ε), after updating m and v from g. With
// `max_exp_avg_sq` (AMSGrad; NULL without it), v in the denominator is the largest seen so far.
void strand_adam_update(size_t count, float *param, const float *grad, float *exp_avg, float *exp_avg_sq,
                        float *max_exp_avg_sq, strand_adam_settings settings);

// g' = g + wd·θ (when weight_decay ≠ 0); with momentum μ ≠ 0: b ← μ·b + (1 − dampening)·g' (b = g'
// when first_step), g' ← nesterov ? g' + μ·b : b; then θ ← θ − lr·g'. `buffer` may be NULL when μ = 0.
void strand_sgd_update(size_t count, float *param, const float *grad, float *buffer, float learning_rate,
                       float momentum, float dampening, float weight_decay, int nesterov, int first_step);

// Σ x², accumulated in 16 independent float lanes added up in double at the end.
double strand_sum_of_squares(const float *x, size_t count);

// x ← x · factor.
void strand_scale(float *x, size_t count, float factor);

#endif
