/* stm_prebuilt.c -- moving the prebuilt GC objects of a translated program
 * into stmgc's shared segment at start-up.
 *
 * Why two phases: stm_setup_prebuilt() requires every reference inside the
 * copied object to be an object_t offset already, but prebuilt data forms
 * arbitrary graphs (cycles included) whose static copies point to each
 * other by linear address.  So phase 1 copies each object with its
 * reference slots zeroed (slots found by the generated stmcb_trace on a
 * scratch copy) and records static address -> object_t in a sorted table;
 * phase 2, in one inevitable transaction (which never aborts), writes each
 * slot of each new object through %gs with the object_t of the static copy
 * it pointed to.  The static copies are never modified.
 */
#include "stm_prebuilt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uintptr_t static_addr;
    object_t *obj;
} prebuilt_entry_t;

static prebuilt_entry_t *table;
static long table_len;

/* state of the stmcb_trace visitors (single-threaded start-up code) */
static uintptr_t visiting_copy;
static object_t *visiting_obj;
static int visit_error;

static int compare_entries(const void *a, const void *b)
{
    uintptr_t x = ((const prebuilt_entry_t *)a)->static_addr;
    uintptr_t y = ((const prebuilt_entry_t *)b)->static_addr;
    return x < y ? -1 : x > y;
}

object_t *stm_rpy_prebuilt(const struct object_s *static_copy)
{
    long lo = 0, hi = table_len;
    uintptr_t key = (uintptr_t)static_copy;
    while (lo < hi) {
        long mid = (lo + hi) / 2;
        if (table[mid].static_addr < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < table_len && table[lo].static_addr == key)
        return table[lo].obj;
    return NULL;
}

static void zero_slot(object_t **ref)
{
    *ref = NULL;
}

static void redirect_slot(object_t **ref)
{
    uintptr_t target = (uintptr_t)*ref;
    if (target == 0)
        return;
    object_t *obj = stm_rpy_prebuilt((const struct object_s *)target);
    if (obj == NULL) {
        fprintf(stderr,
                "stm_rpy_setup_prebuilts: prebuilt object %p has a reference "
                "at offset %ld to %p, which is not a prebuilt object\n",
                (void *)visiting_copy, (long)((uintptr_t)ref - visiting_copy),
                (void *)target);
        visit_error = 1;
        return;
    }
    uintptr_t offset = (uintptr_t)ref - visiting_copy;
    *(object_t *STM_SEG *)((uintptr_t)visiting_obj + offset) = obj;
}

int stm_rpy_setup_prebuilts(stm_thread_local_t *tl,
                            const struct object_s *const *copies, long n)
{
    table = realloc(table, (size_t)(table_len + n) * sizeof(prebuilt_entry_t));
    if (table == NULL && n > 0) {
        fprintf(stderr, "stm_rpy_setup_prebuilts: out of memory\n");
        return -1;
    }
    for (long i = 0; i < n; i++) {
        size_t size = (size_t)stmcb_size_rounded_up((struct object_s *)copies[i]);
        struct object_s *scratch = malloc(size);
        if (scratch == NULL) {
            fprintf(stderr, "stm_rpy_setup_prebuilts: out of memory\n");
            return -1;
        }
        memcpy(scratch, copies[i], size);
        stmcb_trace(scratch, zero_slot);
        table[table_len].static_addr = (uintptr_t)copies[i];
        table[table_len].obj = stm_setup_prebuilt(scratch);
        table_len++;
        free(scratch);
    }
    qsort(table, (size_t)table_len, sizeof(prebuilt_entry_t), compare_entries);

    visit_error = 0;
    stm_start_inevitable_transaction(tl);
    for (long i = 0; i < n; i++) {
        visiting_copy = (uintptr_t)copies[i];
        visiting_obj = stm_rpy_prebuilt(copies[i]);
        stm_write(visiting_obj);
        stmcb_trace((struct object_s *)copies[i], redirect_slot);
    }
    stm_commit_transaction();
    return visit_error ? -1 : 0;
}
