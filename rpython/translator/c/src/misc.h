/* misc.h -- the remaining low-level operations: debugging, GC queries,
 * thread-locals, STM operations in a non-STM build, JIT hints, timestamps.
 *
 * Without --stm the rstm operations keep their GIL meaning: a transaction
 * break is a no-op, there is one "segment", an atomic section is a counter.
 * JIT hints have no effect (there is no JIT).
 */
#ifndef RPY_MISC_H
#define RPY_MISC_H

#define OP_DIRECT_PTRADD(p, n, r) r = (p) + (n)
#define OP_SHRINK_ARRAY(p, n, r) r = 0
#define OP_RAW_MALLOC_USAGE(size, r) r = (size)
#define OP_RAW_MEMMOVE(src, dst, size, r) memmove(dst, src, size)
#define OP_DEBUG_ASSERT_NOT_NONE(p, r) RPyAssert((p) != NULL, "unexpected None")
#define OP_DEBUG_FLUSH(r) fflush(stderr)
#define OP_DEBUG_HAVE_PRINT(r) r = 0
#define OP_HAVE_DEBUG_PRINTS(r) r = 0
#define OP_DEBUG_OFFSET(r) r = -1
#define OP_CHECK_AND_CLEAR_EXC(r) \
    do { \
        r = (rpy_exc_type != NULL); \
        RPyClearException(); \
    } while (0)

#ifdef RPY_GC_FRAMEWORK
#define OP_GC_CAN_MOVE(p, r) r = 1
#define OP_GC_WRITEBARRIER(p, r) rpy_gc_write_barrier(p)
#else
#define OP_GC_CAN_MOVE(p, r) r = 0
#define OP_GC_WRITEBARRIER(p, r) /* no barrier */
#endif
#define OP_GC_THREAD_START(r) rpy_thread_start()
#define OP_GC_THREAD_DIE(r) rpy_thread_die()
void rpy_thread_start(void);
void rpy_thread_die(void);
#define OP_GC_PIN(p, r) r = 0
#define OP_GC_UNPIN(p, r) /* nothing was pinned */
#define OP_GC_GET_RPY_MEMORY_USAGE(p, r) r = -1
#define OP_GC_FQ_NEXT_DEAD(q, r) r = NULL
#define OP_GC_ADD_MEMORY_PRESSURE(n, r) /* ignored */
#define OP_GC_HEAP_STATS(r) r = NULL
#define OP_GC_GET_TYPE_INFO_GROUP(r) r = NULL
#define OP_GC_GETTYPEPTR_GROUP(a, b, c, r) r = NULL
#define OP_GET_EXCEPTION_ADDR(r) r = (void *)&rpy_exc_type
#define OP_GET_EXC_VALUE_ADDR(r) r = (void *)&rpy_exc_value
#define OP_GET_WRITE_BARRIER_FAILING_CASE(r) r = NULL
#define OP_LENGTH_OF_SIMPLE_GCARRAY_FROM_OPAQUE(p, r) \
    r = *(long *)((char *)(p) + sizeof(rpy_gchdr_t))
#define OP_STACK_CURRENT(r) r = (long)__builtin_frame_address(0)
#define OP_STACK_MALLOC(size, r) r = NULL
#define OP_LL_READ_TIMESTAMP(r) r = (long)__builtin_ia32_rdtsc()
#define OP_LL_STACK_CHECK(r) \
    if (RPY_STACK_CHECK_FAILED()) rpy_stack_overflow()
#define OP_INSTRUMENT_COUNT(a, b, r) /* nothing */
#define OP_NOP(r) /* nothing */

/* STM operations in a build without --stm */
extern long rpy_atomic_depth;
#define OP_STM_READ(p, r) /* nothing */
#define OP_STM_WRITE(p, r) /* nothing */
#define OP_STM_WRITE_CARD(p, i, r) /* nothing */
#define OP_STM_TRANSACTION_BREAK(r) /* nothing */
#define OP_STM_SHOULD_BREAK_TRANSACTION(r) r = 0
#define OP_STM_POSSIBLE_TRANSACTION_BREAK(r) /* nothing */
#define OP_STM_BECOME_INEVITABLE(r) /* nothing */
#define OP_STM_HINT_COMMIT_SOON(r) /* nothing */
#define OP_STM_INCREMENT_ATOMIC(r) rpy_atomic_depth++
#define OP_STM_DECREMENT_ATOMIC(r) rpy_atomic_depth--
#define OP_STM_IS_ATOMIC(r) r = rpy_atomic_depth
#define OP_STM_GET_SEGMENT_LIMIT(r) r = 1
#define OP_STM_IS_INEVITABLE(r) r = 1
#define OP_STM_ABORT_INFO_PUSH(a, b, r) /* nothing */
#define OP_STM_ABORT_INFO_POP(n, r) /* nothing */
#define OP_STM_INSPECT_ABORT_INFO(r) r = NULL
#define OP_STM_GET_ABORT_STATISTICS(r) r = 0
#define OP_STM_ENTER_TRANSACTIONAL_ZONE(r) /* nothing */
#define OP_STM_LEAVE_TRANSACTIONAL_ZONE(r) /* nothing */

/* JIT hints */
#define OP_JIT_IS_VIRTUAL(x, r) r = 0
#define OP_JIT_RECORD_KNOWN_RESULT(r) /* nothing */
#define OP_JIT_FFI_SAVE_RESULT(r) /* nothing */
#define OP_JIT_ENTER_PORTAL_FRAME(x, r) /* nothing */
#define OP_JIT_LEAVE_PORTAL_FRAME(x, r) /* nothing */

/* thread-locals: a per-thread block addressed by offsets */
extern RPY_TLS char rpy_threadlocal_block[4096];

#endif
