/* bench.c -- benchmarks of the library (not timed tests).
 *
 *   bench overhead ROUNDS          one thread: pointer chasing, field
 *                                  writes and allocation through the API,
 *                                  transactions broken by should_break
 *   bench overhead-short ROUNDS    the same, one transaction per round
 *   bench scale NTHREADS ROUNDS    every thread runs its own copy of the
 *                                  overhead workload on private data
 *   bench conflict NTHREADS PERMILLE ROUNDS
 *                                  transactions writing private objects and,
 *                                  with probability PERMILLE/1000, one shared
 *                                  counter; reports commits/s and aborts
 *
 * Built twice by the Makefile: normally, and with -DSTM_BENCH_NOSTM, where
 * stm_read compiles to nothing and the write barrier only does the GC part
 * (same nursery, same minor and major collector): the ratio of the two
 * builds is the STM overhead.  Prints "seconds=<wall time>" (scale: also
 * the threads' total time waiting inside the library, and commits).
 */
#include "../stmgc.c"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

typedef struct {
    struct object_s hdr;
    uint32_t tid;
    object_t *next;
    int64_t value;
} node_t;

#define N(o) ((STM_SEG node_t *)(o))

ssize_t stmcb_size_rounded_up(struct object_s *o)
{
    (void)o;
    return sizeof(node_t);
}

void stmcb_trace(struct object_s *o, void visit(object_t **))
{
    visit(&((node_t *)o)->next);
}

void stmcb_finalizer(object_t *o) { (void)o; }

#define LIST_LEN 20000

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static object_t *new_node(int64_t v)
{
    object_t *o = stm_allocate(sizeof(node_t));
    N(o)->value = v;
    return o;
}

/* builds a list of LIST_LEN nodes whose head is left on the shadow stack */
static void build_list(stm_thread_local_t *tl)
{
    stm_start_transaction(tl);
    object_t *head = NULL;
    for (int i = 0; i < LIST_LEN; i++) {
        STM_PUSH_ROOT(*tl, head);
        object_t *n = new_node(i);
        STM_POP_ROOT(*tl, head);
        N(n)->next = head;
        head = n;
    }
    STM_PUSH_ROOT(*tl, head);
    stm_commit_transaction();
}

/* One round: walk the whole list summing values, write every 8th node,
   replace every 64th node by a fresh one.  Barriers are where the RPython
   STM transform puts them (rpython/translator/stm/README.md, "Barriers and
   their elision"): one stm_read per visited node ("seen": no second one
   before the next transaction break; an allocation is not one) and none on
   the node allocated here ("fresh"). */
static __attribute__((noinline)) int64_t one_round(stm_thread_local_t *tl, int64_t round)
{
    object_t *head = tl->shadowstack[-1].ss;
    int64_t sum = 0;
    object_t *prev = NULL, *cur = head;
    int i = 0;
    while (cur) {
        stm_read(cur);
        sum += N(cur)->value;
        if ((i & 7) == 0) {
            stm_write(cur);
            N(cur)->value += round & 1;
        }
        if ((i & 63) == 1 && prev) {
            STM_PUSH_ROOT(*tl, prev);
            STM_PUSH_ROOT(*tl, cur);
            object_t *n = new_node(i);
            STM_POP_ROOT(*tl, cur);
            STM_POP_ROOT(*tl, prev);
            N(n)->next = N(cur)->next;
            stm_write(prev);
            N(prev)->next = n;
            cur = n;
        }
        prev = cur;
        cur = N(cur)->next;
        i++;
    }
    return sum;
}

static int short_transactions;

/* Transactions are broken where the runtime would break them:
   stm_should_break_transaction() (nursery-fill based), or after every
   round with short_transactions. */
static void run_rounds(stm_thread_local_t *tl, long rounds)
{
    long r = 0;
    while (r < rounds) {
        stm_start_transaction(tl);
        do {
            one_round(tl, r++);
        } while (r < rounds && !short_transactions &&
                 !stm_should_break_transaction(tl));
        stm_commit_transaction();
    }
}

static long nrounds;
static int permille;
static object_t *g_counter;
static long total_commits;

static double thread_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* CPU seconds of each scale thread (its own clock: independent of how
   many other processes share the machine) */
static double thread_cpu[64];

static void *scale_thread(void *arg)
{
    int index = (int)(intptr_t)arg;
    stm_thread_local_t tl;
    stm_register_thread_local(&tl);
    double c0 = thread_cpu_now();
    build_list(&tl);
    run_rounds(&tl, nrounds);
    thread_cpu[index] = thread_cpu_now() - c0;
    stm_unregister_thread_local(&tl);
    return NULL;
}

static __thread uint64_t rng = 88172645463325252ULL;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void conflict_tx(stm_thread_local_t *tl)
{
    stm_start_transaction(tl);
    object_t *head = tl->shadowstack[-1].ss;
    object_t *cur = head;
    for (int i = 0; i < 200 && cur; i++) {
        stm_write(cur);
        N(cur)->value++;
        cur = N(cur)->next;
    }
    if ((int)(rnd() % 1000) < permille) {
        stm_write(g_counter);
        N(g_counter)->value++;
    }
    stm_commit_transaction();
}

static void *conflict_thread(void *arg)
{
    stm_thread_local_t tl;
    stm_register_thread_local(&tl);
    rng += (uint64_t)(intptr_t)arg * 7919;
    stm_start_transaction(&tl);
    object_t *head = NULL;
    for (int i = 0; i < 200; i++) {
        STM_PUSH_ROOT(tl, head);
        object_t *n = new_node(i);
        STM_POP_ROOT(tl, head);
        N(n)->next = head;
        head = n;
    }
    STM_PUSH_ROOT(tl, head);
    stm_commit_transaction();
    for (long r = 0; r < nrounds; r++)
        conflict_tx(&tl);
    __atomic_fetch_add(&total_commits, nrounds, __ATOMIC_RELAXED);
    stm_unregister_thread_local(&tl);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s overhead[-short] ROUNDS | scale NTHREADS ROUNDS | "
                        "conflict NTHREADS PERMILLE ROUNDS\n", argv[0]);
        return 2;
    }
    stm_setup();
    double t0, t1;
    if (!strcmp(argv[1], "overhead") || !strcmp(argv[1], "overhead-short")) {
        short_transactions = !strcmp(argv[1], "overhead-short");
        stm_thread_local_t tl;
        stm_register_thread_local(&tl);
        build_list(&tl);
        long rounds = atol(argv[2]);
        t0 = now();
        run_rounds(&tl, rounds);
        t1 = now();
        stm_unregister_thread_local(&tl);
        printf("seconds=%.4f\n", t1 - t0);
    }
    else if (!strcmp(argv[1], "scale") && argc == 4) {
        int n = atoi(argv[2]);
        nrounds = atol(argv[3]);
        pthread_t th[64];
        t0 = now();
        for (int i = 0; i < n && i < 64; i++)
            pthread_create(&th[i], NULL, scale_thread, (void *)(intptr_t)i);
        for (int i = 0; i < n && i < 64; i++)
            pthread_join(th[i], NULL);
        t1 = now();
        stm_stats_t st;
        stm_get_global_stats(&st);
        double cpu_sum = 0, cpu_max = 0;
        for (int i = 0; i < n && i < 64; i++) {
            cpu_sum += thread_cpu[i];
            if (thread_cpu[i] > cpu_max)
                cpu_max = thread_cpu[i];
        }
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        printf("seconds=%.4f waiting=%.4f commits=%lu thread_cpu_sum=%.4f "
               "thread_cpu_max=%.4f minor=%lu major=%lu privatized=%lu "
               "reshare_calls=%lu world_stops=%lu world_stopped=%.4f pauses=%lu paused=%.4f mutex_locks=%lu "
               "minflt=%ld voluntary_switches=%ld involuntary_switches=%ld\n",
               t1 - t0, st.time_waiting_ns * 1e-9, (unsigned long)st.commits,
               cpu_sum, cpu_max, (unsigned long)st.minor_collections,
               (unsigned long)st.major_collections,
               (unsigned long)st.pages_privatized, (unsigned long)st.reshare_calls,
               (unsigned long)st.world_stops, st.time_world_stopped_ns * 1e-9,
               (unsigned long)st.pauses, st.time_paused_ns * 1e-9,
               (unsigned long)st.sync_mutex_locks, ru.ru_minflt, ru.ru_nvcsw,
               ru.ru_nivcsw);
    }
    else if (!strcmp(argv[1], "conflict") && argc == 5) {
        int n = atoi(argv[2]);
        permille = atoi(argv[3]);
        nrounds = atol(argv[4]);
        node_t c;
        memset(&c, 0, sizeof(c));
        g_counter = stm_setup_prebuilt((struct object_s *)&c);
        pthread_t th[64];
        t0 = now();
        for (int i = 0; i < n && i < 64; i++)
            pthread_create(&th[i], NULL, conflict_thread, (void *)(intptr_t)i);
        for (int i = 0; i < n && i < 64; i++)
            pthread_join(th[i], NULL);
        t1 = now();
        stm_stats_t st;
        stm_get_global_stats(&st);
        unsigned long aborts = 0;
        for (int i = 0; i < STM_ABORT_CAUSE_COUNT; i++)
            aborts += st.aborts[i];
        printf("seconds=%.4f commits_per_s=%.0f aborts=%lu\n", t1 - t0,
               total_commits / (t1 - t0), aborts);
    }
    else {
        fprintf(stderr, "bench: bad arguments\n");
        return 2;
    }
    stm_teardown();
    return 0;
}
