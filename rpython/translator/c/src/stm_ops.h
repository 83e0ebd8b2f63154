/* stm_ops.h -- low-level operations of a --stm build (included after the
 * other support headers, whose GC-specific macros it replaces).
 *
 * Why the (uintptr_t) casts: GC pointers are __seg_gs pointers, and gcc warns
 * about every direct cast between the %gs and the generic address space.
 * Going through an integer keeps the value (the segment offset) and is
 * warning-free; such values are only compared or turned back into %gs
 * pointers, never dereferenced as linear addresses.
 */
#ifndef RPY_STM_OPS_H
#define RPY_STM_OPS_H

#undef OP_PTR_EQ
#undef OP_PTR_NE
#undef OP_PTR_NONZERO
#undef OP_PTR_ISZERO
#define OP_PTR_EQ(p, q, r) r = ((uintptr_t)(p) == (uintptr_t)(q))
#define OP_PTR_NE(p, q, r) r = ((uintptr_t)(p) != (uintptr_t)(q))
#define OP_PTR_NONZERO(p, r) r = ((uintptr_t)(p) != 0)
#define OP_PTR_ISZERO(p, r) r = ((uintptr_t)(p) == 0)

#undef RPyRaiseException
#define RPyRaiseException(t, v)                                               \
    (rpy_exc_type = (void *)(uintptr_t)(t), rpy_exc_value = (void *)(uintptr_t)(v))

#undef OP_GC_CAN_MOVE
#define OP_GC_CAN_MOVE(p, r) r = stm_can_move((object_t *)(p))
#undef OP_GC_WRITEBARRIER
#define OP_GC_WRITEBARRIER(p, r) stm_write((object_t *)(p))
#undef OP_LENGTH_OF_SIMPLE_GCARRAY_FROM_OPAQUE
#define OP_LENGTH_OF_SIMPLE_GCARRAY_FROM_OPAQUE(p, r)                         \
    r = *(STM_SEG long *)((uintptr_t)(p) + sizeof(rpy_gchdr_t))

static inline object_t *rpy_stm_malloc(uint32_t tid, long size)
{
    object_t *o = stm_allocate(rpy_stm_round_size(size));
    ((STM_SEG rpy_gchdr_t *)o)->tid = tid;
    return o;
}

static inline object_t *rpy_stm_malloc_varsize(uint32_t tid, long fixed, long itemsize,
                                               long length, long ofs_length)
{
    object_t *o;
    if (length < 0 || length > (1L << 36) / (itemsize > 0 ? itemsize : 1)) {
        rpy_raise_simple(RPY_EXC_MEMORY);
        return NULL;
    }
    o = stm_allocate(rpy_stm_round_size(fixed + itemsize * length));
    ((STM_SEG rpy_gchdr_t *)o)->tid = tid;
    if (ofs_length >= 0)
        *(STM_SEG long *)((uintptr_t)o + (uintptr_t)ofs_length) = length;
    return o;
}

/* Instances of an rgc.FinalizerQueue's Class (src/stm_fq.h) */
static inline object_t *rpy_stm_malloc_with_finalizer(uint32_t tid, long size)
{
    object_t *o = stm_allocate_with_finalizer(rpy_stm_round_size(size));
    ((STM_SEG rpy_gchdr_t *)o)->tid = tid;
    return o;
}
void rpy_stm_fq_setup(void);
void rpy_stm_fq_dead(object_t *obj);
void rpy_stm_fq_run_triggers(void);

/* Weak references (rtyper/rweakref.py): a WEAKREF is allocated with
   stm_allocate_weakref (funcgen.py), its only word after the header is the
   referent, which stmgc clears when the referent dies.  Written once, right
   after the allocation (the object is fresh: no barrier needed); read
   without a barrier (immutable). */
static inline object_t *rpy_stm_malloc_weakref(uint32_t tid, long size)
{
    object_t *o = stm_allocate_weakref(rpy_stm_round_size(size));
    ((STM_SEG rpy_gchdr_t *)o)->tid = tid;
    return o;
}
static inline void rpy_gc_weakref_init(void *wr, void *obj)
{
    *(STM_SEG uintptr_t *)((uintptr_t)wr + sizeof(rpy_gchdr_t)) = (uintptr_t)obj;
}
static inline void *rpy_gc_weakref_deref(void *wr)
{
    return (void *)*(STM_SEG uintptr_t *)((uintptr_t)wr + sizeof(rpy_gchdr_t));
}

/* barriers (inserted by rpython/translator/stm/transform.py) */
#undef OP_STM_READ
#undef OP_STM_WRITE
#undef OP_STM_WRITE_CARD
#define OP_STM_READ(p, r) stm_read((object_t *)(p))
#define OP_STM_WRITE(p, r) stm_write((object_t *)(p))
#define OP_STM_WRITE_CARD(p, i, r) stm_write_card((object_t *)(p), (uintptr_t)(i))

/* the rstm API (transaction breaks, zones and become_inevitable are written
   by funcgen.py: they need the function's live variables) */
#undef OP_STM_SHOULD_BREAK_TRANSACTION
#undef OP_STM_HINT_COMMIT_SOON
#undef OP_STM_INCREMENT_ATOMIC
#undef OP_STM_DECREMENT_ATOMIC
#undef OP_STM_IS_ATOMIC
#undef OP_STM_GET_SEGMENT_LIMIT
#undef OP_STM_IS_INEVITABLE
#undef OP_STM_GET_ABORT_STATISTICS
#undef OP_STM_LEAVE_TRANSACTIONAL_ZONE
#undef OP_STM_ENTER_TRANSACTIONAL_ZONE
/* around blocking calls (rgil): commit, then start an inevitable transaction
   (stm/src/stm_rpy.c) */
#define OP_STM_LEAVE_TRANSACTIONAL_ZONE(r) pypy_stm_leave_transactional_zone()
#define OP_STM_ENTER_TRANSACTIONAL_ZONE(r) pypy_stm_enter_transactional_zone()
#define OP_STM_SHOULD_BREAK_TRANSACTION(r) r = stm_should_break_transaction(&pypy_stm_tl)
#define OP_STM_HINT_COMMIT_SOON(r) pypy_stm_hint_commit_soon()
#define OP_STM_INCREMENT_ATOMIC(r) stm_enter_atomic(&pypy_stm_tl)
#define OP_STM_DECREMENT_ATOMIC(r) stm_leave_atomic(&pypy_stm_tl)
#define OP_STM_IS_ATOMIC(r) r = pypy_stm_tl.atomic
#define OP_STM_GET_SEGMENT_LIMIT(r) r = STM_NB_SEGMENTS
#define OP_STM_IS_INEVITABLE(r) r = stm_is_inevitable()
#define OP_STM_GET_ABORT_STATISTICS(r)                                        \
    r = (long)(pypy_stm_tl.stats.aborts[STM_ABORT_WRITE_WRITE] +              \
               pypy_stm_tl.stats.aborts[STM_ABORT_WRITE_READ] +               \
               pypy_stm_tl.stats.aborts[STM_ABORT_INEVITABLE] +               \
               pypy_stm_tl.stats.aborts[STM_ABORT_OTHER] +                    \
               pypy_stm_tl.stats.aborts[STM_ABORT_EXPLICIT])

/* Starting a transaction in the frame of a generated function (funcgen.py,
 * stm_break / stm_call_restart).  stmgc's stm_start_transaction() is a
 * __builtin_setjmp, and a function containing one "receives a nonlocal
 * goto" for gcc: its register allocator then keeps in memory every value
 * that lives across *any* call in the whole function, hot inner loops
 * included (measured: alloc_work of bench/programs/stm_target.py ran 1.7x
 * the instructions of the plain build).  rpy_stm_setjmp() fills the same
 * buffer (layout of __builtin_setjmp on x86-64, gcc and clang alike:
 * [0] frame pointer, [1] resume address, [2] stack pointer; stmgc's
 * __builtin_longjmp reloads %rbp and %rsp from it and jumps), but it is an
 * ordinary function declared returns_twice, like libc's setjmp: the
 * compiler then only keeps in memory what lives across this very call,
 * and funcgen makes that nothing but the volatile copies (every live
 * local is saved before and reloaded after).  After the abort jump the
 * other registers hold garbage, which is fine as nothing else is live
 * there.  One weak hidden copy per C file; the linker keeps one. */
void rpy_stm_setjmp(void **jmpbuf) __attribute__((returns_twice));
__asm__(".pushsection .text\n"
        ".weak rpy_stm_setjmp\n"
        ".hidden rpy_stm_setjmp\n"
        ".type rpy_stm_setjmp, @function\n"
        "rpy_stm_setjmp:\n"
        "\tmovq %rbp, 0(%rdi)\n"
        "\tmovq (%rsp), %rax\n"
        "\tmovq %rax, 8(%rdi)\n"
        "\tleaq 8(%rsp), %rax\n"
        "\tmovq %rax, 16(%rdi)\n"
        "\tret\n"
        ".size rpy_stm_setjmp, .-rpy_stm_setjmp\n"
        ".popsection\n");
#define RPY_STM_START_TRANSACTION_HERE()                                      \
    do {                                                                      \
        rpy_stm_setjmp(pypy_stm_tl.jmpbuf);                                   \
        _stm_start_transaction(&pypy_stm_tl);                                 \
    } while (0)

#endif
