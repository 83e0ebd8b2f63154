"""RPython target of the ``stm`` bench suite (translated plain and --stm).

    ./stm-c alloc ROUNDS              one thread, allocation/field heavy
    ./stm-c scale NTHREADS ROUNDS     NTHREADS threads, one copy each
    ./stm-c counter NTHREADS N        NTHREADS threads x N increments of one
                                      counter, each in an atomic section

Every mode checks its own result (exit 1 and "BAD" otherwise) and prints
``BENCH-METRIC commits=... aborts=...`` (stmgc's global counters; 0 in the
plain build) and the aborts by cause.
"""

import os

from rpython.rlib import rstm, rthread
from rpython.translator.stm.programs import common

CHAIN = 1000


class Point:
    def __init__(self, x, y, next):
        self.x = x
        self.y = y
        self.next = next


def alloc_work(seed, rounds):
    """Allocate chains of Points and read and write their fields."""
    total = 0
    r = 0
    while r < rounds:
        head = None
        i = 0
        while i < CHAIN:
            head = Point(i, seed + r, head)
            i += 1
        p = head
        while p is not None:
            p.x = p.x * 3 + p.y
            total += p.x & 1023
            p = p.next
        rstm.possible_transaction_break()
        r += 1
    return total


class Result:
    def __init__(self):
        self.value = 0


class State:
    def __init__(self):
        self.rounds = 0
        self.results = [Result()]
        self.counter = Counter()
        self.n = 0


class Counter:
    def __init__(self):
        self.value = 0


state = State()


def scale_thread():
    index = common.take_index()
    slot = state.results[index]  # its own object: no conflict on the list
    slot.value = alloc_work(0, state.rounds)  # every copy computes the same
    common.finish(index)


def counter_thread():
    index = common.take_index()
    counter = state.counter
    i = 0
    while i < state.n:
        rstm.increment_atomic()
        counter.value += 1
        rstm.decrement_atomic()
        rstm.transaction_break()
        i += 1
    common.finish(index)


def report_stats():
    stats = rstm.get_global_stats()
    print("BENCH-METRIC commits=%d" % stats.commits)
    print("BENCH-METRIC aborts=%d" % stats.aborts)
    # load-independent hints at serialization: time lost in aborted
    # transactions and time spent waiting (segment, inevitable, pauses)
    print("BENCH-METRIC time_lost_ms=%d" % int(stats.time_lost * 1000.0))
    print("BENCH-METRIC time_waiting_ms=%d" % int(stats.time_waiting * 1000.0))
    for i in range(len(rstm.ABORT_CAUSES)):
        print(
            "BENCH-METRIC aborts_%s=%d"
            % (rstm.ABORT_CAUSES[i], stats.aborts_by_cause[i])
        )


def entry_point(argv):
    if len(argv) < 3:
        print(
            "usage: %s alloc ROUNDS | scale NTHREADS ROUNDS | counter NTHREADS N"
            % argv[0]
        )
        return 2
    for arg in argv[2:]:
        if not arg.isdigit() or len(arg) > 9:
            print("bad number %s" % arg)
            return 2
    mode = argv[1]
    if mode == "alloc":
        total = alloc_work(0, int(argv[2]))
        ok = total == alloc_work(0, int(argv[2]))
        print("alloc total %d" % total)
    elif mode == "scale" and len(argv) == 4:
        nthreads = int(argv[2])
        state.rounds = int(argv[3])
        state.results = [Result() for i in range(nthreads)]
        common.start_threads(scale_thread, nthreads)
        common.join_threads()
        first = state.results[0].value
        ok = first != 0
        for i in range(nthreads):
            if state.results[i].value != first:
                ok = False
        print("scale threads %d result %d" % (nthreads, first))
    elif mode == "counter" and len(argv) == 4:
        nthreads = int(argv[2])
        state.n = int(argv[3])
        state.counter = Counter()
        common.start_threads(counter_thread, nthreads)
        common.join_threads()
        ok = state.counter.value == nthreads * state.n
        print("counter %d expected %d" % (state.counter.value, nthreads * state.n))
    else:
        print("unknown mode %s" % mode)
        return 2
    report_stats()
    if not ok:
        os.write(1, b"BAD\n")
        return 1
    return 0


def target(driver, args):
    rthread.export_thread_bootstrap()
    return entry_point, None
