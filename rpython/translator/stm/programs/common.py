"""Thread plumbing shared by the STM test programs.

Translated thread functions take no arguments (see rlib/rthread.py), so a
program starts its threads with ``start_threads(func, n)``: each thread
calls ``func()``, which asks ``take_index()`` for its number (0..n-1, taken
in an atomic section) and calls ``finish(index)`` as its last action.
``join_threads()`` then waits, with blocking lock acquires (which commit the
transaction / release the GIL), until every thread finished.  The state
lives in a prebuilt ``Runner`` instance.
"""

from rpython.rlib import rgil, rstm, rthread, rtime


class Runner:
    def __init__(self):
        self.next_index = 0
        self.nthreads = 0
        self.done_locks = []  # one per thread, held until it finishes


runner = Runner()


def start_threads(func, nthreads):
    runner.next_index = 0
    runner.nthreads = nthreads
    locks = []
    for i in range(nthreads):
        lock = rthread.allocate_lock()
        lock.acquire(True)
        locks.append(lock)
    runner.done_locks = locks
    for i in range(nthreads):
        rthread.start_new_thread(func, ())


def take_index():
    rstm.increment_atomic()
    index = runner.next_index
    runner.next_index = index + 1
    rstm.decrement_atomic()
    # commit the shared write now: the rest of the thread's work conflicts
    # with nobody, and an abort would redo all of it
    rstm.transaction_break()
    return index


def finish(index):
    runner.done_locks[index].release()


def join_threads():
    for lock in runner.done_locks:
        lock.acquire(True)
        lock.release()


def sleep(seconds):
    """A wait that commits the transaction first (under --stm) or releases
    the GIL: other threads see what this one did, and it sees theirs after.
    (rtime.sleep keeps the transaction, inevitable: CONTRACT-NOTES.)"""
    rgil.before_blocking_call()
    try:
        rtime._ll_sleep(seconds)
    finally:
        rgil.after_blocking_call()
