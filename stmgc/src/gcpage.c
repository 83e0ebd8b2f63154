/* gcpage.c -- the old-object allocator and the major collection.
 *
 * Allocator: old space is a run of pages [OLD_PAGE0, pages_bump) plus free
 * runs below pages_bump.  Small objects (<= STM_SMALL_OBJECT_LIMIT) live in
 * pages of one size class (multiples of 16), with a slot bitmap in
 * page_infos; each segment allocates from its own current page per class,
 * so only fetching a page takes alloc_mutex.  Larger objects get a run of
 * whole pages (first fit, else bump) and may span pages.  Running out of
 * pages is a clean fatal error naming STM_SEGMENT_SIZE_MB.
 *
 * Major collection (world stopped by the caller): minor-collect every
 * segment; mark from every registered thread's shadow stack, the prebuilt
 * objects, the finalizer queue and every running transaction's modified
 * objects; an object is traced in segment 0's view and, if a transaction
 * has it locked, in that segment's view too (an object created by a
 * transaction only in its view); resurrect unreachable finalizer objects;
 * clear dead weakrefs; sweep (rebuilding free runs and partial pages);
 * re-share private pages; next threshold = 1.8 x live bytes, at least
 * MAJOR_GC_MIN_THRESHOLD; give free pages back to the kernel (punch holes
 * in the memfd) only when more than 3 x threshold of them are free and
 * backed, down to 2 x threshold, highest first.  Punching at every collection made
 * single-thread programs spend their time in fallocate and in page faults
 * (every view re-faults a punched page), see release_free_pages().
 */
#include <fcntl.h>
#include <linux/falloc.h>

static uintptr_t pages_bump;
static uintptr_t resident_top; /* pages at or above it have no memfd backing */
static struct list_s free_runs; /* pairs (first page, npages) */
static struct list_s partial_pages[NB_SIZE_CLASSES];

void _stm_gcpage_setup(void)
{
    pages_bump = OLD_PAGE0;
    resident_top = OLD_PAGE0;
    list_clear(&free_runs);
    for (int i = 0; i < NB_SIZE_CLASSES; i++)
        list_clear(&partial_pages[i]);
}

void _stm_gcpage_teardown(void)
{
    list_free(&free_runs);
    for (int i = 0; i < NB_SIZE_CLASSES; i++)
        list_free(&partial_pages[i]);
}

static uintptr_t pages_high_water(void) { return pages_bump; }

static struct page_info_s *pinfo(uintptr_t page)
{
    return &page_infos[page - OLD_PAGE0];
}

static void note_allocated(size_t bytes)
{
    uintptr_t total =
        __atomic_add_fetch(&old_bytes_allocated, bytes, __ATOMIC_RELAXED);
    if (total > major_gc_threshold)
        major_gc_requested = 1;
}

/* alloc_mutex held */
static uintptr_t alloc_pages(size_t n)
{
    for (size_t i = 0; i + 1 < free_runs.count; i += 2) {
        if (free_runs.items[i + 1] >= n) {
            uintptr_t first = free_runs.items[i];
            free_runs.items[i] += n;
            free_runs.items[i + 1] -= n;
            if (free_runs.items[i + 1] == 0) {
                free_runs.items[i] = free_runs.items[free_runs.count - 2];
                free_runs.items[i + 1] = free_runs.items[free_runs.count - 1];
                free_runs.count -= 2;
            }
            for (size_t q = 0; q < n; q++)
                pinfo(first + q)->hole = 0;
            return first;
        }
    }
    if (pages_bump + n > SEG_SIZE / PAGE_SIZE)
        fatal("out of memory: the old-object area is exhausted "
              "(%lu MB of %d MB per segment in use; raise STM_SEGMENT_SIZE_MB)",
              (unsigned long)((pages_bump - OLD_PAGE0) * PAGE_SIZE >> 20),
              STM_SEGMENT_SIZE_MB);
    uintptr_t first = pages_bump;
    pages_bump += n;
    for (size_t q = 0; q < n; q++)
        pinfo(first + q)->hole = 0;
    if (pages_bump > resident_top)
        resident_top = pages_bump;
    return first;
}

static uintptr_t small_alloc(int seg, size_t size)
{
    size_t cls = (size + 15) / 16;
    size_t slot = cls * 16;
    struct priv_segment_s *s = &segs[seg];
    while (1) {
        uintptr_t page = s->cur_page[cls];
        if (page) {
            struct page_info_s *pi = pinfo(page);
            for (int w = 0; w < 4 && w * 64 < pi->nslots; w++) {
                uint64_t freebits = ~pi->used[w];
                int limit = pi->nslots - w * 64;
                if (limit < 64)
                    freebits &= (1ULL << limit) - 1;
                if (freebits) {
                    int b = __builtin_ctzll(freebits);
                    pi->used[w] |= 1ULL << b;
                    note_allocated(slot);
                    return page * PAGE_SIZE + (uintptr_t)(w * 64 + b) * slot;
                }
            }
            s->cur_page[cls] = 0;
        }
        pthread_mutex_lock(&alloc_mutex);
        if (partial_pages[cls].count > 0) {
            page = partial_pages[cls].items[--partial_pages[cls].count];
        }
        else {
            page = alloc_pages(1);
            struct page_info_s *pi = pinfo(page);
            memset(pi, 0, sizeof(*pi));
            pi->kind = PAGE_SMALL;
            pi->size_class = (uint8_t)cls;
            pi->nslots = (uint16_t)(PAGE_SIZE / slot);
        }
        pthread_mutex_unlock(&alloc_mutex);
        s->cur_page[cls] = page;
    }
}

static uintptr_t large_alloc(size_t size)
{
    size_t n = (size + PAGE_SIZE - 1) / PAGE_SIZE;
    pthread_mutex_lock(&alloc_mutex);
    uintptr_t first = alloc_pages(n);
    struct page_info_s *pi = pinfo(first);
    pi->kind = PAGE_LARGE_HEAD;
    pi->npages = (uint32_t)n;
    for (size_t i = 1; i < n; i++)
        pinfo(first + i)->kind = PAGE_LARGE_TAIL;
    pthread_mutex_unlock(&alloc_mutex);
    note_allocated(n * PAGE_SIZE);
    return first * PAGE_SIZE;
}

/* ---- marking ---- */
static struct list_s mark_stack;

static void mark_visit(object_t **ref)
{
    uintptr_t o = (uintptr_t)*ref;
    if (o == 0)
        return;
    if (o < OLD_START || o >= SEG_SIZE)
        fatal("major collection: reference %#lx outside old space", (unsigned long)o);
    if (!mark_bytes[o >> 4]) {
        mark_bytes[o >> 4] = 1;
        list_append(&mark_stack, o);
    }
}

static void mark_object_and_trace(uintptr_t obj)
{
    object_t *ref = (object_t *)obj;
    mark_visit(&ref);
}

static void mark_drain(void)
{
    while (mark_stack.count > 0) {
        uintptr_t o = mark_stack.items[--mark_stack.count];
        uint8_t lock = write_locks[o >> 4];
        int holder = lock & ~NEW_LOCK_BIT;
        if (!(lock & NEW_LOCK_BIT))
            stmcb_trace(REAL_HDR(0, o), mark_visit);
        if (holder)
            stmcb_trace(REAL_HDR(holder, o), mark_visit);
    }
}

static void mark_list(struct list_s *l)
{
    for (size_t i = 0; i < l->count; i++)
        mark_object_and_trace(l->items[i]);
}

static void filter_marked(struct list_s *l)
{
    size_t j = 0;
    for (size_t i = 0; i < l->count; i++)
        if (mark_bytes[l->items[i] >> 4])
            l->items[j++] = l->items[i];
    l->count = j;
}

static uint64_t old_pages_released; /* diagnostics: pages punched so far */

static void punch_hole(uintptr_t first, uintptr_t n)
{
    old_pages_released += n;
    fallocate(stm_memfd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
              (off_t)(first * PAGE_SIZE), (off_t)(n * PAGE_SIZE));
}

/* After the sweep and the new threshold: free pages stay backed (mapped in
   every view that touched them) while at most 3 x threshold of them are;
   above that, the highest ones are given back to the kernel until 2 x
   threshold remain.  The next cycle allocates less than the threshold, but
   size classes and page runs spread it over up to about twice as many
   pages; allocation reuses the lowest free pages first.  So a program in a
   steady state stops punching and re-faulting the same pages (with a limit
   of 1 x threshold, the parser+compiler punched a few MB at every one of
   its 1000 collections and faulted them in again).  Punched pages in free
   runs are not counted and not punched again (a punch unmaps the range in
   every segment, which costs even when nothing is there). */
static void release_free_pages(uintptr_t keep)
{
    if (resident_top < pages_bump)
        resident_top = pages_bump;
    uintptr_t nfree = resident_top - pages_bump;
    for (size_t i = 0; i + 1 < free_runs.count; i += 2)
        for (uintptr_t q = 0; q < free_runs.items[i + 1]; q++)
            nfree += !pinfo(free_runs.items[i] + q)->hole;
    if (nfree <= 3 * keep)
        return;
    keep *= 2;
    uintptr_t tail = resident_top - pages_bump;
    if (tail > keep) {
        punch_hole(pages_bump + keep, tail - keep);
        resident_top = pages_bump + keep;
        keep = 0;
    }
    else
        keep -= tail;
    for (size_t i = free_runs.count; i >= 2; i -= 2) {
        uintptr_t first = free_runs.items[i - 2];
        uintptr_t p = first + free_runs.items[i - 1];
        /* keep the lowest `keep` resident pages of the run, punch the rest */
        uintptr_t resident = 0;
        for (uintptr_t q = first; q < p; q++)
            resident += !pinfo(q)->hole;
        if (resident <= keep) {
            keep -= resident;
            continue;
        }
        uintptr_t stop = first, kept = 0;
        while (kept < keep) /* the first page after the kept ones */
            kept += !pinfo(stop++)->hole;
        keep = 0;
        while (p > stop) { /* punch [stop, end of run) by runs of resident pages */
            if (pinfo(p - 1)->hole) {
                p--;
                continue;
            }
            uintptr_t end = p;
            while (p > stop && !pinfo(p - 1)->hole)
                pinfo(--p)->hole = 1;
            punch_hole(p, end - p);
        }
    }
}

static uintptr_t sweep(void)
{
    uintptr_t live = 0;
    list_clear(&free_runs);
    for (int c = 0; c < NB_SIZE_CLASSES; c++)
        list_clear(&partial_pages[c]);
    for (int k = 0; k <= NB_SEGMENTS; k++)
        memset(segs[k].cur_page, 0, sizeof(segs[k].cur_page));
    uintptr_t run_start = 0, run_len = 0;
    for (uintptr_t p = OLD_PAGE0; p < pages_bump;) {
        struct page_info_s *pi = pinfo(p);
        int freed = 0;
        uintptr_t step = 1;
        if (pi->kind == PAGE_SMALL) {
            size_t slot = (size_t)pi->size_class * 16;
            int used = 0, any_free = 0;
            for (int i = 0; i < pi->nslots; i++) {
                uint64_t bit = 1ULL << (i % 64);
                if (!(pi->used[i / 64] & bit)) {
                    any_free = 1;
                    continue;
                }
                uintptr_t o = p * PAGE_SIZE + (uintptr_t)i * slot;
                if (mark_bytes[o >> 4]) {
                    used++;
                    live += slot;
                }
                else {
                    pi->used[i / 64] &= ~bit;
                    write_locks[o >> 4] = 0;
                    any_free = 1;
                }
            }
            if (used == 0)
                freed = 1;
            else if (any_free)
                list_append(&partial_pages[pi->size_class], p);
        }
        else if (pi->kind == PAGE_LARGE_HEAD) {
            step = pi->npages;
            uintptr_t o = p * PAGE_SIZE;
            if (mark_bytes[o >> 4])
                live += step * PAGE_SIZE;
            else {
                write_locks[o >> 4] = 0;
                freed = 1;
            }
        }
        else
            freed = pi->kind == PAGE_FREE;
        if (freed) {
            for (uintptr_t q = p; q < p + step; q++) {
                uint8_t hole = pinfo(q)->kind == PAGE_FREE && pinfo(q)->hole;
                memset(pinfo(q), 0, sizeof(struct page_info_s));
                pinfo(q)->hole = hole;
            }
            if (run_len == 0)
                run_start = p;
            run_len += step;
        }
        if (!freed || p + step >= pages_bump) {
            if (run_len > 0) {
                if (run_start + run_len == pages_bump) {
                    pages_bump = run_start; /* give the tail back to the bump */
                }
                else {
                    list_append(&free_runs, run_start);
                    list_append(&free_runs, run_len);
                }
                run_len = 0;
            }
        }
        p += step;
    }
    return live;
}

/* Returns 0 (nothing done, the request stays pending) if a segment is
   paused where its young objects must not move (inside stm_write). */
static int major_collection_world_stopped(void)
{
    stm_thread_local_t *tl = segs[world_stopped_by].owner;
    for (int k = 1; k <= NB_SEGMENTS; k++)
        if (segs[k].no_collect && segs[k].tx_state != TX_NONE)
            return 0;
    for (int k = 1; k <= NB_SEGMENTS; k++)
        minor_collection(k, 0);
    list_clear(&mark_stack);
    for (stm_thread_local_t *t = all_threads; t; t = t->_next)
        for (struct stm_shadowentry_s *e = t->shadowstack_base;
             e < t->shadowstack; e++)
            if (!((uintptr_t)e->ss & 1))
                mark_object_and_trace((uintptr_t)e->ss);
    mark_list(&prebuilt_roots);
    mark_list(&finalizer_queue);
    for (int k = 1; k <= NB_SEGMENTS; k++) {
        if (segs[k].tx_state == TX_NONE)
            continue;
        mark_list(&segs[k].modified);
        mark_list(&segs[k].finalize_after_commit);
        /* committed versions of in-place writes live only in the undo log */
        struct list_s *u = &segs[k].undo;
        for (size_t i = 0; i < u->count; i += 1 + UNDO_NWORDS(u->items[i]))
            stmcb_trace((struct object_s *)&u->items[i + 1], mark_visit);
    }
    mark_drain();
    finalizers_mark_after_major();
    weakrefs_after_major();
    for (int k = 1; k <= NB_SEGMENTS; k++) {
        for (size_t i = 0; i < segs[k].new_objs.count; i++) {
            uintptr_t o = segs[k].new_objs.items[i];
            if (!mark_bytes[o >> 4])
                write_locks[o >> 4] = 0;
        }
        filter_marked(&segs[k].new_objs);
    }
    uintptr_t top = pages_bump * PAGE_SIZE;
    uintptr_t live = sweep();
    memset(mark_bytes + (OLD_START >> 4), 0, (top - OLD_START) >> 4);
    reshare_pages_after_major();
    old_bytes_allocated = live;
    major_gc_threshold = (uintptr_t)(live * 1.8);
    if (major_gc_threshold < MAJOR_GC_MIN_THRESHOLD)
        major_gc_threshold = MAJOR_GC_MIN_THRESHOLD;
    release_free_pages(major_gc_threshold / PAGE_SIZE);
    major_gc_requested = 0;
    if (tl) {
        tl->stats.major_collections++;
        log_event(tl, STM_EV_MAJOR_GC, 0, NULL);
    }
    return 1;
}

static void maybe_major_collection(int me)
{
    if (!major_gc_requested)
        return;
    sync_lock();
    stop_the_world(me);
    if (major_gc_requested)
        major_collection_world_stopped();
    resume_the_world();
    pthread_mutex_unlock(&sync_mutex);
}

uintptr_t _stm_old_bytes_allocated(void) { return old_bytes_allocated; }
