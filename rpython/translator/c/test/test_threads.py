"""Threads in a translated program: four threads share the heap under the
GIL (threadsupport.py / src/thread.c), allocating while others collect."""

import pytest

from rpython.translator.c import threadsupport as ts
from rpython.translator.c.test.support import require_toolchain, run_translated

NTHREADS = 4
STEPS = 20000


class State(object):
    def __init__(self):
        self.counter = 0
        self.done = 0
        self.checksum = 0


state = State()


def worker():
    # runs in a new thread, which does not hold the GIL yet
    ts.c_gil_acquire()
    keep = []
    i = 0
    while i < STEPS:
        state.counter += 1
        keep.append([i, i + 1])  # garbage and survivors for the GC
        if len(keep) > 100:
            keep = []
        if i % 500 == 0:
            ts.c_gil_yield()
        i += 1
    total = 0
    for pair in keep:
        total += pair[1] - pair[0]
    state.checksum += total
    state.done += 1
    ts.c_gil_release()
    return 0


def entry_point(argv):
    ts.c_gil_allocate()
    k = 0
    while k < NTHREADS:
        if ts.c_thread_spawn() == -1:
            print("spawn failed")
            return 1
        k += 1
    while state.done < NTHREADS:
        ts.c_gil_release()
        ts.c_gil_acquire()
    print("counter %d checksum %d" % (state.counter, state.checksum))
    return 0


@pytest.mark.parametrize("gc", ["framework", "boehm"])
def test_threads_share_heap_under_gil(gc):
    require_toolchain()
    bootstrap = ts.export_c("rpy_thread_bootstrap")(worker)
    try:
        status, out = run_translated(entry_point, [], gc=gc)
    finally:
        ts.EXPORTED.remove(bootstrap)
        del worker._export_c_name_
    assert status == 0
    # each thread's last `keep` holds STEPS % 101 pairs
    assert out == "counter %d checksum %d\n" % (
        NTHREADS * STEPS,
        NTHREADS * (STEPS % 101),
    )
