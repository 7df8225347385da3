// Branch-free single-precision exp, tanh and sigmoid over arrays.
//
// Why C: Swift has no per-function CPU targets, so Swift loops are vectorized for baseline
// x86-64 (SSE2, four lanes). Here `target_clones` builds each loop for AVX-512, AVX2 and the
// baseline, and the loader picks the best the CPU has. Floating-point contraction is off so
// every clone rounds identically: results do not depend on the machine.
//
// The polynomials are Cephes' minimax fits (S. Moshier, Cephes Math Library, expf.c, tanhf.c);
// the Swift tests compare them with the C library over the whole float range.
#include "vector_math.h"

#include "lanes.h"

MULTIVERSION void strand_exp(const float *input, float *output, size_t count) {
    ELEMENTWISE_LOOP
    for (size_t i = 0; i < count; i++) output[i] = exp_lane(input[i]);
}

MULTIVERSION void strand_tanh(const float *input, float *output, size_t count) {
    ELEMENTWISE_LOOP
    for (size_t i = 0; i < count; i++) output[i] = tanh_lane(input[i]);
}

MULTIVERSION void strand_sigmoid(const float *input, float *output, size_t count) {
    ELEMENTWISE_LOOP
    for (size_t i = 0; i < count; i++) output[i] = sigmoid_lane(input[i]);
}

const char *strand_vector_math_target(void) {
#if defined(__x86_64__) && defined(__clang__)
    // `target_clones` resolvers take the first listed target the CPU supports.
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return "avx512f";
    if (__builtin_cpu_supports("avx2")) return "avx2";
#endif
    return "baseline";
}
