// Allocator settings for tensor buffers (see AllocatorTuning.swift).
#ifndef STRAND_ALLOCATOR_H
#define STRAND_ALLOCATOR_H

// At load time (a constructor in allocator.c), unless the environment sets STRAND_MALLOC_DEFAULTS,
// glibc's mmap and trim thresholds are raised so freed buffers stay in the heap for reuse.
// Returns 1 when that was applied, 0 when not (opted out, or a C library without such settings).
int strand_freed_memory_is_kept(void);

#endif
