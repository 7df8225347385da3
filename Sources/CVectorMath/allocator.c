#include "allocator.h"

// Included before the test below: __GLIBC__ is defined by the C library's own headers.
#include <stdlib.h>

#if defined(__GLIBC__)
#include <malloc.h>

static int tuning_applied;

// Runs when the binary (or shared library) holding the Tensor module is loaded, before any tensor
// exists: the settings then cover every buffer, whichever initialiser allocates it.
__attribute__((constructor)) static void keep_freed_memory(void) {
    if (getenv("STRAND_MALLOC_DEFAULTS") != NULL) return;
    tuning_applied = mallopt(M_MMAP_THRESHOLD, 256 << 20) && mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

int strand_freed_memory_is_kept(void) { return tuning_applied; }
#else
int strand_freed_memory_is_kept(void) { return 0; }
#endif
