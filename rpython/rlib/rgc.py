"""Interface between RPython programs and the garbage collector.

Untranslated these map onto CPython's ``gc`` module or do nothing; the
translated meaning (calls into the GC the program is linked with) is given
by the GC transform, which recognises the functions by name.
"""

import gc as _gc
import sys

from rpython.rlib.objectmodel import not_rpython


class _GcState:
    @not_rpython
    def __init__(self):
        self.enabled = True
        self.memory_pressure = 0
        self.collections = 0


_state = _GcState()


def collect(generation=-1):
    """Run a collection (-1: full; 0: minor)."""
    _state.collections += 1
    _gc.collect()
    _run_finalizer_queues()


def disable():
    """Stop major collections until enable() (minor ones still happen)."""
    _state.enabled = False


def enable():
    _state.enabled = True


def isenabled():
    return _state.enabled


def can_move(obj):
    """Whether the GC may move ``obj`` (nursery objects can)."""
    return True


def pin(obj):
    """Try to keep ``obj`` from moving; False if the GC refuses."""
    return False


def unpin(obj):
    pass


def add_memory_pressure(size, obj=None):
    """Tell the GC about ``size`` bytes of raw memory owned by an object."""
    _state.memory_pressure += size


def get_memory_pressure():
    return _state.memory_pressure


def no_collect(func):
    """The function must not trigger a collection (checked translated)."""
    func._gc_no_collect_ = True
    return func


def must_be_light_finalizer(func):
    """A ``__del__`` that does not allocate or call arbitrary code."""
    func._must_be_light_finalizer_ = True
    return func


def no_release_gil(func):
    func._no_release_gil_ = True
    return func


def ll_arraycopy(source, dest, source_start, dest_start, length):
    """dest[dest_start:dest_start+length] = source[source_start:...]."""
    if length <= 0:
        return
    assert 0 <= source_start and source_start + length <= len(source)
    assert 0 <= dest_start and dest_start + length <= len(dest)
    if source is dest and source_start < dest_start:
        i = length - 1
        while i >= 0:
            dest[dest_start + i] = source[source_start + i]
            i -= 1
    else:
        i = 0
        while i < length:
            dest[dest_start + i] = source[source_start + i]
            i += 1


def get_rpy_memory_usage(obj):
    return sys.getsizeof(obj)


class FinalizerQueue:
    """Objects registered here are queued when they become unreachable.

    Subclass with ``Class`` (the base class of the objects) and
    ``finalizer_trigger()`` (called, at a safe point, when the queue gets
    objects); take them with ``next_dead()``.  Untranslated, an object counts
    as unreachable when only this queue refers to it, checked at ``collect``.
    """

    Class = None

    def _ensure(self):
        if not hasattr(self, "_registered"):
            self._registered = []
            self._dead = []
            _all_queues.append(self)

    def register_finalizer(self, obj):
        assert self.Class is None or isinstance(obj, self.Class)
        self._ensure()
        self._registered.append(obj)

    def next_dead(self):
        self._ensure()
        if self._dead:
            return self._dead.pop(0)
        return None

    def finalizer_trigger(self):
        pass

    def _freeze_(self):
        return True

    @not_rpython
    def _scan(self):
        self._ensure()
        still = []
        found = False
        for obj in self._registered:
            # references: our list, the loop variable, getrefcount's argument
            if sys.getrefcount(obj) <= 3:
                self._dead.append(obj)
                found = True
            else:
                still.append(obj)
        self._registered = still
        return found


_all_queues = []


@not_rpython
def _run_finalizer_queues():
    for queue in list(_all_queues):
        if queue._scan():
            queue.finalizer_trigger()
