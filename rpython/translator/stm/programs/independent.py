"""Independent work: every thread builds and folds its own linked list and
writes its result into its own slot of a shared list."""

from rpython.rlib import rstm
from rpython.translator.stm.programs import common


class Node:
    def __init__(self, value, next):
        self.value = value
        self.next = next


class State:
    def __init__(self):
        self.rounds = 0
        self.results = []


state = State()


def work(seed, rounds):
    total = 0
    r = 0
    while r < rounds:
        head = None
        i = 0
        while i < 100:
            head = Node((seed * 7 + i * 13 + r) % 1000, head)
            i += 1
        node = head
        while node is not None:
            total += node.value
            node = node.next
        rstm.possible_transaction_break()
        r += 1
    return total


def thread_main():
    index = common.take_index()
    result = work(index, state.rounds)
    rstm.increment_atomic()
    state.results[index] = result
    rstm.decrement_atomic()
    common.finish(index)


def run(nthreads, rounds):
    state.rounds = rounds
    state.results = [0] * nthreads
    common.start_threads(thread_main, nthreads)
    common.join_threads()
    ok = True
    for i in range(nthreads):
        if state.results[i] != work(i, rounds):
            ok = False
    lines = ["independent threads=%d rounds=%d" % (nthreads, rounds)]
    for i in range(nthreads):
        lines.append("  thread %d: %d" % (i, state.results[i]))
    lines.append("  ok" if ok else "  BAD")
    return lines
