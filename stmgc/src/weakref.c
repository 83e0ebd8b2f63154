/* weakref.c -- weak references.
 *
 * A weakref is an object whose last word is its referent; stmcb_trace does
 * not report that word, and weakrefs are never modified after creation, so
 * every view of a weakref agrees.  Young weakrefs are listed per segment;
 * after a minor collection a surviving weakref gets its referent updated
 * (moved) or cleared (died young) and joins the transaction's new_weakrefs,
 * which the commit hands to the global old_weakrefs list.  The major
 * collection drops dead weakrefs from the lists and clears the referent of
 * live ones whose referent is unmarked, in segment 0 and every private copy.
 * Objects waiting for their finalizer are kept alive, so weakrefs to them
 * stay valid until the object is really freed.
 */

static uintptr_t *weakref_slot(int seg, uintptr_t w)
{
    return (uintptr_t *)(REAL(seg, w) + obj_size(seg, w) - 8);
}

static void weakrefs_after_minor(int seg)
{
    struct priv_segment_s *s = &segs[seg];
    for (size_t i = 0; i < s->young_weakrefs.count; i++) {
        uintptr_t w = minor_forwarded(seg, s->young_weakrefs.items[i]);
        if (w == 0)
            continue; /* the weakref itself died */
        uintptr_t *slot = weakref_slot(seg, w);
        *slot = minor_forwarded(seg, *slot);
        list_append(&s->new_weakrefs, w);
    }
    list_clear(&s->young_weakrefs);
}

static void weakrefs_fix_list(struct list_s *l, int view)
{
    size_t j = 0;
    for (size_t i = 0; i < l->count; i++) {
        uintptr_t w = l->items[i];
        if (!mark_bytes[w >> 4])
            continue;
        l->items[j++] = w;
        uintptr_t *slot = weakref_slot(view, w);
        uintptr_t ref = *slot;
        if (ref == 0 || mark_bytes[ref >> 4])
            continue;
        uintptr_t off = (uintptr_t)slot - (uintptr_t)segs[view].base;
        *(uintptr_t *)(stm_object_pages + off) = 0;
        for (int k = 1; k <= NB_SEGMENTS; k++)
            if (page_is_private(k, off / PAGE_SIZE))
                *(uintptr_t *)(segs[k].base + off) = 0;
    }
    l->count = j;
}

static void weakrefs_after_major(void)
{
    weakrefs_fix_list(&old_weakrefs, 0);
    for (int k = 1; k <= NB_SEGMENTS; k++)
        weakrefs_fix_list(&segs[k].new_weakrefs, k);
}
