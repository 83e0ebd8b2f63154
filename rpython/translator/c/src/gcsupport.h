/* gcsupport.h -- selects the GC interface for the generated code.
 *
 * RPY_GC_FRAMEWORK: our generational GC (memory/gc/rpygc.h).
 * RPY_GC_BOEHM: libgc; objects keep the same header (type id) so that the
 * generated code is identical apart from allocation.
 * RPY_GC_NONE: calloc, never freed.
 *
 * Weak references and finalizer queues have one interface for the three:
 * a weakref object is a GC struct whose first word after the header holds
 * the referent (untraced).  Our GC clears/updates that word itself; with
 * Boehm it holds the referent's address complemented (GC_HIDE_POINTER) so
 * that the conservative scan does not see it, registered as a "long" link
 * that libgc zeroes when the referent is really freed; with none it is a
 * plain (strong) pointer.  The functions live in rpygc.c (framework) and
 * support.c (boehm, none).
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
#define RPY_WEAKREF_SLOT(wr) ((void **)((char *)(wr) + sizeof(rpy_gchdr_t)))
void rpy_gc_weakref_init(void *wr, void *obj);
void rpy_gc_fq_register(long queue, void *obj, void *trigger);
void *rpy_gc_fq_next_dead(long queue);
long rpy_gc_get_memory_usage(void *obj);
/* rgc.disable()/enable(): only our GC has a meaning for it */
#define rpy_gc_set_major_enabled(enabled) ((void)(enabled))
#endif

/* The referent of a weakref object, or NULL once it died. */
static inline void *rpy_gc_weakref_deref(void *wr)
{
    uintptr_t word = (uintptr_t)*RPY_WEAKREF_SLOT(wr);
#ifdef RPY_GC_BOEHM
    return word ? (void *)~word : NULL;
#else
    return (void *)word;
#endif
}

#endif
