/* nursery.c -- bump allocation and the per-segment minor collection.
 *
 * Each segment has its own zeroed nursery; stm_allocate() bumps
 * nursery_current.  The slow path handles safe-point requests (a tiny
 * nursery_end) and a full nursery (minor collection).  Objects bigger than
 * STM_SMALL_OBJECT_LIMIT go straight to old space as objects created by the
 * transaction (locked with NEW_LOCK_BIT, listed in new_objs).
 *
 * A minor collection of segment k touches only k's view and k's lists, so
 * segments collect in parallel; the stopper of the world may also run it
 * on behalf of a paused segment (major GC).  Roots: the shadow stack of the
 * thread owning k, and every old object written since the last minor
 * collection (old_pointing_young, plus the tail of `modified` locked since
 * then: a first write records the object only once).  Survivors are copied into the
 * old-object allocator (or into the slot reserved earlier by stm_id), get
 * the WRITE_BARRIER flag and become objects created by the transaction.
 * Moved objects keep FORWARDED_MARK in their header and the new address at
 * offset 8.  Afterwards the used nursery is zeroed again.
 */

static __thread int minor_seg;
static __thread struct list_s minor_scan;

static size_t obj_size(int seg, uintptr_t obj)
{
    return (size_t)stmcb_size_rounded_up(REAL_HDR(seg, obj));
}

static inline int in_nursery(uintptr_t o)
{
    return o >= NURSERY_START && o < NURSERY_END;
}

static void minor_visit(object_t **ref)
{
    uintptr_t o = (uintptr_t)*ref;
    if (!in_nursery(o))
        return;
    int seg = minor_seg;
    struct object_s *h = REAL_HDR(seg, o);
    if (h->stm_flags == FORWARDED_MARK) {
        *ref = (object_t *)*(uintptr_t *)(REAL(seg, o) + 8);
        return;
    }
    size_t size = obj_size(seg, o);
    uintptr_t n;
    if (h->stm_flags & GCFLAG_HAS_SHADOW)
        n = shadow_map_get(&segs[seg].shadows, o);
    else
        n = small_alloc(seg, size);
    memcpy(REAL(seg, n), REAL(seg, o), size);
    REAL_HDR(seg, n)->stm_flags =
        (h->stm_flags & ~GCFLAG_HAS_SHADOW) | GCFLAG_WRITE_BARRIER;
    h->stm_flags = FORWARDED_MARK;
    *(uintptr_t *)(REAL(seg, o) + 8) = n;
    write_locks[n >> 4] = (uint8_t)(seg | NEW_LOCK_BIT);
    list_append(&segs[seg].new_objs, n);
    list_append(&minor_scan, n);
    *ref = (object_t *)n;
}

static void minor_drain(int seg)
{
    while (minor_scan.count > 0) {
        uintptr_t n = minor_scan.items[--minor_scan.count];
        stmcb_trace(REAL_HDR(seg, n), minor_visit);
    }
}

/* For weakref.c / finalizer.c: the new address of a nursery object, or 0 if
   it did not survive; non-nursery values are returned unchanged. */
static uintptr_t minor_forwarded(int seg, uintptr_t o)
{
    if (!in_nursery(o))
        return o;
    if (REAL_HDR(seg, o)->stm_flags == FORWARDED_MARK)
        return *(uintptr_t *)(REAL(seg, o) + 8);
    return 0;
}

static void minor_collection(int seg, int at_commit)
{
    struct priv_segment_s *s = &segs[seg];
    stm_thread_local_t *tl = s->owner;
    if (s->tx_state == TX_NONE)
        return;
    minor_seg = seg;
    list_clear(&minor_scan);
    if (tl) {
        for (struct stm_shadowentry_s *e = tl->shadowstack_base;
             e < tl->shadowstack; e++)
            if (!((uintptr_t)e->ss & 1))
                minor_visit(&e->ss);
    }
    for (size_t i = 0; i < s->old_pointing_young.count; i++) {
        uintptr_t o = s->old_pointing_young.items[i];
        struct object_s *h = REAL_HDR(seg, o);
        stmcb_trace(h, minor_visit);
        h->stm_flags |= GCFLAG_WRITE_BARRIER;
    }
    list_clear(&s->old_pointing_young);
    for (size_t i = s->modified_at_minor; i < s->modified.count; i++) {
        struct object_s *h = REAL_HDR(seg, s->modified.items[i]);
        stmcb_trace(h, minor_visit);
        h->stm_flags |= GCFLAG_WRITE_BARRIER;
    }
    s->modified_at_minor = s->modified.count;
    /* The barrier will see them again: objects written in place by a solo
       transaction take their lock byte now (not at commit, which releases
       the locks).  The major collector, which minor-collects first, finds
       the holder's version of every locked object through it. */
    if (!at_commit) {
        for (size_t i = s->modified_lock_bytes; i < s->modified.count; i++)
            write_locks[s->modified.items[i] >> 4] = (uint8_t)seg;
        s->modified_lock_bytes = s->modified.count;
    }
    minor_drain(seg);
    finalizers_after_minor(seg); /* may resurrect: drains again */
    weakrefs_after_minor(seg);

    uintptr_t used = s->info->nursery_current - NURSERY_START;
    if (s->info->nursery_current > NURSERY_END)
        used = NURSERY_SIZE;
    memset(s->base + NURSERY_START, 0, used);
    s->info->nursery_current = NURSERY_START;
    shadow_map_clear(&s->shadows);
    s->minor_in_tx++;
    if (used > 0) /* the transaction filled a nursery: time to break */
        s->info->nursery_mark = NURSERY_START;
    if (tl) {
        tl->stats.minor_collections++;
        log_event(tl, STM_EV_MINOR_GC, 0, NULL);
    }
}

object_t *_stm_allocate_slowpath(ssize_t size)
{
    int me = current_segment();
    stm_segment_info_t *info = segs[me].info;
    if (info->nursery_end <= _STM_NSE_SIGNAL_MAX)
        _stm_collectable_safe_point();
    if (info->nursery_current + (uintptr_t)size > NURSERY_END) {
        minor_collection(me, 0);
        maybe_major_collection(me);
    }
    uintptr_t cur = info->nursery_current;
    info->nursery_current = cur + (uintptr_t)size;
    return (object_t *)cur;
}

object_t *_stm_allocate_large(ssize_t size)
{
    int me = current_segment();
    stm_safe_point();
    uintptr_t o = large_alloc((size_t)size);
    memset(REAL(me, o), 0, (size_t)size);
    write_locks[o >> 4] = (uint8_t)(me | NEW_LOCK_BIT);
    list_append(&segs[me].new_objs, o);
    list_append(&segs[me].old_pointing_young, o);
    return (object_t *)o;
}

object_t *stm_allocate_with_finalizer(ssize_t size)
{
    if (size > STM_SMALL_OBJECT_LIMIT)
        fatal("stm_allocate_with_finalizer: size %ld is above the small "
              "object limit %d",
              (long)size, STM_SMALL_OBJECT_LIMIT);
    object_t *o = stm_allocate(size);
    o->stm_flags |= GCFLAG_FINALIZER;
    list_append(&segs[STM_SEGMENT->segment_num].young_finalizers, (uintptr_t)o);
    return o;
}

object_t *stm_allocate_weakref(ssize_t size)
{
    if (size > STM_SMALL_OBJECT_LIMIT || size < 16)
        fatal("stm_allocate_weakref: bad size %ld", (long)size);
    object_t *o = stm_allocate(size);
    o->stm_flags |= GCFLAG_WEAKREF;
    list_append(&segs[STM_SEGMENT->segment_num].young_weakrefs, (uintptr_t)o);
    return o;
}
