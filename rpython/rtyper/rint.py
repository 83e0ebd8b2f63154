# ruff: noqa: F811  (each `class __extend__` adds rules to a class or pairtype)
"""Integers: Signed (int), Unsigned (r_uint) and the other machine types.

`//` and `%` keep Python's floor semantics and raise ZeroDivisionError
(int_py_div_zer / int_py_mod_zer) both untranslated and in C; plain `+ - *`
wrap around like C; `ovfcheck(a + b)` becomes int_add_ovf, which raises
OverflowError.
"""

from rpython.annotator import model as annmodel
from rpython.annotator.pairtype import pairtype
from rpython.rlib.rarithmetic import r_uint
from rpython.rtyper.error import TyperError
from rpython.rtyper.lltypesystem import lltype
from rpython.rtyper.lltypesystem.lltype import Bool, Char, Float, Signed, UniChar
from rpython.rtyper.rmodel import Repr, inputconst


class __extend__(annmodel.SomeInteger):
    def rtyper_makerepr(self, rtyper):
        T = lltype.build_number(None, self.knowntype)
        return getintegerrepr(T)

    def rtyper_makekey(self):
        return self.__class__, self.knowntype


_integer_reprs = {}


def getintegerrepr(lltype_, prefix=None):
    try:
        return _integer_reprs[lltype_]
    except KeyError:
        pass
    repr = _integer_reprs[lltype_] = IntegerRepr(lltype_, prefix)
    return repr


class IntegerRepr(Repr):
    def __init__(self, lowleveltype, opprefix):
        self.lowleveltype = lowleveltype
        if opprefix is None:
            if lowleveltype is Signed:
                opprefix = "int_"
            elif lowleveltype is lltype.Unsigned:
                opprefix = "uint_"
            else:
                opprefix = None  # small C integer types: via casts
        self._opprefix = opprefix
        self.as_int = self

    @property
    def opprefix(self):
        if self._opprefix is None:
            raise TyperError(
                "arithmetic not supported on %r, cast to int first"
                % (self.lowleveltype,)
            )
        return self._opprefix

    def convert_const(self, value):
        if isinstance(value, bool):
            value = int(value)
        if not isinstance(value, int):
            raise TyperError("not an integer: %r" % (value,))
        T = self.lowleveltype
        if T is Signed:
            if type(value) is not int:
                value = int(value)
            if not (lltype.MININT <= value <= lltype.MAXINT):
                raise TyperError(
                    "integer constant %d does not fit a machine word" % value
                )
            return value
        if T is Bool:
            return bool(value)
        return T._type(int(value))

    def get_ll_eq_function(self):
        return None

    get_ll_gt_function = get_ll_eq_function
    get_ll_lt_function = get_ll_eq_function
    get_ll_ge_function = get_ll_eq_function
    get_ll_le_function = get_ll_eq_function

    def get_ll_hash_function(self):
        return ll_hash_int

    get_ll_fasthash_function = get_ll_hash_function

    def get_ll_dummyval_obj(self, rtyper, s_value):
        return None

    # unary operations ------------------------------------------------------

    def rtype_bool(self, hop):
        vlist = hop.inputargs(self)
        return hop.genop(self.opprefix + "is_true", vlist, resulttype=Bool)

    def rtype_neg(self, hop):
        vlist = hop.inputargs(self)
        hop.exception_cannot_occur()
        return hop.genop(self.opprefix + "neg", vlist, resulttype=self)

    def rtype_neg_ovf(self, hop):
        if self.lowleveltype is lltype.Unsigned:
            raise TyperError("forbidden uint_neg_ovf")
        vlist = hop.inputargs(self)
        hop.has_implicit_exception(OverflowError)
        hop.exception_is_here()
        return hop.genop(self.opprefix + "neg_ovf", vlist, resulttype=self)

    def rtype_abs(self, hop):
        vlist = hop.inputargs(self)
        hop.exception_cannot_occur()
        if self.lowleveltype is lltype.Unsigned:
            return vlist[0]
        return hop.genop(self.opprefix + "abs", vlist, resulttype=self)

    def rtype_abs_ovf(self, hop):
        if self.lowleveltype is lltype.Unsigned:
            raise TyperError("forbidden uint_abs_ovf")
        vlist = hop.inputargs(self)
        hop.has_implicit_exception(OverflowError)
        hop.exception_is_here()
        return hop.genop(self.opprefix + "abs_ovf", vlist, resulttype=self)

    def rtype_invert(self, hop):
        vlist = hop.inputargs(self)
        return hop.genop(self.opprefix + "invert", vlist, resulttype=self)

    def rtype_pos(self, hop):
        vlist = hop.inputargs(self)
        return vlist[0]

    def rtype_int(self, hop):
        if self.lowleveltype in (lltype.Unsigned, lltype.UnsignedLongLong):
            raise TyperError("use intmask() instead of int(r_uint(...))")
        vlist = hop.inputargs(Signed)
        hop.exception_cannot_occur()
        return vlist[0]

    def rtype_float(self, hop):
        vlist = hop.inputargs(Float)
        hop.exception_cannot_occur()
        return vlist[0]

    def rtype_chr(self, hop):
        (vlist,) = [hop.inputargs(Signed)]
        if hop.has_implicit_exception(ValueError):
            hop.exception_is_here()
            hop.gendirectcall(ll_check_chr, vlist[0])
        else:
            hop.exception_cannot_occur()
        return hop.genop("cast_int_to_unichar", vlist, resulttype=UniChar)

    def rtype_unichr(self, hop):
        return self.rtype_chr(hop)

    def rtype_hex(self, hop):
        from rpython.rtyper.rstr import ll_int2hex

        (v,) = hop.inputargs(Signed)
        return hop.gendirectcall(ll_int2hex, v, inputconst(Bool, True))

    def rtype_oct(self, hop):
        from rpython.rtyper.rstr import ll_int2oct

        (v,) = hop.inputargs(Signed)
        return hop.gendirectcall(ll_int2oct, v, inputconst(Bool, True))

    def rtype_str(self, hop):
        from rpython.rtyper.rstr import ll_int2dec, ll_uint2dec

        (v,) = hop.inputargs(self)
        hop.exception_cannot_occur()
        if self.lowleveltype is lltype.Unsigned:
            return hop.gendirectcall(ll_uint2dec, v)
        if self.lowleveltype is not Signed:
            v = hop.llops.convertvar(v, self, signed_repr)
        return hop.gendirectcall(ll_int2dec, v)

    rtype_repr = rtype_str

    def rtype_hash(self, hop):
        (v,) = hop.inputargs(Signed)
        return hop.gendirectcall(ll_hash_int, v)

    def rtype_is_true(self, hop):
        return self.rtype_bool(hop)


signed_repr = getintegerrepr(Signed, "int_")
unsigned_repr = getintegerrepr(lltype.Unsigned, "uint_")


HASH_MODULUS = (1 << 61) - 1


def ll_hash_int(i):
    # CPython's hash() of a machine int, as objectmodel._hash_int
    if i >= 0:
        r = i % HASH_MODULUS
    else:
        r = -((-i) % HASH_MODULUS)
    if r == -1:
        r = -2
    return r


def ll_check_chr(n):
    if 0 <= n <= 0x10FFFF:
        return
    raise ValueError


# ____________________________________________________________
# binary operations


def _rtype_template(hop, func):
    """Emit `<prefix><func>` on both arguments in the common repr."""
    r_result = hop.r_result
    if not isinstance(r_result, IntegerRepr):
        raise TyperError("integer operation %s gives %r" % (func, r_result))
    if r_result.lowleveltype is Bool:
        repr = signed_repr
    else:
        repr = r_result
    if func.startswith(("lshift", "rshift")):
        repr2 = signed_repr
    else:
        repr2 = repr
    vlist = hop.inputargs(repr, repr2)
    prefix = repr.opprefix
    if func.endswith("_ovf"):
        if prefix == "uint_":
            raise TyperError("%s is not allowed on unsigned integers" % func)
        hop.has_implicit_exception(OverflowError)
        hop.exception_is_here()
    elif func in ("py_div_zer", "py_mod_zer"):
        hop.has_implicit_exception(ZeroDivisionError)
        hop.exception_is_here()
    else:
        hop.exception_cannot_occur()
    v_res = hop.genop(prefix + func, vlist, resulttype=repr)
    if repr is not r_result:
        v_res = hop.llops.convertvar(v_res, repr, r_result)
    return v_res


def _rtype_compare_template(hop, func):
    s_int1, s_int2 = hop.args_s
    if s_int1.unsigned or s_int2.unsigned:
        if not s_int1.nonneg or not s_int2.nonneg:
            raise TyperError("comparing a signed and an unsigned number")
    repr = hop.rtyper.getrepr(annmodel.unionof(s_int1, s_int2))
    if repr.lowleveltype is Bool:
        repr = signed_repr
    vlist = hop.inputargs(repr, repr)
    hop.exception_is_here()
    return hop.genop(repr.opprefix + func, vlist, resulttype=Bool)


class __extend__(pairtype(IntegerRepr, IntegerRepr)):
    def convert_from_to(pair_reprs, v, llops):
        r_from, r_to = pair_reprs
        if r_from.lowleveltype is r_to.lowleveltype:
            return v
        T_from = r_from.lowleveltype
        T_to = r_to.lowleveltype
        if T_from is Signed and T_to is lltype.Unsigned:
            return llops.genop("cast_int_to_uint", [v], resulttype=T_to)
        if T_from is lltype.Unsigned and T_to is Signed:
            return llops.genop("cast_uint_to_int", [v], resulttype=T_to)
        if T_from is Bool:
            return (
                llops.genop("cast_bool_to_int", [v], resulttype=Signed)
                if (T_to is Signed)
                else llops.genop("cast_primitive", [v], resulttype=T_to)
            )
        return llops.genop("cast_primitive", [v], resulttype=T_to)

    def rtype_add(_, hop):
        return _rtype_template(hop, "add")

    rtype_inplace_add = rtype_add

    def rtype_add_ovf(_, hop):
        return _rtype_template(hop, "add_ovf")

    def rtype_sub(_, hop):
        return _rtype_template(hop, "sub")

    rtype_inplace_sub = rtype_sub

    def rtype_sub_ovf(_, hop):
        return _rtype_template(hop, "sub_ovf")

    def rtype_mul(_, hop):
        return _rtype_template(hop, "mul")

    rtype_inplace_mul = rtype_mul

    def rtype_mul_ovf(_, hop):
        return _rtype_template(hop, "mul_ovf")

    def rtype_floordiv(_, hop):
        return _rtype_template(hop, "py_div_zer")

    rtype_inplace_floordiv = rtype_floordiv

    def rtype_floordiv_ovf(_, hop):
        return _rtype_template(hop, "py_div_ovf_zer")

    def rtype_mod(_, hop):
        return _rtype_template(hop, "py_mod_zer")

    rtype_inplace_mod = rtype_mod

    def rtype_mod_ovf(_, hop):
        return _rtype_template(hop, "py_mod_ovf_zer")

    def rtype_truediv(_, hop):
        vlist = hop.inputargs(Float, Float)
        hop.has_implicit_exception(ZeroDivisionError)
        hop.exception_is_here()
        return hop.genop("float_truediv_zer", vlist, resulttype=Float)

    rtype_inplace_truediv = rtype_truediv

    def rtype_and_(_, hop):
        return _rtype_template(hop, "and")

    rtype_inplace_and = rtype_and_

    def rtype_or_(_, hop):
        return _rtype_template(hop, "or")

    rtype_inplace_or = rtype_or_

    def rtype_xor(_, hop):
        return _rtype_template(hop, "xor")

    rtype_inplace_xor = rtype_xor

    def rtype_lshift(_, hop):
        return _rtype_template(hop, "lshift")

    rtype_inplace_lshift = rtype_lshift

    def rtype_lshift_ovf(_, hop):
        return _rtype_template(hop, "lshift_ovf")

    def rtype_rshift(_, hop):
        return _rtype_template(hop, "rshift")

    rtype_inplace_rshift = rtype_rshift

    def rtype_pow(_, hop):
        raise TyperError("** on integers is not RPython (write a loop)")

    def rtype_eq(_, hop):
        return _rtype_compare_template(hop, "eq")

    def rtype_ne(_, hop):
        return _rtype_compare_template(hop, "ne")

    def rtype_lt(_, hop):
        return _rtype_compare_template(hop, "lt")

    def rtype_le(_, hop):
        return _rtype_compare_template(hop, "le")

    def rtype_gt(_, hop):
        return _rtype_compare_template(hop, "gt")

    def rtype_ge(_, hop):
        return _rtype_compare_template(hop, "ge")

    def rtype_divmod(_, hop):
        from rpython.rtyper.rtuple import newtuple

        vlist = hop.inputargs(signed_repr, signed_repr)
        hop.has_implicit_exception(ZeroDivisionError)
        hop.exception_is_here()
        v_div = hop.genop("int_py_div_zer", vlist, resulttype=Signed)
        v_mod = hop.genop("int_py_mod", vlist, resulttype=Signed)
        return newtuple(hop.llops, hop.r_result, [v_div, v_mod])


def ll_r_uint(n):
    return r_uint(n)


class __extend__(pairtype(IntegerRepr, Repr)):
    pass


# char and unichar conversions to integer are in rstr.py
del Char
