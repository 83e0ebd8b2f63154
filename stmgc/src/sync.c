/* sync.c -- the global mutex, safe points, stop-the-world, segment handout.
 *
 * One mutex (sync_mutex) guards the transaction bookkeeping.  A thread that
 * holds a segment is "running" (segs[k].running) except while it waits
 * inside the library; waiting threads are at a safe point by definition.
 * stop_the_world() sets every other running segment's nursery_end to a tiny
 * value, so its next allocation (or stm_safe_point()) takes the slow path and
 * reaches enter_safe_point(), then waits until no other segment runs (both
 * sides spin briefly with the mutex released before sleeping on a
 * condition variable, see SPIN_NS).  While
 * the world is stopped the stopper may act on behalf of the paused
 * segments: minor-collect them, abort them (they notice pending_abort when
 * they resume and longjmp themselves), copy commits into their pages.
 *
 * A segment paused inside stm_write() (conflict path) is marked no_collect:
 * its caller may hold young objects in C locals, so a major collection
 * (which minor-collects the paused segments) is postponed until no segment
 * is in that state; commits and aborts never move another segment's
 * objects, so they proceed.
 *
 * More threads than segments: a thread starting a transaction takes a free
 * segment, preferring the one it used last, or waits on cond_segment_free.
 *
 * Test build (STM_TESTING): all logical threads share one OS thread, so a
 * wait that could never end instead unwinds to the test harness with
 * "would block" (nothing was changed yet), and the harness marks every
 * segment but the current one as paused before each call.
 */

static stm_thread_local_t *tl_of(int seg) { return segs[seg].owner; }

static void wait_on(pthread_cond_t *cond, int me, stm_thread_local_t *tl)
{
    uint64_t t0 = now_ns();
    if (me) {
        segs[me].running = 0;
        pthread_cond_broadcast(&cond_paused);
    }
    log_event(tl, STM_EV_WAIT, 0, NULL);
    pthread_cond_wait(cond, &sync_mutex);
    if (me)
        segs[me].running = 1;
    if (tl)
        tl->stats.time_waiting_ns += now_ns() - t0;
}

/* Short waits are spun, with the mutex released, before sleeping: a commit
   holds the world stopped for microseconds, less than what a sleep costs
   (a futex round trip and, on an idle virtual CPU, a halt and wake-up), and
   with two threads every commit pauses the other one.  After SPIN_NS the
   thread sleeps on the condition variable.  The spinning side re-checks
   everything under the mutex afterwards, so a spin is just an early
   (spurious) wake-up for the logic around it.  Tunable at compile time
   (-DSPIN_NS=...): longer spins save more sleeps on an idle machine (at
   200 us, 5 instead of 4-12 per 2-thread bench run) and waste more CPU
   when the other thread is descheduled on a loaded one. */
#ifndef SPIN_NS
#define SPIN_NS 50000
#endif

static uint64_t world_stopped_since; /* diagnostics */
static stm_thread_local_t *world_stopper_tl;

static int others_running(int me)
{
    for (int k = 1; k <= NB_SEGMENTS; k++)
        if (k != me && __atomic_load_n(&segs[k].running, __ATOMIC_ACQUIRE))
            return 1;
    return 0;
}

/* mutex held on entry and on return, released meanwhile.  Spins while
   (me == 0 ? the world is stopped : another segment is running). */
static void spin_with_mutex_released(int stopper)
{
    pthread_mutex_unlock(&sync_mutex);
    uint64_t limit = now_ns() + SPIN_NS;
    while (stopper ? others_running(stopper)
                   : __atomic_load_n(&world_stopped_by, __ATOMIC_ACQUIRE) != 0) {
        for (int i = 0; i < 32; i++)
            __builtin_ia32_pause();
        if (now_ns() > limit)
            break;
    }
    sync_lock();
}

/* mutex held; `me` is running.  Returns when the world is not stopped by
   someone else; jumps away if we were aborted meanwhile. */
static void enter_safe_point(int me)
{
    int spun = 0;
    uint64_t paused_since = 0;
    while (1) {
        if (segs[me].pending_abort)
            finish_pending_abort(me);
        if (world_stopped_by == 0 || world_stopped_by == me) {
            if (spun && tl_of(me))
                tl_of(me)->stats.time_paused_ns += now_ns() - paused_since;
            return;
        }
#ifdef STM_TESTING
        fatal("test build: world stopped at a safe point");
#endif
        stm_thread_local_t *tl = tl_of(me);
        if (!spun) {
            spun = 1;
            uint64_t t0 = now_ns();
            paused_since = t0;
            if (tl)
                tl->stats.pauses++;
            log_event(tl, STM_EV_WAIT, 0, NULL);
            segs[me].running = 0;
            pthread_cond_broadcast(&cond_paused);
            spin_with_mutex_released(0);
            segs[me].running = 1;
            if (tl)
                tl->stats.time_waiting_ns += now_ns() - t0;
            continue;
        }
        wait_on(&cond_resume, me, tl);
    }
}

static void stop_the_world(int me)
{
    enter_safe_point(me);
    world_stopped_by = me;
    if (tl_of(me))
        tl_of(me)->stats.world_stops++;
    int spun = 0;
    while (1) {
        int others = 0;
        for (int k = 1; k <= NB_SEGMENTS; k++) {
            if (k != me && segs[k].running) {
                segs[k].info->nursery_end = 1; /* signal: come to a safe point */
                others = 1;
            }
        }
        if (!others)
            break;
#ifdef STM_TESTING
        fatal("test build: another segment is running");
#endif
        uint64_t t0 = now_ns();
        if (!spun) {
            spun = 1;
            spin_with_mutex_released(me);
        }
        else
            pthread_cond_wait(&cond_paused, &sync_mutex);
        if (tl_of(me))
            tl_of(me)->stats.time_waiting_ns += now_ns() - t0;
    }
    world_stopped_since = now_ns();
    world_stopper_tl = tl_of(me);
}

static void resume_the_world(void)
{
    if (world_stopper_tl) /* (a commit released its segment already) */
        world_stopper_tl->stats.time_world_stopped_ns += now_ns() - world_stopped_since;
    world_stopper_tl = NULL;
    world_stopped_by = 0;
    pthread_cond_broadcast(&cond_resume);
}

/* mutex held, `me` not running: wait until nobody stops the world */
static void wait_world_not_stopped(stm_thread_local_t *tl)
{
    while (world_stopped_by != 0)
        wait_on(&cond_resume, 0, tl);
}

/* mutex held.  Hands out a segment to tl (and, if `inevitable`, the
   inevitable status too), waiting if needed.  Returns the segment. */
static int acquire_segment(stm_thread_local_t *tl, int inevitable)
{
    while (1) {
        int seg = 0;
        if (!inevitable || inevitable_segment == 0) {
            int pref = tl->last_associated_segment_num;
            if (pref >= 1 && pref <= NB_SEGMENTS && segs[pref].owner == NULL)
                seg = pref;
            else
                for (int k = 1; k <= NB_SEGMENTS; k++)
                    if (segs[k].owner == NULL) {
                        seg = k;
                        break;
                    }
        }
        if (seg != 0 && world_stopped_by == 0) {
            segs[seg].owner = tl;
            return seg;
        }
#ifdef STM_TESTING
        _stm_test_would_block(tl);
#endif
        if (seg == 0 && !(inevitable && inevitable_segment != 0)) {
            threads_waiting_for_segment++;
            wait_on(&cond_segment_free, 0, tl);
            threads_waiting_for_segment--;
        }
        else if (seg == 0)
            wait_on(&cond_inevitable_free, 0, tl);
        else
            wait_world_not_stopped(tl);
    }
}

/* mutex held */
static void release_segment(int seg)
{
    struct priv_segment_s *s = &segs[seg];
    stm_thread_local_t *tl = s->owner;
    if (tl) {
        tl->associated_segment_num = 0;
        tl->last_associated_segment_num = seg;
    }
    s->owner = NULL;
    s->running = 0;
    s->no_collect = 0;
    s->pending_abort = 0;
    s->solo = 0;
    s->tx_state = TX_NONE;
    s->info->running_thread = NULL;
    pthread_cond_broadcast(&cond_segment_free);
    pthread_cond_broadcast(&cond_paused);
}

#ifdef STM_TESTING
int _stm_test_last_jump; /* 1 = aborted, 2 = would block */

static void _stm_test_would_block(stm_thread_local_t *tl)
{
    _stm_test_last_jump = 2;
    pthread_mutex_unlock(&sync_mutex);
    __builtin_longjmp(tl->jmpbuf, 1);
}

/* Called by the harness before every operation of logical thread `tl`:
   every other segment counts as paused at a safe point. */
void _stm_test_enter(stm_thread_local_t *tl)
{
    for (int k = 1; k <= NB_SEGMENTS; k++)
        segs[k].running = 0;
    _stm_test_last_jump = 0;
    if (tl->associated_segment_num) {
        segs[tl->associated_segment_num].running = 1;
        current_gs_base = NULL; /* another test module may have moved %gs */
        set_gs_base(segs[tl->associated_segment_num].base);
    }
}

/* A pending abort (done by another logical thread) surfaces here. */
void _stm_test_check_pending(stm_thread_local_t *tl)
{
    int me = tl->associated_segment_num;
    if (me && segs[me].pending_abort) {
        sync_lock();
        finish_pending_abort(me);
    }
}

int _stm_test_pending_abort(stm_thread_local_t *tl)
{
    int me = tl->associated_segment_num;
    return me && segs[me].pending_abort;
}
#endif
