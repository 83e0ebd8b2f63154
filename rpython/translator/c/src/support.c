/* support.c -- runtime support linked into every translated program.
 *
 * Holds the exception state, the stack limit used by the stack-overflow
 * check (computed once from the main thread's stack and RLIMIT_STACK, with
 * a safety margin so that the handler itself still has room), fatal errors
 * and the Boehm / no-GC allocation helpers, weak references and finalizer
 * queues (our own GC has its versions in memory/gc/rpygc.c).
 *
 * Boehm finalizer queues: a registered object gets a libgc finalizer
 * (no-order) whose callback appends it to its queue, a linked list of
 * GC_MALLOC()ed nodes hanging from static (hence scanned) variables, and
 * then calls the queue's trigger, outside the collection: libgc invokes
 * finalizers after collecting, from an allocation or GC_gcollect(), and
 * next_dead() first runs any that libgc has pending.  With --gc=none
 * nothing dies: next_dead() always answers NULL.
 */
#define _GNU_SOURCE 1 /* pthread_getattr_np */
#include "common_header.h"

#include <sys/resource.h>
#ifdef RPY_THREAD
#include <pthread.h>
#endif

RPY_TLS void *rpy_exc_type;
RPY_TLS void *rpy_exc_value;
RPY_TLS char *rpy_stack_limit;
RPY_TLS char rpy_threadlocal_block[4096];
long rpy_atomic_depth;

void rpy_fatalerror(const char *msg)
{
    fprintf(stderr, "Fatal RPython error: %s\n", msg);
    abort();
}

void rpy_assert_failed(const char *file, int line, const char *msg)
{
    fprintf(stderr, "%s:%d: RPython assertion failed: %s\n", file, line, msg);
    abort();
}

void rpy_raise_simple(int which)
{
    void *type = rpy_simple_exceptions[which][0];
    void *value = rpy_simple_exceptions[which][1];
    if (!type)
        rpy_fatalerror("an exception the program never uses was raised by C code");
    RPyRaiseException(type, value);
}

void rpy_stack_overflow(void)
{
    rpy_raise_simple(RPY_EXC_RECURSION);
}

void rpy_init_stack_limit(void)
{
    struct rlimit rl;
    long size = 8L * 1024 * 1024;
    /* the frame address, not a local's address: gcc warns (rightly) about
       keeping a local's address in a global after the function returns */
    char *here = (char *)__builtin_frame_address(0);
#ifdef RPY_THREAD
    /* threads may have smaller stacks than RLIMIT_STACK says: ask */
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        void *addr;
        size_t stacksize;
        if (pthread_attr_getstack(&attr, &addr, &stacksize) == 0) {
            pthread_attr_destroy(&attr);
            rpy_stack_limit = (char *)addr + 256 * 1024;
            if (rpy_stack_limit > here - 64 * 1024)
                rpy_stack_limit = here - 64 * 1024;
            return;
        }
        pthread_attr_destroy(&attr);
    }
#endif
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        size = (long)rl.rlim_cur;
    if (size > 256L * 1024 * 1024)
        size = 256L * 1024 * 1024;
    /* leave room for main(), the C library and the raising code itself */
    size -= 256 * 1024;
    if (size < 64 * 1024)
        size = 64 * 1024;
    rpy_stack_limit = here - size;
}

#if defined(RPY_GC_BOEHM) || defined(RPY_GC_NONE)
void *rpy_boehm_malloc(uint32_t tid, long size)
{
    rpy_gchdr_t *result = RPY_RAW_GC_ALLOC(size);
    if (!result) {
        rpy_raise_simple(RPY_EXC_MEMORY);
        return NULL;
    }
    result->tid = tid;
    return result;
}

void *rpy_boehm_malloc_varsize(uint32_t tid, long size, long length, long ofs_length)
{
    char *result;
    if (length < 0 || length > (1L << 40)) {
        rpy_raise_simple(RPY_EXC_MEMORY);
        return NULL;
    }
    result = rpy_boehm_malloc(tid, size);
    if (result && ofs_length >= 0)
        *(long *)(result + ofs_length) = length;
    return result;
}
#endif

#define RPY_FQ_MAX 64

#ifdef RPY_GC_BOEHM
typedef struct fq_node {
    struct fq_node *next;
    void *obj;
} fq_node_t;

static fq_node_t *fq_head[RPY_FQ_MAX], *fq_tail[RPY_FQ_MAX];
static void (*fq_trigger[RPY_FQ_MAX])(void);
static int fq_pending[RPY_FQ_MAX];
static int fq_in_triggers;

static void run_finalizer_triggers(void)
{
    int again = 1, q;
    if (fq_in_triggers)
        return;
    fq_in_triggers = 1;
    while (again) {
        again = 0;
        for (q = 0; q < RPY_FQ_MAX; q++) {
            if (fq_pending[q]) {
                fq_pending[q] = 0;
                again = 1;
                if (fq_trigger[q])
                    fq_trigger[q]();
            }
        }
    }
    fq_in_triggers = 0;
}

static void boehm_fq_callback(void *obj, void *data)
{
    long q = (long)data;
    fq_node_t *node = GC_MALLOC(sizeof(fq_node_t));
    if (!node)
        rpy_fatalerror("out of memory (finalizer queue)");
    node->obj = obj;
    node->next = NULL;
    if (fq_tail[q])
        fq_tail[q]->next = node;
    else
        fq_head[q] = node;
    fq_tail[q] = node;
    fq_pending[q] = 1;
    run_finalizer_triggers();
}

void rpy_gc_weakref_init(void *wr, void *obj)
{
    void **slot = RPY_WEAKREF_SLOT(wr);
    if (!obj) {
        *slot = NULL;
        return;
    }
    *slot = (void *)~(uintptr_t)obj;
    /* a prebuilt (static) object never dies, and libgc must not be given
     * links to memory it does not manage */
    if (!GC_base(obj))
        return;
    /* cleared when obj is freed, i.e. after a finalizer queue let it go */
    if (GC_register_long_link(slot, obj) == GC_NO_MEMORY)
        rpy_fatalerror("out of memory (weak reference)");
}

void rpy_gc_fq_register(long queue, void *obj, void *trigger)
{
    if (queue < 0 || queue >= RPY_FQ_MAX)
        rpy_fatalerror("too many finalizer queues");
    if (!obj)
        return;
    fq_trigger[queue] = (void (*)(void))trigger;
    if (!GC_base(obj))
        return; /* prebuilt: never dies */
    GC_REGISTER_FINALIZER_NO_ORDER(obj, boehm_fq_callback, (void *)queue, NULL, NULL);
}

void *rpy_gc_fq_next_dead(long queue)
{
    fq_node_t *node;
    void *obj;
    if (queue < 0 || queue >= RPY_FQ_MAX)
        return NULL;
    if (GC_should_invoke_finalizers())
        GC_invoke_finalizers();
    node = fq_head[queue];
    if (!node)
        return NULL;
    fq_head[queue] = node->next;
    if (!node->next)
        fq_tail[queue] = NULL;
    obj = node->obj;
    /* a stale word pointing to this node must not keep the rest alive */
    node->next = NULL;
    node->obj = NULL;
    return obj;
}

long rpy_gc_get_memory_usage(void *obj)
{
    return (obj && GC_base(obj)) ? (long)GC_size(obj) : 0;
}
#endif

#ifdef RPY_GC_NONE
long rpy_gc_get_memory_usage(void *obj)
{
    (void)obj;
    return 0; /* calloc()ed blocks do not know their size */
}

void rpy_gc_weakref_init(void *wr, void *obj)
{
    *RPY_WEAKREF_SLOT(wr) = obj;
}

void rpy_gc_fq_register(long queue, void *obj, void *trigger)
{
    (void)queue;
    (void)obj;
    (void)trigger;
}

void *rpy_gc_fq_next_dead(long queue)
{
    (void)queue;
    return NULL;
}
#endif

/* A new thread sets its own stack limit and (with our GC) its shadow stack
 * before running RPython code. */
void rpy_thread_start(void)
{
    rpy_init_stack_limit();
#ifdef RPY_GC_FRAMEWORK
    rpy_gc_thread_start();
#endif
#if defined(RPY_GC_BOEHM) && defined(RPY_THREAD)
    {
        struct GC_stack_base sb;
        if (GC_get_stack_base(&sb) == GC_SUCCESS)
            GC_register_my_thread(&sb);
    }
#endif
}

void rpy_thread_die(void)
{
#ifdef RPY_GC_FRAMEWORK
    rpy_gc_thread_die();
#endif
#if defined(RPY_GC_BOEHM) && defined(RPY_THREAD)
    GC_unregister_my_thread();
#endif
}

/* Characters of a string for debug_print (a rotating static buffer: valid
 * until the next few calls; code points above 0xFF print as '?'). */
const char *rpy_debug_str(const void *items, long length, int charsize)
{
    static char buffers[4][1024];
    static int next;
    char *out = buffers[next++ & 3];
    long i, n = length < 1023 ? length : 1023;
    for (i = 0; i < n; i++) {
        unsigned int c = charsize == 1 ? ((const unsigned char *)items)[i]
                                       : ((const unsigned int *)items)[i];
        out[i] = c < 256 ? (char)c : '?';
    }
    out[n] = 0;
    return out;
}
