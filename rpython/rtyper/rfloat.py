# ruff: noqa: F811  (each `class __extend__` adds rules to a class or pairtype)
"""Floats: C doubles.  `/` and `%` and `//` raise ZeroDivisionError like Python."""

from rpython.annotator import model as annmodel
from rpython.annotator.pairtype import pairtype
from rpython.rtyper.error import TyperError
from rpython.rtyper.lltypesystem.lltype import Bool, Float, Signed
from rpython.rtyper.rbool import BoolRepr
from rpython.rtyper.rint import IntegerRepr
from rpython.rtyper.rmodel import Repr


class __extend__(annmodel.SomeFloat):
    def rtyper_makerepr(self, rtyper):
        return float_repr

    def rtyper_makekey(self):
        return (self.__class__,)


class FloatRepr(Repr):
    lowleveltype = Float

    def convert_const(self, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TyperError("not a float: %r" % (value,))
        return float(value)

    def get_ll_eq_function(self):
        return None

    get_ll_gt_function = get_ll_eq_function
    get_ll_lt_function = get_ll_eq_function
    get_ll_ge_function = get_ll_eq_function
    get_ll_le_function = get_ll_eq_function

    def get_ll_hash_function(self):
        from rpython.rtyper.rstr import ll_hash_float

        return ll_hash_float

    def rtype_bool(self, hop):
        vlist = hop.inputargs(Float)
        return hop.genop("float_is_true", vlist, resulttype=Bool)

    def rtype_neg(self, hop):
        vlist = hop.inputargs(Float)
        return hop.genop("float_neg", vlist, resulttype=Float)

    def rtype_pos(self, hop):
        vlist = hop.inputargs(Float)
        return vlist[0]

    def rtype_abs(self, hop):
        vlist = hop.inputargs(Float)
        return hop.genop("float_abs", vlist, resulttype=Float)

    def rtype_int(self, hop):
        vlist = hop.inputargs(Float)
        # int(nan) / int(inf) raise in Python; checked by the helper
        hop.exception_is_here()
        return hop.gendirectcall(ll_float_to_int, vlist[0])

    def rtype_float(self, hop):
        vlist = hop.inputargs(Float)
        return vlist[0]

    def rtype_str(self, hop):
        from rpython.rtyper.rstr import ll_float2str

        (v,) = hop.inputargs(Float)
        return hop.gendirectcall(ll_float2str, v)

    rtype_repr = rtype_str

    def rtype_hash(self, hop):
        from rpython.rtyper.rstr import ll_hash_float

        (v,) = hop.inputargs(Float)
        return hop.gendirectcall(ll_hash_float, v)


float_repr = FloatRepr()


def ll_float_to_int(f):
    # int(f) of a finite float that fits a machine word; the errors of
    # CPython (which has no word limit: OverflowError past it)
    if f != f:
        raise ValueError("cannot convert float NaN to integer")
    if f >= 9.2233720368547758e18 or f < -9.2233720368547758e18:
        if f - f != 0.0:
            raise OverflowError("cannot convert float infinity to integer")
        raise OverflowError("int too large to convert to a machine word")
    from rpython.rtyper.lltypesystem.lloperation import llop

    return llop.cast_float_to_int(Signed, f)


def _float_binop(opname, exc=None):
    def rtype(_, hop):
        vlist = hop.inputargs(Float, Float)
        if exc is not None:
            hop.has_implicit_exception(exc)
            hop.exception_is_here()
        else:
            hop.exception_cannot_occur()
        T = Bool if opname in ("lt", "le", "eq", "ne", "gt", "ge") else Float
        return hop.genop("float_" + opname, vlist, resulttype=T)

    return rtype


class __extend__(pairtype(FloatRepr, FloatRepr)):
    rtype_add = rtype_inplace_add = _float_binop("add")
    rtype_sub = rtype_inplace_sub = _float_binop("sub")
    rtype_mul = rtype_inplace_mul = _float_binop("mul")
    rtype_truediv = rtype_inplace_truediv = _float_binop(
        "truediv_zer", ZeroDivisionError
    )
    rtype_mod = rtype_inplace_mod = _float_binop("py_mod_zer", ZeroDivisionError)
    rtype_floordiv = rtype_inplace_floordiv = _float_binop(
        "py_div_zer", ZeroDivisionError
    )
    rtype_pow = rtype_inplace_pow = _float_binop("pow")
    rtype_lt = _float_binop("lt")
    rtype_le = _float_binop("le")
    rtype_eq = _float_binop("eq")
    rtype_ne = _float_binop("ne")
    rtype_gt = _float_binop("gt")
    rtype_ge = _float_binop("ge")


class __extend__(pairtype(IntegerRepr, FloatRepr)):
    def convert_from_to(pair_reprs, v, llops):
        r_from, r_to = pair_reprs
        T = r_from.lowleveltype
        if T is Bool:
            return llops.genop("cast_bool_to_float", [v], resulttype=Float)
        if T is Signed:
            return llops.genop("cast_int_to_float", [v], resulttype=Float)
        return llops.genop("cast_primitive", [v], resulttype=Float)

    rtype_add = _float_binop("add")
    rtype_sub = _float_binop("sub")
    rtype_mul = _float_binop("mul")
    rtype_truediv = _float_binop("truediv_zer", ZeroDivisionError)
    rtype_lt = _float_binop("lt")
    rtype_le = _float_binop("le")
    rtype_eq = _float_binop("eq")
    rtype_ne = _float_binop("ne")
    rtype_gt = _float_binop("gt")
    rtype_ge = _float_binop("ge")


class __extend__(pairtype(FloatRepr, IntegerRepr)):
    def convert_from_to(pair_reprs, v, llops):
        raise TyperError("float to int needs an explicit int()")

    rtype_add = _float_binop("add")
    rtype_sub = _float_binop("sub")
    rtype_mul = _float_binop("mul")
    rtype_truediv = _float_binop("truediv_zer", ZeroDivisionError)
    rtype_pow = _float_binop("pow")
    rtype_lt = _float_binop("lt")
    rtype_le = _float_binop("le")
    rtype_eq = _float_binop("eq")
    rtype_ne = _float_binop("ne")
    rtype_gt = _float_binop("gt")
    rtype_ge = _float_binop("ge")


class __extend__(pairtype(BoolRepr, FloatRepr)):
    pass
