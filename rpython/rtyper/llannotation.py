# ruff: noqa: F811  (each `class __extend__` adds rules to a class or pairtype)
"""Annotations of low-level values, for low-level helpers (`ll_*` functions).

Low-level helpers manipulate lltype pointers directly; the annotator sees
them as SomePtr(PTRTYPE).  This module defines SomePtr (and the few others
needed by helpers), the mapping between annotations and low-level types, and
the annotation rules for operations on pointers (field access, indexing,
len, calls through function pointers), following the same method names the
annotator uses for every other SomeXxx (`getattr`, `setattr`, `len`, `bool`,
`simple_call`; `pair(...).getitem/setitem/union`).
"""

from rpython.annotator import model as annmodel
from rpython.annotator.pairtype import pairtype
from rpython.rlib.rarithmetic import r_uint, r_ulonglong
from rpython.rtyper.lltypesystem import llmemory, lltype


class SomeAddress(annmodel.SomeObject):
    immutable = True

    def can_be_none(self):
        return False

    def is_null_address(self):
        return self.is_immutable_constant() and not self.const


class SomeTypedAddressAccess(annmodel.SomeObject):
    """adr.signed, adr.char... used as adr.signed[0]."""

    def __init__(self, type):
        self.type = type

    def can_be_none(self):
        return False


class SomePtr(annmodel.SomeObject):
    """A low-level pointer of type `ll_ptrtype`."""

    knowntype = lltype._ptr
    immutable = True

    def __init__(self, ll_ptrtype):
        if not isinstance(ll_ptrtype, lltype.Ptr):
            raise annmodel.AnnotatorError("SomePtr of a non-pointer %r" % (ll_ptrtype,))
        self.ll_ptrtype = ll_ptrtype

    def can_be_none(self):
        return False

    def _describe_kind(self):
        return "pointer %s" % (self.ll_ptrtype._short_name(),)

    # operations -----------------------------------------------------------

    def getattr(self, s_attr):
        if not s_attr.is_constant() or not isinstance(s_attr.const, str):
            raise annmodel.AnnotatorError("getattr(%r) with a non-constant name" % self)
        name = s_attr.const
        TO = self.ll_ptrtype.TO
        if isinstance(TO, lltype.Struct) and name in TO._flds:
            FIELD = TO._flds[name]
            if isinstance(FIELD, lltype.ContainerType):
                return SomePtr(lltype.Ptr(FIELD))
            return ll_to_annotation_of_type(FIELD)
        if name in TO._adtmeths:
            meth = TO._adtmeths[name]
            if isinstance(meth, lltype.staticAdtMethod):
                return annotation_of_constant(meth.obj)
            if isinstance(meth, lltype.typeMethod):
                return SomeLLADTMeth(TO, meth.func, is_type_method=True)
            return SomeLLADTMeth(self.ll_ptrtype, meth)
        raise annmodel.AnnotatorError(
            "%s has no field or adt method %r" % (self.ll_ptrtype, name)
        )

    def setattr(self, s_attr, s_value):
        if not s_attr.is_constant():
            raise annmodel.AnnotatorError("setattr with a non-constant name")
        name = s_attr.const
        TO = self.ll_ptrtype.TO
        if not (isinstance(TO, lltype.Struct) and name in TO._flds):
            raise annmodel.AnnotatorError(
                "%s has no field %r" % (self.ll_ptrtype, name)
            )
        FIELD = TO._flds[name]
        check_value_fits(FIELD, s_value, "field %r of %s" % (name, TO._name))
        return annmodel.s_None

    def len(self):
        TO = self.ll_ptrtype.TO
        if not isinstance(TO, (lltype.Array, lltype.FixedSizeArray)):
            raise annmodel.AnnotatorError("len() of %s" % (self.ll_ptrtype,))
        if isinstance(TO, lltype.FixedSizeArray):
            return annmodel.SomeInteger(nonneg=True)
        return annmodel.SomeInteger(nonneg=True)

    def bool(self):
        return annmodel.s_Bool

    def simple_call(self, *args_s):
        TO = self.ll_ptrtype.TO
        if not isinstance(TO, lltype.FuncType):
            raise annmodel.AnnotatorError("calling %s" % (self.ll_ptrtype,))
        if len(args_s) != len(TO.ARGS):
            raise annmodel.AnnotatorError(
                "calling %s with %d arguments" % (self.ll_ptrtype, len(args_s))
            )
        for i, (ARG, s_arg) in enumerate(zip(TO.ARGS, args_s)):
            check_value_fits(ARG, s_arg, "argument %d of %s" % (i, self.ll_ptrtype))
        return ll_to_annotation_of_type(TO.RESULT)

    call = simple_call


class SomeInteriorPtr(SomePtr):
    """A pointer to an item of a GC array of structs (not a real GC pointer)."""

    def __init__(self, ll_ptrtype):
        SomePtr.__init__(self, ll_ptrtype)


class SomeLLADTMeth(annmodel.SomeObject):
    """p.ll_method, before being called: calls func(p, *args)."""

    immutable = True

    def __init__(self, ll_ptrtype, func, is_type_method=False):
        self.ll_ptrtype = ll_ptrtype
        self.func = func
        self.is_type_method = is_type_method

    def can_be_none(self):
        return False


class __extend__(pairtype(SomePtr, SomePtr)):
    def union(pair_ptrs):
        p1, p2 = pair_ptrs
        if p1.ll_ptrtype != p2.ll_ptrtype:
            raise annmodel.UnionError(p1, p2)
        return SomePtr(p1.ll_ptrtype)


class __extend__(pairtype(SomePtr, annmodel.SomeInteger)):
    def getitem(pair_p_int):
        p, s_int = pair_p_int
        TO = p.ll_ptrtype.TO
        if not isinstance(TO, (lltype.Array, lltype.FixedSizeArray)):
            raise annmodel.AnnotatorError("indexing %s" % (p.ll_ptrtype,))
        OF = TO.OF
        if isinstance(OF, lltype.ContainerType):
            return SomePtr(lltype.Ptr(OF))
        return ll_to_annotation_of_type(OF)

    getitem_idx = getitem

    def setitem(pair_p_int, s_value):
        p, s_int = pair_p_int
        TO = p.ll_ptrtype.TO
        if not isinstance(TO, (lltype.Array, lltype.FixedSizeArray)):
            raise annmodel.AnnotatorError("indexing %s" % (p.ll_ptrtype,))
        check_value_fits(TO.OF, s_value, "item of %s" % (p.ll_ptrtype,))
        return annmodel.s_None


class __extend__(pairtype(SomePtr, annmodel.SomeObject)):
    def union(pair_objs):
        p, other = pair_objs
        raise annmodel.UnionError(
            p, other, "cannot mix a pointer with %s" % (other.describe(),)
        )

    def getitem(pair_objs):
        raise annmodel.AnnotatorError("pointer indexed by a non-integer")


class __extend__(pairtype(annmodel.SomeObject, SomePtr)):
    def union(pair_objs):
        other, p = pair_objs
        raise annmodel.UnionError(other, p)


class __extend__(pairtype(annmodel.SomeImpossibleValue, SomePtr)):
    def union(pair_objs):
        return pair_objs[1]


class __extend__(pairtype(SomePtr, annmodel.SomeImpossibleValue)):
    def union(pair_objs):
        return pair_objs[0]


class __extend__(pairtype(SomeAddress, SomeAddress)):
    def union(pair_objs):
        return SomeAddress()


# ____________________________________________________________
# mapping between annotations and low-level types


def check_value_fits(T, s_value, where):
    """Raise AnnotatorError if a value of annotation s_value cannot be stored
    as a T."""
    if T is lltype.Void:
        return
    try:
        T2 = annotation_to_lltype(s_value)
    except ValueError:
        raise annmodel.AnnotatorError(
            "%s: expects %s, got %s" % (where, T, s_value.describe())
        )
    if T is lltype.Char and T2 is lltype.UniChar:
        return
    if T2 != T and not (T2 is lltype.Bool and isinstance(T, lltype.Number)):
        raise annmodel.AnnotatorError("%s: expects %s, got %s" % (where, T, T2))


def annotation_to_lltype(s_val, info=None):
    """The low-level type of values of annotation s_val (in helpers)."""
    if isinstance(s_val, SomeInteriorPtr):
        return s_val.ll_ptrtype
    if isinstance(s_val, SomePtr):
        return s_val.ll_ptrtype
    if isinstance(s_val, SomeAddress):
        return llmemory.Address
    if isinstance(s_val, annmodel.SomeBool):
        return lltype.Bool
    if isinstance(s_val, annmodel.SomeInteger):
        return lltype.build_number(None, s_val.knowntype)
    if isinstance(s_val, annmodel.SomeFloat):
        return lltype.Float
    if isinstance(s_val, annmodel.SomeChar):
        return lltype.UniChar
    if isinstance(s_val, annmodel.SomeByteChar):
        return lltype.Char
    if isinstance(s_val, annmodel.SomeNone) or isinstance(
        s_val, annmodel.SomeImpossibleValue
    ):
        return lltype.Void
    if isinstance(s_val, annmodel.SomePBC) and s_val.is_constant():
        return lltype.Void
    if info is None:
        info = ""
    else:
        info = "%s: " % info
    raise ValueError(
        "%sshould return a low-level type,\ngot instead %r" % (info, s_val)
    )


def ll_to_annotation_of_type(T):
    """The annotation of values of low-level type T."""
    return lltype_to_annotation(T)


def lltype_to_annotation(T):
    if isinstance(T, lltype.Ptr):
        return SomePtr(T)
    if T is lltype.Bool:
        return annmodel.SomeBool()
    if T is lltype.Signed:
        return annmodel.SomeInteger()
    if T is lltype.Unsigned:
        return annmodel.SomeInteger(knowntype=r_uint)
    if T is lltype.UnsignedLongLong:
        return annmodel.SomeInteger(knowntype=r_ulonglong)
    if isinstance(T, lltype.Number):
        return annmodel.SomeInteger(knowntype=T._type)
    if T is lltype.Float:
        return annmodel.SomeFloat()
    if T is lltype.Char:
        # a byte read from a low-level array is a one-character str in
        # RPython code (its repr is UniChar; rptr casts at the boundary)
        return annmodel.SomeChar()
    if T is lltype.UniChar:
        return annmodel.SomeChar()
    if T is lltype.Void:
        return annmodel.s_None
    if T is llmemory.Address:
        return SomeAddress()
    raise ValueError("no annotation for low-level type %r" % (T,))


def annotation_of_constant(value):
    """The annotation of a constant low-level value (for helpers)."""
    T = lltype.typeOf(value)
    s = lltype_to_annotation(T)
    if T is not lltype.Void:
        s.const = value
    return s


def ll_to_annotation(v):
    """The annotation of one low-level value."""
    if v is None:
        raise ValueError("cannot retrieve the annotation of None here")
    return lltype_to_annotation(lltype.typeOf(v))
