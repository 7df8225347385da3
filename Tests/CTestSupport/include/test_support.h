#pragma once
#include <stddef.h>

/// Bytes the C allocator has handed out and not had back: heap chunks plus mmapped blocks
/// (glibc's mallinfo2), for tests that check a computation leaves nothing allocated behind.
size_t strand_test_bytes_in_use(void);
