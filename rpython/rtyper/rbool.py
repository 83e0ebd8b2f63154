# ruff: noqa: F811  (each `class __extend__` adds rules to a class or pairtype)
"""Booleans: the low-level type Bool (one byte in C)."""

from rpython.annotator import model as annmodel
from rpython.annotator.pairtype import pairtype
from rpython.rtyper.error import TyperError
from rpython.rtyper.lltypesystem.lltype import Bool, Float, Signed
from rpython.rtyper.rint import IntegerRepr, _integer_reprs
from rpython.rtyper.rmodel import Repr


class BoolRepr(IntegerRepr):
    lowleveltype = Bool

    def __init__(self):
        IntegerRepr.__init__(self, Bool, "int_")
        self.as_int = None

    def convert_const(self, value):
        if not isinstance(value, bool):
            raise TyperError("not a bool: %r" % (value,))
        return value

    def rtype_bool(self, hop):
        (vlist,) = [hop.inputargs(self)]
        return vlist[0]

    def rtype_int(self, hop):
        (vlist,) = [hop.inputargs(Signed)]
        hop.exception_cannot_occur()
        return vlist[0]

    def rtype_float(self, hop):
        (vlist,) = [hop.inputargs(Float)]
        hop.exception_cannot_occur()
        return vlist[0]

    def rtype_str(self, hop):
        from rpython.rtyper.rstr import ll_bool2str

        (v,) = hop.inputargs(self)
        return hop.gendirectcall(ll_bool2str, v)

    rtype_repr = rtype_str

    def rtype_not_(self, hop):
        (v,) = hop.inputargs(self)
        return hop.genop("bool_not", [v], resulttype=Bool)


bool_repr = _integer_reprs[Bool] = BoolRepr()


class __extend__(annmodel.SomeBool):
    def rtyper_makerepr(self, rtyper):
        return bool_repr

    def rtyper_makekey(self):
        return (self.__class__,)


class __extend__(pairtype(BoolRepr, IntegerRepr)):
    def convert_from_to(pair_reprs, v, llops):
        r_from, r_to = pair_reprs
        if r_to.lowleveltype is Bool:
            return v
        if r_to.lowleveltype is Signed:
            return llops.genop("cast_bool_to_int", [v], resulttype=Signed)
        return llops.genop("cast_primitive", [v], resulttype=r_to.lowleveltype)


class __extend__(pairtype(IntegerRepr, BoolRepr)):
    def convert_from_to(pair_reprs, v, llops):
        r_from, r_to = pair_reprs
        if r_from.lowleveltype is Bool:
            return v
        if r_from.lowleveltype is Signed:
            return llops.genop("int_is_true", [v], resulttype=Bool)
        return llops.genop("cast_primitive", [v], resulttype=Bool)


class __extend__(pairtype(BoolRepr, Repr)):
    pass
