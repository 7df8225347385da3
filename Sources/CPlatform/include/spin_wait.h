// A hint to the CPU that the calling thread is spinning on a memory location, so it can save power
// and give the sibling hyper-thread the core's resources while waiting.
#ifndef STRAND_SPIN_WAIT_H
#define STRAND_SPIN_WAIT_H

static inline void strand_spin_wait_hint(void) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

#endif
