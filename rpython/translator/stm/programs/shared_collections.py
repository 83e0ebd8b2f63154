"""Shared lists and dicts mutated under atomic sections: every thread
appends to one list, adds to the values of keys that all threads share in
one dict, and inserts and deletes its own keys in another."""

from rpython.rlib import rstm
from rpython.translator.stm.programs import common

SHARED_KEYS = 37


class State:
    def __init__(self):
        self.items = []
        self.totals = {}
        self.owned = {}
        self.n = 0


state = State()


def thread_main():
    index = common.take_index()
    n = state.n
    i = 0
    while i < n:
        rstm.increment_atomic()
        state.items.append(index * 1000000 + i)
        key = "k%d" % (i % SHARED_KEYS)
        state.totals[key] = state.totals.get(key, 0) + index + 1
        own = index * 1000000 + i
        state.owned[own] = i
        if i % 3 == 0:
            del state.owned[own]
        rstm.decrement_atomic()
        rstm.possible_transaction_break()
        i += 1
    common.finish(index)


def run(nthreads, n):
    state.items = []
    state.totals = {}
    state.owned = {}
    state.n = n
    common.start_threads(thread_main, nthreads)
    common.join_threads()
    ok = len(state.items) == nthreads * n
    # each thread's items appear in its own order
    last = [-1] * nthreads
    total = 0
    for value in state.items:
        t = value // 1000000
        if t < 0 or t >= nthreads or value % 1000000 <= last[t]:
            ok = False
        else:
            last[t] = value % 1000000
        total += value
    grand = 0
    for key, value in state.totals.items():
        grand += value
    if grand != n * nthreads * (nthreads + 1) // 2:
        ok = False
    kept = n - (n + 2) // 3
    if len(state.owned) != nthreads * kept:
        ok = False
    return [
        "collections threads=%d n=%d" % (nthreads, n),
        "  items %d sum %d" % (len(state.items), total),
        "  keys %d total %d owned %d" % (len(state.totals), grand, len(state.owned)),
        "  ok" if ok else "  BAD",
    ]
