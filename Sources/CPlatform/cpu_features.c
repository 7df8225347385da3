#include "cpu_features.h"

#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>

// The OS enables a register file by setting its bits in XCR0; without them the instructions fault.
static unsigned long long extended_control_register(void) {
    unsigned int eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}

strand_cpu_features strand_read_cpu_features(void) {
    strand_cpu_features features;
    memset(&features, 0, sizeof features);
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(0, &eax, &ebx, &ecx, &edx)) return features;
    unsigned int max_leaf = eax;
    memcpy(features.vendor, &ebx, 4);
    memcpy(features.vendor + 4, &edx, 4);
    memcpy(features.vendor + 8, &ecx, 4);

    __get_cpuid(1, &eax, &ebx, &ecx, &edx);
    int base_family = (eax >> 8) & 0xf;
    int base_model = (eax >> 4) & 0xf;
    features.family = base_family == 0xf ? base_family + ((eax >> 20) & 0xff) : base_family;
    features.model = (base_family == 0x6 || base_family == 0xf) ? base_model + (((eax >> 16) & 0xf) << 4) : base_model;

    bool os_saves_registers = (ecx >> 27) & 1;  // OSXSAVE: XGETBV is usable
    unsigned long long xcr0 = os_saves_registers ? extended_control_register() : 0;
    bool ymm_state = (xcr0 & 0x6) == 0x6;        // SSE and AVX registers
    bool zmm_state = (xcr0 & 0xe6) == 0xe6;      // … and the AVX-512 mask and upper registers
    features.avx = ymm_state && ((ecx >> 28) & 1);
    features.fma = features.avx && ((ecx >> 12) & 1);
    if (max_leaf < 7) return features;

    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    features.avx2 = features.avx && ((ebx >> 5) & 1);
    features.avx512f = zmm_state && ((ebx >> 16) & 1);
    features.avx512dq = features.avx512f && ((ebx >> 17) & 1);
    features.avx512bw = features.avx512f && ((ebx >> 30) & 1);
    features.avx512vl = features.avx512f && ((ebx >> 31) & 1);
    unsigned int subleaves = eax;
    if (subleaves >= 1) {
        __cpuid_count(7, 1, eax, ebx, ecx, edx);
        features.avx512bf16 = features.avx512f && ((eax >> 5) & 1);
    }
    return features;
}
#else
strand_cpu_features strand_read_cpu_features(void) {
    strand_cpu_features features;
    memset(&features, 0, sizeof features);
    return features;
}
#endif
