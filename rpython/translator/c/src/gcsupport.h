/* gcsupport.h -- selects the GC interface for the generated code.
 *
 * RPY_GC_FRAMEWORK: our generational GC (memory/gc/rpygc.h).
 * RPY_GC_BOEHM: libgc; objects keep the same header (type id) so that the
 * generated code is identical apart from allocation.
 * RPY_GC_NONE: calloc, never freed.
 */
#ifndef RPY_GCSUPPORT_H
#define RPY_GCSUPPORT_H

#ifdef RPY_GC_FRAMEWORK
#include "rpygc.h"
#else
typedef struct rpy_gchdr {
    uint32_t tid;
    uint32_t flags;
} rpy_gchdr_t;
#define GCFLAG_PREBUILT 0x04u
#define GCFLAG_TRACK_YOUNG_PTRS 0x01u
struct rpy_typeinfo {
    long fixedsize, itemsize, ofs_length;
    const long *ptr_offsets, *item_ptr_offsets;
};
#ifdef RPY_GC_BOEHM
#ifdef RPY_THREAD
#define GC_THREADS 1
#endif
#include <gc/gc.h>
#define RPY_RAW_GC_ALLOC(size) GC_MALLOC(size)
#else
#define RPY_RAW_GC_ALLOC(size) calloc(1, size)
#endif
void *rpy_boehm_malloc(uint32_t tid, long size);
void *rpy_boehm_malloc_varsize(uint32_t tid, long size, long length, long ofs_length);
#endif

#endif
