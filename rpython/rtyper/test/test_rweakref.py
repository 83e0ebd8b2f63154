"""weakref.ref and rgc.FinalizerQueue at the annotator/rtyper level.

The translated behaviour (objects dying) is tested by compiling, in
rlib/test/test_rweakref.py and memory/test; here: annotations, low-level
types and operations, clear errors, and the llinterpreter run (where
weakrefs are strong).
"""

import weakref

import pytest

from rpython.annotator import model as annmodel
from rpython.rlib import rgc, rweakref  # noqa: F401  (registers weakref.ref)
from rpython.rtyper import rweakref as rtyper_rweakref
from rpython.rtyper.test.tool import gengraph, interpret
from rpython.translator.translator import TranslationContext


class Base(object):
    def __init__(self, value):
        self.value = value


class Sub(Base):
    pass


class Unrelated(object):
    pass


class Holder(object):
    def __init__(self):
        self.ref = None


class BaseQueue(rgc.FinalizerQueue):
    Class = Base

    def finalizer_trigger(self):
        pass


base_queue = BaseQueue()


class NoClassQueue(rgc.FinalizerQueue):
    def finalizer_trigger(self):
        pass


no_class_queue = NoClassQueue()


def annotate(func, argtypes):
    t = TranslationContext()
    a = t.buildannotator()
    return a.build_types(func, argtypes)


def test_ref_annotates_as_weakref_and_call_as_nullable_instance():
    def make(n):
        return weakref.ref(Base(n))

    def deref(n):
        return make(n)()

    s = annotate(make, [int])
    assert isinstance(s, annmodel.SomeWeakRef)
    assert s.classdef.name.endswith("Base")
    s = annotate(deref, [int])
    assert isinstance(s, annmodel.SomeInstance) and s.can_be_None


def test_union_of_weakrefs_is_weakref_to_common_base():
    def f(n):
        if n:
            r = weakref.ref(Sub(n))
        else:
            r = weakref.ref(Base(n))
        return r

    s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeWeakRef)
    assert s.classdef.name.endswith("Base")


def test_weakref_attribute_may_be_none():
    def f(n):
        h = Holder()
        if n:
            h.ref = weakref.ref(Base(n))
        return h.ref

    s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeWeakRef) and s.can_be_none()


def test_rtyped_graph_uses_the_weakref_struct_and_gc_functions():
    keep = []

    def f(n):
        b = Base(n)
        keep.append(b)
        r = weakref.ref(b)
        x = r()
        if x is None:
            return -1
        return x.value

    t, typer, graph = gengraph(f, [int])
    calls = []
    for g in t.graphs:
        for block in g.iterblocks():
            for op in block.operations:
                if op.opname == "direct_call":
                    calls.append(getattr(op.args[0].value._obj, "_name", ""))
    assert "rpy_gc_weakref_init" in calls
    assert "rpy_gc_weakref_deref" in calls
    assert interpret(f, [42]) == 42


def test_llinterp_weakref_union_and_none():
    def f(n):
        h = Holder()
        b = Sub(n)
        if n > 0:
            h.ref = weakref.ref(b)
        r = h.ref
        if r is None:
            return 0
        x = r()
        return x.value + 1 if x is not None else -1

    assert interpret(f, [5]) == 6
    assert interpret(f, [-5]) == 0


def test_finalizer_queue_annotation():
    def f(n):
        base_queue.register_finalizer(Sub(n))
        x = base_queue.next_dead()
        return x

    s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeInstance) and s.can_be_None
    assert s.classdef.name.endswith("Base")


def test_finalizer_queue_llinterp_hands_out_nothing():
    def f(n):
        base_queue.register_finalizer(Base(n))
        rgc.collect()
        x = base_queue.next_dead()
        return 1 if x is None else 2

    assert interpret(f, [3]) == 1
    assert rtyper_rweakref._emulation.registered


def _error_of(func, argtypes):
    with pytest.raises(annmodel.AnnotatorError) as excinfo:
        annotate(func, argtypes)
    return str(excinfo.value)


def test_error_weakref_of_an_int():
    def f(n):
        return weakref.ref(n)

    msg = _error_of(f, [int])
    assert "weakref.ref() needs an instance" in msg


def test_error_weakref_of_maybe_none():
    def f(n):
        x = None
        if n:
            x = Base(n)
        return weakref.ref(x)

    msg = _error_of(f, [int])
    assert "can be None" in msg


def test_error_weakrefs_to_unrelated_classes():
    def f(n):
        if n:
            r = weakref.ref(Base(n))
        else:
            r = weakref.ref(Unrelated())
        return r

    msg = _error_of(f, [int])
    assert "unrelated classes" in msg


def test_error_queue_without_class():
    def f(n):
        no_class_queue.register_finalizer(Base(n))
        return 0

    msg = _error_of(f, [int])
    assert "must define Class" in msg


def test_error_register_wrong_class():
    def f(n):
        base_queue.register_finalizer(Unrelated())
        return 0

    msg = _error_of(f, [int])
    assert "needs an instance of Base" in msg


def test_dead_prebuilt_weakref_unions_with_live_ones():
    keep = []

    def f(n):
        b = Base(n)
        keep.append(b)
        r = rweakref.dead_ref()
        if n > 0:
            r = weakref.ref(b)
        x = r()
        return x.value if x is not None else -1

    assert interpret(f, [7]) == 7
    assert interpret(f, [-7]) == -1


def test_dead_prebuilt_weakref_alone():
    def f(n):
        return rweakref.dead_ref()() is None

    assert interpret(f, [1])


def test_weak_dictionaries_rtype():
    vd = rweakref.RWeakValueDictionary(int, Base)
    kd = rweakref.RWeakKeyDictionary(Base, Sub)

    def f(n):
        b = Base(n)
        vd.set(n, b)
        kd.set(b, Sub(n + 1))
        x = vd.get(n)
        y = kd.get(b)
        if x is None or y is None:
            return -1
        return x.value * 100 + y.value + vd.length() * 0 + kd.length() * 0

    assert interpret(f, [3]) == 304


def test_error_prebuilt_weakref():
    target = Base(1)
    prebuilt = weakref.ref(target)

    def f(n):
        x = prebuilt()
        return x.value if x is not None else 0

    with pytest.raises(Exception) as excinfo:
        gengraph(f, [int])
    assert "prebuilt weakref" in str(excinfo.value)
