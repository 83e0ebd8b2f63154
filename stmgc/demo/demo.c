/* demo.c -- real multithreaded programs on top of stmgc.
 *
 *   demo list   NTHREADS ITERATIONS   shared sorted linked list: every
 *       transaction inserts or removes a node and updates a shared
 *       (count, sum) record; after every commit the thread checks, in a
 *       fresh transaction, that the list is sorted and agrees with the record.
 *   demo random NTHREADS ITERATIONS   random reads/writes/allocations on a
 *       shared slot array, with explicit aborts, atomic sections and
 *       inevitable transactions; every node carries a checksum.
 *   demo final  NTHREADS ITERATIONS   objects with finalizers and weakrefs:
 *       every object created by a committed transaction is finalized
 *       exactly once by the end, weakrefs are empty or valid.
 *   demo alloc  NTHREADS MAJORS       a 1 MB array of references to 100k
 *       small nodes plus a page-spanning object, mutated by every thread
 *       while garbage forces major collections until MAJORS of them ran;
 *       contents are verified continuously and at the end.
 *
 * Compile-time: STM_NB_SEGMENTS (any number of threads shares them).
 * Exit status 0 and a final "OK" line on success; any broken invariant
 * aborts with a message.
 */
#include "../stmgc.c"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TID_NODE = 1, TID_ARRAY = 2, TID_BLOB = 3, TID_WEAKREF = 4 };

typedef struct {
    struct object_s hdr;
    uint32_t tid;
    object_t *referent; /* last word: not traced */
} weakref_t;
#define W(o) ((STM_SEG weakref_t *)(o))

typedef struct {
    struct object_s hdr;
    uint32_t tid;
    object_t *next;
    int64_t value;
    int64_t check;
} node_t; /* 32 bytes */

typedef struct {
    struct object_s hdr;
    uint32_t tid;
    int64_t length;
    object_t *items[];
} array_t;

typedef struct {
    struct object_s hdr;
    uint32_t tid;
    int64_t nwords;
    int64_t words[];
} blob_t;

#define N(o) ((STM_SEG node_t *)(o))
#define A(o) ((STM_SEG array_t *)(o))
#define B(o) ((STM_SEG blob_t *)(o))

ssize_t stmcb_size_rounded_up(struct object_s *o)
{
    uint32_t tid = ((node_t *)o)->tid;
    if (tid == TID_NODE)
        return sizeof(node_t);
    if (tid == TID_ARRAY)
        return 16 + 8 * ((array_t *)o)->length;
    if (tid == TID_BLOB)
        return 16 + 8 * ((blob_t *)o)->nwords;
    if (tid == TID_WEAKREF)
        return sizeof(weakref_t);
    fprintf(stderr, "demo: bad type id %u\n", tid);
    abort();
}

void stmcb_trace(struct object_s *o, void visit(object_t **))
{
    uint32_t tid = ((node_t *)o)->tid;
    if (tid == TID_NODE)
        visit(&((node_t *)o)->next);
    else if (tid == TID_ARRAY) {
        array_t *a = (array_t *)o;
        for (int64_t i = 0; i < a->length; i++)
            visit(&a->items[i]);
    }
}

static long finalized;
static int64_t checksum(int64_t v);
void stmcb_finalizer(object_t *o)
{
    stm_read(o);
    if (((STM_SEG node_t *)o)->check != checksum(((STM_SEG node_t *)o)->value))
        abort();
    __atomic_fetch_add(&finalized, 1, __ATOMIC_RELAXED);
}

static __thread uint64_t rng_state;
static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static void die(const char *msg, long a, long b)
{
    fprintf(stderr, "demo: INVARIANT BROKEN: %s (%ld, %ld)\n", msg, a, b);
    abort();
}

static int64_t checksum(int64_t v) { return (v * 0x9E3779B97F4A7C15LL) ^ 0x5bd1e995; }

static object_t *new_node(int64_t value)
{
    object_t *o = stm_allocate(sizeof(node_t));
    N(o)->tid = TID_NODE;
    N(o)->value = value;
    N(o)->check = checksum(value);
    return o;
}

static object_t *new_prebuilt_node(int64_t value)
{
    node_t n;
    memset(&n, 0, sizeof(n));
    n.tid = TID_NODE;
    n.value = value;
    n.check = checksum(value);
    return stm_setup_prebuilt((struct object_s *)&n);
}

static object_t *new_prebuilt_array(int64_t length)
{
    size_t size = 16 + 8 * (size_t)length;
    array_t *a = calloc(1, size);
    a->tid = TID_ARRAY;
    a->length = length;
    object_t *o = stm_setup_prebuilt((struct object_s *)a);
    free(a);
    return o;
}

static int nthreads;
static long iterations;

/* ------------------------------------------------------------ list */
static object_t *g_head;  /* node: next = first element */
static object_t *g_stats; /* node: value = count, check = sum */

static void list_transaction(stm_thread_local_t *tl)
{
    stm_start_transaction(tl);
    int64_t v = (int64_t)(rnd() % 1000);
    int insert = (rnd() % 3) != 0;
    object_t *n = insert ? new_node(v) : NULL;
    object_t *prev = g_head, *cur;
    stm_read(prev);
    cur = N(prev)->next;
    while (cur) {
        stm_read(cur);
        if (N(cur)->value >= v)
            break;
        prev = cur;
        cur = N(cur)->next;
    }
    stm_read(g_stats);
    if (insert) {
        stm_write(prev);
        N(n)->next = cur;
        N(prev)->next = n;
        stm_write(g_stats);
        N(g_stats)->value += 1;
        N(g_stats)->check += v;
    }
    else if (cur) {
        int64_t old = N(cur)->value;
        stm_write(prev);
        N(prev)->next = N(cur)->next;
        stm_write(g_stats);
        N(g_stats)->value -= 1;
        N(g_stats)->check -= old;
    }
    stm_commit_transaction();
}

static void list_check(stm_thread_local_t *tl)
{
    stm_start_transaction(tl);
    int64_t count = 0, sum = 0, last = -1;
    object_t *cur = g_head;
    stm_read(cur);
    cur = N(cur)->next;
    while (cur) {
        stm_read(cur);
        if (N(cur)->value < last)
            die("list not sorted", (long)N(cur)->value, (long)last);
        if (N(cur)->check != checksum(N(cur)->value))
            die("node checksum", (long)N(cur)->value, 0);
        last = N(cur)->value;
        count++;
        sum += last;
        cur = N(cur)->next;
    }
    stm_read(g_stats);
    if (N(g_stats)->value != count || N(g_stats)->check != sum)
        die("list length/sum disagree with the record", (long)count,
            (long)N(g_stats)->value);
    stm_commit_transaction();
}

static void list_worker(stm_thread_local_t *tl)
{
    for (long i = 0; i < iterations; i++) {
        list_transaction(tl);
        list_check(tl);
    }
}

/* ---------------------------------------------------------- random */
#define NSLOTS 64
static object_t *g_slots; /* array of NSLOTS nodes */
static long explicit_aborts;

static void random_transaction(stm_thread_local_t *tl, int allow_abort)
{
    stm_start_transaction(tl);
    int nops = 1 + (int)(rnd() % 20);
    int atomic = (rnd() % 10) == 0;
    if (atomic)
        stm_enter_atomic(tl);
    for (int k = 0; k < nops; k++) {
        uint64_t r = rnd();
        int64_t i = (int64_t)(r % NSLOTS);
        stm_read(g_slots);
        object_t *o = A(g_slots)->items[i];
        switch ((r >> 8) % 6) {
        case 0:
        case 1: /* read and verify a chain */
            while (o) {
                stm_read(o);
                if (N(o)->check != checksum(N(o)->value))
                    die("random: checksum", (long)N(o)->value, (long)i);
                o = N(o)->next;
            }
            break;
        case 2: { /* replace with a new node chained to the old one */
            STM_PUSH_ROOT(*tl, o);
            object_t *n = new_node((int64_t)(r >> 16));
            STM_POP_ROOT(*tl, o);
            N(n)->next = (rnd() % 4) ? NULL : o;
            stm_write(g_slots);
            A(g_slots)->items[i] = n;
            break;
        }
        case 3: /* modify in place, keeping the checksum */
            if (o) {
                stm_write(o);
                N(o)->value += 1;
                N(o)->check = checksum(N(o)->value);
            }
            break;
        case 4: /* garbage */
            for (int g = 0; g < 20; g++)
                new_node(g);
            break;
        case 5:
            if ((r >> 20) % 50 == 0)
                stm_become_inevitable(tl, "demo");
            break;
        }
    }
    if (atomic)
        stm_leave_atomic(tl);
    if (allow_abort && !stm_is_inevitable() && rnd() % 100 == 0) {
        __atomic_fetch_add(&explicit_aborts, 1, __ATOMIC_RELAXED);
        stm_abort_transaction(); /* restarts this transaction */
    }
    stm_commit_transaction();
}

static void random_worker(stm_thread_local_t *tl)
{
    for (long i = 0; i < iterations; i++)
        random_transaction(tl, 1);
}

/* ----------------------------------------------------------- alloc */
#define NSMALL 100000
#define ARRAY_LEN (((1 << 20) - 16) / 8) /* a 1 MB array */
#define BLOB_WORDS 1500                 /* 12 KB: spans 3-4 pages */
static object_t *g_array, *g_blob;
static long majors_wanted;
static long majors_done;

static void alloc_setup(stm_thread_local_t *tl)
{
    stm_start_inevitable_transaction(tl);
    for (long i = 0; i < NSMALL; i++) {
        object_t *n = new_node(i);
        stm_write(g_array);
        A(g_array)->items[i] = n;
    }
    object_t *b = stm_allocate(16 + 8 * BLOB_WORDS);
    B(b)->tid = TID_BLOB;
    B(b)->nwords = BLOB_WORDS;
    for (int k = 0; k < BLOB_WORDS; k++)
        B(b)->words[k] = k;
    stm_write(g_blob);
    N(g_blob)->next = b;
    stm_commit_transaction();
}

static void alloc_verify_node(int64_t i)
{
    stm_read(g_array);
    object_t *o = A(g_array)->items[i];
    if (!o)
        die("alloc: missing node", (long)i, 0);
    stm_read(o);
    if (N(o)->check != checksum(N(o)->value) || N(o)->value % NSMALL != i)
        die("alloc: node content", (long)i, (long)N(o)->value);
}

static void alloc_verify_blob(void)
{
    stm_read(g_blob);
    object_t *b = N(g_blob)->next;
    stm_read(b);
    int64_t base = B(b)->words[0];
    for (int k = 0; k < BLOB_WORDS; k++)
        if (B(b)->words[k] != base + k)
            die("alloc: page-spanning object torn", k, (long)(B(b)->words[k] - base));
}

static void alloc_transaction(stm_thread_local_t *tl, long round)
{
    stm_start_transaction(tl);
    for (int k = 0; k < 8; k++) {
        int64_t i = (int64_t)(rnd() % NSMALL);
        alloc_verify_node(i);
        if (k == 0 && round % 8 == 0) { /* replace one node */
            object_t *n = new_node(i + NSMALL * (int64_t)(1 + rnd() % 1000));
            stm_write(g_array);
            A(g_array)->items[i] = n;
        }
        else if (k == 0) { /* modify one node in place */
            object_t *o = A(g_array)->items[i];
            stm_write(o);
            N(o)->value += NSMALL;
            N(o)->check = checksum(N(o)->value);
        }
    }
    alloc_verify_blob();
    if (rnd() % 8 == 0) {
        stm_read(g_blob);
        object_t *b = N(g_blob)->next;
        stm_write(b);
        int64_t base = (int64_t)(rnd() % 100000);
        for (int k = 0; k < BLOB_WORDS; k++)
            B(b)->words[k] = base + k;
    }
    /* garbage that survives a minor collection: fills old space */
    object_t *keep = NULL;
    for (int g = 0; g < 3000; g++) {
        STM_PUSH_ROOT(*tl, keep);
        object_t *n = new_node(g);
        STM_POP_ROOT(*tl, keep);
        N(n)->next = keep;
        keep = n;
    }
    STM_PUSH_ROOT(*tl, keep);
    stm_collect(0);
    STM_POP_ROOT(*tl, keep);
    if (round % 16 == 0)
        stm_collect(1);
    stm_commit_transaction();
}

static void alloc_worker(stm_thread_local_t *tl)
{
    long round = 0;
    while (__atomic_load_n(&majors_done, __ATOMIC_RELAXED) < majors_wanted) {
        long before = tl->stats.major_collections;
        alloc_transaction(tl, round++);
        __atomic_fetch_add(&majors_done, tl->stats.major_collections - before,
                           __ATOMIC_RELAXED);
    }
}

static void alloc_final_check(stm_thread_local_t *tl)
{
    stm_start_inevitable_transaction(tl);
    for (int64_t i = 0; i < NSMALL; i++)
        alloc_verify_node(i);
    alloc_verify_blob();
    stm_commit_transaction();
}

/* ------------------------------------------------------------ final */
/* Objects with finalizers and weakrefs: every committed finalizer object
   must be finalized exactly once by the end; objects of aborted
   transactions never. */
#define FSLOTS 16
static object_t *g_fslots; /* array: per thread, FSLOTS kept objects */
static object_t *g_wslots; /* array: per thread, one weakref */
static long created_final;

static void final_transaction(stm_thread_local_t *tl, int me, long *created)
{
    stm_start_transaction(tl);
    object_t *f = stm_allocate_with_finalizer(sizeof(node_t));
    int64_t v = (int64_t)(rnd() % 100000);
    N(f)->tid = TID_NODE;
    N(f)->value = v;
    N(f)->check = checksum(v);
    STM_PUSH_ROOT(*tl, f);
    object_t *w = stm_allocate_weakref(sizeof(weakref_t));
    STM_POP_ROOT(*tl, f);
    W(w)->tid = TID_WEAKREF;
    W(w)->referent = f;
    stm_write(g_wslots);
    stm_read(g_wslots);
    object_t *old_w = A(g_wslots)->items[me];
    if (old_w) { /* the previous weakref: empty or a valid object */
        stm_read(old_w);
        object_t *r = W(old_w)->referent;
        if (r) {
            stm_read(r);
            if (N(r)->check != checksum(N(r)->value))
                die("final: weakref to a broken object", me, 0);
        }
    }
    A(g_wslots)->items[me] = w;
    if (rnd() % 2) { /* keep it for a while */
        stm_write(g_fslots);
        A(g_fslots)->items[me * FSLOTS + (int)(rnd() % FSLOTS)] = f;
    }
    if (rnd() % 8 == 0) /* garbage, to trigger collections */
        for (int g = 0; g < 2000; g++)
            new_node(g);
    if (rnd() % 64 == 0)
        stm_collect(1);
    stm_commit_transaction();
    (*created)++; /* counted only once committed */
}

static void final_worker(stm_thread_local_t *tl, int me)
{
    long created = 0;
    for (long i = 0; i < iterations; i++)
        final_transaction(tl, me, &created);
    __atomic_fetch_add(&created_final, created, __ATOMIC_RELAXED);
}

static void final_check(stm_thread_local_t *tl)
{
    for (int round = 0; round < 3; round++) {
        stm_start_inevitable_transaction(tl);
        stm_write(g_fslots);
        for (int64_t i = 0; i < A(g_fslots)->length; i++)
            A(g_fslots)->items[i] = NULL;
        stm_collect(1);
        stm_commit_transaction(); /* runs the queued finalizers */
    }
    long fin = __atomic_load_n(&finalized, __ATOMIC_RELAXED);
    if (fin != created_final)
        die("final: finalized count differs from committed objects", fin,
            created_final);
}

/* ------------------------------------------------------------ main */
static const char *mode;

static void *thread_main(void *arg)
{
    stm_thread_local_t tl;
    stm_register_thread_local(&tl);
    rng_state = 0x1234567ULL * (uint64_t)((intptr_t)arg + 1) + 88172645463325252ULL;
    if (!strcmp(mode, "list"))
        list_worker(&tl);
    else if (!strcmp(mode, "random"))
        random_worker(&tl);
    else if (!strcmp(mode, "final"))
        final_worker(&tl, (int)(intptr_t)arg);
    else
        alloc_worker(&tl);
    stm_unregister_thread_local(&tl);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[1], "list") && strcmp(argv[1], "random") &&
                      strcmp(argv[1], "alloc") && strcmp(argv[1], "final"))) {
        fprintf(stderr, "usage: %s list|random|alloc|final NTHREADS ITERATIONS\n",
                argv[0]);
        return 2;
    }
    mode = argv[1];
    nthreads = atoi(argv[2]);
    iterations = atol(argv[3]);
    majors_wanted = iterations;
    if (nthreads < 1 || nthreads > 256 || iterations < 0) {
        fprintf(stderr, "demo: bad thread count or iteration count\n");
        return 2;
    }
    stm_setup();
    stm_thread_local_t main_tl;
    stm_register_thread_local(&main_tl);
    rng_state = 42;
    g_head = new_prebuilt_node(-1);
    g_stats = new_prebuilt_node(0);
    g_slots = new_prebuilt_array(NSLOTS);
    g_blob = new_prebuilt_node(0);
    if (!strcmp(mode, "alloc")) {
        g_array = new_prebuilt_array(ARRAY_LEN);
        alloc_setup(&main_tl);
    }
    g_fslots = new_prebuilt_array((int64_t)nthreads * FSLOTS);
    g_wslots = new_prebuilt_array(nthreads);
    if (!strcmp(mode, "list")) {
        stm_start_inevitable_transaction(&main_tl);
        N(g_stats)->check = 0;
        stm_commit_transaction();
    }

    pthread_t th[256];
    for (int i = 0; i < nthreads; i++)
        if (pthread_create(&th[i], NULL, thread_main, (void *)(intptr_t)i) != 0)
            die("pthread_create", i, 0);
    for (int i = 0; i < nthreads; i++)
        pthread_join(th[i], NULL);

    if (!strcmp(mode, "list"))
        list_check(&main_tl);
    if (!strcmp(mode, "alloc"))
        alloc_final_check(&main_tl);
    if (!strcmp(mode, "final"))
        final_check(&main_tl);
    stm_stats_t st;
    stm_get_global_stats(&st);
    printf("mode=%s segments=%d threads=%d commits=%lu aborts(ww=%lu wr=%lu "
           "inev=%lu explicit=%lu) minor=%lu major=%lu\n",
           mode, STM_NB_SEGMENTS, nthreads, (unsigned long)st.commits,
           (unsigned long)st.aborts[STM_ABORT_WRITE_WRITE],
           (unsigned long)st.aborts[STM_ABORT_WRITE_READ],
           (unsigned long)st.aborts[STM_ABORT_INEVITABLE],
           (unsigned long)st.aborts[STM_ABORT_EXPLICIT],
           (unsigned long)st.minor_collections, (unsigned long)st.major_collections);
    stm_unregister_thread_local(&main_tl);
    stm_teardown();
    printf("OK\n");
    return 0;
}
