/* core.c -- transactions: start, commit, inevitable, write barrier.
 *
 * Start: take a segment (sync.c), point %gs at it, bump the read version
 * (on wrap-around the marker pages are dropped with MADV_DONTNEED, which
 * zeroes them), remember the shadow-stack depth.
 *
 * Write barrier slow path (the fast path in stmgc.h tests one header flag):
 *  - object already locked by us (modified earlier, or created by this
 *    transaction): only GC bookkeeping: remember it as an old object that
 *    may now point to young ones;
 *  - else take its lock byte with a CAS (a plain store in a "solo"
 *    transaction, see the start), privatize its pages (common case, inline:
 *    already private), record it in `modified`.  A lock held by another
 *    segment is a write-write conflict resolved with the world stopped
 *    (contention.c).  The common paths set no read marker: a write implies
 *    a read, but while we hold the lock nobody else can commit a change to
 *    the object (only its holder can), so the marker would never be
 *    checked; the general path still sets it before trying the lock.
 *
 * Start, "solo" mode: a transaction that starts while no other one runs
 * takes lock bytes with plain stores, and writes small objects (at most
 * UNDO_MAX_SIZE bytes) whose page is still shared *in place*, saving their
 * committed words in an undo log: no privatization, nothing to copy at
 * commit (an abort writes the log back; the major collector traces the
 * logged versions).  Those objects take no lock byte either while solo
 * mode lasts (nobody can race for it, and the barrier does not see them
 * again until a minor collection resets their flag): the minor collection
 * or the end of solo mode gives them one (`modified_lock_bytes`), so the
 * commit need not release the others.  So while a solo transaction runs, segment 0 holds its
 * uncommitted data for those objects; nobody else reads them then.  The
 * next transaction to start stops the world (so the solo one sits at a
 * safe point, outside its barrier) and ends solo mode: the solo segment's
 * in-place pages become private and segment 0 gets the logged words back,
 * before any lock byte can be raced for or any page read.
 *
 * Commit: minor collection (outside the lock: per segment), then with the
 * world stopped: write-read detection, copy of every modified and created
 * object into segment 0 and into every private copy of its pages (inline
 * word copy when only segment 0 needs it; nothing for an object whose page
 * no segment holds privately: written in place by a solo transaction),
 * release of the locks, hand-over of weakrefs/finalizers to the global
 * lists.
 */
#include <sys/mman.h>

/* World stopped, `seg` paused.  Its in-place writes leave the shared
   pages: first every page they touched becomes private to `seg` (copied
   from the shared page, so with its uncommitted data), then segment 0 gets
   the committed words back.  Two passes: restoring an object first would
   put committed data into the private copy of a later object's page. */
static void end_solo_mode(int seg)
{
    struct priv_segment_s *s = &segs[seg];
    struct list_s *u = &s->undo;
    for (size_t i = 0; i < u->count; i += 1 + UNDO_NWORDS(u->items[i])) {
        uintptr_t page = UNDO_OBJ(u->items[i]) / PAGE_SIZE;
        if (!page_is_private(seg, page))
            privatize_page(seg, page);
        /* from now on other transactions race for lock bytes */
        write_locks[UNDO_OBJ(u->items[i]) >> 4] = (uint8_t)seg;
    }
    s->modified_lock_bytes = s->modified.count;
    undo_restore_committed(seg);
    s->solo = 0;
}

/* segment 0 gets the committed words of every in-place write back */
static void undo_restore_committed(int seg)
{
    struct list_s *u = &segs[seg].undo;
    for (size_t i = 0; i < u->count; i += 1 + UNDO_NWORDS(u->items[i])) {
        uintptr_t *dst = (uintptr_t *)(stm_object_pages + UNDO_OBJ(u->items[i]));
        for (size_t w = 0; w < UNDO_NWORDS(u->items[i]); w++)
            dst[w] = u->items[i + 1 + w];
    }
    list_clear(u);
}

static void start_transaction_internal(stm_thread_local_t *tl, int inevitable)
{
    if (tl->associated_segment_num != 0)
        fatal("stm_start_transaction() called inside a transaction");
    sync_lock();
    int seg = acquire_segment(tl, inevitable);
    struct priv_segment_s *s = &segs[seg];
    set_gs_base(s->base);
    tl->associated_segment_num = seg;
    s->info->running_thread = tl;
    uint8_t v = (uint8_t)(s->info->transaction_read_version + 1);
    if (v == 0) {
        uintptr_t first = (SEG_SIZE / 256) & ~(PAGE_SIZE - 1);
        if (first < 2 * PAGE_SIZE)
            first = 2 * PAGE_SIZE;
        madvise(s->base + first, READMARKER_END - first, MADV_DONTNEED);
        v = 1;
    }
    s->info->transaction_read_version = v;
    s->info->nursery_current = NURSERY_START;
    s->info->nursery_end = NURSERY_END;
    s->info->nursery_mark =
        NURSERY_START + (uintptr_t)(NURSERY_SIZE * tl->break_fraction);
    s->minor_in_tx = 0;
    s->start_seq = ++start_counter;
    s->start_ns = now_ns();
    s->pending_abort = 0;
    tl->_shadowstack_at_start = tl->shadowstack;
    tl->_atomic_at_start = tl->atomic;
    s->tx_state = inevitable ? TX_INEVITABLE : TX_REGULAR;
    if (inevitable)
        inevitable_segment = seg;
    s->running = 1;
    /* "Solo" transactions take write locks without an atomic operation.
       That is safe only while no other transaction can race for a lock
       byte: a transaction that starts next to a solo one first stops the
       world, so the solo one is paused at a safe point (never inside its
       barrier), and clears the flag; the mutex orders the plain stores
       before our first look at the lock bytes. */
    int solo_others = 0;
    for (int k = 1; k <= NB_SEGMENTS; k++)
        solo_others |= segs[k].solo;
    if (solo_others) {
        stop_the_world(seg);
        for (int k = 1; k <= NB_SEGMENTS; k++)
            if (segs[k].solo)
                end_solo_mode(k);
        resume_the_world();
    }
    int alone = 1; /* decided with the mutex held since the clearing above */
    for (int k = 1; k <= NB_SEGMENTS; k++)
        if (k != seg && segs[k].tx_state != TX_NONE)
            alone = 0;
    s->solo = alone;
    pthread_mutex_unlock(&sync_mutex);
    log_event(tl, STM_EV_START, 0, NULL);
    if (inevitable)
        log_event(tl, STM_EV_BECOME_INEVITABLE, 0, NULL);
}

void _stm_start_transaction(stm_thread_local_t *tl)
{
    start_transaction_internal(tl, 0);
}

void stm_start_inevitable_transaction(stm_thread_local_t *tl)
{
    start_transaction_internal(tl, 1);
}

static int current_segment(void)
{
    if (current_gs_base == NULL) /* %gs was never set in this thread */
        fatal("operation requires a running transaction (this thread never "
              "started one)");
    int me = STM_SEGMENT->segment_num;
    if (me < 1 || me > NB_SEGMENTS || segs[me].tx_state == TX_NONE)
        fatal("operation requires a running transaction");
    return me;
}

int stm_is_inevitable(void)
{
    if (current_gs_base == NULL)
        return 0;
    int me = STM_SEGMENT->segment_num;
    return segs[me].tx_state == TX_INEVITABLE;
}

void stm_become_inevitable(stm_thread_local_t *tl, const char *reason)
{
    (void)reason;
    int me = current_segment();
    if (segs[me].tx_state == TX_INEVITABLE)
        return;
    sync_lock();
    enter_safe_point(me);
    while (inevitable_segment != 0) {
#ifdef STM_TESTING
        _stm_test_would_block(tl);
#endif
        wait_on(&cond_inevitable_free, me, tl);
        enter_safe_point(me);
    }
    inevitable_segment = me;
    segs[me].tx_state = TX_INEVITABLE;
    pthread_mutex_unlock(&sync_mutex);
    log_event(tl, STM_EV_BECOME_INEVITABLE, 0, NULL);
}

void stm_abort_transaction(void)
{
    int me = current_segment();
    sync_lock();
    self_abort(me, STM_ABORT_EXPLICIT, -1);
}

/* Everything but the common case of the barrier: the object's lock is
   held by someone else (write-write conflict), its pages are not private
   yet, or we are outside a transaction.  Kept out of line so that the
   common case below needs no stack frame. */
static void __attribute__((noinline)) write_slowpath_general(object_t *obj, int me,
                                                             uint8_t lock)
{
    uintptr_t o = (uintptr_t)obj;
    struct priv_segment_s *s = &segs[me];
    if (s->tx_state == TX_NONE)
        fatal("stm_write() outside a transaction");
    stm_read(obj);
    while (1) {
        uint8_t expected = 0;
        if (lock == 0 &&
            __atomic_compare_exchange_n(&write_locks[o >> 4], &expected,
                                        (uint8_t)me, 0, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE))
            break;
        /* The caller may hold young objects in C locals across stm_write():
           while we pause here, a major collection must not move them. */
        s->no_collect = 1;
        sync_lock();
        stop_the_world(me);
        lock = write_locks[o >> 4];
        if (lock != 0) {
            write_write_contention(me, lock & ~NEW_LOCK_BIT);
            /* won: the other transaction was aborted and released it */
        }
        write_locks[o >> 4] = (uint8_t)me;
        s->no_collect = 0;
        resume_the_world();
        pthread_mutex_unlock(&sync_mutex);
        break;
    }
    size_t size = obj_size(me, o);
    privatize_object_pages(me, o, size);
    list_append(&s->modified, o);
    obj->stm_flags &= ~GCFLAG_WRITE_BARRIER;
}

/* Solo transaction, first write to an object of at most UNDO_MAX_SIZE bytes
   on a page still shared: write in place, keeping the committed words in
   the undo log (no privatization, no copy at commit).  The caller checked
   that both lists have room (so that this needs no stack frame). */
static inline void write_in_place(struct priv_segment_s *s, object_t *obj, int me,
                                  size_t nwords)
{
    uintptr_t o = (uintptr_t)obj;
    uintptr_t *entry = s->undo.items + s->undo.count;
    const uintptr_t *src = (const uintptr_t *)(s->base + o);
    entry[0] = o | (nwords << 48);
    for (size_t i = 0; i < nwords; i++)
        entry[1 + i] = src[i];
    s->undo.count += 1 + nwords;
    (void)me; /* no lock byte while solo lasts (see the file comment) */
    s->modified.items[s->modified.count++] = o;
    obj->stm_flags &= ~GCFLAG_WRITE_BARRIER;
}

static void __attribute__((noinline)) write_in_place_grow(object_t *obj, int me,
                                                          size_t nwords)
{
    struct priv_segment_s *s = &segs[me];
    while (s->undo.count + 1 + nwords > s->undo.cap)
        list_grow(&s->undo);
    if (s->modified.count == s->modified.cap)
        list_grow(&s->modified);
    write_in_place(s, obj, me, nwords);
}

/* list_append whose growth is a tail call, so that the barrier paths
   using it need no stack frame */
static void __attribute__((noinline)) append_after_growing(struct list_s *l, uintptr_t x)
{
    list_grow(l);
    l->items[l->count++] = x;
}
#define APPEND_AND_RETURN(l, x)                                               \
    do {                                                                      \
        struct list_s *_l = (l);                                              \
        if (__builtin_expect(_l->count == _l->cap, 0)) {                      \
            append_after_growing(_l, (x));                                    \
            return;                                                           \
        }                                                                     \
        _l->items[_l->count++] = (x);                                         \
        return;                                                               \
    } while (0)

void _stm_write_slowpath(object_t *obj)
{
    int me = STM_SEGMENT->segment_num;
    uintptr_t o = (uintptr_t)obj;
    struct priv_segment_s *s = &segs[me];
#ifdef STM_BENCH_NOSTM
    obj->stm_flags &= ~GCFLAG_WRITE_BARRIER;
    list_append(&s->old_pointing_young, o);
    return;
#endif
    uint8_t lock = write_locks[o >> 4];
    if ((lock & ~NEW_LOCK_BIT) == me) {
        obj->stm_flags &= ~GCFLAG_WRITE_BARRIER;
        APPEND_AND_RETURN(&s->old_pointing_young, o);
    }
    /* Common cases: first write to a free committed object within one page
       (a small object never spans two pages: size classes fill pages
       exactly).  `solo` implies a running transaction. */
    uintptr_t page = o / PAGE_SIZE;
    if (lock == 0 && s->solo) {
        size_t size = obj_size(me, o);
        if ((o + size - 1) / PAGE_SIZE == page) {
            if (page_is_private(me, page)) {
                write_locks[o >> 4] = (uint8_t)me;
                obj->stm_flags &= ~GCFLAG_WRITE_BARRIER;
                APPEND_AND_RETURN(&s->modified, o);
            }
            /* Not for weakrefs: the major GC clears dead referents in the
               shared page, which a restore from the undo log would undo. */
            if (size <= UNDO_MAX_SIZE && (size & 7) == 0 &&
                !(obj->stm_flags & GCFLAG_WEAKREF)) {
                size_t nwords = size / 8;
                if (__builtin_expect(s->undo.count + 1 + nwords <= s->undo.cap &&
                                         s->modified.count < s->modified.cap,
                                     1))
                    write_in_place(s, obj, me, nwords);
                else
                    write_in_place_grow(obj, me, nwords);
                return;
            }
        }
    }
    else if (lock == 0 && s->tx_state != TX_NONE &&
             (o + obj_size(me, o) - 1) / PAGE_SIZE == page && page_is_private(me, page)) {
        uint8_t expected = 0;
        if (__atomic_compare_exchange_n(&write_locks[o >> 4], &expected, (uint8_t)me, 0,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            obj->stm_flags &= ~GCFLAG_WRITE_BARRIER;
            APPEND_AND_RETURN(&s->modified, o);
        }
        lock = expected; /* taken meanwhile: conflict, general path */
    }
    write_slowpath_general(obj, me, lock);
}

/* Nothing to copy at commit for an object within one page that no segment
   holds privately: the page we wrote is segment 0's (an in-place write of a
   solo transaction, or a new object written by the minor collection).  An
   object that does not start a page is small, hence within one page (size
   classes never span pages); page-aligned ones take the general path. */
static inline int commit_copy_needed(uintptr_t obj)
{
    return page_private[obj / PAGE_SIZE] != 0 || (obj & (PAGE_SIZE - 1)) == 0;
}

/* Copy one committed change into segment 0 and the other private copies.
   Inline common case: a single-page object whose page no other segment
   holds privately (only segment 0, and our own copy, matter), copied by
   words instead of a library call. */
static inline void commit_copy_object(int me, uintptr_t obj)
{
    size_t size = obj_size(me, obj);
    uintptr_t page = obj / PAGE_SIZE;
    if ((obj + size - 1) / PAGE_SIZE == page && (size & 7) == 0 && size <= 256) {
        uint32_t mask = page_private[page];
        if ((mask & ~(1u << me) & ~1u) == 0) {
            if ((mask >> me) & 1) {
                uint64_t *dst = (uint64_t *)(stm_object_pages + obj);
                const uint64_t *src = (const uint64_t *)(segs[me].base + obj);
                for (size_t i = 0; i < size / 8; i++)
                    dst[i] = src[i];
            }
            return;
        }
    }
    copy_object_to_views(me, obj, size);
}

void stm_commit_transaction(void)
{
    int me = current_segment();
    struct priv_segment_s *s = &segs[me];
    stm_thread_local_t *tl = s->owner;
    minor_collection(me, 1);
    sync_lock();
    stop_the_world(me);
    if (major_gc_requested)
        major_collection_world_stopped();
#ifndef STM_BENCH_NOSTM
    write_read_contention(me);
#endif
    for (size_t i = 0; i < s->modified.count; i++) {
        uintptr_t obj = s->modified.items[i];
        /* a modified object whose first page nobody holds privately was
           written in place (any other first write privatizes all its pages,
           and the major GC keeps them private): within one page, already
           in segment 0, and without a lock byte unless a minor collection
           gave it one (i < modified_lock_bytes) */
        if (page_private[obj / PAGE_SIZE] != 0) {
            commit_copy_object(me, obj);
            write_locks[obj >> 4] = 0;
        }
        else if (i < s->modified_lock_bytes)
            write_locks[obj >> 4] = 0;
    }
    for (size_t i = 0; i < s->new_objs.count; i++) {
        uintptr_t obj = s->new_objs.items[i];
        if (commit_copy_needed(obj))
            commit_copy_object(me, obj);
        write_locks[obj >> 4] = 0;
    }
    list_clear(&s->modified);
    s->modified_at_minor = 0;
    s->modified_lock_bytes = 0;
    list_clear(&s->undo);
    list_clear(&s->new_objs);
    list_clear(&s->old_pointing_young);
    for (size_t i = 0; i < s->new_weakrefs.count; i++)
        list_append(&old_weakrefs, s->new_weakrefs.items[i]);
    list_clear(&s->new_weakrefs);
    for (size_t i = 0; i < s->new_finalizers.count; i++)
        list_append(&old_finalizers, s->new_finalizers.items[i]);
    list_clear(&s->new_finalizers);
    for (size_t i = 0; i < s->finalize_after_commit.count; i++)
        list_append(&finalizer_queue, s->finalize_after_commit.items[i]);
    list_clear(&s->finalize_after_commit);
    list_clear(&s->on_abort);
    struct list_s callbacks = s->on_commit;
    memset(&s->on_commit, 0, sizeof(s->on_commit));
    tl->stats.commits++;
    tl->last_abort_cause = -1;
    tl->break_fraction *= 1.5;
    if (tl->break_fraction > 0.75)
        tl->break_fraction = 0.75;
    if (s->tx_state == TX_INEVITABLE) {
        inevitable_segment = 0;
        pthread_cond_broadcast(&cond_inevitable_free);
    }
    log_event(tl, STM_EV_COMMIT, 0, NULL);
    release_segment(me);
    resume_the_world();
    int run_finalizers = finalizer_queue.count > 0;
    pthread_mutex_unlock(&sync_mutex);
    for (size_t i = 0; i + 1 < callbacks.count; i += 2)
        if (callbacks.items[i + 1])
            ((void (*)(void *))callbacks.items[i + 1])((void *)callbacks.items[i]);
    list_free(&callbacks);
#ifndef STM_TESTING
    if (run_finalizers && !in_finalizers)
        run_finalizer_queue(tl);
#else
    (void)run_finalizers;
#endif
}

static int call_on(struct list_s *l, void *key, void callback(void *))
{
    for (size_t i = 0; i + 1 < l->count; i += 2) {
        if (l->items[i] == (uintptr_t)key) {
            if (callback) {
                l->items[i + 1] = (uintptr_t)callback;
                return 0;
            }
            l->items[i] = l->items[l->count - 2];
            l->items[i + 1] = l->items[l->count - 1];
            l->count -= 2;
            return 1;
        }
    }
    if (!callback)
        return 0;
    list_append(l, (uintptr_t)key);
    list_append(l, (uintptr_t)callback);
    return 1;
}

int stm_call_on_abort(stm_thread_local_t *tl, void *key, void callback(void *))
{
    int me = tl->associated_segment_num;
    if (!me)
        return 0;
    return call_on(&segs[me].on_abort, key, callback);
}

int stm_call_on_commit(stm_thread_local_t *tl, void *key, void callback(void *))
{
    int me = tl->associated_segment_num;
    if (!me)
        return 0;
    return call_on(&segs[me].on_commit, key, callback);
}

void stm_enter_atomic(stm_thread_local_t *tl) { tl->atomic++; }

void stm_leave_atomic(stm_thread_local_t *tl)
{
    if (tl->atomic <= 0)
        fatal("stm_leave_atomic() without stm_enter_atomic()");
    tl->atomic--;
}

int stm_should_break_transaction(stm_thread_local_t *tl)
{
    if (tl->atomic > 0)
        return 0;
    uintptr_t mark = STM_SEGMENT->nursery_mark;
    /* (a runtime may lower nursery_mark to ask for an early break, even
       below NURSERY_START: no wrap-around then) */
    if (threads_waiting_for_segment > 0 && mark > NURSERY_START)
        mark = NURSERY_START + (mark - NURSERY_START) / 4;
    return STM_SEGMENT->nursery_current >= mark;
}

void _stm_collectable_safe_point(void)
{
    int me = current_segment();
    sync_lock();
    enter_safe_point(me);
    segs[me].info->nursery_end = NURSERY_END;
    pthread_mutex_unlock(&sync_mutex);
    maybe_major_collection(me);
}

void stm_collect(long level)
{
    int me = current_segment();
    minor_collection(me, 0);
    if (level <= 0)
        return;
    sync_lock();
    stop_the_world(me);
    if (!major_collection_world_stopped())
        major_gc_requested = 1; /* postponed to a later safe point */
    resume_the_world();
    pthread_mutex_unlock(&sync_mutex);
}
