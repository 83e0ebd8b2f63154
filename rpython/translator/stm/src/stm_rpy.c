/* stm_rpy.c -- per-thread glue for generated code (see stm_rpy.h): the
 * thread-local stm_thread_local_t and the transaction loop frame. */
#include "stm_rpy.h"

__thread stm_thread_local_t pypy_stm_tl;

void pypy_stm_register_thread(void)
{
    stm_register_thread_local(&pypy_stm_tl);
}

void pypy_stm_unregister_thread(void)
{
    stm_unregister_thread_local(&pypy_stm_tl);
}

void pypy_stm_run(long (*body)(void *), void *arg)
{
    /* `body` and `arg` are never modified in this frame, so they are still
       valid when an abort jumps back into stm_start_transaction(). */
    for (;;) {
        stm_start_transaction(&pypy_stm_tl);
        long result = body(arg);
        stm_commit_transaction();
        if (result == PYPY_STM_DONE)
            return;
    }
}
