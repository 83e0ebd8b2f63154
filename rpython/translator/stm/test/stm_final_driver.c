/* stm_final_driver.c -- the generated stmcb_finalizer dispatch and a
 * weakref type, linked with stmgc.
 *
 * Why: stmcb_finalizer must call the right RPython finalizer for the type
 * id, exactly once per committed object, and stmcb_trace must keep what a
 * finalizable object references alive until its finalizer ran; a weakref
 * type's referent must be its last word and untraced.  test_gcinfo.py
 * generates "layout.h" and the callbacks (with res_finalizer registered for
 * the Res type).
 *
 * Each of NTHREADS threads runs NTRANS transactions; transaction i allocates
 * a Leaf (v = 3 * value), a Res (value = unique number, child = the Leaf)
 * with stm_allocate_with_finalizer and a weakref to the Res; the weakref
 * goes into the thread's slot of a prebuilt WEAKS array, and for odd i the
 * Res into its slot of a prebuilt KEEP array (so most Res die young or old
 * and some survive a while).  At the end the main thread checks that each
 * weakref points to the kept Res, clears KEEP, runs major collections and
 * commits until every committed Res was finalized exactly once, and checks
 * that the weakrefs are then cleared.  Exit 1 with a message on any error.
 */
#include "stmgc.h"
#include "layout.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>


#define NTHREADS 2
#define NTRANS 300

typedef object_t *objref_t;
#define FLD(o, off, T) (*(STM_SEG T *)((uintptr_t)(o) + (uintptr_t)(off)))
#define REF(o, off) FLD(o, off, objref_t)
#define SLOT(arr, P, i) REF((uintptr_t)(arr) + P##_ITEMS + (uintptr_t)(i) * 8, 0)

static object_t *keep, *weaks; /* prebuilt GcArrays of NTHREADS refs */
static long finalized[NTHREADS * NTRANS];
static long created_total, finalized_total;
static volatile int error;

static void fail(const char *what, long a, long b)
{
    printf("FAIL: %s (%ld, %ld)\n", what, a, b);
    fflush(stdout);
    exit(1);
}

/* Registered for the Res type through StmGcInfo(finalizers=...). */
void res_finalizer(object_t *obj)
{
    stm_read(obj);
    long value = FLD(obj, RES_VALUE, long);
    object_t *leaf = REF(obj, RES_CHILD);
    if (FLD(obj, 4, uint32_t) != RES_TID || value < 0 ||
        value >= NTHREADS * NTRANS || leaf == NULL) {
        error = 1;
        return;
    }
    stm_read(leaf);
    if (FLD(leaf, 4, uint32_t) != LEAF_TID || FLD(leaf, LEAF_V, long) != 3 * value)
        error = 2;
    if (__atomic_fetch_add(&finalized[value], 1, __ATOMIC_RELAXED) != 0)
        error = 3;
    __atomic_fetch_add(&finalized_total, 1, __ATOMIC_RELAXED);
}

static object_t *alloc(uint32_t tid, ssize_t size, int kind)
{
    object_t *o = kind == 1   ? stm_allocate_with_finalizer(size)
                  : kind == 2 ? stm_allocate_weakref(size)
                              : stm_allocate(size);
    FLD(o, 4, uint32_t) = tid;
    return o;
}

static void *thread_main(void *arg)
{
    int t = (int)(intptr_t)arg;
    stm_thread_local_t tl;
    stm_register_thread_local(&tl);
    for (long i = 0; i < NTRANS; i++) {
        stm_start_transaction(&tl);
        long value = t * NTRANS + i;
        object_t *leaf = alloc(LEAF_TID, LEAF_SIZE, 0);
        FLD(leaf, LEAF_V, long) = 3 * value;
        STM_PUSH_ROOT(tl, leaf);
        object_t *res = alloc(RES_TID, RES_SIZE, 1);
        STM_POP_ROOT(tl, leaf);
        FLD(res, RES_VALUE, long) = value;
        REF(res, RES_CHILD) = leaf;
        STM_PUSH_ROOT(tl, res);
        object_t *w = alloc(WEAK_TID, WEAK_SIZE, 2);
        STM_POP_ROOT(tl, res);
        REF(w, WEAK_WEAKPTR) = res;
        stm_write(weaks);
        SLOT(weaks, ARR, t) = w;
        if (i % 2) {
            stm_write(keep);
            SLOT(keep, ARR, t) = res;
        }
        for (int g = 0; g < 200; g++) /* garbage: minor collections */
            (void)alloc(LEAF_TID, LEAF_SIZE, 0);
        if (i % 50 == 0)
            stm_collect(1);
        stm_commit_transaction();
    }
    __atomic_fetch_add(&created_total, NTRANS, __ATOMIC_RELAXED);
    stm_unregister_thread_local(&tl);
    return NULL;
}

static object_t *prebuilt_array(void)
{
    static uint64_t copies[2][(ARR_ITEMS + 8 * NTHREADS) / 8 + 2];
    static int n;
    uint64_t *copy = copies[n++];
    ((uint32_t *)copy)[1] = ARR_TID;
    *(long *)((char *)copy + ARR_LENGTH) = NTHREADS;
    return stm_setup_prebuilt((struct object_s *)copy);
}

int main(void)
{
    stm_setup();
    stm_thread_local_t tl;
    stm_register_thread_local(&tl);
    keep = prebuilt_array();
    weaks = prebuilt_array();

    pthread_t th[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        if (pthread_create(&th[i], NULL, thread_main, (void *)(intptr_t)i) != 0)
            fail("pthread_create", i, 0);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(th[i], NULL);

    stm_start_inevitable_transaction(&tl);
    for (int t = 0; t < NTHREADS; t++) {
        object_t *w = SLOT(weaks, ARR, t);
        if (w == NULL || REF(w, WEAK_WEAKPTR) != SLOT(keep, ARR, t))
            fail("weakref does not point to the kept object", t, 0);
    }
    stm_write(keep);
    for (int t = 0; t < NTHREADS; t++)
        SLOT(keep, ARR, t) = NULL;
    stm_commit_transaction();
    for (int round = 0; round < 4; round++) {
        stm_start_inevitable_transaction(&tl);
        stm_collect(1);
        stm_commit_transaction(); /* runs the queued finalizers */
    }
    if (error)
        fail("finalizer saw a broken object", error, 0);
    if (finalized_total != created_total)
        fail("finalized count", finalized_total, created_total);
    for (long v = 0; v < NTHREADS * NTRANS; v++)
        if (finalized[v] != 1)
            fail("not finalized exactly once", v, finalized[v]);
    stm_start_inevitable_transaction(&tl);
    for (int t = 0; t < NTHREADS; t++)
        if (REF(SLOT(weaks, ARR, t), WEAK_WEAKPTR) != NULL)
            fail("weakref to a freed object not cleared", t, 0);
    stm_commit_transaction();
    printf("created=%ld finalized=%ld\nOK\n", created_total, finalized_total);
    stm_unregister_thread_local(&tl);
    stm_teardown();
    return 0;
}
