/* finalizer.c -- finalizers (c7 first shipped without them).
 *
 * Semantics:
 *  - An object allocated with stm_allocate_with_finalizer() by a
 *    transaction that aborts never existed: its finalizer never runs.
 *  - An object created by the running transaction that becomes unreachable
 *    before the transaction ends (found by a minor or major collection) is
 *    kept alive with everything it references, and its finalizer runs after
 *    that transaction commits (never if it aborts).
 *  - A committed object found unreachable by a major collection is kept
 *    alive with everything it references and queued; the queue is run by
 *    the next thread that commits.
 *  - Each finalizer runs at most once, in its own inevitable transaction
 *    started by the library after a commit (stmcb_finalizer(obj)); the
 *    object is freed by a later major collection once unreachable again.
 *    The test build never runs the queue implicitly: tests call
 *    _stm_run_finalizers().
 */

static void finalizers_after_minor(int seg)
{
    struct priv_segment_s *s = &segs[seg];
    for (size_t i = 0; i < s->young_finalizers.count; i++) {
        uintptr_t o = s->young_finalizers.items[i];
        uintptr_t n = minor_forwarded(seg, o);
        if (n != 0) {
            list_append(&s->new_finalizers, n);
            continue;
        }
        object_t *ref = (object_t *)o; /* resurrect: move it out anyway */
        minor_visit(&ref);
        minor_drain(seg);
        list_append(&s->finalize_after_commit, (uintptr_t)ref);
    }
    list_clear(&s->young_finalizers);
}

static void finalizers_resurrect(struct list_s *from, struct list_s *to)
{
    size_t j = 0;
    for (size_t i = 0; i < from->count; i++) {
        uintptr_t o = from->items[i];
        if (mark_bytes[o >> 4]) {
            from->items[j++] = o;
            continue;
        }
        mark_object_and_trace(o);
        mark_drain();
        list_append(to, o);
    }
    from->count = j;
}

static void finalizers_mark_after_major(void)
{
    finalizers_resurrect(&old_finalizers, &finalizer_queue);
    for (int k = 1; k <= NB_SEGMENTS; k++)
        if (segs[k].tx_state != TX_NONE)
            finalizers_resurrect(&segs[k].new_finalizers,
                                 &segs[k].finalize_after_commit);
}

/* Runs every queued finalizer, each in its own inevitable transaction.
   Must be called outside a transaction.  Returns how many ran. */
long _stm_run_finalizers(stm_thread_local_t *tl)
{
    long count = 0;
    in_finalizers++;
    while (__atomic_load_n(&finalizer_queue.count, __ATOMIC_RELAXED) > 0) {
        stm_start_inevitable_transaction(tl);
        sync_lock();
        uintptr_t o = 0;
        if (finalizer_queue.count > 0)
            o = finalizer_queue.items[--finalizer_queue.count];
        pthread_mutex_unlock(&sync_mutex);
        if (o == 0) {
            stm_commit_transaction();
            break;
        }
        STM_PUSH_ROOT(*tl, o);
        stmcb_finalizer((object_t *)o);
        (void)STM_POP_ROOT_RET(*tl);
        stm_commit_transaction();
        count++;
    }
    in_finalizers--;
    return count;
}

static void __attribute__((unused)) run_finalizer_queue(stm_thread_local_t *tl)
{
    _stm_run_finalizers(tl);
}
