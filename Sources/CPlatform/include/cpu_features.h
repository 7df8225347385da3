// The running CPU's vendor and the vector instruction sets both it and the operating system
// support (an instruction set counts only when the OS saves its registers: XGETBV).
#ifndef STRAND_CPU_FEATURES_H
#define STRAND_CPU_FEATURES_H

#include <stdbool.h>

typedef struct {
    char vendor[13];       // "GenuineIntel", "AuthenticAMD", …; empty off x86
    int family, model;     // display family and model, as /proc/cpuinfo shows them
    bool avx, avx2, fma;
    bool avx512f, avx512bw, avx512dq, avx512vl, avx512bf16;
} strand_cpu_features;

// Reads CPUID (x86-64); all false elsewhere.
strand_cpu_features strand_read_cpu_features(void);

#endif
