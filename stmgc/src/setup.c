/* setup.c -- reserving the segments, registering threads, fatal errors.
 *
 * stm_setup() reserves (NB_SEGMENTS+1) * SEG_SIZE bytes with MAP_NORESERVE
 * and creates one memfd holding the old-object area.  Every segment maps
 * that area MAP_SHARED from the memfd, so all pages start shared with
 * segment 0; pages.c privatizes and re-shares single pages.  The read
 * markers, the info page and the nursery of each segment are private
 * anonymous memory.  Side tables (write locks, mark bytes, page info) are
 * NORESERVE anonymous maps too, so untouched parts cost nothing.
 *
 * %gs is set with the wrgsbase instruction when the kernel allows it
 * (HWCAP2_FSGSBASE), else with arch_prctl(ARCH_SET_GS).
 */
#include <asm/prctl.h>
#include <stdarg.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "stmgc: fatal error: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    abort();
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int use_wrgsbase = -1;

static void set_gs_base(char *base)
{
    if (current_gs_base == base)
        return;
    if (use_wrgsbase < 0)
        use_wrgsbase = (getauxval(AT_HWCAP2) & 2 /* HWCAP2_FSGSBASE */) != 0;
    if (use_wrgsbase)
        __asm__ volatile("wrgsbase %0" : : "r"(base) : "memory");
    else if (syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)base) != 0)
        fatal("arch_prctl(ARCH_SET_GS) failed");
    current_gs_base = base;
}

static void *reserve(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        fatal("cannot reserve %zu MB of virtual memory", size >> 20);
    return p;
}

void stm_setup(void)
{
    size_t total = (NB_SEGMENTS + 1) * SEG_SIZE;
    char *p = mmap(NULL, total, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        fatal("cannot reserve %zu MB for %d segments of %d MB "
              "(lower STM_SEGMENT_SIZE_MB)",
              total >> 20, NB_SEGMENTS + 1, STM_SEGMENT_SIZE_MB);
    stm_object_pages = p;
    stm_memfd = memfd_create("stmgc-old-objects", MFD_CLOEXEC);
    if (stm_memfd < 0 || ftruncate(stm_memfd, (off_t)SEG_SIZE) != 0)
        fatal("cannot create the memfd for the old-object area");

    for (int i = 0; i <= NB_SEGMENTS; i++) {
        char *base = p + i * SEG_SIZE;
        if (mprotect(base + PAGE_SIZE, OLD_START - PAGE_SIZE,
                     PROT_READ | PROT_WRITE) != 0)
            fatal("mprotect failed while setting up segment %d", i);
        if (mmap(base + OLD_START, SEG_SIZE - OLD_START, PROT_READ | PROT_WRITE,
                 MAP_SHARED | MAP_FIXED | MAP_NORESERVE, stm_memfd,
                 (off_t)OLD_START) == MAP_FAILED)
            fatal("cannot map the old-object area of segment %d", i);
        struct priv_segment_s *s = &segs[i];
        memset(s, 0, sizeof(*s));
        s->num = i;
        s->base = base;
        s->info = (stm_segment_info_t *)(base + 4096);
        s->info->segment_num = i;
        s->info->segment_base = base;
        s->info->transaction_read_version = 1;
        s->info->nursery_current = NURSERY_START;
        s->info->nursery_end = NURSERY_END;
        s->info->nursery_mark = NURSERY_END;
    }
    write_locks = reserve(SEG_SIZE / 16);
    mark_bytes = reserve(SEG_SIZE / 16);
    page_private = reserve((SEG_SIZE / PAGE_SIZE) * sizeof(uint32_t));
    page_infos = reserve(NB_OLD_PAGES * sizeof(struct page_info_s));
    world_stopped_by = 0;
    inevitable_segment = 0;
    start_counter = 0;
    threads_waiting_for_segment = 0;
    major_gc_requested = 0;
    old_bytes_allocated = 0;
    major_gc_threshold = MAJOR_GC_MIN_THRESHOLD;
    memset(&stats_of_gone_threads, 0, sizeof(stats_of_gone_threads));
    extern void _stm_gcpage_setup(void);
    _stm_gcpage_setup();
}

void stm_teardown(void)
{
    for (int i = 0; i <= NB_SEGMENTS; i++) {
        struct priv_segment_s *s = &segs[i];
        list_free(&s->modified);
        list_free(&s->undo);
        list_free(&s->new_objs);
        list_free(&s->old_pointing_young);
        list_free(&s->young_weakrefs);
        list_free(&s->young_finalizers);
        list_free(&s->new_finalizers);
        list_free(&s->finalize_after_commit);
        list_free(&s->new_weakrefs);
        list_free(&s->on_commit);
        list_free(&s->on_abort);
        free(s->shadows.keys);
        free(s->shadows.values);
        memset(s, 0, sizeof(*s));
    }
    list_free(&prebuilt_roots);
    list_free(&old_weakrefs);
    list_free(&old_finalizers);
    list_free(&finalizer_queue);
    extern void _stm_gcpage_teardown(void);
    _stm_gcpage_teardown();
    munmap(stm_object_pages, (NB_SEGMENTS + 1) * SEG_SIZE);
    munmap(write_locks, SEG_SIZE / 16);
    munmap(mark_bytes, SEG_SIZE / 16);
    munmap(page_private, (SEG_SIZE / PAGE_SIZE) * sizeof(uint32_t));
    munmap(page_infos, NB_OLD_PAGES * sizeof(struct page_info_s));
    close(stm_memfd);
    stm_memfd = -1;
    stm_object_pages = NULL;
    all_threads = NULL;
    current_gs_base = NULL;
}

#define SHADOW_STACK_ENTRIES (1 << 20)

void stm_register_thread_local(stm_thread_local_t *tl)
{
    memset(tl, 0, sizeof(*tl));
    tl->shadowstack_base = mmap(NULL, SHADOW_STACK_ENTRIES * sizeof(void *),
                                PROT_READ | PROT_WRITE,
                                MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                                -1, 0);
    if (tl->shadowstack_base == MAP_FAILED)
        fatal("cannot allocate a shadow stack");
    tl->shadowstack = tl->shadowstack_base;
    tl->last_abort_cause = -1;
    tl->break_fraction = 0.75;
    sync_lock();
    tl->thread_id = ++next_thread_id;
    tl->last_associated_segment_num = 1 + (tl->thread_id - 1) % NB_SEGMENTS;
    tl->_next = all_threads;
    if (all_threads)
        all_threads->_prev = tl;
    all_threads = tl;
    pthread_mutex_unlock(&sync_mutex);
}

void stm_unregister_thread_local(stm_thread_local_t *tl)
{
    if (tl->associated_segment_num != 0)
        fatal("stm_unregister_thread_local() inside a transaction");
    sync_lock();
    if (tl->_prev)
        tl->_prev->_next = tl->_next;
    else
        all_threads = tl->_next;
    if (tl->_next)
        tl->_next->_prev = tl->_prev;
    add_stats(&stats_of_gone_threads, &tl->stats);
    pthread_mutex_unlock(&sync_mutex);
    munmap(tl->shadowstack_base, SHADOW_STACK_ENTRIES * sizeof(void *));
    tl->shadowstack_base = tl->shadowstack = NULL;
}
