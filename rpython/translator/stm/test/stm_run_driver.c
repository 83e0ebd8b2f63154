/* stm_run_driver.c -- the transaction loop frame of src/stm_rpy.c with
 * generated callbacks, under real contention.
 *
 * Why: generated code will run every thread through pypy_stm_run(), keeping
 * its progress only in GC objects reachable from the shadow stack; after an
 * abort the body is called again and must find the rolled-back state.
 * NTHREADS threads (more than the segments) each run a body that, per
 * call, does STEP iterations of: increment a shared prebuilt counter Node
 * (write-write conflicts between threads), allocate a Node with a string
 * name and push it on the thread's own chain, count the iteration in the
 * thread's progress Node; it returns PYPY_STM_BREAK until NITER iterations
 * are done, then publishes the progress Node in a prebuilt array.  The main
 * thread checks: counter == NTHREADS * NITER, each chain has exactly NITER
 * nodes with values NITER-1..0 and matching names, after a major GC.
 * Uses the rtyped Node / string / list-items layouts from "layout.h".
 */
#include "stm_rpy.h"
#include "layout.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NTHREADS 4
#define NITER 600
#define STEP 10

typedef object_t *objref_t;
#define FLD(o, off, T) (*(STM_SEG T *)((uintptr_t)(o) + (uintptr_t)(off)))
#define REF(o, off) FLD(o, off, objref_t)
#define ITEM(o, P, i) ((uintptr_t)(o) + P##_ITEMS + (uintptr_t)(i) * P##_ITEMSIZE)

static object_t *counter; /* prebuilt Node */
static object_t *results; /* prebuilt GcArray of Ptr(Node), NTHREADS long */

static void fail(const char *what, long a, long b)
{
    printf("FAIL: %s (%ld, %ld)\n", what, a, b);
    fflush(stdout);
    exit(1);
}

static object_t *new_string(long v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "n%ld", v);
    long n = (long)strlen(buf);
    object_t *s = stm_allocate((STR_ITEMS + 4 * n + 7) & ~7L);
    FLD(s, 4, uint32_t) = STR_TID;
    FLD(s, STR_LENGTH, long) = n;
    for (long k = 0; k < n; k++)
        FLD(ITEM(s, STR, k), 0, uint32_t) = (uint32_t)buf[k];
    return s;
}

static void check_name(object_t *s, long v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "n%ld", v);
    long n = (long)strlen(buf);
    stm_read(s);
    if (FLD(s, 4, uint32_t) != STR_TID || FLD(s, STR_LENGTH, long) != n)
        fail("name header", v, 0);
    for (long k = 0; k < n; k++)
        if (FLD(ITEM(s, STR, k), 0, uint32_t) != (uint32_t)buf[k])
            fail("name char", v, k);
}

static long body(void *arg)
{
    int t = (int)(intptr_t)arg; /* constant: fine to keep in C */
    for (int k = 0; k < STEP; k++) {
        object_t *progress = PYPY_STM_ROOT(1);
        stm_read(progress);
        long i = FLD(progress, NODE_INST_VALUE, long);
        if (i == NITER) {
            stm_write(results);
            REF(ITEM(results, NODES, t), 0) = progress;
            return PYPY_STM_DONE;
        }
        stm_write(counter);
        FLD(counter, NODE_INST_VALUE, long) += 1;
        object_t *name = new_string(i);
        PYPY_STM_PUSH_ROOT(name);
        object_t *node = stm_allocate(NODE_SIZE);
        PYPY_STM_POP_ROOT(name);
        progress = PYPY_STM_ROOT(1); /* reload: the allocation may collect */
        FLD(node, 4, uint32_t) = NODE_TID;
        FLD(node, NODE_INST_VALUE, long) = i;
        REF(node, NODE_INST_NAME) = name;
        REF(node, NODE_INST_NEXT) = REF(progress, NODE_INST_NEXT);
        stm_write(progress);
        REF(progress, NODE_INST_NEXT) = node;
        FLD(progress, NODE_INST_VALUE, long) = i + 1;
    }
    return PYPY_STM_BREAK;
}

static void *thread_main(void *arg)
{
    pypy_stm_register_thread();
    stm_start_transaction(&pypy_stm_tl);
    object_t *progress = stm_allocate(NODE_SIZE);
    FLD(progress, 4, uint32_t) = NODE_TID;
    PYPY_STM_PUSH_ROOT(progress);
    stm_commit_transaction();
    pypy_stm_run(body, arg);
    PYPY_STM_POP_ROOT(progress);
    pypy_stm_unregister_thread();
    return NULL;
}

static object_t *prebuilt(uint32_t tid, long size, long length)
{
    static uint64_t copies[2][64];
    static int n;
    uint64_t *copy = copies[n++];
    ((uint32_t *)copy)[1] = tid;
    if (length >= 0)
        *(long *)((char *)copy + NODES_LENGTH) = length;
    (void)size;
    return stm_setup_prebuilt((struct object_s *)copy);
}

int main(void)
{
    stm_setup();
    pypy_stm_register_thread();
    counter = prebuilt(NODE_TID, NODE_SIZE, -1);
    results = prebuilt(NODES_TID, 0, NTHREADS);

    pthread_t th[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        if (pthread_create(&th[i], NULL, thread_main, (void *)(intptr_t)i) != 0)
            fail("pthread_create", i, 0);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(th[i], NULL);

    stm_start_inevitable_transaction(&pypy_stm_tl);
    stm_collect(1);
    if (FLD(counter, NODE_INST_VALUE, long) != (long)NTHREADS * NITER)
        fail("shared counter", FLD(counter, NODE_INST_VALUE, long), NTHREADS * NITER);
    for (int t = 0; t < NTHREADS; t++) {
        object_t *progress = REF(ITEM(results, NODES, t), 0);
        if (progress == NULL || FLD(progress, NODE_INST_VALUE, long) != NITER)
            fail("progress node", t, 0);
        object_t *node = REF(progress, NODE_INST_NEXT);
        for (long v = NITER - 1; v >= 0; v--) {
            if (node == NULL || FLD(node, 4, uint32_t) != NODE_TID)
                fail("chain too short", t, v);
            if (FLD(node, NODE_INST_VALUE, long) != v)
                fail("chain value", v, FLD(node, NODE_INST_VALUE, long));
            check_name(REF(node, NODE_INST_NAME), v);
            node = REF(node, NODE_INST_NEXT);
        }
        if (node != NULL)
            fail("chain too long", t, 0);
    }
    stm_commit_transaction();
    stm_stats_t st;
    stm_get_global_stats(&st);
    unsigned long aborts = 0;
    for (int c = 0; c < STM_ABORT_CAUSE_COUNT; c++)
        aborts += (unsigned long)st.aborts[c];
    printf("commits=%lu aborts=%lu minor=%lu\n", (unsigned long)st.commits, aborts,
           (unsigned long)st.minor_collections);
    pypy_stm_unregister_thread();
    stm_teardown();
    printf("OK\n");
    return 0;
}
