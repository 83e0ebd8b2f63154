/* gc_test_main.c -- C-level checks of rpygc.c, driven by test_rpygc.py.
 *
 * Defines a tiny type table (a tree node with two children and a value, and
 * an array of node pointers), then runs the scenario named on the command
 * line: each one builds structures while collections happen, verifies their
 * contents and prints "ok" plus a few statistics.  Roots live on the shadow
 * stack exactly as in generated code.
 */
#include "rpygc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TID_NODE = 0, TID_PTRARRAY = 1, TID_BYTES = 2 };

typedef struct node {
    rpy_gchdr_t hdr;
    struct node *left, *right;
    long value;
} node_t;

typedef struct ptrarray {
    rpy_gchdr_t hdr;
    long length;
    node_t *items[];
} ptrarray_t;

typedef struct bytes {
    rpy_gchdr_t hdr;
    long length;
    char items[];
} bytes_t;

static const long node_ptrs[] = {offsetof(node_t, left), offsetof(node_t, right), -1};
static const long no_ptrs[] = {-1};
static const long item_is_ptr[] = {0, -1};

const struct rpy_typeinfo rpy_typeinfo_table[] = {
    {sizeof(node_t), 0, 0, node_ptrs, no_ptrs},
    {sizeof(ptrarray_t), sizeof(node_t *), offsetof(ptrarray_t, length), no_ptrs, item_is_ptr},
    {sizeof(bytes_t), 1, offsetof(bytes_t, length), no_ptrs, no_ptrs},
};

/* A prebuilt node, as the C backend would emit it. */
static node_t prebuilt_node = {{TID_NODE, GCFLAG_PREBUILT | GCFLAG_TRACK_YOUNG_PTRS}, 0, 0, 7};
void *const rpy_prebuilt_gc_objects[] = {&prebuilt_node, NULL};

#define PUSH(x) (*rpy_shadowstack_top++ = (void *)(x))
#define POP(x) ((x) = (void *)*--rpy_shadowstack_top)

static node_t *make_node(node_t *left, node_t *right, long value)
{
    node_t *n;
    PUSH(left);
    PUSH(right);
    n = rpy_gc_malloc_fixed(TID_NODE, sizeof(node_t));
    POP(right);
    POP(left);
    rpy_gc_write_barrier(n);
    n->left = left;
    n->right = right;
    n->value = value;
    return n;
}

static node_t *make_tree(long depth, long value)
{
    node_t *left, *right;
    if (depth == 0)
        return make_node(NULL, NULL, value);
    left = make_tree(depth - 1, 2 * value);
    PUSH(left);
    right = make_tree(depth - 1, 2 * value + 1);
    POP(left);
    return make_node(left, right, value);
}

static long check_tree(node_t *n, long depth, long value)
{
    if (n->value != value || n->hdr.tid != TID_NODE) {
        printf("bad node: value %ld expected %ld\n", n->value, value);
        exit(1);
    }
    if (depth == 0)
        return 1;
    return 1 + check_tree(n->left, depth - 1, 2 * value) +
           check_tree(n->right, depth - 1, 2 * value + 1);
}

static void fail(const char *msg)
{
    printf("FAIL: %s\n", msg);
    exit(1);
}

/* A long-lived tree survives while many short-lived trees come and go. */
static void scenario_trees(void)
{
    node_t *longlived = make_tree(14, 1);
    long i;
    PUSH(longlived);
    for (i = 0; i < 200; i++) {
        node_t *tmp = make_tree(10, 1);
        if (check_tree(tmp, 10, 1) != 2047)
            fail("short tree");
    }
    rpy_gc_collect(1);
    POP(longlived);
    if (check_tree(longlived, 14, 1) != 32767)
        fail("long tree");
    if (rpy_gc_stats.minor_collections < 2)
        fail("expected minor collections");
}

/* Old objects pointing to young ones are found through the barrier. */
static void scenario_barrier(void)
{
    node_t *old = make_node(NULL, NULL, 1);
    long i;
    PUSH(old);
    rpy_gc_collect(0); /* now `old` is in the old generation */
    POP(old);
    for (i = 0; i < 100000; i++) {
        node_t *young;
        PUSH(old);
        young = make_node(NULL, NULL, i);
        POP(old);
        rpy_gc_write_barrier(old);
        old->left = young;
        /* also hang young data on the prebuilt object */
        PUSH(old);
        young = make_node(NULL, NULL, -i);
        POP(old);
        rpy_gc_write_barrier(&prebuilt_node);
        prebuilt_node.right = young;
    }
    PUSH(old);
    rpy_gc_collect(1);
    POP(old);
    if (old->left->value != 99999 || prebuilt_node.right->value != -99999)
        fail("barrier lost a young object");
}

/* A large array uses card marking; items written after it became old. */
static void scenario_cards(void)
{
    long n = 100000, i, round;
    ptrarray_t *arr = rpy_gc_malloc_varsize(TID_PTRARRAY, n);
    if (arr->length != n)
        fail("length");
    for (round = 0; round < 3; round++) {
        for (i = round; i < n; i += 37) {
            node_t *young;
            PUSH(arr);
            young = make_node(NULL, NULL, i * 10 + round);
            POP(arr);
            rpy_gc_write_barrier_array(arr, i);
            arr->items[i] = young;
        }
        PUSH(arr);
        rpy_gc_collect(round == 2);
        POP(arr);
    }
    for (i = 0; i < n; i++) {
        long expect_round = -1, round2;
        for (round2 = 0; round2 < 3; round2++)
            if (i >= round2 && (i - round2) % 37 == 0)
                expect_round = round2;
        if (expect_round < 0) {
            if (arr->items[i])
                fail("unexpected item");
        }
        else if (!arr->items[i] || arr->items[i]->value != i * 10 + expect_round)
            fail("card lost an item");
    }
}

/* Ids and identity hashes do not change when an object moves. */
static void scenario_identity(void)
{
    node_t *a = make_node(NULL, NULL, 5), *b;
    long id_a = rpy_gc_id(a), hash_a = rpy_gc_identityhash(a);
    long id_b;
    PUSH(a);
    b = make_node(NULL, NULL, 6);
    POP(a);
    id_b = rpy_gc_id(b);
    if (id_a == id_b)
        fail("two live objects share an id");
    PUSH(a);
    PUSH(b);
    rpy_gc_collect(0);
    POP(b);
    POP(a);
    if (rpy_gc_id(a) != id_a || rpy_gc_identityhash(a) != hash_a || rpy_gc_id(b) != id_b)
        fail("id changed by a minor collection");
    PUSH(a);
    rpy_gc_collect(1);
    POP(a);
    if (rpy_gc_id(a) != id_a)
        fail("id changed by a major collection");
    /* ids of dead young objects must not break later collections */
    {
        long i;
        PUSH(a);
        for (i = 0; i < 100000; i++)
            rpy_gc_id(make_node(NULL, NULL, i));
        rpy_gc_collect(1);
        POP(a);
    }
    if (a->value != 5)
        fail("object corrupted");
}

/* Memory is reclaimed: garbage does not accumulate in the old generation. */
static void scenario_reclaim(void)
{
    long i;
    for (i = 0; i < 2000; i++) {
        bytes_t *b = rpy_gc_malloc_varsize(TID_BYTES, 100000);
        node_t *t;
        b->items[99999] = 'x';
        PUSH(b);
        t = make_tree(6, 1);
        POP(b);
        (void)t;
    }
    rpy_gc_collect(1);
    if (rpy_gc_stats.old_bytes > 1000000)
        fail("old generation kept garbage");
    printf("peak_old_bytes %ld\n", rpy_gc_stats.peak_old_bytes);
}

#ifdef RPY_THREAD
#include <pthread.h>

/* Threads take turns under a global lock, like RPython threads under the
 * GIL; each keeps a tree on its own shadow stack while the others allocate
 * and collect, so a collection must update every thread's roots. */
static pthread_mutex_t gil = PTHREAD_MUTEX_INITIALIZER;

static void *thread_body(void *arg)
{
    long id = (long)arg, round;
    pthread_mutex_lock(&gil);
    rpy_gc_thread_start();
    PUSH(make_tree(8, id));
    for (round = 0; round < 50; round++) {
        node_t *mine;
        (void)make_tree(8, 1000 + round); /* garbage */
        mine = (node_t *)rpy_shadowstack_top[-1];
        if (check_tree(mine, 8, id) != 511)
            fail("thread tree");
        pthread_mutex_unlock(&gil);
        pthread_mutex_lock(&gil);
    }
    rpy_shadowstack_top--;
    rpy_gc_thread_die();
    pthread_mutex_unlock(&gil);
    return NULL;
}

static void scenario_threads(void)
{
    pthread_t threads[3];
    long i;
    node_t *main_tree;
    pthread_mutex_lock(&gil);
    main_tree = make_tree(6, 99);
    PUSH(main_tree);
    for (i = 0; i < 3; i++)
        pthread_create(&threads[i], NULL, thread_body, (void *)(i + 1));
    pthread_mutex_unlock(&gil);
    for (i = 0; i < 3; i++)
        pthread_join(threads[i], NULL);
    POP(main_tree);
    if (check_tree(main_tree, 6, 99) != 127)
        fail("main tree");
}
#endif

int main(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : "";
    rpy_gc_setup();
    if (!strcmp(name, "trees"))
        scenario_trees();
    else if (!strcmp(name, "barrier"))
        scenario_barrier();
    else if (!strcmp(name, "cards"))
        scenario_cards();
    else if (!strcmp(name, "identity"))
        scenario_identity();
    else if (!strcmp(name, "reclaim"))
        scenario_reclaim();
#ifdef RPY_THREAD
    else if (!strcmp(name, "threads"))
        scenario_threads();
#endif
    else {
        printf("unknown scenario %s\n", name);
        return 2;
    }
    printf("ok minor=%ld major=%ld\n", rpy_gc_stats.minor_collections,
           rpy_gc_stats.major_collections);
    return 0;
}
