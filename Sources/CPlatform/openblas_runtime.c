#define _GNU_SOURCE
#include "openblas_runtime.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void *openblas_symbol(const char *name) { return dlsym(RTLD_DEFAULT, name); }

const char *strand_openblas_core(void) {
    const char *(*corename)(void) = (const char *(*)(void))openblas_symbol("openblas_get_corename");
    return corename ? corename() : NULL;
}

const char *strand_openblas_config(void) {
    const char *(*config)(void) = (const char *(*)(void))openblas_symbol("openblas_get_config");
    return config ? config() : NULL;
}

// OpenBLAS's dynamic.c: `gotoblas_dynamic_init` picks the kernel table from OPENBLAS_CORETYPE
// (or CPUID when unset) unless one is already chosen; `gotoblas_dynamic_quit` forgets the choice.
static void rerun_selection(void (*quit)(void), void (*init)(void), const char *coretype) {
    const char *user_value = getenv("OPENBLAS_CORETYPE");
    char *saved = user_value ? strdup(user_value) : NULL;
    if (coretype) setenv("OPENBLAS_CORETYPE", coretype, 1); else unsetenv("OPENBLAS_CORETYPE");
    quit();
    init();
    if (saved) { setenv("OPENBLAS_CORETYPE", saved, 1); free(saved); } else unsetenv("OPENBLAS_CORETYPE");
}

int strand_openblas_select_core(const char *core) {
    void (*quit)(void) = (void (*)(void))openblas_symbol("gotoblas_dynamic_quit");
    void (*init)(void) = (void (*)(void))openblas_symbol("gotoblas_dynamic_init");
    const char *before = strand_openblas_core();
    if (!quit || !init || !before) return 0;
    char previous[64];
    strncpy(previous, before, sizeof previous - 1);
    previous[sizeof previous - 1] = '\0';
    rerun_selection(quit, init, core);
    const char *now = strand_openblas_core();
    if (now && strcasecmp(now, core) == 0) return 1;
    // An unknown name makes OpenBLAS fall back to a choice of its own: put the old one back.
    rerun_selection(quit, init, previous);
    return 0;
}

int strand_openblas_restart_workers(void) {
    void (*shutdown)(void) = (void (*)(void))openblas_symbol("blas_thread_shutdown_");
    if (!shutdown) return 0;
    shutdown();
    return 1;
}

int strand_openblas_shorten_worker_spin(int log2_cycles) {
    void (*read_environment)(void) = (void (*)(void))openblas_symbol("openblas_read_env");
    if (!read_environment || getenv("OPENBLAS_THREAD_TIMEOUT")) return 0;
    char value[16];
    snprintf(value, sizeof value, "%d", log2_cycles);
    // OpenBLAS reads its settings from the environment only in `openblas_read_env`, and a new
    // worker takes the timeout from there: set the variable for that one call, then remove it so
    // child processes see the environment the user gave.
    setenv("OPENBLAS_THREAD_TIMEOUT", value, 1);
    read_environment();
    unsetenv("OPENBLAS_THREAD_TIMEOUT");
    return 1;
}
