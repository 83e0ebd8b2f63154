"""An atomic section stays one unit across a blocking call: thread 0 sets a
shared value, sleeps inside its atomic section (the GIL is kept; under
--stm the transaction becomes inevitable instead of committing) and checks
that nobody changed the value meanwhile; thread 1 keeps writing the value
in its own atomic sections and counts how often it saw thread 0's value
from inside one of them (isolation: never)."""

from rpython.rlib import rstm
from rpython.translator.stm.programs import common


class Shared:
    def __init__(self):
        self.value = 0
        self.writer_done = False


class State:
    def __init__(self):
        self.shared = Shared()
        self.rounds = 0
        self.violations = 0
        self.seen_inside = 0
        self.writes = 0


state = State()


def sleeper():
    shared = state.shared
    violations = 0
    r = 0
    while r < state.rounds:
        rstm.increment_atomic()
        shared.value = 1
        common.sleep(0.0002)
        if shared.value != 1:
            violations += 1
        shared.value = 0
        rstm.decrement_atomic()
        rstm.transaction_break()
        r += 1
    rstm.increment_atomic()
    state.violations = violations
    shared.writer_done = True
    rstm.decrement_atomic()


def writer():
    shared = state.shared
    seen = 0
    writes = 0
    while True:
        rstm.increment_atomic()
        done = shared.writer_done
        if not done:
            if shared.value == 1:
                seen += 1
            else:
                shared.value = 2
                shared.value = 0
                writes += 1
        rstm.decrement_atomic()
        if done:
            break
        common.sleep(0.00005)
    rstm.increment_atomic()
    state.seen_inside = seen
    state.writes = writes
    rstm.decrement_atomic()


def thread_main():
    index = common.take_index()
    if index == 0:
        sleeper()
    else:
        writer()
    common.finish(index)


def run(rounds):
    state.shared = Shared()
    state.rounds = rounds
    state.violations = -1
    state.seen_inside = -1
    common.start_threads(thread_main, 2)
    common.join_threads()
    # (how many writes the writer made depends on the scheduling: not checked)
    ok = state.violations == 0 and state.seen_inside == 0
    return [
        "atomic_blocking rounds=%d" % rounds,
        "  violations %d seen_inside %d" % (state.violations, state.seen_inside),
        "  ok" if ok else "  BAD",
    ]
