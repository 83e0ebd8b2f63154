# ruff: noqa: F811  (each `class __extend__` adds rules to a class or pairtype)
"""None: a Void value, converted to a null pointer where it meets nullables."""

from rpython.annotator import model as annmodel
from rpython.annotator.pairtype import pairtype
from rpython.rtyper.error import TyperError
from rpython.rtyper.lltypesystem.lltype import Bool, Ptr, Void, nullptr
from rpython.rtyper.rmodel import Repr, inputconst


class NoneRepr(Repr):
    lowleveltype = Void

    def rtype_bool(self, hop):
        return inputconst(Bool, False)

    def none_call(self, hop):
        raise TyperError("attempt to call constant None")

    def ll_str(self, none):
        from rpython.rtyper.rstr import ll_const_str

        return ll_const_str("None")

    def rtype_str(self, hop):
        from rpython.rtyper.rstr import string_repr

        return inputconst(string_repr, "None")

    rtype_repr = rtype_str

    def get_ll_eq_function(self):
        return None

    def get_ll_hash_function(self):
        return ll_none_hash

    rtype_simple_call = none_call
    rtype_call_args = none_call


none_repr = NoneRepr()


def ll_none_hash(_):
    return 0


class __extend__(annmodel.SomeNone):
    def rtyper_makerepr(self, rtyper):
        return none_repr

    def rtyper_makekey(self):
        return (self.__class__,)


class __extend__(pairtype(Repr, NoneRepr)):
    def convert_from_to(pair_reprs, v, llops):
        r_from, r_to = pair_reprs
        return inputconst(Void, None)

    def rtype_is_(pair_reprs, hop):
        r1, r2 = pair_reprs
        return rtype_is_None(r1, hop, 0)


class __extend__(pairtype(NoneRepr, Repr)):
    def convert_from_to(pair_reprs, v, llops):
        r_from, r_to = pair_reprs
        T = r_to.lowleveltype
        if isinstance(T, Ptr):
            return (
                inputconst(r_to, None)
                if _accepts_none(r_to)
                else inputconst(T, nullptr(T.TO))
            )
        if T is Void:
            return inputconst(Void, None)
        raise TyperError("cannot convert None to %r" % (r_to,))

    def rtype_is_(pair_reprs, hop):
        r1, r2 = pair_reprs
        return rtype_is_None(r2, hop, 1)


class __extend__(pairtype(NoneRepr, NoneRepr)):
    def rtype_is_(pair_reprs, hop):
        return inputconst(Bool, True)


def _accepts_none(r):
    try:
        r.convert_const(None)
        return True
    except Exception:
        return False


def rtype_is_None(robj1, hop, pos, neg=False):
    """`x is None` on a pointer (or Void) repr."""
    if hop.s_result.is_constant():
        return inputconst(Bool, hop.s_result.const)
    T = robj1.lowleveltype
    if isinstance(T, Ptr):
        v1 = hop.inputarg(robj1, pos)
        return hop.genop("ptr_iszero" if not neg else "ptr_nonzero", [v1],
                         resulttype=Bool)  # fmt: skip
    if T is Void:
        # a PBC or None that is always the same: decided statically
        s = hop.args_s[pos]
        return inputconst(Bool, s.is_constant() and s.const is None)
    raise TyperError("'is None' of instances of the non-pointer %r" % (robj1,))
