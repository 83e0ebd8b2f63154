"""Shared counters under atomic sections: every increment is its own
transaction (a break after each), so threads conflict all the time; the
final counts must be exact.  A second counter is bumped in a nested atomic
section."""

from rpython.rlib import rstm
from rpython.translator.stm.programs import common


class Counter:
    def __init__(self):
        self.value = 0
        self.nested = 0


class State:
    def __init__(self):
        self.counter = Counter()
        self.increments = 0


state = State()


def thread_main():
    index = common.take_index()
    counter = state.counter
    n = state.increments
    i = 0
    rstm.set_marker(1000 + index)
    while i < n:
        rstm.increment_atomic()
        counter.value += 1
        if i % 10 == 0:
            rstm.increment_atomic()  # nesting
            counter.nested += 1
            rstm.decrement_atomic()
        rstm.decrement_atomic()
        rstm.transaction_break()
        i += 1
    rstm.clear_marker()
    common.finish(index)


def run(nthreads, increments):
    state.counter = Counter()
    state.increments = increments
    common.start_threads(thread_main, nthreads)
    common.join_threads()
    expected_nested = nthreads * ((increments + 9) // 10)
    value = state.counter.value
    nested = state.counter.nested
    ok = value == nthreads * increments and nested == expected_nested
    return [
        "counter threads=%d increments=%d" % (nthreads, increments),
        "  value %d nested %d" % (value, nested),
        "  ok" if ok else "  BAD",
    ]
