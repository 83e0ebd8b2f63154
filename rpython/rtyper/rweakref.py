# ruff: noqa: F811  (each `class __extend__` adds methods to an existing class)
"""Weak references and finalizer queues: annotation and rtyping.

``weakref.ref(inst)`` annotates as ``SomeWeakRef(classdef)`` and calling it
gives the instance or None.  Translated, a weakref is a small GC struct
``WEAKREF`` (header + one untraced word holding the referent); every GC
implements the same three C functions (memory/gc/rpygc.c for our GC,
translator/c/src/support.c for boehm and none):

- ``rpy_gc_weakref_init(wr, obj)`` fills a fresh WEAKREF and tells the GC
  about it (the GC then clears or updates the word);
- ``rpy_gc_weakref_deref(wr)`` (inline, src/gcsupport.h) reads it back;
- ``rpy_gc_fq_register(queue, obj, trigger)`` / ``rpy_gc_fq_next_dead(q)``
  for ``rgc.FinalizerQueue`` (see rlib/rgc.py): ``trigger`` is a function
  pointer to a generated wrapper around ``queue.finalizer_trigger()``.

None of these C calls can collect, so the C backend keeps no roots around
them.  Under the llinterpreter (rtyper tests) the calls go to the
``_callable`` emulations below: weakrefs are strong, nothing dies.

The extregistry entries that start all this live in rlib/rweakref.py and
rlib/rgc.py; they import this module, which adds the annotation methods
of SomeWeakRef and its repr.
"""

import os
import weakref

from rpython.annotator import model as annmodel
from rpython.annotator.pairtype import pairtype
from rpython.flowspace.model import Constant
from rpython.rtyper.lltypesystem import lltype, rffi
from rpython.rtyper.rclass import OBJECTPTR, getinstancerepr
from rpython.rtyper.rmodel import Repr
from rpython.translator.tool.cbuild import ExternalCompilationInfo

SRC = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "translator",
    "c",
    "src",
)

# the functions are declared by gcsupport.h, which every build includes
eci = ExternalCompilationInfo(includes=['"gcsupport.h"'], include_dirs=[SRC])

WEAKREF = lltype.GcStruct("rpy_weakref", ("referent", lltype.Signed))
WEAKREFPTR = lltype.Ptr(WEAKREF)
TRIGGERPTR = lltype.Ptr(lltype.FuncType([], lltype.Void))


# -- untranslated emulation (llinterp): strong references, nothing dies ----


class _Emulation:
    def __init__(self):
        self.referents = {}  # id(weakref container) -> (container, ptr)
        self.registered = []


_emulation = _Emulation()


def _emul_weakref_init(wr, obj):
    _emulation.referents[id(wr._obj)] = (wr._obj, obj)


def _emul_weakref_deref(wr):
    entry = _emulation.referents.get(id(wr._obj))
    if entry is None:
        return lltype.nullptr(OBJECTPTR.TO)
    return entry[1]


def _emul_fq_register(queue, obj, trigger):
    _emulation.registered.append((queue, obj))


def _emul_fq_next_dead(queue):
    return lltype.nullptr(OBJECTPTR.TO)


c_weakref_init = rffi.llexternal(
    "rpy_gc_weakref_init",
    [WEAKREFPTR, OBJECTPTR],
    lltype.Void,
    compilation_info=eci,
    _callable=_emul_weakref_init,
)
c_weakref_deref = rffi.llexternal(
    "rpy_gc_weakref_deref",
    [WEAKREFPTR],
    OBJECTPTR,
    compilation_info=eci,
    _callable=_emul_weakref_deref,
)
c_fq_register = rffi.llexternal(
    "rpy_gc_fq_register",
    [lltype.Signed, OBJECTPTR, TRIGGERPTR],
    lltype.Void,
    compilation_info=eci,
    _callable=_emul_fq_register,
)
c_fq_next_dead = rffi.llexternal(
    "rpy_gc_fq_next_dead",
    [lltype.Signed],
    OBJECTPTR,
    compilation_info=eci,
    _callable=_emul_fq_next_dead,
)


c_get_memory_usage = rffi.llexternal(
    "rpy_gc_get_memory_usage",
    [OBJECTPTR],
    lltype.Signed,
    compilation_info=eci,
    _callable=lambda obj: 0,
)


c_set_major_enabled = rffi.llexternal(
    "rpy_gc_set_major_enabled",
    [lltype.Signed],
    lltype.Void,
    compilation_info=eci,
    _callable=lambda enabled: None,
)


def rtype_set_major_enabled(hop):
    v_flag = hop.inputarg(lltype.Signed, arg=0)
    hop.exception_cannot_occur()
    hop.genop("direct_call", [_const_fn(c_set_major_enabled), v_flag])


def rtype_get_memory_usage(hop):
    """rgc.get_rpy_memory_usage(inst): bytes of that object in the heap."""
    v_inst = hop.inputarg(hop.args_r[0], arg=0)
    hop.exception_cannot_occur()
    v_obj = hop.genop("cast_pointer", [v_inst], resulttype=OBJECTPTR)
    return hop.genop(
        "direct_call",
        [_const_fn(c_get_memory_usage), v_obj],
        resulttype=lltype.Signed,
    )


def ll_weakref_create(obj):
    wr = lltype.malloc(WEAKREF)
    c_weakref_init(wr, obj)
    return wr


class _DeadWeakref:
    ptr = None


def dead_weakref():
    """The one prebuilt WEAKREF whose referent is NULL (what every dead
    prebuilt weakref becomes)."""
    if _DeadWeakref.ptr is None:
        _DeadWeakref.ptr = lltype.malloc(WEAKREF)
        _DeadWeakref.ptr.referent = 0
    return _DeadWeakref.ptr


def _const_fn(fnptr):
    return Constant(fnptr, lltype.typeOf(fnptr))


# -- annotation ---------------------------------------------------------------


def weakref_annotation(s_obj):
    """The annotation of ``weakref.ref(x)`` for x annotated as s_obj."""
    if not isinstance(s_obj, annmodel.SomeInstance):
        raise annmodel.AnnotatorError(
            "weakref.ref() needs an instance of an RPython class, got %s"
            % s_obj.describe()
        )
    if s_obj.can_be_none():
        raise annmodel.AnnotatorError(
            "weakref.ref() of a value that can be None (%s); test for None first"
            % s_obj.describe()
        )
    return annmodel.SomeWeakRef(s_obj.classdef)


def _weakref_can_be_none(s):
    return s.__dict__.get("can_be_None", False)


class __extend__(annmodel.SomeWeakRef):
    def simple_call(self):
        """``r()``: the referent, or None when it died."""
        if self.classdef is None:
            return annmodel.s_None  # only dead prebuilt weakrefs have no class
        return annmodel.SomeInstance(self.classdef, can_be_None=True)

    def can_be_none(self):
        return _weakref_can_be_none(self)

    def noneify(self):
        result = annmodel.SomeWeakRef(self.classdef)
        result.can_be_None = True
        return result

    def nonnoneify(self):
        return annmodel.SomeWeakRef(self.classdef)

    def _describe_kind(self):
        if self.classdef is None:
            return "dead weakref"
        return "weakref to %s" % (self.classdef.name,)

    def rtyper_makerepr(self, rtyper):
        return WeakRefRepr(rtyper, self.classdef)

    def rtyper_makekey(self):
        return self.__class__, self.classdef


class __extend__(pairtype(annmodel.SomeWeakRef, annmodel.SomeWeakRef)):
    def union(pair_refs):
        s1, s2 = pair_refs
        if s1.classdef is None or s2.classdef is None:
            classdef = s1.classdef or s2.classdef
        else:
            classdef = s1.classdef.commonbase(s2.classdef)
        if classdef is None and s1.classdef is not None and s2.classdef is not None:
            raise annmodel.UnionError(
                s1, s2, "weakrefs to unrelated classes %s and %s cannot be mixed"
                % (s1.classdef.name, s2.classdef.name)
            )  # fmt: skip
        result = annmodel.SomeWeakRef(classdef)
        if _weakref_can_be_none(s1) or _weakref_can_be_none(s2):
            result.can_be_None = True
        return result


# -- rtyping -------------------------------------------------------------------


class WeakRefRepr(Repr):
    lowleveltype = WEAKREFPTR

    def __init__(self, rtyper, classdef):
        self.rtyper = rtyper
        self.classdef = classdef

    def convert_const(self, value):
        if value is None:
            return lltype.nullptr(WEAKREF)
        if isinstance(value, weakref.ReferenceType) and value() is None:
            return dead_weakref()
        raise TypeError(
            "prebuilt weakref %r is not supported: create weak references at "
            "run time" % (value,)
        )

    def rtype_simple_call(self, hop):
        v_wr = hop.inputarg(self, arg=0)
        hop.exception_cannot_occur()
        if self.classdef is None:
            return hop.inputconst(hop.r_result, None)
        v_obj = hop.genop(
            "direct_call", [_const_fn(c_weakref_deref), v_wr], resulttype=OBJECTPTR
        )
        return hop.genop("cast_pointer", [v_obj], resulttype=hop.r_result)

    def rtype_bool(self, hop):
        v_wr = hop.inputarg(self, arg=0)
        return hop.genop("ptr_nonzero", [v_wr], resulttype=lltype.Bool)


class __extend__(pairtype(WeakRefRepr, WeakRefRepr)):
    def convert_from_to(pair_reprs, v, llops):
        # one low-level type for every referent class
        return v


def rtype_weakref_create(hop):
    """``weakref.ref(x)`` -> a new WEAKREF pointing to x."""
    r_inst = hop.args_r[0]
    v_inst = hop.inputarg(r_inst, arg=0)
    hop.exception_cannot_occur()
    v_obj = hop.genop("cast_pointer", [v_inst], resulttype=OBJECTPTR)
    return hop.gendirectcall(ll_weakref_create, v_obj)


# -- finalizer queues --------------------------------------------------------


def _fq_state(bookkeeper):
    state = getattr(bookkeeper, "_rpy_finalizer_queues", None)
    if state is None:
        state = {}  # id(queue) -> (index, queue, trigger wrapper)
        bookkeeper._rpy_finalizer_queues = state
    return state


def _make_trigger(queue):
    def finalizer_trigger_wrapper():
        # called by the GC after a collection; must not leak an exception
        # into the allocation that happened to collect
        try:
            queue.finalizer_trigger()
        except Exception:
            pass

    return finalizer_trigger_wrapper


def fq_lookup(bookkeeper, queue):
    """(index, trigger wrapper) of a prebuilt FinalizerQueue; the first
    time, annotate the wrapper as an extra callable."""
    state = _fq_state(bookkeeper)
    key = id(queue)
    if key not in state:
        if queue.Class is None:
            raise annmodel.AnnotatorError(
                "FinalizerQueue %s must define Class (the base class of the "
                "objects it handles)" % type(queue).__name__
            )
        index = len(state)
        if index >= 64:
            raise annmodel.AnnotatorError("more than 64 FinalizerQueues")
        wrapper = _make_trigger(queue)
        state[key] = (index, queue, wrapper)
        s_wrapper = bookkeeper.immutablevalue(wrapper)
        bookkeeper.emulate_pbc_call(("rpy_fq_trigger", key), s_wrapper, [])
    index, _, wrapper = state[key]
    return index, wrapper


def queue_of(s_queue):
    if s_queue.is_constant():
        return s_queue.const
    descs = getattr(s_queue, "descriptions", None)
    if descs and len(descs) == 1:
        return list(descs)[0].pyobj
    raise annmodel.AnnotatorError("a FinalizerQueue must be a prebuilt constant")


def rtype_fq_register(hop, queue):
    bk = hop.rtyper.annotator.bookkeeper
    index, wrapper = fq_lookup(bk, queue)
    graph = bk.getdesc(wrapper).getuniquegraph()
    fnptr = hop.rtyper.getcallable(graph)
    r_inst = hop.args_r[1]
    v_inst = hop.inputarg(r_inst, arg=1)
    hop.exception_cannot_occur()
    v_obj = hop.genop("cast_pointer", [v_inst], resulttype=OBJECTPTR)
    c_trigger = _const_fn(fnptr)
    if lltype.typeOf(fnptr) != TRIGGERPTR:
        c_trigger = hop.genop("cast_pointer", [c_trigger], resulttype=TRIGGERPTR)
    hop.genop(
        "direct_call",
        [_const_fn(c_fq_register), Constant(index, lltype.Signed), v_obj, c_trigger],
        resulttype=lltype.Void,
    )


def rtype_fq_next_dead(hop, queue):
    bk = hop.rtyper.annotator.bookkeeper
    index, _ = fq_lookup(bk, queue)
    hop.exception_cannot_occur()
    v_obj = hop.genop(
        "direct_call",
        [_const_fn(c_fq_next_dead), Constant(index, lltype.Signed)],
        resulttype=OBJECTPTR,
    )
    return hop.genop("cast_pointer", [v_obj], resulttype=hop.r_result)


__all__ = [
    "WEAKREF",
    "WeakRefRepr",
    "getinstancerepr",
    "weakref_annotation",
    "rtype_weakref_create",
    "fq_lookup",
    "queue_of",
    "rtype_fq_register",
    "rtype_fq_next_dead",
]
