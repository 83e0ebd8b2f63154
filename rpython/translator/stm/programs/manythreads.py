"""More threads than segments: 8 threads (2 or 4 segments) mix private
work with updates of shared state in atomic sections; threads must wait for
a free segment and still all finish with exact results."""

from rpython.rlib import rstm
from rpython.translator.stm.programs import common


class Shared:
    def __init__(self):
        self.hits = 0
        self.per_thread = []


class State:
    def __init__(self):
        self.shared = Shared()
        self.rounds = 0


state = State()


def private_work(seed, k):
    lst = []
    i = 0
    while i < 50:
        lst.append((seed + i * k) % 97)
        i += 1
    total = 0
    for x in lst:
        total += x
    return total


def thread_main():
    index = common.take_index()
    shared = state.shared
    acc = 0
    r = 0
    while r < state.rounds:
        acc += private_work(index, r)
        rstm.increment_atomic()
        shared.hits += 1
        shared.per_thread[index] += 1
        rstm.decrement_atomic()
        rstm.possible_transaction_break()
        r += 1
    rstm.increment_atomic()
    shared.per_thread[index] += acc * 1000
    rstm.decrement_atomic()
    common.finish(index)


def run(nthreads, rounds):
    state.shared = Shared()
    state.shared.per_thread = [0] * nthreads
    state.rounds = rounds
    common.start_threads(thread_main, nthreads)
    common.join_threads()
    ok = state.shared.hits == nthreads * rounds
    lines = ["manythreads threads=%d rounds=%d" % (nthreads, rounds)]
    lines.append("  hits %d" % state.shared.hits)
    for i in range(nthreads):
        expected = 0
        for r in range(rounds):
            expected += private_work(i, r)
        value = state.shared.per_thread[i]
        if value != expected * 1000 + rounds:
            ok = False
        lines.append("  thread %d: %d" % (i, value))
    lines.append("  ok" if ok else "  BAD")
    return lines
