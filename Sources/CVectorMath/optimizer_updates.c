// Optimiser updates as single vectorized passes (see optimizer_updates.h).
//
// Why C: the same Swift loops ran several times slower than the memory traffic they need — a
// scalar square root and division per element, and branches on the settings inside the loop.
// Here the settings select a loop before it starts, every loop body is branch-free, and
// `target_clones` builds each for AVX-512, AVX2 and baseline x86-64. Contraction is off
// (lanes.h), so every clone rounds exactly as the scalar formula does.
#include "optimizer_updates.h"

#include "lanes.h"

// The square root instruction itself: `sqrtf` may set errno for a negative input, which keeps a
// loop that calls it scalar.
#if __has_builtin(__builtin_elementwise_sqrt)
#define SQRT_LANE(x) __builtin_elementwise_sqrt(x)
#else
#define SQRT_LANE(x) __builtin_sqrtf(x)
#endif

// One Adam element; `decay` and `amsgrad` are compile-time constants in each caller, so their
// branches vanish. AMSGrad divides by the largest second moment seen so far (`max_v`).
static inline void adam_element(float *param, const float *grad, float *m, float *v, float *max_v, size_t i,
                                strand_adam_settings s, strand_decay decay, int amsgrad) {
    float value = param[i];
    float g = grad[i];
    if (decay == STRAND_DECAY_L2) g = g + value * s.weight_decay;
    if (decay == STRAND_DECAY_DECOUPLED) value = value * s.weight_decay;
    float mi = m[i] * s.beta1 + g * s.one_minus_beta1;
    float vi = v[i] * s.beta2 + g * g * s.one_minus_beta2;
    m[i] = mi;
    v[i] = vi;
    if (amsgrad) {
        vi = max_v[i] > vi ? max_v[i] : vi;
        max_v[i] = vi;
    }
    param[i] = value - mi / (SQRT_LANE(vi) / s.bias_correction2_sqrt + s.epsilon) * s.step_size;
}

// The loop for one combination of settings, each a constant for the compiler.
#define ADAM_LOOP(DECAY, AMSGRAD)                                                                    \
    ELEMENTWISE_LOOP                                                                                 \
    for (size_t i = 0; i < count; i++)                                                               \
        adam_element(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, i, settings, DECAY, AMSGRAD); \
    break;

MULTIVERSION void strand_adam_update(size_t count, float *param, const float *grad, float *exp_avg, float *exp_avg_sq,
                                     float *max_exp_avg_sq, strand_adam_settings settings) {
    switch (settings.decay * 2 + (max_exp_avg_sq != NULL)) {
    case STRAND_DECAY_NONE * 2: ADAM_LOOP(STRAND_DECAY_NONE, 0)
    case STRAND_DECAY_NONE * 2 + 1: ADAM_LOOP(STRAND_DECAY_NONE, 1)
    case STRAND_DECAY_L2 * 2: ADAM_LOOP(STRAND_DECAY_L2, 0)
    case STRAND_DECAY_L2 * 2 + 1: ADAM_LOOP(STRAND_DECAY_L2, 1)
    case STRAND_DECAY_DECOUPLED * 2: ADAM_LOOP(STRAND_DECAY_DECOUPLED, 0)
    default: ADAM_LOOP(STRAND_DECAY_DECOUPLED, 1)
    }
}

// One SGD element; `momentum_kind` is a compile-time constant in each caller: 0 none, 1 the first
// step (the buffer starts as the gradient), 2 a later step.
static inline void sgd_element(float *param, const float *grad, float *buffer, size_t i, float learning_rate,
                               float momentum, float one_minus_dampening, float weight_decay, int nesterov, int momentum_kind) {
    float g = weight_decay != 0 ? grad[i] + param[i] * weight_decay : grad[i];
    if (momentum_kind != 0) {
        float b = momentum_kind == 1 ? g : buffer[i] * momentum + g * one_minus_dampening;
        buffer[i] = b;
        g = nesterov ? g + b * momentum : b;
    }
    param[i] = param[i] - g * learning_rate;
}

MULTIVERSION void strand_sgd_update(size_t count, float *param, const float *grad, float *buffer, float learning_rate,
                                    float momentum, float dampening, float weight_decay, int nesterov, int first_step) {
    float one_minus_dampening = 1 - dampening;
    int kind = momentum == 0 ? 0 : (first_step ? 1 : 2);
    switch (kind) {
    case 0:
        ELEMENTWISE_LOOP
        for (size_t i = 0; i < count; i++) sgd_element(param, grad, buffer, i, learning_rate, momentum, one_minus_dampening, weight_decay, nesterov, 0);
        break;
    case 1:
        ELEMENTWISE_LOOP
        for (size_t i = 0; i < count; i++) sgd_element(param, grad, buffer, i, learning_rate, momentum, one_minus_dampening, weight_decay, nesterov, 1);
        break;
    default:
        ELEMENTWISE_LOOP
        for (size_t i = 0; i < count; i++) sgd_element(param, grad, buffer, i, learning_rate, momentum, one_minus_dampening, weight_decay, nesterov, 2);
        break;
    }
}

enum { SUM_LANES = 16 };

MULTIVERSION double strand_sum_of_squares(const float *x, size_t count) {
    // Independent lanes let the loop vectorize without reassociating one running sum.
    float lanes[SUM_LANES] = {0};
    size_t whole = count - count % SUM_LANES;
    for (size_t i = 0; i < whole; i += SUM_LANES) {
        for (size_t lane = 0; lane < SUM_LANES; lane++) lanes[lane] += x[i + lane] * x[i + lane];
    }
    double total = 0;
    for (size_t lane = 0; lane < SUM_LANES; lane++) total += lanes[lane];
    for (size_t i = whole; i < count; i++) total += (double)x[i] * x[i];
    return total;
}

MULTIVERSION void strand_scale(float *x, size_t count, float factor) {
    ELEMENTWISE_LOOP
    for (size_t i = 0; i < count; i++) x[i] = x[i] * factor;
}
