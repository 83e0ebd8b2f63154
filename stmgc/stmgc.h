/* stmgc.h -- public API of the STM + GC library ("c7" design, N segments).
 *
 * Design in one paragraph: all GC objects live in one virtual region split
 * into STM_NB_SEGMENTS + 1 equal segments.  Segment 0 holds the committed
 * state; segments 1..N each run one transaction.  An object_t * is an
 * *offset* inside a segment and is always dereferenced through %gs, whose
 * base points at the segment of the running thread, so the same reference
 * reads that thread's view.  Old-object pages are shared with segment 0
 * (same memfd page) until the transaction writes to an object on them; the
 * write barrier then privatizes the page.  Reads cost one byte store (the
 * read marker); conflicts are found by the write barrier (write-write, via
 * a lock byte per 16 bytes of old space) and at commit (write-read, via the
 * other segments' read markers).  See src/core.h for the internal layout and
 * README.md for the rules the runtime must follow.
 *
 * Rules for users of this header:
 *  - every live GC reference must sit on the shadow stack (STM_PUSH_ROOT)
 *    across any call that may collect: stm_allocate*, stm_become_inevitable,
 *    stm_safe_point, stm_collect, stm_commit_transaction,
 *    stm_start_transaction.  stm_read/stm_write never move objects (a
 *    stm_write may abort, which makes every local dead anyway);
 *  - an abort longjmps back into the frame that called
 *    stm_start_transaction(), which must therefore stay alive for the whole
 *    transaction; C locals there are stale after the jump (reload them from
 *    the shadow stack); shadow-stack entries below the depth at transaction
 *    start must not be overwritten inside the transaction;
 *  - objects are at least 16 bytes, sizes are multiples of 8, the first
 *    4 bytes are the struct object_s header owned by the library.
 */
#ifndef _STMGC_H
#define _STMGC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifndef STM_NB_SEGMENTS
#define STM_NB_SEGMENTS 2 /* compile-time option: 2, 4, 8, 16 are tested */
#endif
#if STM_NB_SEGMENTS < 1 || STM_NB_SEGMENTS > 30
#error "STM_NB_SEGMENTS must be between 1 and 30"
#endif

#ifndef STM_SEGMENT_SIZE_MB
#define STM_SEGMENT_SIZE_MB 1024 /* virtual size of one segment: bounds the heap */
#endif
#ifndef STM_NURSERY_SIZE_KB
#define STM_NURSERY_SIZE_KB 4096
#endif

/* Objects bigger than this are allocated directly in old space ("large"). */
#define STM_SMALL_OBJECT_LIMIT 2048

#define STM_SEG __seg_gs /* gcc >= 6 and clang both understand __seg_gs */

struct object_s {
    uint32_t stm_flags; /* owned by the library */
};
typedef STM_SEG struct object_s object_t;

/* The per-segment info struct, at a fixed %gs offset (page 1). */
typedef struct stm_segment_info_s {
    uint8_t transaction_read_version;
    uint8_t _pad[3];
    int segment_num;
    char *segment_base; /* linear address of this segment */
    uintptr_t nursery_current;
    uintptr_t nursery_end; /* a tiny value here = "please come to a safe point" */
    uintptr_t nursery_mark; /* should_break_transaction() threshold */
    struct stm_thread_local_s *running_thread;
} stm_segment_info_t;

#define STM_SEGMENT ((STM_SEG stm_segment_info_t *)4096)
#define _STM_NSE_SIGNAL_MAX 63

struct stm_shadowentry_s {
    object_t *ss; /* a GC reference, or an odd value: a position marker */
};

enum stm_abort_cause {
    STM_ABORT_EXPLICIT = 0, /* stm_abort_transaction() */
    STM_ABORT_WRITE_WRITE,  /* lost a write-write conflict */
    STM_ABORT_WRITE_READ,   /* another transaction committed what we read */
    STM_ABORT_INEVITABLE,   /* lost against an inevitable transaction */
    STM_ABORT_OTHER,        /* e.g. test hook */
    STM_ABORT_CAUSE_COUNT
};

typedef struct stm_stats_s {
    uint64_t commits;
    uint64_t aborts[STM_ABORT_CAUSE_COUNT];
    uint64_t time_lost_ns;    /* time spent in transactions that aborted */
    uint64_t time_waiting_ns; /* time blocked: free segment, inevitable, pauses */
    uint64_t minor_collections;
    uint64_t major_collections;
    /* diagnostics of the parallel cost (they do not depend on the load) */
    uint64_t pages_privatized; /* mmap calls giving a segment a private page */
    uint64_t reshare_calls;    /* mmap calls re-sharing page runs (major GC) */
    uint64_t world_stops;      /* stop-the-world done by this thread */
    uint64_t time_world_stopped_ns; /* ... time from all paused to resume */
    uint64_t pauses;           /* times it paused for another one's stop */
    uint64_t time_paused_ns;   /* ... part of time_waiting_ns spent so */
    uint64_t sync_mutex_locks; /* global mutex acquisitions (global stats only) */
} stm_stats_t;

typedef struct stm_thread_local_s {
    struct stm_shadowentry_s *shadowstack;      /* top (next free entry) */
    struct stm_shadowentry_s *shadowstack_base; /* bottom */
    void *jmpbuf[5];                            /* __builtin_setjmp buffer */
    int associated_segment_num;                 /* 0 when not in a transaction */
    int last_associated_segment_num;
    int thread_id; /* small number, unique per registered thread */
    long atomic;   /* atomic-section nesting depth */
    int last_abort_cause; /* -1 if the last transaction committed */
    double break_fraction; /* adaptive should-break threshold (nursery fraction) */
    stm_stats_t stats;
    /* internal */
    struct stm_shadowentry_s *_shadowstack_at_start;
    long _atomic_at_start; /* an abort restores `atomic` to this */
    uint64_t _start_ns;
    struct stm_thread_local_s *_prev, *_next;
} stm_thread_local_t;

/* ---- callbacks the user must provide ---- */
extern ssize_t stmcb_size_rounded_up(struct object_s *);
extern void stmcb_trace(struct object_s *, void (object_t **));
/* Called for objects allocated with stm_allocate_with_finalizer (README). */
extern void stmcb_finalizer(object_t *);

/* ---- setup ---- */
void stm_setup(void);
void stm_teardown(void);
void stm_register_thread_local(stm_thread_local_t *tl);
void stm_unregister_thread_local(stm_thread_local_t *tl);

/* ---- transactions ---- */
void _stm_start_transaction(stm_thread_local_t *tl);
/* The frame that calls this must stay alive until the commit: an abort
   jumps back here and restarts the transaction. */
#define stm_start_transaction(tl)                                             \
    do {                                                                      \
        __builtin_setjmp((tl)->jmpbuf);                                       \
        _stm_start_transaction(tl);                                           \
    } while (0)
void stm_start_inevitable_transaction(stm_thread_local_t *tl);
void stm_commit_transaction(void);
void stm_abort_transaction(void) __attribute__((noreturn));
void stm_become_inevitable(stm_thread_local_t *tl, const char *reason);
int stm_is_inevitable(void);
/* Commit and start a new transaction unless inside an atomic section. */
int stm_should_break_transaction(stm_thread_local_t *tl);
void stm_enter_atomic(stm_thread_local_t *tl);
void stm_leave_atomic(stm_thread_local_t *tl);

/* Register callback(key) to run on abort (resp. commit); a NULL callback
   removes the key.  Returns 1 if something was added or removed. */
int stm_call_on_abort(stm_thread_local_t *, void *key, void callback(void *));
int stm_call_on_commit(stm_thread_local_t *, void *key, void callback(void *));

/* ---- barriers and allocation ---- */
#define _STM_GCFLAG_WRITE_BARRIER 0x01u

void _stm_write_slowpath(object_t *);
object_t *_stm_allocate_slowpath(ssize_t);
object_t *_stm_allocate_large(ssize_t);
void _stm_collectable_safe_point(void);

/* Test hook (compile with -DSTM_DEBUG_FORCE_ABORTS): the N-th following
   stm_allocate/stm_write of this thread aborts the transaction (cause
   STM_ABORT_OTHER), so a runtime can check that a transaction restarts
   correctly from every possible abort point.  n <= 0 disables it. */
void stm_debug_force_abort_after(long n);
#ifdef STM_DEBUG_FORCE_ABORTS
void _stm_debug_tick(void);
#define _STM_DEBUG_TICK() _stm_debug_tick()
#else
#define _STM_DEBUG_TICK() ((void)0)
#endif

#ifdef STM_BENCH_NOSTM
/* Benchmark build: the same GC, but no STM bookkeeping in the barriers. */
static inline void stm_read(object_t *obj) { (void)obj; }
#else
static inline void stm_read(object_t *obj)
{
    ((STM_SEG uint8_t *)(((uintptr_t)obj) >> 4))[0] =
        STM_SEGMENT->transaction_read_version;
}
#endif

static inline void stm_write(object_t *obj)
{
    _STM_DEBUG_TICK();
    if (__builtin_expect((obj->stm_flags & _STM_GCFLAG_WRITE_BARRIER) != 0, 0))
        _stm_write_slowpath(obj);
}

/* Card marking is a GC-only optimisation; this library treats a card write
   as a write of the whole array (STM and GC semantics are unchanged). */
static inline void stm_write_card(object_t *obj, uintptr_t index)
{
    (void)index;
    stm_write(obj);
}

static inline object_t *stm_allocate(ssize_t size_rounded_up)
{
    _STM_DEBUG_TICK();
    if (size_rounded_up > STM_SMALL_OBJECT_LIMIT)
        return _stm_allocate_large(size_rounded_up);
    uintptr_t cur = STM_SEGMENT->nursery_current;
    uintptr_t end = cur + (uintptr_t)size_rounded_up;
    if (__builtin_expect(end > STM_SEGMENT->nursery_end, 0))
        return _stm_allocate_slowpath(size_rounded_up);
    STM_SEGMENT->nursery_current = end;
    return (object_t *)cur;
}

object_t *stm_allocate_with_finalizer(ssize_t size_rounded_up);
/* A weakref's last word (offset size-8) is its referent; stmcb_trace must not
   report it.  Weakrefs are immutable after creation. */
object_t *stm_allocate_weakref(ssize_t size_rounded_up);

static inline void stm_safe_point(void)
{
    if (STM_SEGMENT->nursery_end <= _STM_NSE_SIGNAL_MAX)
        _stm_collectable_safe_point();
}

/* level 0: minor collection of this segment; level >= 1: major collection */
void stm_collect(long level);

/* Copy a static object (header + payload, stmcb_size_rounded_up bytes) into
   old space as a committed, immortal object.  Call it before other
   threads run transactions (it does not stop the world). */
object_t *stm_setup_prebuilt(const struct object_s *static_copy);

long stm_identityhash(object_t *obj);
long stm_id(object_t *obj);
int stm_can_move(object_t *obj);

/* ---- shadow stack ---- */
/* STM_PUSH_ROOT evaluates `p` before it moves the stack pointer: `p` may be
   an allocating call, and a collection inside it must not see a pushed slot
   that is not written yet. */
#define STM_PUSH_ROOT(tl, p)                                                  \
    ((void)({                                                                 \
        object_t *_stm_pushed_root = (object_t *)(p);                         \
        (tl).shadowstack++->ss = _stm_pushed_root;                            \
    }))
#define STM_POP_ROOT(tl, p) ((p) = (__typeof__(p))((--(tl).shadowstack)->ss))
#define STM_POP_ROOT_RET(tl) ((--(tl).shadowstack)->ss)
/* Position markers: any value < 2**62, stored odd so the GC skips it. */
#define STM_PUSH_MARKER(tl, value)                                            \
    ((tl).shadowstack++->ss = (object_t *)((((uintptr_t)(value)) << 1) | 1))
#define STM_POP_MARKER(tl) ((void)(--(tl).shadowstack))

/* ---- statistics and event log ---- */
enum stm_event_kind {
    STM_EV_START = 0,
    STM_EV_COMMIT,
    STM_EV_ABORT,
    STM_EV_CONFLICT,
    STM_EV_BECOME_INEVITABLE,
    STM_EV_WAIT,
    STM_EV_MINOR_GC,
    STM_EV_MAJOR_GC,
    STM_EV_KIND_COUNT
};

typedef struct stm_event_s {
    uint64_t time_ns;
    int thread_id;
    int kind;          /* enum stm_event_kind */
    int detail;        /* abort cause / conflict kind (enum stm_abort_cause) */
    int other_thread;  /* for conflicts: the other thread, else -1 */
    uintptr_t marker;  /* innermost position marker of thread_id, or 0 */
    uintptr_t other_marker;
} stm_event_t;

/* Start recording up to `capacity` events (a ring: oldest dropped);
   capacity 0 stops recording. */
void stm_event_log_enable(long capacity);
/* Move up to `max` recorded events into `out` (oldest first); returns count. */
long stm_event_log_fetch(stm_event_t *out, long max);
const char *stm_event_kind_name(int kind);
const char *stm_abort_cause_name(int cause);
/* Sum of the counters of every thread ever registered. */
void stm_get_global_stats(stm_stats_t *out);

#endif
