/* exception.h -- the per-thread exception state and stack-overflow checks.
 *
 * An RPython exception is a pair (type, value): a pointer to the class's
 * vtable and a pointer to the instance.  Raising stores the pair in
 * rpy_exc_type / rpy_exc_value and returns a dummy value; every call that can
 * raise is followed by a test of rpy_exc_type (RPyExceptionOccurred), which
 * jumps to the handler or propagates by returning.  Exceptions the C code
 * raises by itself (OverflowError, ZeroDivisionError, MemoryError, stack
 * overflow) are prebuilt instances whose addresses the backend writes into
 * rpy_simple_exceptions[].
 *
 * Stack overflow: each function that calls other functions first compares
 * the address of its frame with rpy_stack_limit (and the shadow stack top with
 * its limit) and raises a RecursionError-like exception instead of crashing.
 */
#ifndef RPY_EXCEPTION_H
#define RPY_EXCEPTION_H

#ifdef RPY_THREAD
#define RPY_TLS __thread
#else
#define RPY_TLS
#endif

extern RPY_TLS void *rpy_exc_type;
extern RPY_TLS void *rpy_exc_value;
extern RPY_TLS char *rpy_stack_limit;

enum {
    RPY_EXC_OVERFLOW,
    RPY_EXC_ZERODIVISION,
    RPY_EXC_MEMORY,
    RPY_EXC_RECURSION,
    RPY_EXC_ASSERTION,
    RPY_EXC_COUNT
};
/* type/value pairs, filled in by the generated code */
extern void *const rpy_simple_exceptions[RPY_EXC_COUNT][2];

#define RPyExceptionOccurred() RPY_UNLIKELY(rpy_exc_type != NULL)
#define RPyRaiseException(t, v) (rpy_exc_type = (void *)(t), rpy_exc_value = (void *)(v))
#define RPyFetchExceptionType() (rpy_exc_type)
#define RPyFetchExceptionValue() (rpy_exc_value)
#define RPyClearException() (rpy_exc_type = NULL, rpy_exc_value = NULL)

void rpy_raise_simple(int which);
void rpy_stack_overflow(void);
void rpy_init_stack_limit(void);

#define RPY_STACK_CHECK_FAILED() \
    RPY_UNLIKELY((char *)__builtin_frame_address(0) < rpy_stack_limit)

#endif
