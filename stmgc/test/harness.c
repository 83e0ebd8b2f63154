/* harness.c -- the test build's C side: object layout and operations that
 * report aborts as return codes.
 *
 * Test objects: header (4 bytes), uint32 size at offset 4, uint32 nrefs at
 * offset 8, uint32 kind at offset 12 (0 plain, 1 weakref, 2 finalizer), then
 * nrefs references (8 bytes each), then raw bytes up to `size`.  A weakref's
 * referent is its last word and is not traced.
 *
 * Every t_* operation acts as logical thread `t` (switching %gs to its
 * segment), sets the jump buffer so that an abort or a "would block" comes
 * back here, and returns 0 (done), 1 (aborted) or 2 (would block).
 */
#define STM_TESTING 1
#include "../stmgc.c"
#include <sys/stat.h>

struct tobj_s {
    struct object_s hdr;
    uint32_t size;
    uint32_t nrefs;
    uint32_t kind;
};
#define TOBJ(seg_obj) ((STM_SEG struct tobj_s *)(seg_obj))
#define REFS(o) ((STM_SEG uintptr_t *)(((uintptr_t)(o)) + 16))

ssize_t stmcb_size_rounded_up(struct object_s *o)
{
    return ((struct tobj_s *)o)->size;
}

void stmcb_trace(struct object_s *o, void visit(object_t **))
{
    struct tobj_s *t = (struct tobj_s *)o;
    object_t **refs = (object_t **)(((char *)o) + 16);
    for (uint32_t i = 0; i < t->nrefs; i++)
        visit(&refs[i]);
}

long finalized_count;
uintptr_t finalized_ids[4096];

void stmcb_finalizer(object_t *o)
{
    /* records the object's first data word after its refs */
    STM_SEG struct tobj_s *t = TOBJ(o);
    stm_read(o);
    uintptr_t id = REFS(o)[t->nrefs];
    if (finalized_count < 4096)
        finalized_ids[finalized_count] = id;
    finalized_count++;
}

#define MAX_THREADS 64
static stm_thread_local_t *tls[MAX_THREADS];

int t_setup(void)
{
    stm_setup();
    finalized_count = 0;
    for (int i = 0; i < MAX_THREADS; i++)
        tls[i] = NULL;
    return NB_SEGMENTS;
}

void t_teardown(void)
{
    for (int i = 0; i < MAX_THREADS; i++) {
        if (tls[i]) {
            if (tls[i]->associated_segment_num)
                release_segment(tls[i]->associated_segment_num);
            stm_unregister_thread_local(tls[i]);
            free(tls[i]);
            tls[i] = NULL;
        }
    }
    inevitable_segment = 0;
    stm_teardown();
}

int t_new_thread(void)
{
    for (int i = 0; i < MAX_THREADS; i++) {
        if (!tls[i]) {
            tls[i] = calloc(1, sizeof(stm_thread_local_t));
            stm_register_thread_local(tls[i]);
            return i;
        }
    }
    return -1;
}

#define OP(t)                                                                 \
    stm_thread_local_t *tl = tls[t];                                          \
    _stm_test_enter(tl);                                                      \
    if (__builtin_setjmp(tl->jmpbuf))                                         \
        return _stm_test_last_jump;                                           \
    _stm_test_check_pending(tl);

int t_start(int t)
{
    OP(t);
    _stm_start_transaction(tl);
    return 0;
}

int t_start_inevitable(int t)
{
    OP(t);
    stm_start_inevitable_transaction(tl);
    return 0;
}

int t_commit(int t)
{
    OP(t);
    stm_commit_transaction();
    return 0;
}

int t_abort(int t)
{
    OP(t);
    stm_abort_transaction();
}

int t_become_inevitable(int t)
{
    OP(t);
    stm_become_inevitable(tl, "test");
    return 0;
}

int t_check(int t)
{
    OP(t);
    return 0;
}

int t_in_transaction(int t) { return tls[t]->associated_segment_num != 0; }
int t_segment(int t) { return tls[t]->associated_segment_num; }
int t_pending(int t) { return _stm_test_pending_abort(tls[t]); }
int t_solo(int t)
{
    int s = tls[t]->associated_segment_num;
    return s && segs[s].solo;
}
int t_is_inevitable(int t)
{
    int s = tls[t]->associated_segment_num;
    return s && segs[s].tx_state == TX_INEVITABLE;
}

static void init_obj(object_t *o, long size, int nrefs, int kind)
{
    STM_SEG struct tobj_s *t = TOBJ(o);
    t->size = (uint32_t)size;
    t->nrefs = (uint32_t)nrefs;
    t->kind = (uint32_t)kind;
}

/* kind 0: plain, 1: weakref (referent = `extra`), 2: with finalizer */
int t_alloc(int t, long size, int nrefs, int kind, uintptr_t extra, uintptr_t *out)
{
    OP(t);
    object_t *o;
    if (kind == 1) {
        STM_PUSH_ROOT(*tl, extra);
        o = stm_allocate_weakref(size);
        STM_POP_ROOT(*tl, extra);
        REFS(o)[(size - 16) / 8 - 1] = extra;
    }
    else if (kind == 2)
        o = stm_allocate_with_finalizer(size);
    else
        o = stm_allocate(size);
    init_obj(o, size, nrefs, kind);
    *out = (uintptr_t)o;
    return 0;
}

int t_push(int t, uintptr_t obj)
{
    STM_PUSH_ROOT(*tls[t], obj);
    return 0;
}

int t_pop(int t, uintptr_t *out)
{
    stm_thread_local_t *tl = tls[t];
    if (tl->shadowstack == tl->shadowstack_base)
        return -1;
    *out = (uintptr_t)STM_POP_ROOT_RET(*tl);
    return 0;
}

long t_depth(int t) { return tls[t]->shadowstack - tls[t]->shadowstack_base; }
uintptr_t t_root(int t, long i) { return (uintptr_t)tls[t]->shadowstack_base[i].ss; }
void t_set_root(int t, long i, uintptr_t v) { tls[t]->shadowstack_base[i].ss = (object_t *)v; }
void t_push_marker(int t, uintptr_t v) { STM_PUSH_MARKER(*tls[t], v); }

int t_read_ref(int t, uintptr_t obj, int i, uintptr_t *out)
{
    OP(t);
    stm_read((object_t *)obj);
    *out = REFS(obj)[i];
    return 0;
}

int t_write_ref(int t, uintptr_t obj, int i, uintptr_t value)
{
    OP(t);
    stm_write((object_t *)obj);
    REFS(obj)[i] = value;
    return 0;
}

/* raw word at byte offset `off` (multiple of 8, after the header words) */
int t_read_word(int t, uintptr_t obj, long off, uint64_t *out)
{
    OP(t);
    stm_read((object_t *)obj);
    *out = *(STM_SEG uint64_t *)(obj + (uintptr_t)off);
    return 0;
}

/* read without the read barrier: checks that must not add to the read set */
uint64_t t_peek_word(int t, uintptr_t obj, long off)
{
    _stm_test_enter(tls[t]);
    return *(STM_SEG uint64_t *)(obj + (uintptr_t)off);
}

int t_write_word(int t, uintptr_t obj, long off, uint64_t value)
{
    OP(t);
    stm_write((object_t *)obj);
    *(STM_SEG uint64_t *)(obj + (uintptr_t)off) = value;
    return 0;
}

int t_write_card(int t, uintptr_t obj, long off, uint64_t value)
{
    OP(t);
    stm_write_card((object_t *)obj, (uintptr_t)off / 8);
    *(STM_SEG uint64_t *)(obj + (uintptr_t)off) = value;
    return 0;
}

int t_collect(int t, long level)
{
    OP(t);
    stm_collect(level);
    return 0;
}

int t_safe_point(int t)
{
    OP(t);
    stm_safe_point();
    return 0;
}

int t_id(int t, uintptr_t obj, long *id, long *hash)
{
    OP(t);
    *id = stm_id((object_t *)obj);
    *hash = stm_identityhash((object_t *)obj);
    return 0;
}

int t_can_move(int t, uintptr_t obj)
{
    _stm_test_enter(tls[t]);
    return stm_can_move((object_t *)obj);
}

int t_should_break(int t)
{
    _stm_test_enter(tls[t]);
    return stm_should_break_transaction(tls[t]);
}

/* what a runtime's "commit soon" hint may do: lower the break mark */
void t_set_nursery_mark(int t, uintptr_t mark)
{
    _stm_test_enter(tls[t]);
    STM_SEGMENT->nursery_mark = mark;
}
void t_set_threads_waiting(int n) { threads_waiting_for_segment = n; }

void t_enter_atomic(int t) { stm_enter_atomic(tls[t]); }
void t_leave_atomic(int t) { stm_leave_atomic(tls[t]); }

int t_run_finalizers(int t, long *count)
{
    OP(t);
    *count = _stm_run_finalizers(tl);
    return 0;
}

uintptr_t t_prebuilt(int nrefs, long size)
{
    char buf[8192];
    memset(buf, 0, sizeof(buf));
    struct tobj_s *o = (struct tobj_s *)buf;
    o->size = (uint32_t)size;
    o->nrefs = (uint32_t)nrefs;
    return (uintptr_t)stm_setup_prebuilt((struct object_s *)o);
}

static void cb_record(void *key) { ((long *)key)[0]++; }
long callback_counters[8];

int t_call_on(int t, int on_commit, int idx, int remove)
{
    stm_thread_local_t *tl = tls[t];
    void *key = &callback_counters[idx];
    if (on_commit)
        return stm_call_on_commit(tl, key, remove ? NULL : cb_record);
    return stm_call_on_abort(tl, key, remove ? NULL : cb_record);
}

/* peek at the committed (segment 0) version of a word, for assertions */
uint64_t t_committed_word(uintptr_t obj, long off)
{
    return *(uint64_t *)(stm_object_pages + obj + (uintptr_t)off);
}

int t_page_private(int seg, uintptr_t obj) { return page_is_private(seg, obj / PAGE_SIZE); }
uintptr_t t_nursery_start(void) { return NURSERY_START; }
uintptr_t t_nursery_end(void) { return NURSERY_END; }
uintptr_t t_old_start(void) { return OLD_START; }
long t_page_size(void) { return PAGE_SIZE; }
uintptr_t t_old_bytes(void) { return old_bytes_allocated; }
uint64_t t_pages_released(void) { return old_pages_released; }

/* bytes of old-object pages the kernel backs (memfd blocks) */
long t_memfd_bytes(void)
{
    struct stat st;
    if (fstat(stm_memfd, &st) != 0)
        return -1;
    return (long)st.st_blocks * 512;
}

void t_stats(int t, uint64_t *out)
{
    stm_stats_t *s = &tls[t]->stats;
    out[0] = s->commits;
    for (int i = 0; i < STM_ABORT_CAUSE_COUNT; i++)
        out[1 + i] = s->aborts[i];
    out[6] = s->minor_collections;
    out[7] = s->major_collections;
    out[8] = s->time_lost_ns;
    out[9] = s->pages_privatized;
    out[10] = s->reshare_calls;
    out[11] = s->world_stops;
    out[12] = s->pauses;
}

int t_thread_id(int t) { return tls[t]->thread_id; }

/* simulate a segment paused inside stm_write (see core.c) */
void t_set_no_collect(int t, int v) { segs[tls[t]->associated_segment_num].no_collect = v; }
