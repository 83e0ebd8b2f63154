# ruff: noqa: F811  (each `class __extend__` adds rules to a class or pairtype)
"""Low-level pointers inside low-level helpers: SomePtr -> PtrRepr.

Field reads and writes become getfield/setfield (getsubstruct for inline
substructures), indexing becomes getarrayitem/setarrayitem, len() becomes
getarraysize, calling a function pointer becomes direct_call (constant) or
indirect_call.  The lltype functions helpers use (malloc, nullptr,
cast_pointer, cast_primitive, llop.*...) are registered here with the
extregistry, for both the annotator and the rtyper.
"""

from rpython.annotator import model as annmodel
from rpython.annotator.pairtype import pairtype
from rpython.flowspace.model import Constant
from rpython.rtyper import extregistry
from rpython.rtyper.error import TyperError
from rpython.rtyper.llannotation import (
    SomeLLADTMeth,
    SomePtr,
    annotation_to_lltype,
    lltype_to_annotation,
)
from rpython.rtyper.lltypesystem import llmemory, lltype
from rpython.rtyper.lltypesystem.lloperation import LLOp
from rpython.rtyper.lltypesystem.lltype import Bool, Ptr, Signed, Void
from rpython.rtyper.rint import IntegerRepr
from rpython.rtyper.rmodel import Repr, inputconst


class __extend__(SomePtr):
    def rtyper_makerepr(self, rtyper):
        return PtrRepr(self.ll_ptrtype)

    def rtyper_makekey(self):
        return self.__class__, self.ll_ptrtype


class __extend__(SomeLLADTMeth):
    def rtyper_makerepr(self, rtyper):
        return LLADTMethRepr(self, rtyper)

    def rtyper_makekey(self):
        return self.__class__, self.ll_ptrtype, self.func


class PtrRepr(Repr):
    def __init__(self, ptrtype):
        self.lowleveltype = ptrtype

    def __repr__(self):
        return "<PtrRepr %s>" % (self.lowleveltype._short_name(),)

    def convert_const(self, value):
        if value is None:
            return lltype.nullptr(self.lowleveltype.TO)
        if lltype.typeOf(value) != self.lowleveltype:
            raise TyperError("%r is not a %s" % (value, self.lowleveltype))
        return value

    def ll_str(self, p):
        from rpython.rtyper.rstr import ll_const_str

        return ll_const_str("<ptr>")

    def rtype_getattr(self, hop):
        attr = hop.args_s[1].const
        if isinstance(hop.s_result, SomeLLADTMeth):
            return hop.inputarg(hop.r_result, arg=0)
        if isinstance(hop.s_result, annmodel.SomePBC) and hop.s_result.is_constant():
            return inputconst(hop.r_result, hop.s_result.const)
        FIELD_TYPE = getattr(self.lowleveltype.TO, attr)
        if isinstance(FIELD_TYPE, lltype.ContainerType):
            opname = "getsubstruct"
            resulttype = Ptr(FIELD_TYPE)
        else:
            opname = "getfield"
            resulttype = hop.r_result.lowleveltype
        if opname == "getfield":
            resulttype = FIELD_TYPE
        vlist = hop.inputargs(self, Void)
        hop.exception_cannot_occur()
        return _cast_result(hop, hop.genop(opname, vlist, resulttype=resulttype))

    def rtype_setattr(self, hop):
        attr = hop.args_s[1].const
        FIELD_TYPE = getattr(self.lowleveltype.TO, attr)
        if isinstance(FIELD_TYPE, lltype.ContainerType):
            raise TyperError("cannot assign to the substructure %r" % (attr,))
        vlist = hop.inputargs(self, Void, hop.args_r[2])
        vlist[2] = _cast_arg(hop, vlist[2], FIELD_TYPE)
        hop.exception_cannot_occur()
        hop.genop("setfield", vlist)

    def rtype_len(self, hop):
        ARRAY = self.lowleveltype.TO
        if isinstance(ARRAY, lltype.FixedSizeArray):
            return hop.inputconst(Signed, ARRAY.length)
        vlist = hop.inputargs(self)
        hop.exception_cannot_occur()
        return hop.genop("getarraysize", vlist, resulttype=Signed)

    def rtype_bool(self, hop):
        vlist = hop.inputargs(self)
        return hop.genop("ptr_nonzero", vlist, resulttype=Bool)

    def rtype_simple_call(self, hop):
        FT = self.lowleveltype.TO
        if not isinstance(FT, lltype.FuncType):
            raise TyperError("calling a non-function %r" % (FT,))
        vlist = hop.inputargs(
            *[self] + [_repr_of_lltype(hop.rtyper, A) for A in FT.ARGS]
        )
        hop.exception_is_here()
        v_func = vlist[0]
        if isinstance(v_func, Constant):
            return hop.genop("direct_call", vlist, resulttype=FT.RESULT)
        c_graphs = inputconst(Void, None)
        return hop.genop("indirect_call", vlist + [c_graphs], resulttype=FT.RESULT)

    def get_ll_eq_function(self):
        return None

    def get_ll_hash_function(self):
        return None


def _cast_result(hop, v):
    """Cast a primitive low-level result to the repr the annotator chose
    (a Char read from memory is a UniChar-represented 1-char str)."""
    T = hop.r_result.lowleveltype
    if v.concretetype == T or T is Void:
        return v
    if isinstance(T, lltype.Primitive) and isinstance(v.concretetype, lltype.Primitive):
        return hop.genop("cast_primitive", [v], resulttype=T)
    return v


def _cast_arg(hop, v, T):
    """Cast a primitive value to the low-level type T it is stored as."""
    if v.concretetype == T:
        return v
    if isinstance(T, lltype.Primitive) and isinstance(v.concretetype, lltype.Primitive):
        return hop.genop("cast_primitive", [v], resulttype=T)
    return v


def _repr_of_lltype(rtyper, T):
    return rtyper.getrepr(lltype_to_annotation(T))


class __extend__(pairtype(PtrRepr, IntegerRepr)):
    def rtype_getitem(pair_reprs, hop):
        r_ptr, r_int = pair_reprs
        ARRAY = r_ptr.lowleveltype.TO
        ITEM_TYPE = ARRAY.OF
        if isinstance(ITEM_TYPE, lltype.ContainerType):
            newopname = "getarraysubstruct"
            resulttype = Ptr(ITEM_TYPE)
        else:
            newopname = "getarrayitem"
            resulttype = ITEM_TYPE
        vlist = hop.inputargs(r_ptr, Signed)
        hop.exception_cannot_occur()
        return _cast_result(hop, hop.genop(newopname, vlist, resulttype=resulttype))

    rtype_getitem_idx = rtype_getitem

    def rtype_setitem(pair_reprs, hop):
        r_ptr, r_int = pair_reprs
        ARRAY = r_ptr.lowleveltype.TO
        ITEM_TYPE = ARRAY.OF
        if isinstance(ITEM_TYPE, lltype.ContainerType):
            raise TyperError("cannot assign to an array of structures")
        vlist = hop.inputargs(r_ptr, Signed, hop.args_r[2])
        vlist[2] = _cast_arg(hop, vlist[2], ITEM_TYPE)
        hop.exception_cannot_occur()
        hop.genop("setarrayitem", vlist)


class __extend__(pairtype(PtrRepr, PtrRepr)):
    def convert_from_to(pair_reprs, v, llops):
        r_from, r_to = pair_reprs
        if r_from.lowleveltype != r_to.lowleveltype:
            raise TyperError("cannot convert %r to %r" % (r_from, r_to))
        return v

    def rtype_eq(pair_reprs, hop):
        vlist = hop.inputargs(*pair_reprs)
        return hop.genop("ptr_eq", vlist, resulttype=Bool)

    def rtype_ne(pair_reprs, hop):
        vlist = hop.inputargs(*pair_reprs)
        return hop.genop("ptr_ne", vlist, resulttype=Bool)

    rtype_is_ = rtype_eq


class LLADTMethRepr(Repr):
    """p.ll_method before the call; the value is the pointer itself."""

    def __init__(self, adtmeth, rtyper):
        self.func = adtmeth.func
        self.ll_ptrtype = adtmeth.ll_ptrtype
        self.is_type_method = adtmeth.is_type_method
        if self.is_type_method:
            self.lowleveltype = Void
        else:
            self.lowleveltype = adtmeth.ll_ptrtype

    def rtype_simple_call(self, hop):
        hop2 = hop.copy()
        func = self.func
        s_func = hop.rtyper.annotator.bookkeeper.immutablevalue(func)
        v_ptr = hop2.args_v[0]
        hop2.r_s_popfirstarg()
        if self.is_type_method:
            s_T = hop.rtyper.annotator.bookkeeper.immutablevalue(self.ll_ptrtype)
            hop2.v_s_insertfirstarg(inputconst(Void, self.ll_ptrtype), s_T)
        else:
            hop2.v_s_insertfirstarg(v_ptr, SomePtr(self.ll_ptrtype))
            hop2.args_r[0] = PtrRepr(self.ll_ptrtype)
        hop2.v_s_insertfirstarg(Constant(func), s_func)
        return hop2.dispatch()


# ____________________________________________________________
# the lltype functions used by low-level helpers


def _const(s, what):
    if not s.is_constant():
        raise annmodel.AnnotatorError("%s must be a constant" % (what,))
    return s.const


class _LLFunctionEntry(extregistry.ExtRegistryEntry):
    """Base: subclasses set _about_ and implement the two methods."""


class Entry_malloc(_LLFunctionEntry):
    _about_ = lltype.malloc

    def compute_result_annotation(self, s_T, s_n=None, s_flavor=None, s_zero=None,
                                  *rest):  # fmt: skip
        T = _const(s_T, "malloc() type")
        return SomePtr(Ptr(T))

    def specialize_call(self, hop):
        T = hop.args_s[0].const
        flavor = "gc"
        nb = hop.nb_args
        vlist = [hop.inputconst(Void, T)]
        flags = {"flavor": flavor}
        if nb >= 3 and hop.args_s[2].is_constant():
            flags["flavor"] = hop.args_s[2].const
        vlist.append(hop.inputconst(Void, flags))
        hop.exception_is_here()
        if nb >= 2 and not (
            hop.args_s[1].is_constant() and hop.args_s[1].const is None
        ):
            v_n = hop.inputarg(Signed, arg=1)
            return hop.genop("malloc_varsize", vlist + [v_n], resulttype=Ptr(T))
        return hop.genop("malloc", vlist, resulttype=Ptr(T))


class Entry_nullptr(_LLFunctionEntry):
    _about_ = lltype.nullptr

    def compute_result_annotation(self, s_T):
        return SomePtr(Ptr(_const(s_T, "nullptr() type")))

    def specialize_call(self, hop):
        T = hop.args_s[0].const
        hop.exception_cannot_occur()
        return hop.inputconst(Ptr(T), lltype.nullptr(T))


class Entry_cast_pointer(_LLFunctionEntry):
    _about_ = (lltype.cast_pointer, lltype.cast_opaque_ptr)

    def compute_result_annotation(self, s_PTR, s_p):
        return SomePtr(_const(s_PTR, "cast_pointer() type"))

    def specialize_call(self, hop):
        PTR = hop.args_s[0].const
        v_p = hop.inputarg(hop.args_r[1], arg=1)
        hop.exception_cannot_occur()
        opname = (
            "cast_pointer"
            if self.instance is lltype.cast_pointer
            else "cast_opaque_ptr"
        )
        return hop.genop(opname, [v_p], resulttype=PTR)


class Entry_cast_primitive(_LLFunctionEntry):
    _about_ = lltype.cast_primitive

    def compute_result_annotation(self, s_T, s_v):
        return lltype_to_annotation(_const(s_T, "cast_primitive() type"))

    def specialize_call(self, hop):
        T = hop.args_s[0].const
        v = hop.inputarg(hop.args_r[1], arg=1)
        hop.exception_cannot_occur()
        return _cast_result(hop, hop.genop("cast_primitive", [v], resulttype=T))


class Entry_typeOf(_LLFunctionEntry):
    _about_ = lltype.typeOf

    def compute_result_annotation(self, s_v):
        T = annotation_to_lltype(s_v)
        return (
            self.bookkeeper.immutablevalue(T)
            if hasattr(self, "bookkeeper")
            else (_frozen_annotation(T))
        )

    def specialize_call(self, hop):
        hop.exception_cannot_occur()
        return hop.inputconst(Void, hop.s_result.const)


def _frozen_annotation(T):
    from rpython.annotator.bookkeeper import getbookkeeper

    return getbookkeeper().immutablevalue(T)


class Entry_identityhash(_LLFunctionEntry):
    _about_ = lltype.identityhash

    def compute_result_annotation(self, s_p):
        return annmodel.SomeInteger()

    def specialize_call(self, hop):
        (v,) = hop.inputargs(hop.args_r[0])
        hop.exception_cannot_occur()
        return hop.genop("gc_identityhash", [v], resulttype=Signed)


class Entry_cast_ptr_to_int(_LLFunctionEntry):
    _about_ = lltype.cast_ptr_to_int

    def compute_result_annotation(self, s_p):
        return annmodel.SomeInteger()

    def specialize_call(self, hop):
        (v,) = hop.inputargs(hop.args_r[0])
        hop.exception_cannot_occur()
        return hop.genop("cast_ptr_to_int", [v], resulttype=Signed)


class Entry_free(_LLFunctionEntry):
    _about_ = lltype.free

    def compute_result_annotation(self, s_p, s_flavor=None, *rest):
        return annmodel.s_None

    def specialize_call(self, hop):
        v = hop.inputarg(hop.args_r[0], arg=0)
        hop.exception_cannot_occur()
        hop.genop("free", [v, hop.inputconst(Void, {"flavor": "raw"})])


class Entry_cast_adr(_LLFunctionEntry):
    _about_ = (llmemory.cast_ptr_to_adr, llmemory.cast_adr_to_ptr)

    def compute_result_annotation(self, s_a, s_b=None):
        from rpython.rtyper.llannotation import SomeAddress

        if self.instance is llmemory.cast_ptr_to_adr:
            return SomeAddress()
        return SomePtr(_const(s_b, "cast_adr_to_ptr() type"))

    def specialize_call(self, hop):
        hop.exception_cannot_occur()
        if self.instance is llmemory.cast_ptr_to_adr:
            (v,) = hop.inputargs(hop.args_r[0])
            return hop.genop("cast_ptr_to_adr", [v], resulttype=llmemory.Address)
        v = hop.inputarg(hop.args_r[0], arg=0)
        return hop.genop("cast_adr_to_ptr", [v], resulttype=hop.args_s[1].const)


class Entry_llop(extregistry.ExtRegistryEntry):
    """llop.NAME(RESULTTYPE, *args) in helpers: the operation NAME."""

    _type_ = LLOp

    def compute_result_annotation(self, s_RESULTTYPE, *args_s):
        RESULTTYPE = _const(s_RESULTTYPE, "llop result type")
        return lltype_to_annotation(RESULTTYPE)

    def specialize_call(self, hop):
        op = self.instance
        RESULTTYPE = hop.args_s[0].const
        args_v = []
        for i in range(1, hop.nb_args):
            s = hop.args_s[i]
            r = hop.args_r[i]
            if r.lowleveltype is Void:
                args_v.append(hop.inputconst(Void, s.const))
            else:
                args_v.append(hop.inputarg(r, arg=i))
        if op.canraise:
            hop.exception_is_here()
        else:
            hop.exception_cannot_occur()
        v = hop.genop(op.opname, args_v, resulttype=RESULTTYPE)
        if v is None:
            return None
        return _cast_result(hop, v)


class __extend__(annmodel.SomeBuiltin):
    def rtyper_makerepr(self, rtyper):
        from rpython.rtyper.rbuiltin import make_builtin_repr

        return make_builtin_repr(rtyper, self)

    def rtyper_makekey(self):
        const = getattr(self, "const", None)
        key = id(const) if const is not None else id(self.analyser)
        s_self = self.s_self
        return (
            self.__class__,
            key,
            self.methodname,
            s_self.rtyper_makekey() if s_self is not None else None,
        )


class Entry_ptr_constant(extregistry.ExtRegistryEntry):
    """A prebuilt low-level pointer used as a constant in a helper."""

    _type_ = lltype._ptr

    def compute_annotation(self):
        s = SomePtr(lltype.typeOf(self.instance))
        s.const = self.instance
        return s
