/* rpygc.c -- the generational GC (nursery + mark-sweep old generation).
 *
 * Minor collection: every young object reachable from the shadow stack, the
 * remembered set or a marked card is copied into a malloc()ed old block and
 * its header in the nursery is overwritten by a forwarding pointer; copies are
 * scanned from an explicit stack (no recursion).  The nursery is then zeroed
 * so that allocation never has to clear memory.
 *
 * Old generation: objects up to SMALL_MAX bytes live in 64 KB chunks of
 * equal-sized slots, one free list per size class (a free slot has tid
 * FREE_TID and links to the next free slot in its second word); bigger
 * objects are malloc()ed blocks with a hidden prefix {next, size} linking
 * them into `old_objects`.  A major collection marks from the shadow stacks
 * and the prebuilt objects, then sweeps the chunks and the list; chunks that
 * end up empty go back to the system.  Prebuilt objects are static; they
 * are traced as roots on every major collection and use the same write barrier
 * as old objects.  A major collection starts when the old generation has
 * grown by RPY_GC_GROWTH times its size after the previous one.
 *
 * Weak references: weakref objects are listed in `young_weakrefs` (created
 * since the last minor collection) and `old_weakrefs`.  After a minor
 * collection a surviving young weakref moves to the old list, its referent
 * slot following the referent's move or cleared if the referent stayed in
 * the nursery; after a major collection old weakrefs that were not marked
 * leave the list and unmarked referents are cleared.
 *
 * Finalizer queues: objects registered with a queue sit in `young_fq` /
 * `old_fq` (not roots).  When a collection finds some of them unreachable,
 * it first flags (GCFLAG_FQ_SEEN, without keeping anything alive) what
 * each one's *children* reach.  The unflagged ones, which no dying
 * registered object refers to, are kept alive (copied/marked with
 * everything they reach) and appended to their queue's `dead` list, a root
 * until next_dead() hands them out.  A flagged one that this made
 * reachable stays registered until a later collection, so that an object
 * is queued before the objects it refers to, whatever the registration
 * order.  Flagged ones still unreachable after that are only referenced
 * from cycles of dying registered objects: they are queued too, so cycles
 * are not kept forever.
 * Weakrefs are processed after that, so a weakref to a queued object stays
 * valid until the object is really freed.  The queue's trigger (an RPython
 * function) is called once the collection is complete, never from inside
 * it; triggers that allocate and collect again do not nest.
 *
 * Identity: old and prebuilt objects use their address.  When the id of a
 * young object is taken, its future old block (the "shadow") is allocated at
 * once and remembered in a small hash table, so that the id never changes.
 */
#include "rpygc.h"

#include <stdio.h>
#include <stdlib.h>
#ifdef RPY_THREAD
#include <pthread.h>
#endif

#define RPY_GC_DEFAULT_NURSERY (4L * 1024 * 1024)
#define RPY_GC_LARGE_ARRAY_BYTES (32L * 1024)
#define RPY_GC_GROWTH 1.5
#define RPY_GC_MIN_MAJOR_THRESHOLD (16L * 1024 * 1024)
#define RPY_GC_SHADOWSTACK_WORDS (4L * 1024 * 1024)

typedef struct old_prefix {
    struct old_prefix *next;
    long size; /* bytes of the object proper (for statistics and id)  */
} old_prefix_t;

#define PREFIX(obj) ((old_prefix_t *)(obj) - 1)
#define OBJ_OF(prefix) ((void *)((old_prefix_t *)(prefix) + 1))
#define HDR(obj) ((rpy_gchdr_t *)(obj))

RPY_GC_TLS void **rpy_shadowstack_base;
RPY_GC_TLS void **rpy_shadowstack_top;
RPY_GC_TLS void **rpy_shadowstack_limit;
char *rpy_nursery_free;
char *rpy_nursery_top;
struct rpy_gc_stats rpy_gc_stats;

static char *nursery_start;
static long nursery_size;
static old_prefix_t *old_objects;
static long next_major_threshold;

/* A growable stack of object pointers. */
typedef struct {
    void **items;
    long count, capacity;
} objstack_t;

static objstack_t remembered;   /* old objects with (maybe) young pointers */
static objstack_t carded;       /* large arrays with marked cards          */
static objstack_t to_scan;      /* work list of the current collection     */

static void fatal(const char *msg)
{
    fprintf(stderr, "RPython GC fatal error: %s\n", msg);
    abort();
}

static void objstack_push(objstack_t *s, void *obj)
{
    if (s->count == s->capacity) {
        s->capacity = s->capacity ? s->capacity * 2 : 1024;
        s->items = realloc(s->items, s->capacity * sizeof(void *));
        if (!s->items)
            fatal("out of memory (GC work list)");
    }
    s->items[s->count++] = obj;
}

/* Registered finalizable objects and the queues they go to. */
typedef struct {
    void *obj;
    long queue;
} fq_entry_t;

typedef struct {
    fq_entry_t *items;
    long count, capacity;
} fq_list_t;

static void fq_list_push(fq_list_t *l, void *obj, long queue)
{
    if (l->count == l->capacity) {
        l->capacity = l->capacity ? l->capacity * 2 : 256;
        l->items = realloc(l->items, l->capacity * sizeof(fq_entry_t));
        if (!l->items)
            fatal("out of memory (finalizer registrations)");
    }
    l->items[l->count].obj = obj;
    l->items[l->count].queue = queue;
    l->count++;
}

#define RPY_FQ_MAX 64
typedef struct {
    objstack_t dead; /* unreachable objects waiting for next_dead()     */
    long first;      /* index of the next one to hand out               */
    void (*trigger)(void);
    int pending;     /* objects were added since the trigger last ran   */
} fq_queue_t;

static objstack_t young_weakrefs, old_weakrefs;
static fq_list_t young_fq, old_fq;
static fq_queue_t fq_queues[RPY_FQ_MAX];
static int fq_any_pending;
static int fq_in_triggers;

/* ------------------------------------------------------------------ */
/* Shadow stacks of all threads                                       */

typedef struct gc_thread {
    void **base;
    void ***top_ptr; /* address of that thread's rpy_shadowstack_top */
    struct gc_thread *next;
} gc_thread_t;

static gc_thread_t *all_threads;
static RPY_GC_TLS gc_thread_t *current_thread;
#ifdef RPY_THREAD
static pthread_mutex_t threads_lock = PTHREAD_MUTEX_INITIALIZER;
#define LOCK_THREADS() pthread_mutex_lock(&threads_lock)
#define UNLOCK_THREADS() pthread_mutex_unlock(&threads_lock)
#else
#define LOCK_THREADS() ((void)0)
#define UNLOCK_THREADS() ((void)0)
#endif

static void register_current_thread(void)
{
    gc_thread_t *t = malloc(sizeof(gc_thread_t));
    rpy_shadowstack_base = malloc(RPY_GC_SHADOWSTACK_WORDS * sizeof(void *));
    if (!t || !rpy_shadowstack_base)
        fatal("cannot allocate a shadow stack");
    rpy_shadowstack_top = rpy_shadowstack_base;
    /* keep a margin: generated code checks the limit once per function */
    rpy_shadowstack_limit = rpy_shadowstack_base + RPY_GC_SHADOWSTACK_WORDS - 4096;
    t->base = rpy_shadowstack_base;
    t->top_ptr = &rpy_shadowstack_top;
    LOCK_THREADS();
    t->next = all_threads;
    all_threads = t;
    UNLOCK_THREADS();
    current_thread = t;
}

void rpy_gc_thread_start(void)
{
    if (!current_thread)
        register_current_thread();
}

void rpy_gc_thread_die(void)
{
    gc_thread_t **link;
    gc_thread_t *t = current_thread;
    if (!t)
        return;
    LOCK_THREADS();
    for (link = &all_threads; *link; link = &(*link)->next) {
        if (*link == t) {
            *link = t->next;
            break;
        }
    }
    UNLOCK_THREADS();
    free(t->base);
    free(t);
    current_thread = NULL;
    rpy_shadowstack_base = rpy_shadowstack_top = rpy_shadowstack_limit = NULL;
}

typedef void (*slot_visitor_t)(void **slot);

static void visit_all_shadowstacks(slot_visitor_t visit)
{
    gc_thread_t *t;
    void **root;
    /* threads may register (with empty stacks) without holding the GIL */
    LOCK_THREADS();
    for (t = all_threads; t; t = t->next) {
        void **top = *t->top_ptr;
        for (root = t->base; root < top; root++)
            visit(root);
    }
    UNLOCK_THREADS();
}

/* ------------------------------------------------------------------ */
/* Sizes and tracing                                                  */

static inline long obj_size(void *obj)
{
    const struct rpy_typeinfo *ti = &rpy_typeinfo_table[HDR(obj)->tid];
    long size = ti->fixedsize;
    if (ti->itemsize)
        size += ti->itemsize * *(long *)((char *)obj + ti->ofs_length);
    size = size < RPY_GC_MIN_SIZE ? RPY_GC_MIN_SIZE : RPY_GC_ROUND(size);
    return size;
}

static inline long array_length(void *obj)
{
    const struct rpy_typeinfo *ti = &rpy_typeinfo_table[HDR(obj)->tid];
    return *(long *)((char *)obj + ti->ofs_length);
}

static inline long card_count(long length)
{
    return (length + RPY_GC_CARD_SIZE - 1) >> RPY_GC_CARD_SHIFT;
}

/* Card bytes sit just before the prefix of a carded array. */
static inline unsigned char *card_table(void *obj)
{
    long ncards = RPY_GC_ROUND(card_count(array_length(obj)));
    return (unsigned char *)PREFIX(obj) - ncards;
}

/* Visit the GC pointer slots of items [start, stop) and of the fixed part. */
static inline void trace_range(void *obj, long start, long stop, int fixed_part,
                               slot_visitor_t visit)
{
    const struct rpy_typeinfo *ti = &rpy_typeinfo_table[HDR(obj)->tid];
    const long *ofs;
    if (fixed_part)
        for (ofs = ti->ptr_offsets; *ofs >= 0; ofs++)
            visit((void **)((char *)obj + *ofs));
    if (ti->itemsize && ti->item_ptr_offsets[0] >= 0) {
        char *item = (char *)obj + ti->fixedsize + start * ti->itemsize;
        long i;
        for (i = start; i < stop; i++, item += ti->itemsize)
            for (ofs = ti->item_ptr_offsets; *ofs >= 0; ofs++)
                visit((void **)(item + *ofs));
    }
}

static inline void trace_obj(void *obj, slot_visitor_t visit)
{
    const struct rpy_typeinfo *ti = &rpy_typeinfo_table[HDR(obj)->tid];
    long length = ti->itemsize ? array_length(obj) : 0;
    trace_range(obj, 0, length, 1, visit);
}

/* ------------------------------------------------------------------ */
/* Old generation: small objects in chunks of equal-sized slots        */

#define SMALL_MAX 256
#define NUM_CLASSES (SMALL_MAX / 8 + 1)
#define CHUNK_BYTES (64L * 1024)
#define FREE_TID 0xFFFFFFFEu

typedef struct chunk {
    struct chunk *next;
    long slotsize;
    long nslots;
    long pad; /* keeps the slots 16-byte aligned */
} chunk_t;

static chunk_t *chunks[NUM_CLASSES];
static void *free_slots[NUM_CLASSES];

static void *small_alloc(long size)
{
    long cls = size >> 3;
    void *slot = free_slots[cls];
    if (!slot) {
        long i, n = (CHUNK_BYTES - (long)sizeof(chunk_t)) / size;
        chunk_t *chunk = malloc(CHUNK_BYTES);
        char *p;
        if (!chunk)
            fatal("out of memory");
        chunk->slotsize = size;
        chunk->nslots = n;
        chunk->next = chunks[cls];
        chunks[cls] = chunk;
        p = (char *)(chunk + 1);
        for (i = n - 1; i >= 0; i--) {
            void *free_slot = p + i * size;
            HDR(free_slot)->tid = FREE_TID;
            ((void **)free_slot)[1] = free_slots[cls];
            free_slots[cls] = free_slot;
        }
        slot = free_slots[cls];
    }
    free_slots[cls] = ((void **)slot)[1];
    memset(slot, 0, size);
    rpy_gc_stats.old_bytes += size;
    if (rpy_gc_stats.old_bytes > rpy_gc_stats.peak_old_bytes)
        rpy_gc_stats.peak_old_bytes = rpy_gc_stats.old_bytes;
    return slot;
}

static void small_free(void *obj, long size)
{
    long cls = size >> 3;
    HDR(obj)->tid = FREE_TID;
    ((void **)obj)[1] = free_slots[cls];
    free_slots[cls] = obj;
    rpy_gc_stats.old_bytes -= size;
}

/* Free unmarked small objects, clear marks, rebuild the free lists. */
static void sweep_small(void)
{
    long cls;
    for (cls = 0; cls < NUM_CLASSES; cls++) {
        chunk_t **link = &chunks[cls];
        free_slots[cls] = NULL;
        while (*link) {
            chunk_t *chunk = *link;
            char *p = (char *)(chunk + 1);
            long i, live = 0, size = chunk->slotsize;
            void *chunk_free = NULL, *last_free = NULL;
            for (i = 0; i < chunk->nslots; i++, p += size) {
                rpy_gchdr_t *hdr = HDR(p);
                if (hdr->tid != FREE_TID && (hdr->flags & GCFLAG_VISITED)) {
                    hdr->flags &= ~GCFLAG_VISITED;
                    live++;
                    continue;
                }
                if (hdr->tid != FREE_TID) {
                    hdr->tid = FREE_TID;
                    rpy_gc_stats.old_bytes -= size;
                }
                ((void **)p)[1] = chunk_free;
                if (!chunk_free)
                    last_free = p;
                chunk_free = p;
            }
            if (live == 0) {
                *link = chunk->next;
                free(chunk);
                continue;
            }
            if (last_free) {
                ((void **)last_free)[1] = free_slots[cls];
                free_slots[cls] = chunk_free;
            }
            link = &chunk->next;
        }
    }
}

/* ------------------------------------------------------------------ */
/* Old generation: big objects, one malloc()ed block each              */

static void *old_alloc(long size, long ncards)
{
    long cardbytes = ncards ? RPY_GC_ROUND(ncards) : 0;
    char *block;
    old_prefix_t *prefix;
    if (!ncards && size <= SMALL_MAX)
        return small_alloc(size);
    block = calloc(1, cardbytes + sizeof(old_prefix_t) + size);
    if (!block)
        fatal("out of memory");
    prefix = (old_prefix_t *)(block + cardbytes);
    prefix->next = old_objects;
    prefix->size = size;
    old_objects = prefix;
    rpy_gc_stats.old_bytes += size + cardbytes;
    if (rpy_gc_stats.old_bytes > rpy_gc_stats.peak_old_bytes)
        rpy_gc_stats.peak_old_bytes = rpy_gc_stats.old_bytes;
    return OBJ_OF(prefix);
}

static void old_free(old_prefix_t *prefix)
{
    void *obj = OBJ_OF(prefix);
    long cardbytes = 0;
    if (HDR(obj)->flags & GCFLAG_HAS_CARDS)
        cardbytes = RPY_GC_ROUND(card_count(array_length(obj)));
    rpy_gc_stats.old_bytes -= prefix->size + cardbytes;
    free((char *)prefix - cardbytes);
}

/* ------------------------------------------------------------------ */
/* Shadows: old blocks reserved for young objects whose id was taken   */

typedef struct {
    void *young;
    void *shadow;
    long size;
} shadow_entry_t;

static shadow_entry_t *shadows;
static long shadows_mask = -1; /* table size - 1, or -1 when unallocated */
static long shadows_count;

static inline long shadow_hash(void *young)
{
    return (long)(((uintptr_t)young >> 4) * 2654435761u);
}

static shadow_entry_t *shadow_find(void *young)
{
    long i = shadow_hash(young) & shadows_mask;
    while (shadows[i].young && shadows[i].young != young)
        i = (i + 1) & shadows_mask;
    return &shadows[i];
}

static void shadow_insert(void *young, void *shadow, long size)
{
    shadow_entry_t *entry;
    if (2 * (shadows_count + 1) > shadows_mask + 1) {
        shadow_entry_t *old = shadows;
        long old_size = shadows_mask + 1, i;
        long new_size = old_size ? old_size * 2 : 64;
        shadows = calloc(new_size, sizeof(shadow_entry_t));
        if (!shadows)
            fatal("out of memory (shadow table)");
        shadows_mask = new_size - 1;
        for (i = 0; i < old_size; i++)
            if (old[i].young)
                *shadow_find(old[i].young) = old[i];
        free(old);
    }
    entry = shadow_find(young);
    entry->young = young;
    entry->shadow = shadow;
    entry->size = size;
    shadows_count++;
}

/* ------------------------------------------------------------------ */
/* Minor collection                                                   */

static inline int is_young(void *obj)
{
    return (char *)obj >= nursery_start && (char *)obj < nursery_start + nursery_size;
}

static void *shadow_take(void *young, long size)
{
    shadow_entry_t *entry = shadow_find(young);
    void *copy = entry->shadow;
    if (!entry->young || entry->size != size)
        fatal("lost shadow of a young object");
    entry->shadow = NULL; /* now in use: do not free it below */
    return copy;
}

static void copy_young(void **slot)
{
    void *obj = *slot;
    void *copy;
    long size;
    if (!obj || !is_young(obj))
        return;
    if (HDR(obj)->flags & GCFLAG_FORWARDED) {
        *slot = ((void **)obj)[1];
        return;
    }
    size = obj_size(obj);
    if (HDR(obj)->flags & GCFLAG_HAS_SHADOW) {
        copy = shadow_take(obj, size);
        /* the shadow was linked into old_objects at allocation time */
    }
    else {
        copy = old_alloc(size, 0);
    }
    memcpy(copy, obj, size);
    HDR(copy)->flags = (HDR(obj)->flags & ~(GCFLAG_HAS_SHADOW | GCFLAG_FQ_SEEN)) |
                        GCFLAG_TRACK_YOUNG_PTRS;
    HDR(obj)->flags |= GCFLAG_FORWARDED;
    ((void **)obj)[1] = copy;
    *slot = copy;
    objstack_push(&to_scan, copy);
}

static void free_unused_shadows(void)
{
    long i;
    if (!shadows_count)
        return;
    for (i = 0; i <= shadows_mask; i++) {
        void *shadow = shadows[i].shadow;
        if (shadow) {
            /* the young object died: a small shadow is freed now; a big
             * one is unlinked lazily (marked with tid 0xFFFFFFFF, dropped
             * before the next sweep) */
            if (shadows[i].size <= SMALL_MAX)
                small_free(shadow, shadows[i].size);
            else
                HDR(shadow)->tid = 0xFFFFFFFFu;
        }
        shadows[i].young = NULL;
        shadows[i].shadow = NULL;
    }
    shadows_count = 0;
}

static inline void *forwarded(void *obj)
{
    return ((void **)obj)[1];
}

static void drain_young(void)
{
    while (to_scan.count)
        trace_obj(to_scan.items[--to_scan.count], copy_young);
}

static void fq_queue_dead(void *obj, long queue)
{
    objstack_push(&fq_queues[queue].dead, obj);
    fq_queues[queue].pending = 1;
    fq_any_pending = 1;
    rpy_gc_stats.finalizer_objects--;
}

/* Pass A of the ordering rule: flag with GCFLAG_FQ_SEEN everything that
 * the children of `obj` reach among the objects that `is_candidate` (not
 * yet kept alive by the collection); `obj` itself gets the flag only
 * through a cycle. */
static objstack_t fq_scan, fq_seen;
static fq_list_t fq_cycles;
static int fq_in_minor;

static void fq_see_slot(void **slot)
{
    void *obj = *slot;
    if (!obj)
        return;
    if (fq_in_minor) {
        if (!is_young(obj) || (HDR(obj)->flags & (GCFLAG_FORWARDED | GCFLAG_FQ_SEEN)))
            return; /* old objects survive a minor collection anyway */
    }
    else if (HDR(obj)->flags & (GCFLAG_VISITED | GCFLAG_PREBUILT | GCFLAG_FQ_SEEN))
        return;
    HDR(obj)->flags |= GCFLAG_FQ_SEEN;
    objstack_push(&fq_seen, obj);
    objstack_push(&fq_scan, obj);
}

static void fq_see_from_children(void *obj)
{
    trace_obj(obj, fq_see_slot);
    while (fq_scan.count)
        trace_obj(fq_scan.items[--fq_scan.count], fq_see_slot);
}

static void fq_clear_seen(void)
{
    long i;
    for (i = 0; i < fq_seen.count; i++)
        HDR(fq_seen.items[i])->flags &= ~GCFLAG_FQ_SEEN;
    fq_seen.count = 0;
}

/* Young registered objects that the collection did not reach: those that
 * no other dying registered object reaches are queued first; then those
 * left unreached even so (cycles among dying registered objects, with
 * what hangs off them) are queued too; the rest, reached from a queued
 * object, stay registered for a later collection. */
static void minor_finalizers(void)
{
    long i, n = 0;
    fq_entry_t *items = young_fq.items;
    for (i = 0; i < young_fq.count; i++) {
        void *obj = items[i].obj;
        if (!is_young(obj))
            fq_list_push(&old_fq, obj, items[i].queue);
        else if (HDR(obj)->flags & GCFLAG_FORWARDED)
            fq_list_push(&old_fq, forwarded(obj), items[i].queue);
        else
            items[n++] = items[i];
    }
    if (!n) {
        young_fq.count = 0;
        return;
    }
    fq_in_minor = 1;
    for (i = 0; i < n; i++)
        if (!(HDR(items[i].obj)->flags & GCFLAG_FQ_SEEN))
            fq_see_from_children(items[i].obj);
    /* the flags stay on nursery objects only (cleared by copy_young and by
     * zeroing the nursery) */
    fq_seen.count = 0;
    for (i = 0; i < n; i++) {
        void *obj = items[i].obj;
        if (!(HDR(obj)->flags & GCFLAG_FQ_SEEN)) {
            copy_young(&obj);
            drain_young();
            fq_queue_dead(obj, items[i].queue);
            items[i].obj = NULL;
        }
    }
    /* decide for all before copying any: a cycle is queued as a whole */
    for (i = 0; i < n; i++) {
        void *obj = items[i].obj;
        if (obj && (HDR(obj)->flags & GCFLAG_FORWARDED)) {
            fq_list_push(&old_fq, forwarded(obj), items[i].queue);
            items[i].obj = NULL;
        }
    }
    for (i = 0; i < n; i++) {
        void *obj = items[i].obj;
        if (!obj)
            continue;
        copy_young(&obj);
        drain_young();
        fq_queue_dead(obj, items[i].queue);
    }
    young_fq.count = 0;
}

static void minor_weakrefs(void)
{
    long i;
    for (i = 0; i < young_weakrefs.count; i++) {
        void *wr = young_weakrefs.items[i];
        void **slot;
        if (is_young(wr)) {
            if (!(HDR(wr)->flags & GCFLAG_FORWARDED)) {
                rpy_gc_stats.weakrefs--; /* the weakref itself died */
                continue;
            }
            wr = forwarded(wr);
        }
        slot = RPY_WEAKREF_SLOT(wr);
        if (*slot && is_young(*slot)) {
            if (HDR(*slot)->flags & GCFLAG_FORWARDED)
                *slot = forwarded(*slot);
            else
                *slot = NULL;
        }
        objstack_push(&old_weakrefs, wr);
    }
    young_weakrefs.count = 0;
}

static void minor_collection(void)
{
    long i;
    rpy_gc_stats.minor_collections++;
    visit_all_shadowstacks(copy_young);
    for (i = 0; i < remembered.count; i++) {
        void *obj = remembered.items[i];
        trace_obj(obj, copy_young);
        HDR(obj)->flags |= GCFLAG_TRACK_YOUNG_PTRS;
    }
    remembered.count = 0;
    for (i = 0; i < carded.count; i++) {
        void *obj = carded.items[i];
        long ncards = card_count(array_length(obj)), card;
        unsigned char *cards = card_table(obj);
        long length = array_length(obj);
        for (card = 0; card < ncards; card++) {
            if (cards[card]) {
                long start = card << RPY_GC_CARD_SHIFT;
                long stop = start + RPY_GC_CARD_SIZE;
                cards[card] = 0;
                trace_range(obj, start, stop < length ? stop : length, 0, copy_young);
            }
        }
        trace_range(obj, 0, 0, 1, copy_young);
        HDR(obj)->flags = (HDR(obj)->flags & ~GCFLAG_CARDS_SET) | GCFLAG_TRACK_YOUNG_PTRS;
    }
    carded.count = 0;
    drain_young();
    /* the objects waiting in the queues were copied when they were queued */
    if (young_fq.count)
        minor_finalizers();
    minor_weakrefs();
    free_unused_shadows();
    memset(nursery_start, 0, rpy_nursery_free - nursery_start);
    rpy_nursery_free = nursery_start;
}

/* ------------------------------------------------------------------ */
/* Major collection (runs right after a minor one: the nursery is empty) */

static void mark_slot(void **slot)
{
    void *obj = *slot;
    if (!obj)
        return;
    if (HDR(obj)->flags & (GCFLAG_VISITED | GCFLAG_PREBUILT))
        return;
    HDR(obj)->flags |= GCFLAG_VISITED;
    objstack_push(&to_scan, obj);
}

static inline int is_marked(void *obj)
{
    return (HDR(obj)->flags & (GCFLAG_VISITED | GCFLAG_PREBUILT)) != 0;
}

static void drain_marking(void)
{
    while (to_scan.count)
        trace_obj(to_scan.items[--to_scan.count], mark_slot);
}

static void major_finalizers(void)
{
    long i, n = 0, kept = 0;
    fq_entry_t *items = old_fq.items;
    /* registered objects that the roots do not reach go to the front */
    for (i = 0; i < old_fq.count; i++) {
        if (!is_marked(items[i].obj)) {
            fq_entry_t tmp = items[n];
            items[n++] = items[i];
            items[i] = tmp;
        }
    }
    if (!n)
        return;
    fq_in_minor = 0;
    for (i = 0; i < n; i++)
        if (!(HDR(items[i].obj)->flags & GCFLAG_FQ_SEEN))
            fq_see_from_children(items[i].obj);
    /* same rule as minor_finalizers(): unreached ones, then the cycles */
    for (i = 0; i < n; i++) {
        void *obj = items[i].obj;
        if (!(HDR(obj)->flags & GCFLAG_FQ_SEEN)) {
            mark_slot(&obj);
            drain_marking();
            fq_queue_dead(obj, items[i].queue);
            items[i].queue = -1;
        }
    }
    /* decide for all before marking any: a cycle is queued as a whole */
    for (i = 0; i < n; i++) {
        if (items[i].queue < 0)
            continue; /* queued above */
        if (is_marked(items[i].obj))
            items[kept++] = items[i]; /* postponed: stays registered */
        else
            fq_list_push(&fq_cycles, items[i].obj, items[i].queue);
    }
    for (i = 0; i < fq_cycles.count; i++) {
        void *obj = fq_cycles.items[i].obj;
        mark_slot(&obj);
        drain_marking();
        fq_queue_dead(obj, fq_cycles.items[i].queue);
    }
    fq_cycles.count = 0;
    fq_clear_seen();
    /* keep the postponed ones and the live ones (from index n on) */
    memmove(items + kept, items + n, (old_fq.count - n) * sizeof(fq_entry_t));
    old_fq.count = kept + (old_fq.count - n);
}

static void major_weakrefs(void)
{
    long i, n = 0;
    for (i = 0; i < old_weakrefs.count; i++) {
        void *wr = old_weakrefs.items[i];
        void **slot;
        if (!is_marked(wr)) {
            rpy_gc_stats.weakrefs--;
            continue;
        }
        slot = RPY_WEAKREF_SLOT(wr);
        if (*slot && !is_marked(*slot))
            *slot = NULL;
        old_weakrefs.items[n++] = wr;
    }
    old_weakrefs.count = n;
}

static void major_collection(void)
{
    void *const *prebuilt;
    old_prefix_t **link;
    long q;
    rpy_gc_stats.major_collections++;
    visit_all_shadowstacks(mark_slot);
    for (prebuilt = rpy_prebuilt_gc_objects; *prebuilt; prebuilt++)
        trace_obj(*prebuilt, mark_slot);
    for (q = 0; q < RPY_FQ_MAX; q++) {
        fq_queue_t *queue = &fq_queues[q];
        long i;
        for (i = queue->first; i < queue->dead.count; i++)
            mark_slot(&queue->dead.items[i]);
    }
    drain_marking();
    major_finalizers();
    major_weakrefs();
    link = &old_objects;
    while (*link) {
        old_prefix_t *prefix = *link;
        rpy_gchdr_t *hdr = HDR(OBJ_OF(prefix));
        if (hdr->flags & GCFLAG_VISITED) {
            hdr->flags &= ~GCFLAG_VISITED;
            link = &prefix->next;
        }
        else {
            *link = prefix->next;
            old_free(prefix);
        }
    }
    sweep_small();
    next_major_threshold = (long)(rpy_gc_stats.old_bytes * RPY_GC_GROWTH);
    if (next_major_threshold < RPY_GC_MIN_MAJOR_THRESHOLD)
        next_major_threshold = RPY_GC_MIN_MAJOR_THRESHOLD;
}

/* Shadow blocks of dead young objects are unreachable and carry tid
 * 0xFFFFFFFF; the sweep must not look at their type, so drop them first. */
static void drop_dead_shadows(void)
{
    old_prefix_t **link = &old_objects;
    while (*link) {
        old_prefix_t *prefix = *link;
        if (HDR(OBJ_OF(prefix))->tid == 0xFFFFFFFFu) {
            *link = prefix->next;
            rpy_gc_stats.old_bytes -= prefix->size;
            free(prefix);
        }
        else
            link = &prefix->next;
    }
}

static int dead_shadows_pending;
static int major_enabled = 1; /* rgc.disable() stops automatic major ones */

static void collect(int generation)
{
    long shadows_before = shadows_count;
    minor_collection();
    if (shadows_before)
        dead_shadows_pending = 1;
    if (generation >= 1 || (major_enabled && rpy_gc_stats.old_bytes > next_major_threshold)) {
        if (dead_shadows_pending) {
            drop_dead_shadows();
            dead_shadows_pending = 0;
        }
        major_collection();
    }
}

/* Call the triggers of the queues that received objects; a trigger that
 * allocates may collect again, the outer loop then sees the new flags. */
static void run_finalizer_triggers(void)
{
    long q;
    if (fq_in_triggers)
        return;
    fq_in_triggers = 1;
    while (fq_any_pending) {
        fq_any_pending = 0;
        for (q = 0; q < RPY_FQ_MAX; q++) {
            if (fq_queues[q].pending) {
                fq_queues[q].pending = 0;
                if (fq_queues[q].trigger)
                    fq_queues[q].trigger();
            }
        }
    }
    fq_in_triggers = 0;
}

/* ------------------------------------------------------------------ */
/* Public entry points                                                */

void rpy_gc_setup(void)
{
    const char *env = getenv("RPY_GC_NURSERY");
    if (nursery_start)
        return;
    nursery_size = env ? atol(env) : RPY_GC_DEFAULT_NURSERY;
    if (nursery_size < 64 * 1024)
        nursery_size = 64 * 1024;
    nursery_start = calloc(1, nursery_size);
    if (!nursery_start)
        fatal("cannot allocate the nursery");
    register_current_thread();
    rpy_nursery_free = nursery_start;
    rpy_nursery_top = nursery_start + nursery_size;
    next_major_threshold = RPY_GC_MIN_MAJOR_THRESHOLD;
}

void *rpy_gc_collect_and_reserve(uint32_t tid, long size)
{
    char *result;
    if (!nursery_start)
        rpy_gc_setup();
    if (size > nursery_size / 4) {
        /* too big for the nursery: straight to the old generation */
        if (major_enabled && rpy_gc_stats.old_bytes + size > next_major_threshold) {
            collect(1);
            run_finalizer_triggers();
        }
        result = old_alloc(size, 0);
        HDR(result)->tid = tid;
        HDR(result)->flags = GCFLAG_TRACK_YOUNG_PTRS;
        return result;
    }
    /* a trigger may fill the nursery again: loop */
    while (rpy_nursery_free + size > rpy_nursery_top) {
        collect(0);
        if (fq_any_pending && !fq_in_triggers)
            run_finalizer_triggers();
    }
    result = rpy_nursery_free;
    rpy_nursery_free += size;
    HDR(result)->tid = tid;
    return result;
}

void *rpy_gc_malloc_varsize_slow(uint32_t tid, long length)
{
    const struct rpy_typeinfo *ti = &rpy_typeinfo_table[tid];
    long size, ncards = 0;
    char *result;
    if (length < 0 || (ti->itemsize && length > (0x7fffffffffffL / ti->itemsize)))
        fatal("out of memory (array too large)");
    size = ti->fixedsize + length * ti->itemsize;
    size = size < RPY_GC_MIN_SIZE ? RPY_GC_MIN_SIZE : RPY_GC_ROUND(size);
    if (size <= RPY_GC_LARGE_ARRAY_BYTES) {
        result = rpy_gc_malloc_fixed(tid, size);
        *(long *)(result + ti->ofs_length) = length;
        return result;
    }
    if (major_enabled && rpy_gc_stats.old_bytes + size > next_major_threshold) {
        if (!nursery_start)
            rpy_gc_setup();
        collect(1);
        run_finalizer_triggers();
    }
    if (ti->item_ptr_offsets[0] >= 0)
        ncards = card_count(length);
    result = old_alloc(size, ncards);
    HDR(result)->tid = tid;
    HDR(result)->flags = GCFLAG_TRACK_YOUNG_PTRS | (ncards ? GCFLAG_HAS_CARDS : 0);
    *(long *)(result + ti->ofs_length) = length;
    return result;
}

void rpy_gc_remember(void *obj)
{
    rpy_gchdr_t *hdr = HDR(obj);
    hdr->flags &= ~GCFLAG_TRACK_YOUNG_PTRS;
    if (hdr->flags & GCFLAG_HAS_CARDS) {
        /* a store through setfield-like access: scan all of it */
        unsigned char *cards = card_table(obj);
        memset(cards, 1, card_count(array_length(obj)));
        if (!(hdr->flags & GCFLAG_CARDS_SET)) {
            hdr->flags |= GCFLAG_CARDS_SET;
            objstack_push(&carded, obj);
        }
        return;
    }
    objstack_push(&remembered, obj);
}

void rpy_gc_remember_card(void *obj, long index)
{
    rpy_gchdr_t *hdr = HDR(obj);
    if (!(hdr->flags & GCFLAG_HAS_CARDS)) {
        rpy_gc_remember(obj);
        return;
    }
    /* the flag stays set: every later store must mark its own card */
    card_table(obj)[index >> RPY_GC_CARD_SHIFT] = 1;
    if (!(hdr->flags & GCFLAG_CARDS_SET)) {
        hdr->flags |= GCFLAG_CARDS_SET;
        objstack_push(&carded, obj);
    }
}

void rpy_gc_collect(int generation)
{
    if (!nursery_start)
        rpy_gc_setup();
    collect(generation);
    run_finalizer_triggers();
}

void rpy_gc_set_major_enabled(long enabled)
{
    major_enabled = enabled != 0;
}

long rpy_gc_get_memory_usage(void *obj)
{
    return obj ? obj_size(obj) : 0;
}

void rpy_gc_weakref_init(void *wr, void *obj)
{
    *RPY_WEAKREF_SLOT(wr) = obj;
    rpy_gc_stats.weakrefs++;
    /* a young weakref, or an old one whose referent is still young, is
     * looked at by the next minor collection */
    if (is_young(wr) || (obj && is_young(obj)))
        objstack_push(&young_weakrefs, wr);
    else
        objstack_push(&old_weakrefs, wr);
}

void rpy_gc_fq_register(long queue, void *obj, void *trigger)
{
    if (queue < 0 || queue >= RPY_FQ_MAX)
        fatal("too many finalizer queues");
    if (!obj)
        return;
    fq_queues[queue].trigger = (void (*)(void))trigger;
    rpy_gc_stats.finalizer_objects++;
    if (is_young(obj))
        fq_list_push(&young_fq, obj, queue);
    else if (HDR(obj)->flags & GCFLAG_PREBUILT)
        rpy_gc_stats.finalizer_objects--; /* prebuilt objects never die */
    else
        fq_list_push(&old_fq, obj, queue);
}

void *rpy_gc_fq_next_dead(long queue)
{
    fq_queue_t *q;
    void *obj;
    if (queue < 0 || queue >= RPY_FQ_MAX)
        return NULL;
    q = &fq_queues[queue];
    if (q->first >= q->dead.count)
        return NULL;
    obj = q->dead.items[q->first];
    q->dead.items[q->first++] = NULL;
    if (q->first == q->dead.count)
        q->first = q->dead.count = 0;
    return obj;
}

long rpy_gc_id(void *obj)
{
    void *shadow;
    long size;
    if (!obj)
        return 0;
    if (!is_young(obj))
        return (long)obj;
    if (HDR(obj)->flags & GCFLAG_HAS_SHADOW)
        return (long)shadow_find(obj)->shadow;
    size = obj_size(obj);
    shadow = old_alloc(size, 0);
    /* until the copy, the shadow only needs a type the sweep can read */
    HDR(shadow)->tid = HDR(obj)->tid;
    HDR(shadow)->flags = GCFLAG_VISITED; /* survives a sweep before the copy */
    *(long *)((char *)shadow + sizeof(rpy_gchdr_t)) = 0;
    HDR(obj)->flags |= GCFLAG_HAS_SHADOW;
    shadow_insert(obj, shadow, size);
    return (long)shadow;
}

long rpy_gc_identityhash(void *obj)
{
    long id = rpy_gc_id(obj);
    /* mix the low bits: addresses are multiples of 16 */
    return id ^ (id >> 4);
}
