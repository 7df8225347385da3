// Allocator settings for tensor buffers (see AllocatorTuning.swift).
#ifndef STRAND_ALLOCATOR_H
#define STRAND_ALLOCATOR_H

// Raises glibc's mmap and trim thresholds so freed buffers stay in the heap for reuse.
// Returns 1 when applied, 0 where the C library has no such settings.
int strand_keep_freed_memory(void);

#endif
