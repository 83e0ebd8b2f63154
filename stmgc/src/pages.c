/* pages.c -- sharing and privatizing old-object pages.
 *
 * Every old-object page of segment k (k >= 1) is either shared (mapped from
 * the memfd at the same offset as segment 0, so it *is* the committed page)
 * or private (anonymous memory holding a copy).  page_private[p] has bit k
 * set when segment k holds a private copy of page p.  Only segment k's own
 * thread sets its bit (atomically, other bits share the word); bits are
 * cleared only by the major collector with the world stopped.
 *
 * Privatizing maps a fresh anonymous page over the shared one and copies
 * the committed content from segment 0.  A commit copies each changed object
 * into segment 0 (when the committer's page is private) and into every other
 * segment holding a private copy of the page, so private copies never go
 * stale.  The major collector re-shares every private page that holds no
 * uncommitted change, which bounds the number of kernel mappings: at most
 * one remap per page per segment per collection cycle (one mmap call per
 * run of consecutive pages).
 *
 * Not copy-on-write (the segments mapping the memfd MAP_PRIVATE, which
 * would privatize on the first store without an mmap call): solo
 * transactions write in place through their own segment (core.c), and
 * those stores must reach the shared page.
 */
#include <errno.h>
#include <sys/mman.h>

static int page_is_private(int seg, uintptr_t page)
{
    return (__atomic_load_n(&page_private[page], __ATOMIC_RELAXED) >> seg) & 1;
}

static void privatize_page(int seg, uintptr_t page)
{
    char *addr = segs[seg].base + page * PAGE_SIZE;
    if (mmap(addr, PAGE_SIZE, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
        fatal("cannot privatize a page (%s); the kernel limit "
              "vm.max_map_count may be too low",
              strerror(errno));
    memcpy(addr, stm_object_pages + page * PAGE_SIZE, PAGE_SIZE);
    if (segs[seg].owner)
        segs[seg].owner->stats.pages_privatized++;
    __atomic_fetch_or(&page_private[page], 1u << seg, __ATOMIC_RELEASE);
}

static void privatize_object_pages(int seg, uintptr_t obj, size_t size)
{
    uintptr_t first = obj / PAGE_SIZE, last = (obj + size - 1) / PAGE_SIZE;
    for (uintptr_t p = first; p <= last; p++)
        if (!page_is_private(seg, p))
            privatize_page(seg, p);
}

/* Copy bytes [obj, obj+size) of src_seg's view into segment 0 and every
   other segment that holds private copies of the pages involved. */
static void copy_object_to_views(int src_seg, uintptr_t obj, size_t size)
{
    uintptr_t start = obj, end = obj + size;
    while (start < end) {
        uintptr_t page = start / PAGE_SIZE;
        uintptr_t stop = (page + 1) * PAGE_SIZE;
        if (stop > end)
            stop = end;
        uint32_t mask = page_private[page];
        char *src = segs[src_seg].base + start;
        if (src_seg != 0 && (mask >> src_seg) & 1)
            memcpy(stm_object_pages + start, src, stop - start);
        uint32_t others = mask & ~(1u << src_seg) & ~1u;
        while (others) {
            int k = __builtin_ctz(others);
            others &= others - 1;
            memcpy(segs[k].base + start, src, stop - start);
        }
        start = stop;
    }
}

static uint32_t *keep_private; /* scratch, per page: segments that must keep */

static void mark_keep(int seg, struct list_s *l)
{
    for (size_t i = 0; i < l->count; i++) {
        uintptr_t obj = l->items[i];
        size_t size = obj_size(seg, obj);
        for (uintptr_t p = obj / PAGE_SIZE; p <= (obj + size - 1) / PAGE_SIZE; p++)
            keep_private[p] |= 1u << seg;
    }
}

static uintptr_t pages_high_water(void);

/* World stopped.  Re-share every private page without uncommitted data. */
static void reshare_pages_after_major(void)
{
    if (!keep_private) {
        keep_private = mmap(NULL, (SEG_SIZE / PAGE_SIZE) * sizeof(uint32_t),
                            PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (keep_private == MAP_FAILED)
            fatal("cannot reserve scratch memory for page re-sharing");
    }
    for (int k = 1; k <= NB_SEGMENTS; k++) {
        if (segs[k].tx_state == TX_NONE)
            continue;
        mark_keep(k, &segs[k].modified);
        mark_keep(k, &segs[k].new_objs);
    }
    uintptr_t hw = pages_high_water();
    /* keep_private[p] becomes the set of segments dropping page p */
    for (uintptr_t p = OLD_PAGE0; p < hw; p++) {
        uint32_t mask = page_private[p];
        keep_private[p] = mask & ~keep_private[p];
    }
    /* one mmap per run of consecutive dropped pages of a segment (the file
       offsets of a run are consecutive too): fewer calls taking the
       process-wide mapping lock, which stalls the other threads' faults */
    for (int k = 1; k <= NB_SEGMENTS; k++) {
        uintptr_t p = OLD_PAGE0;
        while (p < hw) {
            if (!((keep_private[p] >> k) & 1)) {
                p++;
                continue;
            }
            uintptr_t run = p;
            while (p < hw && ((keep_private[p] >> k) & 1))
                p++;
            if (mmap(segs[k].base + run * PAGE_SIZE, (p - run) * PAGE_SIZE,
                     PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED | MAP_NORESERVE,
                     stm_memfd, (off_t)(run * PAGE_SIZE)) == MAP_FAILED)
                fatal("cannot re-share pages (%s)", strerror(errno));
            if (segs[world_stopped_by].owner)
                segs[world_stopped_by].owner->stats.reshare_calls++;
        }
    }
    for (uintptr_t p = OLD_PAGE0; p < hw; p++) {
        page_private[p] &= ~keep_private[p];
        keep_private[p] = 0;
    }
}
