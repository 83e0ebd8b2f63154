"""Threads, the GIL and the STM API (GIL meaning); every wait is bounded."""

import gc
import time

import pytest

from rpython.rlib import rgc, rgil, rstm, rthread, rweakref

TIMEOUT = 30.0


@pytest.fixture(autouse=True)
def gil_off_afterwards():
    yield
    if rgil.is_enabled():
        rgil._reset_for_tests()


def wait_for(predicate):
    deadline = time.monotonic() + TIMEOUT
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        # the main thread holds the GIL; let the others run
        rgil.yield_thread()
        rgil.before_external_call()
        time.sleep(0.001)
        rgil.after_external_call()


def test_lock_basics():
    lock = rthread.allocate_lock()
    assert lock.acquire(True)
    assert lock.locked()
    assert not lock.acquire(False)
    assert lock.acquire_timed(1000) == rthread.RPY_LOCK_FAILURE
    assert lock.acquire_timed(0) == rthread.RPY_LOCK_FAILURE
    lock.release()
    assert lock.acquire_timed(-1) == rthread.RPY_LOCK_ACQUIRED
    lock.release()
    with pytest.raises(rthread.error):
        lock.release()
    with lock:
        assert lock.locked()
    assert not lock.locked()


def test_four_threads_exact_totals():
    """The acceptance program, untranslated: 4 threads append under a lock."""
    for _ in range(5):
        shared = []
        lock = rthread.allocate_lock()
        done = []

        def worker(n):
            for i in range(200):
                lock.acquire(True)
                shared.append(n * 1000 + i)
                lock.release()
                if i % 10 == 0:
                    rgil.yield_thread()
            lock.acquire(True)
            done.append(n)
            lock.release()

        for n in range(4):
            rthread.start_new_thread(worker, (n,))
        wait_for(lambda: len(done) == 4)
        assert len(shared) == 800
        assert sorted(shared) == sorted(
            n * 1000 + i for n in range(4) for i in range(200)
        )


def test_gil_exclusive():
    """Threads holding the GIL never overlap, even while yielding a lot."""
    state = {"inside": 0, "max": 0, "done": 0}
    idents = []

    def worker():
        idents.append(rthread.get_ident())
        for i in range(300):
            state["inside"] += 1
            state["max"] = max(state["max"], state["inside"])
            # a host-level switch point while "inside": must not let others in
            time.sleep(0)
            state["inside"] -= 1
            rgil.yield_thread()
        state["done"] += 1

    for _ in range(3):
        rthread.start_new_thread(worker, ())
    wait_for(lambda: state["done"] == 3)
    assert state["max"] == 1
    assert len(set(idents)) == 3 and rthread.get_ident() not in idents


def test_blocking_lock_releases_gil():
    lock = rthread.allocate_lock()
    lock.acquire(True)
    got = []

    def waiter():
        lock.acquire(True)  # blocks: must release the GIL while waiting
        got.append(1)
        lock.release()

    rthread.start_new_thread(waiter, ())
    wait_for(lambda: rgil.waiting_threads() == 0 and not got)
    lock.release()
    wait_for(lambda: got == [1])


def test_thread_hooks_and_local():
    events = []
    rthread.register_gc_thread_hooks(
        lambda: events.append("start"), lambda: events.append("die")
    )
    try:

        class Box:
            def __init__(self, v):
                self.v = v

        tlref = rthread.ThreadLocalReference(Box)
        tlref.set(Box(1))
        seen = []

        def worker():
            seen.append(tlref.get())
            tlref.set(Box(2))
            seen.append(tlref.get().v)

        rthread.start_new_thread(worker, ())
        wait_for(lambda: len(seen) == 2 and events == ["start", "die"])
        assert seen == [None, 2]
        assert tlref.get().v == 1
    finally:
        rthread._gc_hooks.on_start.pop()
        rthread._gc_hooks.on_die.pop()


def test_atomic_nesting():
    assert rstm.is_atomic() == 0
    rstm.increment_atomic()
    rstm.increment_atomic()
    assert rstm.is_atomic() == 2
    rstm.decrement_atomic()
    assert rstm.is_atomic() == 1
    rstm.decrement_atomic()
    assert rstm.is_atomic() == 0
    with pytest.raises(RuntimeError):
        rstm.decrement_atomic()
    with rstm.atomic_section():
        assert rstm.is_atomic() == 1
    assert rstm.getsegmentlimit() == 1
    rstm.become_inevitable()
    rstm.hint_commit_soon()
    assert rstm.get_stats().aborts == 0


def test_atomic_section_never_releases_gil():
    """While the main thread is atomic, the other thread never runs."""
    log = []
    started = []

    def worker():
        started.append(1)
        for i in range(50):
            log.append("w")
            rgil.yield_thread()

    rthread.start_new_thread(worker, ())
    wait_for(lambda: started)
    rstm.increment_atomic()
    try:
        before = len(log)
        for i in range(50):
            rstm.transaction_break()
            rgil.yield_thread()
            rgil.before_external_call()
            time.sleep(0.0005)
            rgil.after_external_call()
            assert not rstm.should_break_transaction()
        assert len(log) == before
    finally:
        rstm.decrement_atomic()
    wait_for(lambda: len(log) == 50)


def test_transaction_break_lets_others_run():
    log = []

    def worker():
        log.append("w")

    rthread.start_new_thread(worker, ())
    deadline = time.monotonic() + TIMEOUT
    while not log:
        assert time.monotonic() < deadline
        if rstm.should_break_transaction():
            rstm.transaction_break()
        else:
            rstm.possible_transaction_break()
            rgil.before_external_call()
            time.sleep(0.001)
            rgil.after_external_call()
    assert log == ["w"]


def test_rgc():
    rgc.collect()
    rgc.disable()
    assert not rgc.isenabled()
    rgc.enable()
    assert rgc.isenabled()
    rgc.add_memory_pressure(100)
    assert rgc.get_memory_pressure() >= 100
    src = [1, 2, 3, 4, 5]
    rgc.ll_arraycopy(src, src, 0, 1, 4)
    assert src == [1, 1, 2, 3, 4]
    dst = [0] * 3
    rgc.ll_arraycopy([7, 8, 9], dst, 1, 0, 2)
    assert dst == [8, 9, 0]

    class A:
        pass

    class Queue(rgc.FinalizerQueue):
        Class = A

        def __init__(self):
            self.triggered = 0

        def finalizer_trigger(self):
            self.triggered += 1

    q = Queue()
    a, b = A(), A()
    q.register_finalizer(a)
    q.register_finalizer(b)
    del a
    rgc.collect()
    assert q.triggered == 1
    assert q.next_dead() is not None
    assert q.next_dead() is None
    assert b is not None


def test_rweakref():
    class K:
        pass

    class V:
        pass

    d = rweakref.RWeakValueDictionary(str, V)
    v = V()
    d.set("a", v)
    assert d.get("a") is v
    del v
    gc.collect()
    assert d.get("a") is None
    kd = rweakref.RWeakKeyDictionary(K, V)
    k, v = K(), V()
    kd.set(k, v)
    assert kd.get(k) is v and kd.length() == 1
    del k
    gc.collect()
    assert kd.length() == 0
    assert rweakref.dead_ref()() is None
