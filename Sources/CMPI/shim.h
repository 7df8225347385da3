// Open MPI for Strand's Distributed module. Open MPI's handles (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM,
// MPI_IN_PLACE, ...) are macros over the addresses of library globals, which Swift cannot import:
// each is handed to Swift by a static inline function below.
#ifndef STRAND_CMPI_SHIM_H
#define STRAND_CMPI_SHIM_H

#if __has_include(<mpi.h>)
#include <mpi.h>

static inline MPI_Comm strand_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype strand_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype strand_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Op strand_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op strand_mpi_max(void) { return MPI_MAX; }
static inline void *strand_mpi_in_place(void) { return MPI_IN_PLACE; }
static inline MPI_Status *strand_mpi_status_ignore(void) { return MPI_STATUS_IGNORE; }
static inline MPI_Errhandler strand_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline MPI_Request strand_mpi_request_null(void) { return MPI_REQUEST_NULL; }
static inline int strand_mpi_thread_funneled(void) { return MPI_THREAD_FUNNELED; }
static inline int strand_mpi_success(void) { return MPI_SUCCESS; }
static inline int strand_mpi_max_error_string(void) { return MPI_MAX_ERROR_STRING; }
static inline int strand_mpi_max_library_version_string(void) { return MPI_MAX_LIBRARY_VERSION_STRING; }

#else
#error "Strand's Distributed module needs Open MPI: apt-get install libopenmpi-dev openmpi-bin"
#endif  // __has_include(<mpi.h>)

#endif
