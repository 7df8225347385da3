// OpenBLAS's kernel selection and worker threads, reached through the dynamic linker: a build of
// OpenBLAS without one of these entry points (built for one CPU instead of DYNAMIC_ARCH, another
// version) then reports "unknown" or "not possible" instead of failing to link.
#ifndef STRAND_OPENBLAS_RUNTIME_H
#define STRAND_OPENBLAS_RUNTIME_H

// The kernel set ("core") in use, e.g. "SkylakeX", or NULL when OpenBLAS does not say.
const char *strand_openblas_core(void);

// OpenBLAS's build configuration, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH …", or NULL.
const char *strand_openblas_config(void);

// Makes a DYNAMIC_ARCH OpenBLAS use the kernel set `core` (a name OPENBLAS_CORETYPE accepts) by
// running its own selection again with OPENBLAS_CORETYPE set to it, then restoring the variable.
// Returns 1 when `core` is then in use, 0 when it is not (no DYNAMIC_ARCH entry points, or a name
// this OpenBLAS does not know, in which case its own choice is restored). Call it before any
// product runs and while no other thread uses OpenBLAS: products read the selection unlocked.
int strand_openblas_select_core(const char *core);

// Ends OpenBLAS's worker threads; its next threaded product starts new ones, and those copy the
// floating-point mode of the thread that starts them (Debian's OpenBLAS does not pass the caller's
// mode to its workers on each call). Returns 0 when this OpenBLAS has no such entry point. Call it
// while no product is running.
int strand_openblas_restart_workers(void);

// Makes OpenBLAS's workers started from now on spin 2^log2_cycles cycles waiting for their next
// product before they sleep, instead of the 2^28 (about 0.1 s) of Debian's build, during which each
// spinning worker keeps a core from whatever runs between products. Returns 0, changing nothing,
// when the user set OPENBLAS_THREAD_TIMEOUT or this OpenBLAS has no `openblas_read_env`.
int strand_openblas_shorten_worker_spin(int log2_cycles);

#endif
