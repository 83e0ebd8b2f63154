# ruff: noqa: F811  (each `class __extend__` adds rules to a class or pairtype)
"""range(): a (start, stop, step) struct, iterated without building a list.

`for i in range(...)` is the common case; `list(range(...))` and indexing
also work.  A zero step raises ValueError like Python.
"""

from rpython.rtyper.error import TyperError
from rpython.rtyper.lltypesystem.lltype import GcStruct, Ptr, Signed, Void, malloc
from rpython.rtyper.rmodel import IteratorRepr, Repr, inputconst

RANGE = GcStruct(
    "range", ("start", Signed), ("stop", Signed), ("step", Signed),
    hints={"immutable": True},
)  # fmt: skip
RANGEITER = GcStruct("rangeiter", ("next", Signed), ("stop", Signed), ("step", Signed))


class RangeRepr(Repr):
    lowleveltype = Ptr(RANGE)

    def rtype_len(self, hop):
        (v,) = hop.inputargs(self)
        return hop.gendirectcall(ll_rangelen, v)

    def make_iterator_repr(self, *variant):
        if variant:
            raise TyperError("range() iteration with %r" % (variant,))
        return range_iter_repr

    def rtype_bltn_list(self, hop):
        (v,) = hop.inputargs(self)
        r_list = hop.r_result
        c_new = inputconst(Void, r_list.ll_newlist)
        c_items = inputconst(Void, r_list.ll_items)
        return hop.gendirectcall(ll_range2list, c_new, c_items, v)


range_repr = RangeRepr()


class RangeIteratorRepr(IteratorRepr):
    lowleveltype = Ptr(RANGEITER)

    def newiter(self, hop):
        (v,) = hop.inputargs(range_repr)
        return hop.gendirectcall(ll_rangeiter, v)

    def rtype_next(self, hop):
        (v,) = hop.inputargs(self)
        hop.has_implicit_exception(StopIteration)
        hop.exception_is_here()
        v_res = hop.gendirectcall(ll_rangenext, v)
        return hop.llops.convertvar(v_res, hop.rtyper.getrepr(_s_int()), hop.r_result)


range_iter_repr = RangeIteratorRepr()


def _s_int():
    from rpython.annotator.model import SomeInteger

    return SomeInteger()


def ll_newrange(start, stop, step):
    if step == 0:
        raise ValueError
    r = malloc(RANGE)
    r.start = start
    r.stop = stop
    r.step = step
    return r


def ll_rangelen(r):
    if r.step > 0:
        if r.start >= r.stop:
            return 0
        return (r.stop - r.start + r.step - 1) // r.step
    if r.start <= r.stop:
        return 0
    return (r.start - r.stop - r.step - 1) // (-r.step)


def ll_rangeiter(r):
    it = malloc(RANGEITER)
    it.next = r.start
    it.stop = r.stop
    it.step = r.step
    return it


def ll_rangenext(it):
    value = it.next
    step = it.step
    if step > 0:
        if value >= it.stop:
            raise StopIteration
    elif value <= it.stop:
        raise StopIteration
    it.next = value + step
    return value


def ll_range2list(newlist, getitems, r):
    n = ll_rangelen(r)
    result = newlist(n)
    items = getitems(result)
    value = r.start
    i = 0
    while i < n:
        items[i] = value
        value += r.step
        i += 1
    return result


def rtype_builtin_range(hop):
    if hop.nb_args == 1:
        v_start = inputconst(Signed, 0)
        (v_stop,) = hop.inputargs(Signed)
        v_step = inputconst(Signed, 1)
    elif hop.nb_args == 2:
        v_start, v_stop = hop.inputargs(Signed, Signed)
        v_step = inputconst(Signed, 1)
    else:
        v_start, v_stop, v_step = hop.inputargs(Signed, Signed, Signed)
    r_res = hop.r_result
    if r_res is not range_repr:
        # the annotator decided on a list (e.g. the range was mutated)
        hop.exception_cannot_occur()
        v_range = hop.gendirectcall(ll_newrange, v_start, v_stop, v_step)
        c_new = inputconst(Void, r_res.ll_newlist)
        c_items = inputconst(Void, r_res.ll_items)
        return hop.gendirectcall(ll_range2list, c_new, c_items, v_range)
    hop.has_implicit_exception(ValueError)
    hop.exception_is_here()
    return hop.gendirectcall(ll_newrange, v_start, v_stop, v_step)


def rtype_builtin_enumerate(hop):
    (v,) = hop.inputargs(hop.args_r[0])
    return hop.llops.convertvar(v, hop.args_r[0], hop.r_result)
