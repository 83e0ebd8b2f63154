"""Producer/consumer with locks: one producer thread puts numbers into a
bounded queue, the consumers take them out; a mutex lock guards the queue
and waiting is a short sleep (a blocking call: it commits the transaction /
releases the GIL: ``common.sleep``).  Every number must be consumed exactly once."""

from rpython.rlib import rstm, rthread
from rpython.translator.stm.programs import common

CAPACITY = 16


class State:
    def __init__(self):
        self.lock = None
        self.queue = []
        self.produced_all = False
        self.n = 0
        self.sums = []
        self.counts = []


state = State()


def wait():
    # a blocking wait commits first, so that the other threads see what we
    # did and we see theirs after it
    common.sleep(0.00001)


def producer():
    i = 1
    while i <= state.n:
        state.lock.acquire(True)
        if len(state.queue) < CAPACITY:
            state.queue.append(i)
            i += 1
            state.lock.release()
        else:
            state.lock.release()
            wait()
    state.lock.acquire(True)
    state.produced_all = True
    state.lock.release()


def consumer(index):
    total = 0
    count = 0
    while True:
        state.lock.acquire(True)
        if len(state.queue) > 0:
            item = state.queue.pop(0)
            state.lock.release()
            total += item
            count += 1
            rstm.possible_transaction_break()
        elif state.produced_all:
            state.lock.release()
            break
        else:
            state.lock.release()
            wait()
    rstm.increment_atomic()
    state.sums[index] = total
    state.counts[index] = count
    rstm.decrement_atomic()


def thread_main():
    index = common.take_index()
    if index == 0:
        producer()
    else:
        consumer(index)
    common.finish(index)


def run(nthreads, n):
    if nthreads < 2:
        nthreads = 2
    state.lock = rthread.allocate_lock()
    state.queue = []
    state.produced_all = False
    state.n = n
    state.sums = [0] * nthreads
    state.counts = [0] * nthreads
    common.start_threads(thread_main, nthreads)
    common.join_threads()
    total = 0
    count = 0
    for i in range(nthreads):
        total += state.sums[i]
        count += state.counts[i]
    ok = total == n * (n + 1) // 2 and count == n and len(state.queue) == 0
    return [
        "prodcons threads=%d n=%d" % (nthreads, n),
        "  consumed %d sum %d" % (count, total),
        "  ok" if ok else "  BAD",
    ]
