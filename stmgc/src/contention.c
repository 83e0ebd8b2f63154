/* contention.c -- who wins a conflict, and aborting a transaction.
 *
 * Policy (c7 default, deterministic so the model test can predict it):
 *  - an inevitable transaction always wins;
 *  - write-write (found by the write barrier when the lock byte belongs to
 *    another segment): the younger transaction (later start) loses; if the
 *    loser is the other one, it is aborted on its behalf and the lock is
 *    taken;
 *  - write-read (found at commit through the other segments' read markers):
 *    the committer wins and every reader of something it wrote is aborted,
 *    unless a reader is inevitable, in which case the committer aborts.
 * Losing never waits, so no deadlock is possible; after an abort the thread
 * backs off briefly (a yield) before retrying.
 *
 * Aborting segment k (its thread paused or being us): restore every object
 * k modified from segment 0, release k's write locks, throw away its
 * nursery and per-transaction lists, and leave `pending_abort` set; k's own
 * thread then restores its shadow stack, releases the segment, runs the
 * abort callbacks and longjmps to its transaction start.
 */
#include <sched.h>

static uintptr_t top_marker(stm_thread_local_t *tl);

static void abort_segment_data(int seg, int cause, int other_thread)
{
    struct priv_segment_s *s = &segs[seg];
    stm_thread_local_t *tl = s->owner;
    if (s->tx_state == TX_INEVITABLE)
        fatal("an inevitable transaction cannot abort");
    undo_restore_committed(seg); /* first: the loop below copies from 0 */
    for (size_t i = 0; i < s->modified.count; i++) {
        uintptr_t obj = s->modified.items[i];
        size_t size = obj_size(0, obj);
        memcpy(REAL(seg, obj), REAL(0, obj), size);
        write_locks[obj >> 4] = 0;
    }
    for (size_t i = 0; i < s->new_objs.count; i++)
        write_locks[s->new_objs.items[i] >> 4] = 0;
    uintptr_t used = s->info->nursery_current - NURSERY_START;
    if (s->info->nursery_current > NURSERY_END)
        used = NURSERY_SIZE;
    memset(s->base + NURSERY_START, 0, used);
    s->info->nursery_current = NURSERY_START;
    list_clear(&s->modified);
    s->modified_at_minor = 0;
    s->modified_lock_bytes = 0;
    list_clear(&s->new_objs);
    list_clear(&s->old_pointing_young);
    list_clear(&s->young_weakrefs);
    list_clear(&s->young_finalizers);
    list_clear(&s->new_finalizers);
    list_clear(&s->finalize_after_commit);
    list_clear(&s->new_weakrefs);
    list_clear(&s->on_commit);
    shadow_map_clear(&s->shadows);
    s->tx_state = TX_NONE;
    s->solo = 0;
    s->pending_abort = 1;
    s->no_collect = 0;
    if (tl) {
        tl->stats.aborts[cause]++;
        tl->stats.time_lost_ns += now_ns() - s->start_ns;
        tl->last_abort_cause = cause;
        tl->break_fraction *= 0.5;
        if (tl->break_fraction < 0.02)
            tl->break_fraction = 0.02;
        stm_thread_local_t *other = NULL;
        for (stm_thread_local_t *t = all_threads; t; t = t->_next)
            if (t->thread_id == other_thread)
                other = t;
        log_event(tl, STM_EV_ABORT, cause, other);
        /* its nursery is gone: drop the roots pushed since the start now,
           before a major collection could see them */
        tl->shadowstack = tl->_shadowstack_at_start;
        tl->atomic = tl->_atomic_at_start;
    }
}

/* mutex held; jumps back to the transaction start of segment me's thread */
static void finish_pending_abort(int me)
{
    struct priv_segment_s *s = &segs[me];
    stm_thread_local_t *tl = s->owner;
    tl->shadowstack = tl->_shadowstack_at_start;
    struct list_s callbacks = s->on_abort;
    memset(&s->on_abort, 0, sizeof(s->on_abort));
    release_segment(me);
    if (world_stopped_by == me)
        resume_the_world();
#ifdef STM_TESTING
    _stm_test_last_jump = 1;
#endif
    pthread_mutex_unlock(&sync_mutex);
    for (size_t i = 0; i + 1 < callbacks.count; i += 2)
        if (callbacks.items[i + 1])
            ((void (*)(void *))callbacks.items[i + 1])((void *)callbacks.items[i]);
    list_free(&callbacks);
#ifndef STM_TESTING
    sched_yield(); /* back off before retrying */
#endif
    __builtin_longjmp(tl->jmpbuf, 1);
}

static void self_abort(int me, int cause, int other_thread)
{
    abort_segment_data(me, cause, other_thread);
    finish_pending_abort(me);
}

static void log_conflict(int me, int other, int kind)
{
    log_event(segs[me].owner, STM_EV_CONFLICT, kind, segs[other].owner);
}

/* mutex held, world stopped by me; `other` holds the lock I want.
   Returns if I win (then `other` is aborted and its locks released). */
static void write_write_contention(int me, int other)
{
    int other_tid = segs[other].owner ? segs[other].owner->thread_id : -1;
    int my_tid = segs[me].owner->thread_id;
    log_conflict(me, other, STM_ABORT_WRITE_WRITE);
    if (segs[other].tx_state == TX_INEVITABLE)
        self_abort(me, STM_ABORT_INEVITABLE, other_tid);
    if (segs[me].tx_state == TX_INEVITABLE ||
        segs[me].start_seq < segs[other].start_seq) {
        abort_segment_data(other, STM_ABORT_WRITE_WRITE, my_tid);
        return;
    }
    self_abort(me, STM_ABORT_WRITE_WRITE, other_tid);
}

/* mutex held, world stopped by me, about to commit. */
static void __attribute__((unused)) write_read_contention(int me)
{
    struct priv_segment_s *s = &segs[me];
    int readers[NB_SEGMENTS + 1];
    int nreaders = 0, inevitable_reader = 0;
    for (int k = 1; k <= NB_SEGMENTS; k++) {
        if (k == me || segs[k].tx_state == TX_NONE)
            continue;
        uint8_t version = segs[k].info->transaction_read_version;
        uint8_t *markers = (uint8_t *)segs[k].base;
        for (size_t i = 0; i < s->modified.count; i++) {
            if (markers[s->modified.items[i] >> 4] == version) {
                readers[nreaders++] = k;
                if (segs[k].tx_state == TX_INEVITABLE)
                    inevitable_reader = k;
                break;
            }
        }
    }
    if (nreaders == 0)
        return;
    if (inevitable_reader && s->tx_state != TX_INEVITABLE) {
        log_conflict(me, inevitable_reader, STM_ABORT_WRITE_READ);
        self_abort(me, STM_ABORT_INEVITABLE, segs[inevitable_reader].owner->thread_id);
    }
    for (int i = 0; i < nreaders; i++) {
        log_conflict(me, readers[i], STM_ABORT_WRITE_READ);
        abort_segment_data(readers[i], STM_ABORT_WRITE_READ, s->owner->thread_id);
    }
}

static __thread long debug_abort_countdown;

void stm_debug_force_abort_after(long n) { debug_abort_countdown = n; }

void __attribute__((unused)) _stm_debug_tick(void)
{
    if (debug_abort_countdown <= 0 || --debug_abort_countdown > 0)
        return;
    int me = current_segment();
    if (segs[me].tx_state == TX_INEVITABLE)
        return;
    sync_lock();
    self_abort(me, STM_ABORT_OTHER, -1);
}
