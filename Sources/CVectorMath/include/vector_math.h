// Elementwise transcendental functions over float arrays, vectorized for the running CPU.
#ifndef STRAND_VECTOR_MATH_H
#define STRAND_VECTOR_MATH_H

#include <stddef.h>

// Each writes f(input[i]) to output[i] for i < count; output may equal input (in place).
void strand_exp(const float *input, float *output, size_t count);
void strand_tanh(const float *input, float *output, size_t count);
void strand_sigmoid(const float *input, float *output, size_t count);

// The instruction set whose clone of the kernels above this CPU runs: "avx512f", "avx2" or
// "baseline" (the loader's choice, asked the same way).
const char *strand_vector_math_target(void);

#endif
