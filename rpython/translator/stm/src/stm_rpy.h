/* stm_rpy.h -- the per-thread glue between generated RPython code and
 * stmgc: the thread's stm_thread_local_t, its shadow stack, the transaction
 * loop frame, and the runtime behind rlib/rstm.py, rgil.py and rthread.py
 * in a --stm build.
 *
 * Where transactions restart: stm_start_transaction() is a setjmp and an
 * abort jumps back into the frame that called it, so that frame must stay
 * alive for the whole transaction.  Generated code anchors each
 * transaction in its own frames (the C backend's inline re-anchor after a
 * break, rpython/translator/stm/README.md "Restart after abort"); a thread
 * starts in pypy_stm_run_thread().  pypy_stm_run() is the same idea as a
 * plain loop for hand-written C callers (the runtime's C tests): it runs
 * `body` in a transaction; `body` returns PYPY_STM_BREAK to commit and be
 * called again in a new transaction, or PYPY_STM_DONE to commit and return.
 * After an abort `body` is simply called again: everything it needs must be
 * reachable from the shadow stack (truncated to its depth at transaction
 * start) or from memory that an abort does not touch and that it only
 * changed while inevitable.
 *
 * Why the transactional zone restarts inevitable: a blocking call (lock
 * acquire, sleep) must not run inside a transaction -- an inevitable waiter
 * would keep every other thread from becoming inevitable, e.g. to release
 * the lock it waits for -- so pypy_stm_leave_transactional_zone() commits.
 * pypy_stm_enter_transactional_zone() runs in the frame of the blocking
 * call's caller, which returns long before the next transaction break, so
 * no setjmp frame can anchor the new transaction: it starts inevitable (it
 * cannot abort) and the next transaction break starts an ordinary one.
 */
#ifndef _STM_RPY_H
#define _STM_RPY_H

#include "stmgc.h"

extern __thread stm_thread_local_t pypy_stm_tl;

#define PYPY_STM_DONE 0
#define PYPY_STM_BREAK 1

/* Shadow-stack root pushing of the GC transform, for the running thread.
   stmgc's STM_PUSH_ROOT evaluates `p` before it moves the stack pointer, so
   an allocating argument is safe here too. */
#define PYPY_STM_PUSH_ROOT(p) STM_PUSH_ROOT(pypy_stm_tl, p)
#define PYPY_STM_POP_ROOT(p) STM_POP_ROOT(pypy_stm_tl, p)
/* The i-th entry from the top (1 = top), to reload a root in place. */
#define PYPY_STM_ROOT(i) (pypy_stm_tl.shadowstack[-(i)].ss)

void pypy_stm_register_thread(void);
void pypy_stm_unregister_thread(void);
void pypy_stm_run(long (*body)(void *), void *arg);

/* A new thread's whole life (the C thread trampoline calls this instead
   of calling `bootstrap` directly): register the thread-local, run
   `bootstrap` in a transaction started in this frame (an abort before the
   first break calls it again from the start), commit, unregister. */
void pypy_stm_run_thread(long (*bootstrap)(void));

/* rthread.start_new_thread() under --stm: a detached pthread that runs
   rpy_thread_start(), pypy_stm_run_thread(rpy_thread_bootstrap),
   rpy_thread_die().  Call it outside a transaction (the caller commits
   first, so that the new thread sees what it should run).  Returns 0, or
   -1 if no thread could be created. */
long pypy_stm_thread_spawn(void);

/* 1 while the calling thread runs a transaction. */
static inline int pypy_stm_in_transaction(void)
{
    return pypy_stm_tl.associated_segment_num != 0;
}

/* stm_become_inevitable() that is a no-op outside a transaction: the STM
   pass inserts it before every external call, including the blocking call
   between leave and enter of the transactional zone. */
void pypy_stm_become_inevitable(const char *reason);

/* Around a blocking call (rgil.before/after_blocking_call): commit (inside
   an atomic section: become inevitable instead and stay in the
   transaction); then start an inevitable transaction again. */
void pypy_stm_leave_transactional_zone(void);
void pypy_stm_enter_transactional_zone(void);

/* rstm.hint_commit_soon(): the next should_break_transaction() says yes. */
void pypy_stm_hint_commit_soon(void);

/* Statistics: index 0 commits, 1..5 aborts by cause (enum stm_abort_cause),
   6 ns lost in aborted transactions, 7 ns waiting, 8 minor and 9 major
   collections; -1 for an unknown index.  pypy_stm_get_stat() reads the
   calling thread's counters, pypy_stm_get_global_stat() the sum over every
   thread ever registered. */
long pypy_stm_get_stat(long which);
long pypy_stm_get_global_stat(long which);

/* The thread's position marker (rstm.set_marker): stmgc's events carry
   the innermost odd shadow-stack entry of each thread.  It cannot be
   pushed by a called function -- the caller's root slots are addressed
   relative to the top, which a push inside the callee would shift -- so
   pypy_stm_register_thread() reserves the bottom entry and this overwrites
   it (raw memory: an abort does not roll it back; diagnostics only).
   Returns the previous marker, or -1 if the thread has no marker entry. */
long pypy_stm_set_marker(long position);

/* The event log (rstm.enable_conflict_log/print_conflict_log): enable with
   a capacity (0 stops); print writes the conflict, abort and inevitable
   events recorded so far to stderr and returns how many lines it wrote. */
long pypy_stm_enable_event_log(long capacity);
long pypy_stm_print_event_log(void);

#endif
