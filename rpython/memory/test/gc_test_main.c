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

enum { TID_NODE = 0, TID_PTRARRAY = 1, TID_BYTES = 2, TID_WEAKREF = 3 };

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

/* as the C backend emits rtyper/rweakref.py's WEAKREF: one untraced word */
typedef struct weakref {
    rpy_gchdr_t hdr;
    long referent;
} weakref_t;

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
    {sizeof(weakref_t), 0, 0, no_ptrs, no_ptrs},
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

static weakref_t *make_weakref(node_t *obj)
{
    weakref_t *wr;
    PUSH(obj);
    wr = rpy_gc_malloc_fixed(TID_WEAKREF, sizeof(weakref_t));
    POP(obj);
    rpy_gc_weakref_init(wr, obj);
    return wr;
}

static node_t *deref(weakref_t *wr)
{
    return (node_t *)*RPY_WEAKREF_SLOT(wr);
}

/* Weakrefs follow moved referents and are cleared when the referent dies,
 * in the nursery and in the old generation. */
static void scenario_weakrefs(void)
{
    node_t *live = make_tree(3, 1), *dead;
    weakref_t *w_live, *w_dead, *w_old_dead, *w_prebuilt;
    long i, cleared = 0;
    PUSH(live);
    dead = make_node(NULL, NULL, 99);
    w_dead = make_weakref(dead);
    PUSH(w_dead);
    live = rpy_shadowstack_top[-2];
    w_live = make_weakref(live);
    PUSH(w_live);
    w_prebuilt = make_weakref(&prebuilt_node);
    PUSH(w_prebuilt);
    rpy_gc_collect(0); /* minor: live moves, dead stays in the nursery */
    POP(w_prebuilt);
    POP(w_live);
    POP(w_dead);
    POP(live);
    if (deref(w_live) != live || check_tree(deref(w_live), 3, 1) != 15)
        fail("weakref not updated after the referent moved");
    if (deref(w_dead) != NULL)
        fail("weakref to a dead young object not cleared");
    if (deref(w_prebuilt) != &prebuilt_node)
        fail("weakref to a prebuilt object changed");
    /* old referent that dies: cleared by a major collection only */
    dead = make_node(NULL, NULL, 98);
    PUSH(live);
    PUSH(w_live);
    PUSH(dead);
    rpy_gc_collect(0); /* dead is old now, and only our local knows it */
    POP(dead);
    w_old_dead = make_weakref(dead);
    PUSH(w_old_dead);
    rpy_gc_collect(0);
    w_old_dead = rpy_shadowstack_top[-1];
    if (deref(w_old_dead) == NULL || deref(w_old_dead)->value != 98)
        fail("a minor collection cleared a weakref to an old object");
    rpy_gc_collect(1);
    POP(w_old_dead);
    POP(w_live);
    POP(live);
    if (deref(w_old_dead) != NULL)
        fail("weakref to a dead old object not cleared by a major collection");
    if (deref(w_live) != live)
        fail("weakref to a live old object cleared");
    /* many weakrefs to short-lived objects: all cleared, none kept */
    PUSH(live);
    PUSH(w_live);
    for (i = 0; i < 200000; i++) {
        weakref_t *w = make_weakref(make_node(NULL, NULL, i));
        if (deref(w) == NULL || deref(w)->value != i)
            fail("fresh weakref does not point to its object");
    }
    rpy_gc_collect(1);
    POP(w_live);
    POP(live);
    if (deref(w_live) != live || live->value != 1)
        fail("live referent lost");
    if (rpy_gc_stats.weakrefs > 10)
        fail("dead weakrefs still tracked");
    (void)cleared;
    printf("weakrefs tracked %ld\n", rpy_gc_stats.weakrefs);
}

static long trigger_calls;
static void count_trigger(void)
{
    trigger_calls++;
}

static long drain_queue(long queue, long *sum)
{
    long n = 0;
    node_t *obj;
    while ((obj = rpy_gc_fq_next_dead(queue)) != NULL) {
        n++;
        *sum += obj->value;
    }
    return n;
}

/* Finalizer queues: unreachable registered objects are queued (alive, with
 * what they reference), referencing ones before referenced ones, cycles
 * together; reachable ones stay registered. */
static void scenario_finalizers(void)
{
    node_t *kept, *a, *b, *c;
    weakref_t *wa;
    long sum = 0, n, i;
    /* young: kept stays, a dies */
    kept = make_node(NULL, NULL, 1);
    rpy_gc_fq_register(0, kept, count_trigger);
    PUSH(kept);
    a = make_node(NULL, NULL, 20);
    rpy_gc_fq_register(0, a, count_trigger);
    wa = make_weakref(a);
    PUSH(wa);
    rpy_gc_collect(0);
    wa = rpy_shadowstack_top[-1];
    if (trigger_calls != 1)
        fail("trigger not called once after the minor collection");
    n = drain_queue(0, &sum);
    if (n != 1 || sum != 20)
        fail("young dead object not queued");
    if (deref(wa) == NULL || deref(wa)->value != 20)
        fail("weakref to a queued object cleared too early");
    rpy_gc_collect(1);
    POP(wa);
    if (deref(wa) != NULL)
        fail("weakref to a finalized, dropped object not cleared");
    /* ordering: b -> c, both registered and dying: b first, c next time,
     * whatever the registration order */
    c = make_node(NULL, NULL, 300);
    rpy_gc_fq_register(1, c, count_trigger);
    b = make_node(c, NULL, 200);
    rpy_gc_fq_register(1, b, count_trigger);
    rpy_gc_collect(1);
    sum = 0;
    n = drain_queue(1, &sum);
    if (n != 1 || sum != 200)
        fail("referencing object not queued alone first");
    rpy_gc_collect(1);
    sum = 0;
    n = drain_queue(1, &sum);
    if (n != 1 || sum != 300)
        fail("referenced object not queued by the next collection");
    /* a cycle of two registered objects, old: both queued */
    a = make_node(NULL, NULL, 4000);
    PUSH(a);
    b = make_node(a, NULL, 5000);
    POP(a);
    rpy_gc_write_barrier(a);
    a->left = b;
    PUSH(a);
    rpy_gc_collect(1); /* now old */
    POP(a);
    rpy_gc_fq_register(2, a, count_trigger);
    rpy_gc_fq_register(2, a->left, count_trigger);
    rpy_gc_collect(1);
    sum = 0;
    n = drain_queue(2, &sum);
    if (n != 2 || sum != 9000)
        fail("cycle of registered objects not queued");
    /* the kept object (on the shadow stack since the start, it moved) is
     * still registered and alive */
    kept = rpy_shadowstack_top[-1];
    if (kept->value != 1 || drain_queue(0, &sum) != 0)
        fail("reachable registered object queued");
    /* bounded: many registered objects dying, drained as we go */
    sum = 0;
    n = 0;
    for (i = 0; i < 1000000; i++) {
        node_t *x = make_node(NULL, NULL, 1);
        rpy_gc_fq_register(3, x, count_trigger);
        if ((i & 1023) == 0)
            n += drain_queue(3, &sum);
    }
    rpy_gc_collect(1);
    n += drain_queue(3, &sum);
    POP(kept);
    if (kept->value != 1)
        fail("registered object kept alive by the stack was lost");
    if (n != 1000000 || sum != 1000000)
        fail("not every dead registered object was queued exactly once");
    if (rpy_gc_stats.finalizer_objects != 1)
        fail("registrations leaked");
    printf("triggers %ld peak_old_bytes %ld\n", trigger_calls, rpy_gc_stats.peak_old_bytes);
}


/* Random operations on a small heap (roots in a GC array, weakrefs in
 * another, registrations with queue 5), checking after every explicit
 * collection, against reachability computed here, that
 *   - a weakref points to its own object, alive and intact, or is NULL;
 *   - a weakref to an object reachable from the roots or from the queue is
 *     never cleared; after a major collection no other one remains set;
 *   - every registered object is handed out once, and all of them are by
 *     the end once nothing references them.
 * The seed comes from the command line (test_rpygc.py runs several). */
#define RND_ROOTS 48
#define RND_WEAKREFS 128
#define RND_MAX_IDS 200000

static unsigned long rnd_state;
static unsigned long rnd(unsigned long n)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state % n;
}

static unsigned char rnd_registered[RND_MAX_IDS]; /* 0, 1 = waiting, 2 = handed */
static unsigned char rnd_reached[RND_MAX_IDS];
static long rnd_expected[RND_WEAKREFS];
static long rnd_next_id = 1;

static void rnd_reach(node_t *n)
{
    /* explicit stack: chains can be long */
    static node_t **stack;
    static long cap;
    long top = 0;
    if (!stack) {
        cap = 1024;
        stack = malloc(cap * sizeof(node_t *));
    }
    stack[top++] = n;
    while (top) {
        n = stack[--top];
        if (!n || rnd_reached[n->value])
            continue;
        if (n->hdr.tid != TID_NODE)
            fail("reachable object is not a node");
        rnd_reached[n->value] = 1;
        if (top + 2 > cap) {
            cap *= 2;
            stack = realloc(stack, cap * sizeof(node_t *));
        }
        stack[top++] = n->left;
        stack[top++] = n->right;
    }
}

/* shadow stack layout: [roots array, weakrefs array, handed array] */
#define RND_ROOTS_ARR ((ptrarray_t *)rpy_shadowstack_top[-3])
#define RND_WR_ARR ((ptrarray_t *)rpy_shadowstack_top[-2])
#define RND_HANDED_ARR ((ptrarray_t *)rpy_shadowstack_top[-1])

static long rnd_drain_into_handed(void)
{
    long n = 0;
    node_t *obj;
    while ((obj = rpy_gc_fq_next_dead(5)) != NULL) {
        ptrarray_t *handed = RND_HANDED_ARR;
        if (obj->hdr.tid != TID_NODE || obj->value <= 0 || obj->value >= rnd_next_id)
            fail("queue handed out garbage");
        if (rnd_registered[obj->value] != 1)
            fail("queue handed out an object not waiting (twice, or never registered)");
        rnd_registered[obj->value] = 2;
        if (n >= handed->length)
            fail("too many queued objects for the test's array");
        rpy_gc_write_barrier_array(handed, n);
        handed->items[n++] = obj;
    }
    return n;
}

static void rnd_check(int major)
{
    long i, nhanded;
    ptrarray_t *roots, *wrs, *handed;
    nhanded = rnd_drain_into_handed();
    roots = RND_ROOTS_ARR;
    wrs = RND_WR_ARR;
    handed = RND_HANDED_ARR;
    memset(rnd_reached, 0, rnd_next_id);
    for (i = 0; i < RND_ROOTS; i++)
        rnd_reach(roots->items[i]);
    for (i = 0; i < nhanded; i++)
        rnd_reach(handed->items[i]);
    for (i = 0; i < RND_WEAKREFS; i++) {
        weakref_t *wr = (weakref_t *)wrs->items[i];
        node_t *target;
        if (!wr)
            continue;
        if (wr->hdr.tid != TID_WEAKREF)
            fail("weakref object corrupted");
        target = deref(wr);
        if (target) {
            if (target->hdr.tid != TID_NODE || target->value != rnd_expected[i])
                fail("weakref points to a freed or different object");
            if (major && !rnd_reached[target->value])
                fail("weakref to an unreachable object survived a major collection");
        }
        else if (rnd_reached[rnd_expected[i]])
            fail("weakref to a reachable object was cleared");
    }
    /* drop what the queue handed out */
    for (i = 0; i < nhanded; i++)
        handed->items[i] = NULL;
}

static void scenario_random(unsigned long seed, long steps)
{
    long step, i;
    ptrarray_t *arr;
    rnd_state = seed * 2654435761u + 88172645463325252UL;
    arr = rpy_gc_malloc_varsize(TID_PTRARRAY, RND_ROOTS);
    PUSH(arr);
    arr = rpy_gc_malloc_varsize(TID_PTRARRAY, RND_WEAKREFS);
    PUSH(arr);
    arr = rpy_gc_malloc_varsize(TID_PTRARRAY, 100000);
    PUSH(arr);
    for (step = 0; step < steps && rnd_next_id < RND_MAX_IDS - 1000; step++) {
        unsigned long op = rnd(100);
        long a = rnd(RND_ROOTS), b = rnd(RND_ROOTS);
        if (op < 30) {
            node_t *n = make_node(NULL, NULL, rnd_next_id++);
            ptrarray_t *roots = RND_ROOTS_ARR;
            rpy_gc_write_barrier_array(roots, a);
            roots->items[a] = n;
        }
        else if (op < 45) {
            ptrarray_t *roots = RND_ROOTS_ARR;
            node_t *x = roots->items[a], *y = roots->items[b];
            if (x) {
                rpy_gc_write_barrier(x);
                if (op & 1)
                    x->left = y;
                else
                    x->right = y;
            }
        }
        else if (op < 55) {
            ptrarray_t *roots = RND_ROOTS_ARR;
            roots->items[a] = NULL;
        }
        else if (op < 70) {
            node_t *x = RND_ROOTS_ARR->items[a];
            long k = rnd(RND_WEAKREFS);
            if (x) {
                weakref_t *wr = make_weakref(x);
                ptrarray_t *wrs = RND_WR_ARR;
                x = RND_ROOTS_ARR->items[a];
                rpy_gc_write_barrier_array(wrs, k);
                wrs->items[k] = (node_t *)wr;
                rnd_expected[k] = x->value;
            }
        }
        else if (op < 80) {
            node_t *x = RND_ROOTS_ARR->items[a];
            if (x && !rnd_registered[x->value]) {
                rnd_registered[x->value] = 1;
                rpy_gc_fq_register(5, x, count_trigger);
            }
        }
        else if (op < 85) {
            rpy_gc_collect(0);
            rnd_check(0);
        }
        else if (op < 87) {
            rpy_gc_collect(1);
            rnd_check(1);
        }
        else {
            /* garbage, sometimes linked to a root (then not garbage) */
            long k, count = 1 + rnd(200);
            for (k = 0; k < count; k++) {
                node_t *n = make_node(NULL, NULL, 0);
                if (k == 0 && rnd(4) == 0) {
                    node_t *x = RND_ROOTS_ARR->items[a];
                    if (x) {
                        rpy_gc_write_barrier(x);
                        x->right = n;
                    }
                }
            }
        }
    }
    rpy_gc_collect(1);
    rnd_check(1);
    /* nothing is reachable any more: every registration ends in the queue */
    for (i = 0; i < RND_ROOTS; i++)
        RND_ROOTS_ARR->items[i] = NULL;
    for (i = 0; i < 200; i++) {
        long j, waiting = 0;
        rpy_gc_collect(1);
        rnd_check(1);
        for (j = 1; j < rnd_next_id; j++)
            waiting += rnd_registered[j] == 1;
        if (!waiting)
            break;
    }
    for (i = 1; i < rnd_next_id; i++)
        if (rnd_registered[i] == 1)
            fail("a registered object was never queued");
    rpy_gc_collect(1); /* frees what the queue handed out last */
    for (i = 0; i < RND_WEAKREFS; i++) {
        weakref_t *wr = (weakref_t *)RND_WR_ARR->items[i];
        if (wr && deref(wr))
            fail("a weakref survived although nothing is reachable");
    }
    printf("random ids %ld\n", rnd_next_id);
    rpy_shadowstack_top -= 3;
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
    else if (!strcmp(name, "weakrefs"))
        scenario_weakrefs();
    else if (!strcmp(name, "finalizers"))
        scenario_finalizers();
    else if (!strcmp(name, "random") && argc > 3)
        scenario_random(strtoul(argv[2], NULL, 10), atol(argv[3]));
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
