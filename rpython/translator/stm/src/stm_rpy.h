/* stm_rpy.h -- the per-thread glue between generated RPython code and
 * stmgc: the thread's stm_thread_local_t, its shadow stack, and the
 * transaction loop frame.
 *
 * Why a loop frame: stm_start_transaction() is a __builtin_setjmp and an
 * abort jumps back into the frame that called it, so that frame must stay
 * alive for the whole transaction.  pypy_stm_run() is that frame: it runs
 * `body` in a transaction; `body` returns PYPY_STM_BREAK to commit and be
 * called again in a new transaction, or PYPY_STM_DONE to commit and return.
 * After an abort `body` is simply called again: everything it needs must be
 * reachable from the shadow stack (truncated to its depth at transaction
 * start) or from memory that an abort does not touch and that it only
 * changed while inevitable.
 */
#ifndef _STM_RPY_H
#define _STM_RPY_H

#include "stmgc.h"

extern __thread stm_thread_local_t pypy_stm_tl;

#define PYPY_STM_DONE 0
#define PYPY_STM_BREAK 1

/* Shadow-stack root pushing of the GC transform, for the running thread.
   The value is computed before the stack pointer moves: with a bare
   STM_PUSH_ROOT(tl, f()) the compiler may do `shadowstack++` first, and if
   f() collects, the GC sees a stale slot. */
#define PYPY_STM_PUSH_ROOT(p)                                                 \
    do {                                                                      \
        object_t *_pypy_stm_root = (object_t *)(p);                           \
        STM_PUSH_ROOT(pypy_stm_tl, _pypy_stm_root);                           \
    } while (0)
#define PYPY_STM_POP_ROOT(p) STM_POP_ROOT(pypy_stm_tl, p)
/* The i-th entry from the top (1 = top), to reload a root in place. */
#define PYPY_STM_ROOT(i) (pypy_stm_tl.shadowstack[-(i)].ss)

void pypy_stm_register_thread(void);
void pypy_stm_unregister_thread(void);
void pypy_stm_run(long (*body)(void *), void *arg);

#endif
