"""Two threads writing the same object, with transaction breaks inside
nested calls and int/float/GC locals live across them: under --stm the
conflicting transactions abort and restart at the last break (funcgen.py,
stm_break / stm_call_restart), and the results must equal the GIL build's.

Each increment of the shared counters is followed by a break, so every
transaction holds whole increments: the totals are exact in both builds.
The per-thread accumulators depend only on the thread's own locals, which
the restart must restore (a stale local after an abort changes them).
"""

import subprocess

import pytest

from rpython.rlib import rstm, rthread
from rpython.translator.c.test import support
from rpython.translator.stm.programs import common
from rpython.translator.stm.programs import targetstmprograms

RUNS = 3
SLOW_RUNS = 50
STEPS = 20000


class Shared:
    def __init__(self):
        self.a = 0
        self.b = 0
        self.log = []


class State:
    def __init__(self):
        self.shared = Shared()
        self.results = [0, 0]


state = State()


class Cell:
    def __init__(self, v):
        self.v = v


def step(shared, index, i, cell):
    # locals of this frame live across the break below
    f = 0.25 * i + index
    k = i * 7 + index
    shared.a += 1
    shared.b += index + 1
    if i % 100 == 0:
        shared.log.append(k)
    rstm.transaction_break()
    cell.v += k % 13
    return int(f * 4.0) + k % 5


def thread_main():
    index = common.take_index()
    shared = state.shared
    acc = 0
    cell = Cell(index)
    fsum = 0.0
    i = 0
    while i < STEPS:
        acc += step(shared, index, i, cell)
        fsum += 0.5
        i += 1
    state.results[index] = acc + cell.v + int(fsum)
    common.finish(index)


def entry_point(argv):
    state.shared = Shared()
    state.results = [0, 0]
    common.start_threads(thread_main, 2)
    common.join_threads()
    shared = state.shared
    log = shared.log[:]
    log.sort()
    print(
        "a %d b %d log %d %d results %d %d"
        % (shared.a, shared.b, len(log), log[-1], state.results[0], state.results[1])
    )
    stats = rstm.get_global_stats()
    if stats.aborts > 0:
        import os

        os.write(2, ("aborts %d\n" % stats.aborts).encode())
    return 0


_builds = {}


def build(**options):
    key = tuple(sorted(options.items()))
    if key not in _builds:
        support.require_toolchain()
        targetstmprograms.reset_prebuilt_state()  # common.runner: no host locks
        rthread.export_thread_bootstrap()
        try:
            _builds[key] = support.translate_entry(entry_point, **options)
        finally:
            rthread.unexport_thread_bootstrap()
    return _builds[key]


def run(exe):
    proc = subprocess.run([exe], capture_output=True, timeout=120)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


@pytest.mark.parametrize("segments", [2, 4])
def test_conflicting_threads_restart_with_right_locals(request, segments):
    status, expected, err = run(build())
    assert status == 0, err
    # the GIL build's totals: 2 threads x STEPS increments
    assert expected.startswith("a %d b %d " % (2 * STEPS, 3 * STEPS))
    exe = build(stm=True, stm_segments=segments)
    runs = SLOW_RUNS if request.config.getoption("--slow") else RUNS
    for i in range(runs):
        status, out, err = run(exe)
        assert (status, out) == (0, expected), "run %d: %s" % (i, err[-2000:])
