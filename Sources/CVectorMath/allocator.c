#include "allocator.h"

#if defined(__GLIBC__)
#include <malloc.h>

int strand_keep_freed_memory(void) {
    return mallopt(M_MMAP_THRESHOLD, 256 << 20) && mallopt(M_TRIM_THRESHOLD, 1 << 30);
}
#else
int strand_keep_freed_memory(void) { return 0; }
#endif
