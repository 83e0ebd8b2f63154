/* stm_rpy.c -- per-thread glue for generated code and the runtime of
 * rlib/rstm.py, rgil.py and rthread.py under --stm (see stm_rpy.h for the
 * design: the transaction loop frame, and why the transactional zone
 * restarts inevitable). */
#include "stm_rpy.h"

#include <pthread.h>
#include <stdio.h>

/* The RPython thread bootstrap and the backend's per-thread set-up
   (translator/c/src/thread.c, support.c): weak, so that this file also
   links into C-level tests without them. */
long rpy_thread_bootstrap(void) __attribute__((weak));
void rpy_thread_start(void) __attribute__((weak));
void rpy_thread_die(void) __attribute__((weak));

__thread stm_thread_local_t pypy_stm_tl;

void pypy_stm_register_thread(void)
{
    stm_register_thread_local(&pypy_stm_tl);
    /* the bottom entry is the thread's position marker (odd: the GC skips
       it); see pypy_stm_set_marker() */
    STM_PUSH_MARKER(pypy_stm_tl, 0);
}

void pypy_stm_unregister_thread(void)
{
    stm_unregister_thread_local(&pypy_stm_tl);
}

void pypy_stm_run(long (*body)(void *), void *arg)
{
    /* `body` and `arg` are never modified in this frame, so they are still
       valid when an abort jumps back into stm_start_transaction(). */
    for (;;) {
        stm_start_transaction(&pypy_stm_tl);
        long result = body(arg);
        stm_commit_transaction();
        if (result == PYPY_STM_DONE)
            return;
    }
}

void pypy_stm_run_thread(long (*bootstrap)(void))
{
    pypy_stm_register_thread();
    /* an abort of the first transaction jumps back here; `bootstrap` is
       never modified in this frame */
    stm_start_transaction(&pypy_stm_tl);
    bootstrap();
    if (pypy_stm_in_transaction())
        stm_commit_transaction();
    pypy_stm_unregister_thread();
}

static void *stm_trampoline(void *arg)
{
    (void)arg;
    if (rpy_thread_start)
        rpy_thread_start(); /* stack limit */
    if (rpy_thread_bootstrap)
        pypy_stm_run_thread(rpy_thread_bootstrap);
    if (rpy_thread_die)
        rpy_thread_die();
    return NULL;
}

long pypy_stm_thread_spawn(void)
{
    pthread_t th;
    pthread_attr_t attr;
    int err;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 8 * 1024 * 1024);
    err = pthread_create(&th, &attr, stm_trampoline, NULL);
    pthread_attr_destroy(&attr);
    return err ? -1 : 0;
}

void pypy_stm_become_inevitable(const char *reason)
{
    if (pypy_stm_in_transaction())
        stm_become_inevitable(&pypy_stm_tl, reason);
}

void pypy_stm_leave_transactional_zone(void)
{
    if (!pypy_stm_in_transaction())
        return;
    if (pypy_stm_tl.atomic > 0) {
        /* an atomic section is one transaction: keep it, unabortable */
        stm_become_inevitable(&pypy_stm_tl, "blocking call in atomic section");
        return;
    }
    stm_commit_transaction();
}

void pypy_stm_enter_transactional_zone(void)
{
    if (!pypy_stm_in_transaction())
        stm_start_inevitable_transaction(&pypy_stm_tl);
}

void pypy_stm_hint_commit_soon(void)
{
    /* the current position, not 0: stm_should_break_transaction() scales
       (mark - nursery start) down when threads wait for a segment, and 0
       would wrap around to a huge mark */
    if (pypy_stm_in_transaction())
        STM_SEGMENT->nursery_mark = STM_SEGMENT->nursery_current;
}

static long stat_of(const stm_stats_t *stats, long which)
{
    if (which == 0)
        return (long)stats->commits;
    if (which >= 1 && which <= STM_ABORT_CAUSE_COUNT)
        return (long)stats->aborts[which - 1];
    switch (which) {
    case 6: return (long)stats->time_lost_ns;
    case 7: return (long)stats->time_waiting_ns;
    case 8: return (long)stats->minor_collections;
    case 9: return (long)stats->major_collections;
    default: return -1;
    }
}

long pypy_stm_get_stat(long which)
{
    return stat_of(&pypy_stm_tl.stats, which);
}

long pypy_stm_get_global_stat(long which)
{
    stm_stats_t total;
    stm_get_global_stats(&total);
    return stat_of(&total, which);
}

long pypy_stm_set_marker(long position)
{
    struct stm_shadowentry_s *slot = pypy_stm_tl.shadowstack_base;
    long previous;
    if (slot == NULL || pypy_stm_tl.shadowstack <= slot ||
        !((uintptr_t)slot->ss & 1))
        return -1; /* not registered by pypy_stm_register_thread() */
    previous = (long)((uintptr_t)slot->ss >> 1);
    slot->ss = (object_t *)((((uintptr_t)position) << 1) | 1);
    return previous;
}

long pypy_stm_enable_event_log(long capacity)
{
    stm_event_log_enable(capacity);
    return 0;
}

long pypy_stm_print_event_log(void)
{
    stm_event_t events[64];
    long lines = 0, n;
    while ((n = stm_event_log_fetch(events, 64)) > 0) {
        for (long i = 0; i < n; i++) {
            const stm_event_t *ev = &events[i];
            if (ev->kind != STM_EV_CONFLICT && ev->kind != STM_EV_ABORT &&
                ev->kind != STM_EV_BECOME_INEVITABLE)
                continue;
            fprintf(stderr,
                    "stm: %s %s thread %d at marker %lu, other thread %d at "
                    "marker %lu\n",
                    stm_event_kind_name(ev->kind),
                    ev->kind == STM_EV_BECOME_INEVITABLE
                        ? "-"
                        : stm_abort_cause_name(ev->detail),
                    ev->thread_id, (unsigned long)ev->marker, ev->other_thread,
                    (unsigned long)ev->other_marker);
            lines++;
        }
    }
    return lines;
}
