/* stats.c -- per-thread statistics and the conflict/event log.
 *
 * Counters live in each stm_thread_local_t (updated by whoever holds the
 * sync mutex for that thread's segment, or by the thread itself); the
 * counters of unregistered threads are folded into stats_of_gone_threads.
 * The event log is an optional ring buffer under its own mutex.  Each event
 * records the thread, its kind, a detail (abort cause / conflict kind), the
 * other thread of a conflict, and the innermost *position marker* found on
 * each thread's shadow stack (odd entries pushed with STM_PUSH_MARKER),
 * which the runtime later maps to source lines.
 */

static pthread_mutex_t log_mutex = PTHREAD_MUTEX_INITIALIZER;
static stm_event_t *log_ring;
static long log_capacity, log_head, log_count;
static volatile int log_enabled;

static uintptr_t top_marker(stm_thread_local_t *tl)
{
    if (!tl || !tl->shadowstack_base)
        return 0;
    for (struct stm_shadowentry_s *e = tl->shadowstack - 1;
         e >= tl->shadowstack_base; e--)
        if ((uintptr_t)e->ss & 1)
            return (uintptr_t)e->ss >> 1;
    return 0;
}

static void log_event(stm_thread_local_t *tl, int kind, int detail,
                      stm_thread_local_t *other)
{
    if (!log_enabled)
        return;
    stm_event_t ev;
    ev.time_ns = now_ns();
    ev.thread_id = tl ? tl->thread_id : -1;
    ev.kind = kind;
    ev.detail = detail;
    ev.other_thread = other ? other->thread_id : -1;
    ev.marker = top_marker(tl);
    ev.other_marker = top_marker(other);
    pthread_mutex_lock(&log_mutex);
    if (log_capacity > 0) {
        long idx = (log_head + log_count) % log_capacity;
        log_ring[idx] = ev;
        if (log_count < log_capacity)
            log_count++;
        else
            log_head = (log_head + 1) % log_capacity;
    }
    pthread_mutex_unlock(&log_mutex);
}

void stm_event_log_enable(long capacity)
{
    pthread_mutex_lock(&log_mutex);
    free(log_ring);
    log_ring = NULL;
    log_capacity = log_head = log_count = 0;
    if (capacity > 0) {
        log_ring = malloc((size_t)capacity * sizeof(stm_event_t));
        if (!log_ring)
            fatal("cannot allocate an event log of %ld entries", capacity);
        log_capacity = capacity;
    }
    log_enabled = capacity > 0;
    pthread_mutex_unlock(&log_mutex);
}

long stm_event_log_fetch(stm_event_t *out, long max)
{
    long n = 0;
    pthread_mutex_lock(&log_mutex);
    while (n < max && log_count > 0) {
        out[n++] = log_ring[log_head];
        log_head = (log_head + 1) % log_capacity;
        log_count--;
    }
    pthread_mutex_unlock(&log_mutex);
    return n;
}

const char *stm_event_kind_name(int kind)
{
    static const char *names[STM_EV_KIND_COUNT] = {
        "start", "commit", "abort", "conflict", "become-inevitable",
        "wait", "minor-gc", "major-gc"};
    if (kind < 0 || kind >= STM_EV_KIND_COUNT)
        return "?";
    return names[kind];
}

const char *stm_abort_cause_name(int cause)
{
    static const char *names[STM_ABORT_CAUSE_COUNT] = {
        "explicit", "write-write", "write-read", "inevitable", "other"};
    if (cause < 0 || cause >= STM_ABORT_CAUSE_COUNT)
        return "?";
    return names[cause];
}

static void add_stats(stm_stats_t *g, const stm_stats_t *s)
{
    g->commits += s->commits;
    for (int i = 0; i < STM_ABORT_CAUSE_COUNT; i++)
        g->aborts[i] += s->aborts[i];
    g->time_lost_ns += s->time_lost_ns;
    g->time_waiting_ns += s->time_waiting_ns;
    g->minor_collections += s->minor_collections;
    g->major_collections += s->major_collections;
    g->pages_privatized += s->pages_privatized;
    g->reshare_calls += s->reshare_calls;
    g->world_stops += s->world_stops;
    g->time_world_stopped_ns += s->time_world_stopped_ns;
    g->pauses += s->pauses;
    g->time_paused_ns += s->time_paused_ns;
    g->sync_mutex_locks += s->sync_mutex_locks;
}

void stm_get_global_stats(stm_stats_t *out)
{
    sync_lock();
    *out = stats_of_gone_threads;
    for (stm_thread_local_t *t = all_threads; t; t = t->_next)
        add_stats(out, &t->stats);
    out->sync_mutex_locks = sync_mutex_lock_count;
    pthread_mutex_unlock(&sync_mutex);
}
