/* core.h -- internal layout and shared state of the library.
 *
 * Memory: one reservation of (NB_SEGMENTS+1) * SEG_SIZE bytes.  Inside every
 * segment, by offset:
 *   [0, 4096)                     trap page (NULL)
 *   [4096, 8192)                  stm_segment_info_t (STM_SEGMENT)
 *   [SEG_SIZE/256, SEG_SIZE/16)   read markers: byte obj>>4 for every object
 *   [NURSERY_START, NURSERY_END)  the nursery, kept zeroed
 *   [OLD_START, SEG_SIZE)         old objects: pages of a memfd, shared with
 *                                 segment 0 unless privatized by a write
 * Outside the segments, indexed by (obj >> 4): one write-lock byte (0 or the
 * owning segment number) and one mark byte for the major collector.
 *
 * Invariants:
 *  - segment 0 holds the committed version of every committed old object,
 *    except objects written in place by a solo transaction (core.c), whose
 *    committed version is in that transaction's undo log until it ends;
 *  - a page private in segment k holds k's own uncommitted changes (only to
 *    objects k has locked, or written in place while solo: their lock byte
 *    may be missing until solo mode ends, see core.c) and the committed
 *    version of everything else:
 *    each commit copies its changes into segment 0 and every private copy;
 *  - an old object created by the running transaction of segment k (moved
 *    out of k's nursery or allocated large) is write-locked by k until
 *    commit or abort, so nobody else can lock it and k's barrier knows it is
 *    its own;
 *  - `sync_mutex` protects the shared state below; a thread holding a
 *    segment is either "running" (outside the library's waits) or paused at
 *    a safe point.  A stop-the-world (commit, conflict resolution, major GC)
 *    waits until every other segment is paused, and may then act on behalf
 *    of the paused segments (minor-collect them, abort them).
 */
#ifndef _STM_CORE_H
#define _STM_CORE_H

#include "../stmgc.h"
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_SEGMENTS STM_NB_SEGMENTS
#define PAGE_SIZE 4096UL
#define SEG_SIZE ((uintptr_t)STM_SEGMENT_SIZE_MB << 20)
#define NURSERY_SIZE ((uintptr_t)STM_NURSERY_SIZE_KB << 10)
#define READMARKER_END (SEG_SIZE / 16)
#define NURSERY_START READMARKER_END
#define NURSERY_END (NURSERY_START + NURSERY_SIZE)
#define OLD_START NURSERY_END
#define OLD_PAGE0 (OLD_START / PAGE_SIZE)
#define NB_OLD_PAGES ((SEG_SIZE - OLD_START) / PAGE_SIZE)

#if STM_SEGMENT_SIZE_MB < 8
#error "STM_SEGMENT_SIZE_MB must be at least 8"
#endif
#if STM_SEGMENT_SIZE_MB >= (1 << 27)
#error "STM_SEGMENT_SIZE_MB too large (undo log entries keep offsets in 48 bits)"
#endif

#define GCFLAG_WRITE_BARRIER _STM_GCFLAG_WRITE_BARRIER
#define GCFLAG_HAS_SHADOW 0x02u /* young object with a reserved old slot */
#define GCFLAG_WEAKREF 0x04u
#define GCFLAG_FINALIZER 0x08u
#define UNDO_MAX_SIZE 256 /* largest object a solo transaction writes in place */
/* undo log entry: one header word (object offset | number of words << 48,
   offsets are below SEG_SIZE), then the committed words */
#define UNDO_OBJ(h) ((h) & ((1UL << 48) - 1))
#define UNDO_NWORDS(h) ((h) >> 48)
#define NEW_LOCK_BIT 0x80 /* write_locks value for objects created by the tx */
#define FORWARDED_MARK 0xffffffffu /* stm_flags of a moved nursery object */

enum { TX_NONE = 0, TX_REGULAR, TX_INEVITABLE };

/* ---- growable list of words ---- */
struct list_s {
    uintptr_t *items;
    size_t count, cap;
};

static void __attribute__((noinline)) list_grow(struct list_s *l)
{
    l->cap = l->cap ? l->cap * 2 : 64;
    l->items = realloc(l->items, l->cap * sizeof(uintptr_t));
    if (!l->items) {
        fprintf(stderr, "stmgc: out of malloc memory for internal lists\n");
        abort();
    }
}

static inline void list_append(struct list_s *l, uintptr_t x)
{
    if (__builtin_expect(l->count == l->cap, 0))
        list_grow(l);
    l->items[l->count++] = x;
}
static inline void list_clear(struct list_s *l) { l->count = 0; }
static void list_free(struct list_s *l)
{
    free(l->items);
    l->items = NULL;
    l->count = l->cap = 0;
}

/* open-addressing map young object -> reserved old slot (hash_id.c) */
struct shadow_map_s {
    uintptr_t *keys, *values;
    size_t cap, count;
};

#define NB_SIZE_CLASSES (STM_SMALL_OBJECT_LIMIT / 16 + 1)

/* Private (non-%gs) state of one segment.  Aligned to cache lines: each
   segment's thread writes its own entry (list counts in the barrier), and
   neighbouring entries must not share a line. */
struct __attribute__((aligned(64))) priv_segment_s {
    int num;
    char *base;
    stm_segment_info_t *info; /* linear address of the %gs info struct */
    stm_thread_local_t *owner; /* thread holding it, NULL if free */
    int tx_state;
    int running;       /* executing outside a library wait */
    int no_collect;    /* paused where its young objects must not move */
    int pending_abort; /* aborted by someone else: jump at next safe point */
    int solo; /* no other transaction ran since this one started: the write
                 barrier may take lock bytes with plain stores (core.c) */
    uint64_t start_seq; /* age for the contention policy (smaller = older) */
    uint64_t start_ns;
    struct list_s modified;             /* committed objects I locked */
    size_t modified_at_minor; /* modified[i >= this] were locked since the
                                 last minor collection, which must trace
                                 them (they are not in old_pointing_young) */
    size_t modified_lock_bytes; /* modified[i < this] all have their lock
                                   byte set; later in-place writes of a solo
                                   transaction have none (core.c) */
    struct list_s new_objs;             /* old objects created by this tx */
    struct list_s undo; /* solo in-place writes: header word (UNDO_OBJ,
                           UNDO_NWORDS), committed words; see core.c */
    struct list_s old_pointing_young;   /* old objects written since minor GC */
    struct list_s young_weakrefs;       /* weakrefs in the nursery */
    struct list_s young_finalizers;     /* finalizer objects in the nursery */
    struct list_s new_finalizers;       /* ... moved out, uncommitted */
    struct list_s finalize_after_commit; /* died during this tx */
    struct list_s new_weakrefs;         /* weakrefs moved out, uncommitted */
    struct list_s on_commit, on_abort;  /* pairs (key, callback) */
    struct shadow_map_s shadows;
    uintptr_t cur_page[NB_SIZE_CLASSES]; /* small-object allocation pages */
    uint32_t minor_in_tx; /* minor collections in the current transaction */
};

struct page_info_s {
    uint8_t kind; /* PAGE_FREE, PAGE_SMALL, PAGE_LARGE_HEAD, PAGE_LARGE_TAIL */
    uint8_t size_class;
    uint16_t nslots;
    uint32_t npages; /* for PAGE_LARGE_HEAD */
    uint64_t used[4]; /* slot bitmap for PAGE_SMALL (at most 256 slots) */
    uint8_t hole;     /* PAGE_FREE page whose memfd backing was punched out */
};
enum { PAGE_FREE = 0, PAGE_SMALL, PAGE_LARGE_HEAD, PAGE_LARGE_TAIL };

/* ---- global state (setup.c) ---- */
static char *stm_object_pages;  /* start of segment 0 */
static int stm_memfd = -1;
static uint8_t *write_locks;    /* indexed by obj >> 4 */
static uint8_t *mark_bytes;     /* indexed by obj >> 4 */
static uint32_t *page_private;  /* bit k: segment k holds a private copy */
static struct page_info_s *page_infos;
static struct priv_segment_s segs[NB_SEGMENTS + 1];
static stm_thread_local_t *all_threads;
static int next_thread_id;
static stm_stats_t stats_of_gone_threads;

static pthread_mutex_t sync_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond_paused = PTHREAD_COND_INITIALIZER;
static pthread_cond_t cond_resume = PTHREAD_COND_INITIALIZER;
static pthread_cond_t cond_segment_free = PTHREAD_COND_INITIALIZER;
static pthread_cond_t cond_inevitable_free = PTHREAD_COND_INITIALIZER;
static int world_stopped_by;  /* segment number, 0 = nobody */
static int inevitable_segment; /* 0 = none */
static uint64_t start_counter;
static int threads_waiting_for_segment;
static uint64_t sync_mutex_lock_count; /* diagnostics, under the mutex */

static inline void sync_lock(void)
{
    pthread_mutex_lock(&sync_mutex);
    sync_mutex_lock_count++;
}

static pthread_mutex_t alloc_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct list_s prebuilt_roots;
static struct list_s old_weakrefs;
static struct list_s old_finalizers;
static struct list_s finalizer_queue;
static volatile int major_gc_requested;
static uintptr_t old_bytes_allocated;
static uintptr_t major_gc_threshold;
#define MAJOR_GC_MIN_THRESHOLD ((uintptr_t)16 << 20)

#define REAL(seg, obj) ((char *)(segs[seg].base + (uintptr_t)(obj)))
#define REAL_HDR(seg, obj) ((struct object_s *)REAL(seg, obj))

static __thread char *current_gs_base;
static __thread int in_finalizers;

/* forward declarations across files */
static void add_stats(stm_stats_t *g, const stm_stats_t *s);
static void fatal(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static uint64_t now_ns(void);
static void set_gs_base(char *base);
static void privatize_object_pages(int seg, uintptr_t obj, size_t size);
static void copy_object_to_views(int src_seg, uintptr_t obj, size_t size);
static int page_is_private(int seg, uintptr_t page);
static void reshare_pages_after_major(void);
static void privatize_page(int seg, uintptr_t page);
static void undo_restore_committed(int seg);
static void enter_safe_point(int me);
static void stop_the_world(int me);
static void resume_the_world(void);
static void minor_collection(int seg, int at_commit);
static int major_collection_world_stopped(void);
static void maybe_major_collection(int me);
static uintptr_t small_alloc(int seg, size_t size);
static uintptr_t large_alloc(size_t size);
static void abort_segment_data(int seg, int cause, int other_thread);
static void finish_pending_abort(int me) __attribute__((noreturn));
static void self_abort(int me, int cause, int other_thread) __attribute__((noreturn));
static void log_event(stm_thread_local_t *tl, int kind, int detail,
                      stm_thread_local_t *other);
static void shadow_map_clear(struct shadow_map_s *m);
static uintptr_t shadow_map_get(struct shadow_map_s *m, uintptr_t key);
static void weakrefs_after_minor(int seg);
static void weakrefs_after_major(void);
static void finalizers_after_minor(int seg);
static void finalizers_mark_after_major(void);
static void run_finalizer_queue(stm_thread_local_t *tl);
static void mark_object_and_trace(uintptr_t obj);
static void mark_drain(void);
static size_t obj_size(int seg, uintptr_t obj);
static int current_segment(void);
static void release_segment(int seg);
static void wait_on(pthread_cond_t *cond, int me, stm_thread_local_t *tl);

#ifdef STM_TESTING
static void _stm_test_would_block(stm_thread_local_t *tl) __attribute__((noreturn));
#endif

#endif
