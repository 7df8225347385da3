// The calling thread's floating-point control register (x86-64 MXCSR, Arm64 FPCR), and the bits in
// it that make the CPU flush denormal numbers to zero. Each thread has its own register, which a
// new thread copies from the thread that created it.
#ifndef STRAND_FLOATING_POINT_MODE_H
#define STRAND_FLOATING_POINT_MODE_H

#if defined(__x86_64__)
#include <xmmintrin.h>
#endif

typedef unsigned long long strand_fp_control;

static inline strand_fp_control strand_get_fp_control(void) {
#if defined(__x86_64__)
    return _mm_getcsr();
#elif defined(__aarch64__)
    strand_fp_control value;
    __asm__ volatile("mrs %0, fpcr" : "=r"(value));
    return value;
#else
    return 0;
#endif
}

static inline void strand_set_fp_control(strand_fp_control value) {
#if defined(__x86_64__)
    _mm_setcsr((unsigned int)value);
#elif defined(__aarch64__)
    __asm__ volatile("msr fpcr, %0" : : "r"(value));
#else
    (void)value;
#endif
}

// x86-64: flush-to-zero (bit 15: denormal results become 0) and denormals-are-zero (bit 6:
// denormal inputs read as 0). Arm64: FZ (bit 24) does both. 0 where Strand knows no such mode.
static inline strand_fp_control strand_flush_denormals_bits(void) {
#if defined(__x86_64__)
    return 0x8040;
#elif defined(__aarch64__)
    return 1ull << 24;
#else
    return 0;
#endif
}

#endif
