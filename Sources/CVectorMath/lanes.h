// Scalar building blocks shared by the vectorized kernels: written so that loops calling them
// vectorize (no branches, no library calls). Private to this target.
#ifndef STRAND_LANES_H
#define STRAND_LANES_H

#include <stdint.h>
#include <string.h>

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#if defined(__x86_64__) && defined(__clang__)
#define MULTIVERSION __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define MULTIVERSION
#endif

// Each output element depends only on the input element at the same index, so vectorizing is
// safe even when output == input; without this, clang's overlap check would fall back to the
// scalar loop for in-place calls.
#define ELEMENTWISE_LOOP _Pragma("clang loop vectorize(assume_safety)")

static inline float bits_to_float(int32_t bits) {
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

static inline int32_t float_to_bits(float value) {
    int32_t bits;
    memcpy(&bits, &value, sizeof bits);
    return bits;
}

// e^x to a few ulp: +inf above ln(FLT_MAX), subnormals down to 0, NaN for NaN.
static inline float exp_lane(float x) {
    const float upper = 88.72283f;
    const float lower = -103.97208f;  // below this e^x rounds to 0 even as a subnormal
    float clamped = x < lower ? lower : (x > upper ? upper : x);
    // Round x / ln 2 to the nearest integer n by adding 1.5 * 2^23: n lands in the low mantissa
    // bits, which also gives it as an integer without a float-to-int conversion.
    float shifted = clamped * 1.442695041f + 12582912.0f;
    float n = shifted - 12582912.0f;
    float r = clamped - n * 0.693359375f + n * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    float mantissa = p * (r * r) + r + 1.0f;
    // Scale by 2^n as 2^(n/2) * 2^(n - n/2): n spans -150..128 and each half keeps a normal
    // exponent, so results near overflow and subnormal results both come out right.
    int32_t exponent = float_to_bits(shifted) - 0x4B400000;
    int32_t first = exponent >> 1;
    int32_t second = exponent - first;
    float result = mantissa * bits_to_float((first + 127) << 23) * bits_to_float((second + 127) << 23);
    result = x > upper ? __builtin_inff() : result;
    result = x < lower ? 0.0f : result;
    return x != x ? x : result;
}

// tanh(x) to a few ulp over the whole range.
static inline float tanh_lane(float x) {
    float magnitude = x < 0 ? -x : x;
    // Near zero, 1 - 2/(e^{2x}+1) cancels; Cephes' odd polynomial is exact there.
    float z = x * x;
    float p = -5.70498872745e-3f;
    p = p * z + 2.06390887954e-2f;
    p = p * z - 5.37397155531e-2f;
    p = p * z + 1.33314422036e-1f;
    p = p * z - 3.33332819422e-1f;
    float small = p * z * x + x;
    float large = 1.0f - 2.0f / (exp_lane(2.0f * magnitude) + 1.0f);
    float signed_large = x < 0 ? -large : large;
    return magnitude < 0.625f ? small : signed_large;
}

static inline float sigmoid_lane(float x) {
    return 1.0f / (1.0f + exp_lane(-x));
}


#endif
