"""Interface between RPython programs and the garbage collector.

Untranslated these map onto CPython's ``gc`` module or do nothing; the
translated meaning (calls into the GC the program is linked with) is given
by the GC transform, which recognises the functions by name.
"""

import gc as _gc
import sys

from rpython.rlib.objectmodel import not_rpython, we_are_translated
from rpython.rtyper import extregistry


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
    """Stop automatic major collections until enable() (minor ones still
    happen, and collect() still works).  Only our GC gives it a meaning."""
    _state.enabled = False
    _set_major_enabled(0)


def enable():
    _state.enabled = True
    _set_major_enabled(1)


def _set_major_enabled(flag):
    pass  # untranslated: CPython's collector is left alone


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
    """Bytes the instance ``obj`` occupies (untranslated: sys.getsizeof;
    translated: its size in the GC heap, 0 with --gc=none)."""
    return sys.getsizeof(obj)


class FinalizerQueue:
    """Objects registered here are queued when they become unreachable.

    Subclass with ``Class`` (the base class of the objects) and
    ``finalizer_trigger()`` (called after a collection that queued objects,
    never from inside the collector; keep it short: typically it schedules
    work that later calls ``next_dead()``); take the objects with
    ``next_dead()`` (None when empty).  Queues are prebuilt instances.

    A registered object stays alive (with everything it references) until
    ``next_dead()`` returns it; after that it is an ordinary object again and
    is freed when unreachable (register it again to be told again).  If a
    dying registered object references another one, the referencing one is
    queued first and the other one only by a later collection; objects
    registered in a cycle are queued together.  Nothing depends on the
    registration order.

    Untranslated, an object counts as unreachable when only this queue
    refers to it (reference counts), checked at ``collect``: registered
    objects in a reference cycle are never queued there, while translated
    they are.  Translated the GCs implement it (rtyper/rweakref.py): ours
    with the ordering above; Boehm queues all dying registered objects of a
    collection together (no ordering); with --gc=none nothing is ever
    queued.
    """

    Class = None

    def _ensure(self):
        if not hasattr(self, "_registered"):
            self._registered = []
            self._dead = []
            _all_queues.append(self)

    def register_finalizer(self, obj):
        if we_are_translated():
            _fq_register(self, obj)
            return
        assert self.Class is None or isinstance(obj, self.Class)
        self._ensure()
        self._registered.append(obj)

    def next_dead(self):
        if we_are_translated():
            return _fq_next_dead(self)
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


# ---------------------------------------------------------------------------
# translated FinalizerQueue: the annotator and rtyper see these two
# functions (rtyper/rweakref.py emits the calls into the GC)


def _fq_register(queue, obj):
    queue.register_finalizer(obj)


def _fq_next_dead(queue):
    return queue.next_dead()


class _Entry_collect(extregistry.ExtRegistryEntry):
    """rgc.collect(gen) -> the gc__collect operation (our GC then runs the
    finalizer triggers of queues that received objects)."""

    _about_ = collect

    def compute_result_annotation(self, s_gen=None):
        from rpython.annotator import model as annmodel

        if s_gen is not None and not isinstance(s_gen, annmodel.SomeInteger):
            raise annmodel.AnnotatorError("rgc.collect() takes an int generation")
        return annmodel.s_None

    def specialize_call(self, hop):
        from rpython.rtyper.lltypesystem import lltype

        if hop.nb_args:
            args_v = [hop.inputarg(lltype.Signed, arg=0)]
        else:
            from rpython.flowspace.model import Constant

            args_v = [Constant(1, lltype.Signed)]
        hop.exception_cannot_occur()
        hop.genop("gc__collect", args_v)


class _Entry_set_major_enabled(extregistry.ExtRegistryEntry):
    _about_ = _set_major_enabled

    def compute_result_annotation(self, s_flag):
        from rpython.annotator import model as annmodel

        return annmodel.s_None

    def specialize_call(self, hop):
        from rpython.rtyper import rweakref

        rweakref.rtype_set_major_enabled(hop)


class _Entry_get_rpy_memory_usage(extregistry.ExtRegistryEntry):
    _about_ = get_rpy_memory_usage

    def compute_result_annotation(self, s_obj):
        from rpython.annotator import model as annmodel

        if not isinstance(s_obj, annmodel.SomeInstance):
            raise annmodel.AnnotatorError(
                "rgc.get_rpy_memory_usage() needs an instance, got %s"
                % s_obj.describe()
            )
        return annmodel.SomeInteger(nonneg=True)

    def specialize_call(self, hop):
        from rpython.rtyper import rweakref

        return rweakref.rtype_get_memory_usage(hop)


class _Entry_fq_register(extregistry.ExtRegistryEntry):
    _about_ = _fq_register

    def compute_result_annotation(self, s_queue, s_obj):
        from rpython.annotator import model as annmodel
        from rpython.rtyper import rweakref

        queue = rweakref.queue_of(s_queue)
        rweakref.fq_lookup(self.bookkeeper, queue)
        classdef = self.bookkeeper.getuniqueclassdef(queue.Class)
        if not isinstance(s_obj, annmodel.SomeInstance) or not (
            s_obj.classdef.issubclass(classdef)
        ):
            raise annmodel.AnnotatorError(
                "%s.register_finalizer() needs an instance of %s, got %s"
                % (type(queue).__name__, queue.Class.__name__, s_obj.describe())
            )
        return annmodel.s_None

    def specialize_call(self, hop):
        from rpython.rtyper import rweakref

        rweakref.rtype_fq_register(hop, rweakref.queue_of(hop.args_s[0]))


class _Entry_fq_next_dead(extregistry.ExtRegistryEntry):
    _about_ = _fq_next_dead

    def compute_result_annotation(self, s_queue):
        from rpython.annotator import model as annmodel
        from rpython.rtyper import rweakref

        queue = rweakref.queue_of(s_queue)
        rweakref.fq_lookup(self.bookkeeper, queue)
        classdef = self.bookkeeper.getuniqueclassdef(queue.Class)
        return annmodel.SomeInstance(classdef, can_be_None=True)

    def specialize_call(self, hop):
        from rpython.rtyper import rweakref

        return rweakref.rtype_fq_next_dead(hop, rweakref.queue_of(hop.args_s[0]))


# weakref.ref is registered with the annotator there
from rpython.rlib import rweakref as _rweakref  # noqa: E402,F401
