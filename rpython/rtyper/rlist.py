# ruff: noqa: F811  (each `class __extend__` adds rules to a class or pairtype)
"""Lists.

A list that is never resized is a fixed-size list: just a GcArray of items.
Otherwise it is a resizable list:

    LIST = GcStruct('list', ('length', Signed), ('items', Ptr(GcArray(ITEM))))

with over-allocation on append (the `items` array grows by ~1/8 + 6 like
CPython).  Both kinds share the helpers below through `ll_length`,
`ll_items` and `ll_getitem_fast`-style adtmeths passed as constant
functions, so every operation is written once.  Indexing checks bounds
and raises IndexError exactly as Python does; negative indices count from
the end.
"""

from rpython.annotator import model as annmodel
from rpython.annotator.pairtype import pairtype
from rpython.rtyper import rstr
from rpython.rtyper.error import TyperError
from rpython.rtyper.lltypesystem import lltype
from rpython.rtyper.lltypesystem.lltype import (
    Bool,
    GcArray,
    GcStruct,
    Ptr,
    Signed,
    Void,
    malloc,
    nullptr,
)
from rpython.rtyper.rint import IntegerRepr
from rpython.rtyper.rmodel import CanBeNull, IteratorRepr, Repr, inputconst
from rpython.rtyper.rtuple import TupleRepr, item_cmp_function, item_eq_function


class __extend__(annmodel.SomeList):
    def rtyper_makerepr(self, rtyper):
        listitem = self.listdef.listitem
        s_value = listitem.s_value
        if isinstance(s_value, annmodel.SomeImpossibleValue):
            s_value = annmodel.s_None
        if (
            getattr(listitem, "range_step", None) is not None
            and not listitem.mutated
            and not listitem.resized
        ):
            from rpython.rtyper.rrange import range_repr

            return range_repr
        if listitem.resized or not _never_resized(self.listdef):
            return ListRepr(rtyper, s_value, listitem)
        return FixedSizeListRepr(rtyper, s_value, listitem)

    def rtyper_makekey(self):
        listitem = self.listdef.listitem
        return self.__class__, id(listitem)


def _never_resized(listdef):
    return not listdef.listitem.resized


class AbstractListRepr(CanBeNull, Repr):
    def __init__(self, rtyper, s_item, listitem=None):
        self.rtyper = rtyper
        self.s_item = s_item
        self.listitem = listitem
        self.item_repr = None
        self.LIST = lltype.GcForwardReference()
        self.lowleveltype = Ptr(self.LIST)

    def _setup_repr(self):
        self.item_repr = self.rtyper.getrepr(self.s_item)
        self.ITEM = self.item_repr.lowleveltype
        self._build_type()

    def get_eqfunc(self):
        return item_eq_function(self.item_repr)

    def convert_const(self, value):
        if value is None:
            return nullptr(self.LIST)
        if not isinstance(value, list):
            raise TyperError("not a list: %r" % (value,))
        key = id(value)
        cache = self.rtyper.__dict__.setdefault("_list_consts", {})
        try:
            return cache[key][1]
        except KeyError:
            pass
        self.setup()
        result = self.new_list_const(len(value))
        cache[key] = (value, result)
        items = self.ll_items_of(result)
        for i, item in enumerate(value):
            items[i] = self.item_repr.convert_const(item)
        return result

    def get_ll_eq_function(self):
        return None  # lists compare by identity when used as keys

    def get_ll_hash_function(self):
        raise TyperError("lists are not hashable")

    # generic operations --------------------------------------------------

    def rtype_len(self, hop):
        (v,) = hop.inputargs(self)
        hop.exception_cannot_occur()
        return hop.gendirectcall(self.ll_len, v)

    def rtype_bool(self, hop):
        (v,) = hop.inputargs(self)
        return hop.gendirectcall(ll_list_is_true, v, self._c_len())

    def _c_len(self):
        return inputconst(Void, self.ll_len)

    def _c_items(self):
        return inputconst(Void, self.ll_items)

    def _c_items_for(self, r_dest):
        """The items getter to use when copying this list's items into a list
        of repr r_dest.  A list whose items are Void (its items were never
        known, e.g. the `[]` in `_concat_shifted(b1, [], n)`) can flow into a
        list of ints through a slice or `+`: its items then read as zeros."""
        if self.ITEM is Void and r_dest.ITEM is not Void:
            r_dest.setup()
            return inputconst(
                Void, _zero_items_getter(r_dest.items_array_type(), self.ll_len)
            )
        return self._c_items()

    def make_iterator_repr(self, *variant):
        if not variant:
            return ListIteratorRepr(self)
        if variant == ("reversed",):
            return ListIteratorRepr(self, reverse=True)
        if variant == ("enumerate",):
            return ListIteratorRepr(self, enumerate=True)
        raise TyperError("iterating over a list with %r" % (variant,))

    def rtype_reversed(self, hop):
        hop.exception_cannot_occur()
        return hop.r_result.newiter(hop)

    def rtype_method_index(self, hop):
        v_lst, v_item = hop.inputargs(self, self.item_repr)
        hop.has_implicit_exception(ValueError)
        hop.exception_is_here()
        c_eq = inputconst(Void, self.get_eqfunc())
        return hop.gendirectcall(
            ll_listindex, v_lst, v_item, c_eq, self._c_len(), self._c_items()
        )

    def rtype_method_count(self, hop):
        v_lst, v_item = hop.inputargs(self, self.item_repr)
        c_eq = inputconst(Void, self.get_eqfunc())
        return hop.gendirectcall(
            ll_listcount, v_lst, v_item, c_eq, self._c_len(), self._c_items()
        )

    def rtype_method_copy(self, hop):
        (v_lst,) = hop.inputargs(self)
        r_res = hop.r_result
        r_res.setup()
        hop.exception_cannot_occur()
        return hop.gendirectcall(
            ll_listslice, v_lst, inputconst(Signed, 0),
            inputconst(Signed, lltype.MAXINT), inputconst(Void, r_res.ll_newlist),
            inputconst(Void, r_res.ll_items), self._c_len(),
            self._c_items_for(r_res),
        )  # fmt: skip

    def rtype_method_reverse(self, hop):
        (v_lst,) = hop.inputargs(self)
        hop.exception_cannot_occur()
        hop.gendirectcall(ll_reverse, v_lst, self._c_len(), self._c_items())

    def rtype_method_sort(self, hop):
        if hop.nb_args != 1:
            raise TyperError("sort() with arguments is not supported (use listsort)")
        (v_lst,) = hop.inputargs(self)
        hop.exception_cannot_occur()
        c_cmp = inputconst(Void, item_cmp_function(self.item_repr))
        hop.gendirectcall(ll_sort, v_lst, c_cmp, self._c_len(), self._c_items())

    def rtype_getslice(self, hop):
        from rpython.rtyper.rstr import _slice_bound

        v_lst = hop.inputarg(self, arg=0)
        v_start = _slice_bound(hop, 1, 0)
        v_stop = _slice_bound(hop, 2, lltype.MAXINT)
        r_res = hop.r_result
        c_new = inputconst(Void, r_res.ll_newlist)
        c_res_items = inputconst(Void, r_res.ll_items)
        hop.exception_cannot_occur()
        v = hop.gendirectcall(
            ll_listslice, v_lst, v_start, v_stop, c_new, c_res_items,
            self._c_len(), self._c_items_for(r_res),
        )  # fmt: skip
        return v

    def rtype_bltn_list(self, hop):
        (v_lst,) = hop.inputargs(self)
        r_res = hop.r_result
        c_new = inputconst(Void, r_res.ll_newlist)
        return hop.gendirectcall(
            ll_listslice, v_lst, inputconst(Signed, 0), inputconst(Signed, lltype.MAXINT),
            c_new, inputconst(Void, r_res.ll_items), self._c_len(),
            self._c_items_for(r_res),
        )  # fmt: skip

    def rtype_str(self, hop):
        (v_lst,) = hop.inputargs(self)
        # build the item -> str function as a tiny helper graph per item repr
        item_repr = self.item_repr
        ll_item_str = _item_str_function(hop.rtyper, item_repr)
        c_str = inputconst(Void, ll_item_str)
        return hop.gendirectcall(
            ll_list_str, v_lst, c_str, self._c_len(), self._c_items()
        )

    rtype_repr = rtype_str


_item_str_functions = {}


def _item_str_function(rtyper, item_repr):
    from rpython.rtyper.rfloat import FloatRepr

    key = item_repr
    if key in _item_str_functions:
        return _item_str_functions[key]
    if isinstance(item_repr, rstr.StringRepr):
        fn = rstr.ll_str_repr
    elif item_repr is rstr.char_repr:

        def fn(c):
            return rstr.ll_str_repr(rstr.ll_char_str(rstr.STR, c))

    elif item_repr.lowleveltype is Bool:
        fn = rstr.ll_bool2str
    elif isinstance(item_repr, IntegerRepr):
        fn = rstr.ll_int2dec
    elif isinstance(item_repr, FloatRepr):
        fn = rstr.ll_float2str
    elif isinstance(item_repr, TupleRepr) and item_repr.TUPLE is not None:
        fn = _make_tuple_str(rtyper, item_repr)
    elif isinstance(item_repr, AbstractListRepr):
        fn = _make_nested_list_str(rtyper, item_repr)
    elif _is_dict_repr(item_repr):
        fn = _make_nested_dict_str(rtyper, item_repr)
    else:
        from rpython.rtyper.rclass import InstanceRepr

        if isinstance(item_repr, InstanceRepr):
            fn = _make_instance_str(item_repr)
        else:
            ll_str = getattr(item_repr, "ll_str", None)
            if ll_str is None:
                raise TyperError("str() of a list of %r" % (item_repr,))
            fn = ll_str
    _item_str_functions[key] = fn
    return fn


def _make_instance_str(r_inst):
    from rpython.annotator.unaryop import user_str_method
    from rpython.rtyper.rclass import OBJECTPTR

    if r_inst.classdef is not None and user_str_method(r_inst.classdef, "repr"):
        raise TyperError(
            "str() of a container of %r: calling __repr__ from there is not "
            "supported" % (r_inst,)
        )

    def ll_item_instance_str(inst):
        from rpython.rtyper.annlowlevel import llstr

        if not inst:
            return llstr("None")
        return rstr.ll_instance_str(lltype.cast_pointer(OBJECTPTR, inst))

    return ll_item_instance_str


def _is_dict_repr(r):
    from rpython.rtyper.rdict import DictRepr

    return isinstance(r, DictRepr)


def _make_nested_list_str(rtyper, r_list):
    r_list.setup()
    if r_list.item_repr.lowleveltype is Void:
        raise TyperError("str() of a list of %r" % (r_list,))
    item_str = _item_str_function(rtyper, r_list.item_repr)
    length = r_list.ll_len
    getitems = r_list.ll_items

    def ll_nested_list_str(lst):
        return ll_list_str(lst, item_str, length, getitems)

    return ll_nested_list_str


def _make_nested_dict_str(rtyper, r_dict):
    from rpython.rtyper.rdict import ll_dict_str

    r_dict.setup()
    if Void in (r_dict.key_repr.lowleveltype, r_dict.value_repr.lowleveltype):
        raise TyperError("str() of a list of %r" % (r_dict,))
    key_str = _item_str_function(rtyper, r_dict.key_repr)
    value_str = _item_str_function(rtyper, r_dict.value_repr)

    def ll_nested_dict_str(d):
        return ll_dict_str(d, key_str, value_str)

    return ll_nested_dict_str


def _make_tuple_str(rtyper, r_tuple):
    """An ll function giving repr(t) for the tuples of r_tuple."""
    from rpython.rlib.unroll import unrolling_iterable
    from rpython.rtyper.annlowlevel import llstr

    fields = []
    for name, r in zip(r_tuple.fieldnames, r_tuple.items_r):
        if r.lowleveltype is Void:
            raise TyperError("str() of a tuple holding %r" % (r,))
        fields.append((name, _item_str_function(rtyper, r)))
    count = len(fields)
    unrolled_fields = unrolling_iterable(fields)

    def ll_tuple_str(t):
        parts = malloc(rstr.STRARRAY, count)
        i = 0
        for name, item_str in unrolled_fields:
            parts[i] = item_str(getattr(t, name))
            i += 1
        inner = rstr.ll_join(llstr(", "), parts, count)
        if count == 1:
            inner = rstr.ll_strconcat(inner, llstr(","))
        return rstr.ll_strconcat(rstr.ll_strconcat(llstr("("), inner), llstr(")"))

    return ll_tuple_str


def ll_list_str(lst, item_str, length, getitems):
    n = length(lst)
    items = getitems(lst)
    parts = malloc(rstr.STRARRAY, n)
    i = 0
    while i < n:
        parts[i] = item_str(items[i])
        i += 1
    sep = malloc(rstr.STR, 2)
    sep.chars[0] = ","
    sep.chars[1] = " "
    inner = rstr.ll_join(sep, parts, n)
    result = malloc(rstr.STR, len(inner.chars) + 2)
    result.chars[0] = "["
    j = 0
    while j < len(inner.chars):
        result.chars[j + 1] = inner.chars[j]
        j += 1
    result.chars[len(inner.chars) + 1] = "]"
    return result


# ____________________________________________________________
# the two list kinds


class FixedSizeListRepr(AbstractListRepr):
    def _build_type(self):
        ITEM = self.ITEM
        self.LIST.become(GcArray(ITEM))
        self.ll_len = ll_fixed_length
        self.ll_items = ll_fixed_items
        self.ll_newlist = _make_fixed_newlist(self.LIST)

    def new_list_const(self, n):
        return malloc(self.LIST, n)

    def ll_items_of(self, p):
        return p

    def items_array_type(self):
        return self.LIST

    def get_items_array(self, v_lst, llops):
        return v_lst

    def get_length(self, v_lst, llops):
        return llops.genop("getarraysize", [v_lst], resulttype=Signed)


class ListRepr(AbstractListRepr):
    def _build_type(self):
        ITEM = self.ITEM
        self.ITEMARRAY = GcArray(ITEM)
        self.LIST.become(
            GcStruct("list", ("length", Signed), ("items", Ptr(self.ITEMARRAY)))
        )
        self.ll_len = ll_length
        self.ll_items = ll_items
        self.ll_newlist = _make_newlist(self.LIST)

    def new_list_const(self, n):
        p = malloc(self.LIST)
        p.length = n
        p.items = malloc(self.ITEMARRAY, n)
        return p

    def ll_items_of(self, p):
        return p.items

    def items_array_type(self):
        return self.ITEMARRAY

    def get_items_array(self, v_lst, llops):
        return llops.genop("getfield", [v_lst, inputconst(Void, "items")],
                           resulttype=Ptr(self.ITEMARRAY))  # fmt: skip

    def get_length(self, v_lst, llops):
        return llops.genop("getfield", [v_lst, inputconst(Void, "length")],
                           resulttype=Signed)  # fmt: skip

    def rtype_method_append(self, hop):
        v_lst, v_value = hop.inputargs(self, self.item_repr)
        hop.exception_cannot_occur()
        hop.gendirectcall(ll_append, v_lst, v_value)

    def rtype_method_insert(self, hop):
        v_lst, v_index, v_value = hop.inputargs(self, Signed, self.item_repr)
        hop.exception_cannot_occur()
        hop.gendirectcall(ll_insert, v_lst, v_index, v_value)

    def rtype_method_extend(self, hop):
        r_other = hop.args_r[1]
        if not isinstance(r_other, AbstractListRepr):
            raise TyperError("extend() with %r" % (r_other,))
        v_lst, v_other = hop.inputargs(self, r_other)
        hop.exception_cannot_occur()
        hop.gendirectcall(
            ll_extend, v_lst, v_other, r_other._c_len(), r_other._c_items_for(self)
        )

    def rtype_method_pop(self, hop):
        if hop.nb_args == 2:
            v_lst, v_index = hop.inputargs(self, Signed)
        else:
            (v_lst,) = hop.inputargs(self)
            v_index = inputconst(Signed, -1)
        hop.has_implicit_exception(IndexError)
        hop.exception_is_here()
        return hop.gendirectcall(ll_pop, v_lst, v_index)

    def rtype_method_remove(self, hop):
        v_lst, v_item = hop.inputargs(self, self.item_repr)
        hop.has_implicit_exception(ValueError)
        hop.exception_is_here()
        c_eq = inputconst(Void, self.get_eqfunc())
        hop.gendirectcall(ll_remove, v_lst, v_item, c_eq)

    def rtype_method_clear(self, hop):
        (v_lst,) = hop.inputargs(self)
        hop.exception_cannot_occur()
        hop.gendirectcall(ll_clear, v_lst)


# ____________________________________________________________
# low-level helpers


def ll_fixed_length(lst):
    return len(lst)


def ll_fixed_items(lst):
    return lst


def ll_length(lst):
    return lst.length


def ll_items(lst):
    return lst.items


def _make_fixed_newlist(LIST):
    def ll_newlist_fixed(n):
        return malloc(LIST, n)

    return ll_newlist_fixed


def _make_newlist(LIST):
    ITEMARRAY = LIST.items.TO

    def ll_newlist(n):
        lst = malloc(LIST)
        lst.length = n
        lst.items = malloc(ITEMARRAY, n)
        return lst

    return ll_newlist


_zero_items_getters = {}


def _zero_items_getter(ARRAY, length):
    key = (ARRAY, length)
    try:
        return _zero_items_getters[key]
    except KeyError:
        pass

    def ll_zero_items(lst):
        return malloc(ARRAY, length(lst))

    _zero_items_getters[key] = ll_zero_items
    return ll_zero_items


def ll_list_is_true(lst, length):
    return bool(lst) and length(lst) != 0


def _ll_grow(lst, newsize):
    items = lst.items
    allocated = len(items)
    if newsize <= allocated:
        return
    # over-allocate like CPython: ~1/8 + 6
    new_allocated = newsize + (newsize >> 3) + 6
    newitems = malloc(lltype.typeOf(items).TO, new_allocated)
    i = 0
    n = lst.length
    while i < n:
        newitems[i] = items[i]
        i += 1
    lst.items = newitems


def ll_append(lst, value):
    n = lst.length
    if n >= len(lst.items):
        _ll_grow(lst, n + 1)
    lst.items[n] = value
    lst.length = n + 1


def ll_insert(lst, index, value):
    n = lst.length
    if index < 0:
        index += n
        if index < 0:
            index = 0
    if index > n:
        index = n
    if n >= len(lst.items):
        _ll_grow(lst, n + 1)
    items = lst.items
    i = n
    while i > index:
        items[i] = items[i - 1]
        i -= 1
    items[index] = value
    lst.length = n + 1


def ll_extend(lst, other, length, getitems):
    n = lst.length
    m = length(other)
    src = getitems(other)
    _ll_grow(lst, n + m)
    items = lst.items
    i = 0
    while i < m:
        items[n + i] = src[i]
        i += 1
    lst.length = n + m


def ll_pop(lst, index):
    n = lst.length
    if index < 0:
        index += n
    if index < 0 or index >= n:
        raise IndexError
    items = lst.items
    result = items[index]
    i = index
    while i < n - 1:
        items[i] = items[i + 1]
        i += 1
    lst.length = n - 1
    return result


def ll_clear(lst):
    lst.length = 0
    lst.items = malloc(lltype.typeOf(lst.items).TO, 0)


def ll_remove(lst, value, eq):
    n = lst.length
    items = lst.items
    i = 0
    while i < n:
        if eq(items[i], value):
            ll_pop(lst, i)
            return
        i += 1
    raise ValueError


def ll_listindex(lst, value, eq, length, getitems):
    n = length(lst)
    items = getitems(lst)
    i = 0
    while i < n:
        if eq(items[i], value):
            return i
        i += 1
    raise ValueError


def ll_listcount(lst, value, eq, length, getitems):
    n = length(lst)
    items = getitems(lst)
    count = 0
    i = 0
    while i < n:
        if eq(items[i], value):
            count += 1
        i += 1
    return count


def ll_listcontains(lst, value, eq, length, getitems):
    n = length(lst)
    items = getitems(lst)
    i = 0
    while i < n:
        if eq(items[i], value):
            return True
        i += 1
    return False


def ll_reverse(lst, length, getitems):
    n = length(lst)
    items = getitems(lst)
    i = 0
    j = n - 1
    while i < j:
        tmp = items[i]
        items[i] = items[j]
        items[j] = tmp
        i += 1
        j -= 1


def ll_sort(lst, cmp, length, getitems):
    """A stable merge sort (like list.sort) using the item comparison."""
    n = length(lst)
    items = getitems(lst)
    if n < 2:
        return
    tmp = malloc(lltype.typeOf(items).TO, n)
    width = 1
    while width < n:
        lo = 0
        while lo < n:
            mid = lo + width
            if mid > n:
                mid = n
            hi = lo + 2 * width
            if hi > n:
                hi = n
            i = lo
            j = mid
            k = lo
            while i < mid and j < hi:
                if cmp(items[j], items[i]) < 0:
                    tmp[k] = items[j]
                    j += 1
                else:
                    tmp[k] = items[i]
                    i += 1
                k += 1
            while i < mid:
                tmp[k] = items[i]
                i += 1
                k += 1
            while j < hi:
                tmp[k] = items[j]
                j += 1
                k += 1
            lo = hi
        k = 0
        while k < n:
            items[k] = tmp[k]
            k += 1
        width *= 2


def _ll_normalize_index(index, n):
    if index < 0:
        index += n
    if index < 0 or index >= n:
        raise IndexError
    return index


def ll_getitem(lst, index, length, getitems):
    n = length(lst)
    if index < 0:
        index += n
    if index < 0 or index >= n:
        raise IndexError
    return getitems(lst)[index]


def ll_setitem(lst, index, value, length, getitems):
    n = length(lst)
    if index < 0:
        index += n
    if index < 0 or index >= n:
        raise IndexError
    getitems(lst)[index] = value


def ll_delitem(lst, index):
    ll_pop(lst, index)


def ll_listslice(lst, start, stop, newlist, newitems, length, getitems):
    n = length(lst)
    if start < 0:
        start += n
        if start < 0:
            start = 0
    elif start > n:
        start = n
    if stop < 0:
        stop += n
        if stop < 0:
            stop = 0
    elif stop > n:
        stop = n
    if stop < start:
        stop = start
    result = newlist(stop - start)
    dst = newitems(result)
    src = getitems(lst)
    i = start
    while i < stop:
        dst[i - start] = src[i]
        i += 1
    return result


def ll_concat(l1, l2, newlist, newitems, len1, items1, len2, items2):
    n1 = len1(l1)
    n2 = len2(l2)
    result = newlist(n1 + n2)
    dst = newitems(result)
    src = items1(l1)
    i = 0
    while i < n1:
        dst[i] = src[i]
        i += 1
    src2 = items2(l2)
    j = 0
    while j < n2:
        dst[n1 + j] = src2[j]
        j += 1
    return result


def ll_mul(lst, times, newlist, newitems, length, getitems):
    n = length(lst)
    if times < 0:
        times = 0
    result = newlist(n * times)
    dst = newitems(result)
    src = getitems(lst)
    k = 0
    if n == 1:
        item = src[0]
        while k < times:
            dst[k] = item
            k += 1
        return result
    k = 0
    pos = 0
    while k < times:
        i = 0
        while i < n:
            dst[pos] = src[i]
            pos += 1
            i += 1
        k += 1
    return result


def ll_alloc_zeroed(newlist, count):
    if count < 0:
        count = 0
    return newlist(count)


def _is_zero_item_list(hop, r_lst, T):
    """Is the multiplied list a literal [c] whose item c is all zero bits
    (0, False, a null pointer; not 0.0, whose sign must be kept)?"""
    from rpython.flowspace.model import Constant

    v_lst = hop.args_v[0]
    if isinstance(v_lst, Constant):
        return False
    if not (
        T in (lltype.Signed, lltype.Unsigned, lltype.Bool, lltype.Char, lltype.UniChar)
        or isinstance(T, lltype.Ptr)
    ):
        return False
    for op in hop.llops.originalblock.operations:
        if op.result is v_lst:
            if op.opname != "newlist" or len(op.args) != 1:
                return False
            c = op.args[0]
            if not isinstance(c, Constant):
                return False
            value = c.value
            return value is None or (type(value) in (int, bool) and value == 0)
    return False


def ll_alloc_and_set(newlist, newitems, count, value):
    if count < 0:
        count = 0
    result = newlist(count)
    items = newitems(result)
    i = 0
    while i < count:
        items[i] = value
        i += 1
    return result


def ll_listcmp(l1, l2, cmp, len1, items1, len2, items2):
    """<0, 0, >0 comparing l1 and l2 lexicographically."""
    n1 = len1(l1)
    n2 = len2(l2)
    a = items1(l1)
    b = items2(l2)
    i = 0
    while i < n1 and i < n2:
        c = cmp(a[i], b[i])
        if c != 0:
            return c
        i += 1
    return n1 - n2


def ll_listeq(l1, l2, eq, len1, items1, len2, items2):
    if not l1 or not l2:
        return not l1 and not l2
    n = len1(l1)
    if len2(l2) != n:
        return False
    a = items1(l1)
    b = items2(l2)
    i = 0
    while i < n:
        if not eq(a[i], b[i]):
            return False
        i += 1
    return True


def ll_split(newlist, getitems, s, sep):
    n = len(s.chars)
    m = len(sep.chars)
    if m == 0:
        raise ValueError
    count = 1
    start = 0
    while True:
        i = rstr.ll_find(s, sep, start, n)
        if i < 0:
            break
        count += 1
        start = i + m
    result = newlist(count)
    items = getitems(result)
    k = 0
    start = 0
    while True:
        i = rstr.ll_find(s, sep, start, n)
        if i < 0:
            break
        items[k] = rstr.ll_strslice(s, start, i)
        k += 1
        start = i + m
    items[k] = rstr.ll_strslice(s, start, n)
    return result


def ll_split_max(newlist, getitems, s, sep, maxsplit):
    """s.split(sep, maxsplit); a negative maxsplit means no limit."""
    n = len(s.chars)
    m = len(sep.chars)
    if m == 0:
        raise ValueError
    count = 1
    start = 0
    while maxsplit < 0 or count <= maxsplit:
        i = rstr.ll_find(s, sep, start, n)
        if i < 0:
            break
        count += 1
        start = i + m
    result = newlist(count)
    items = getitems(result)
    k = 0
    start = 0
    while k < count - 1:
        i = rstr.ll_find(s, sep, start, n)
        items[k] = rstr.ll_strslice(s, start, i)
        k += 1
        start = i + m
    items[k] = rstr.ll_strslice(s, start, n)
    return result


def ll_rsplit_max(newlist, getitems, s, sep, maxsplit):
    """s.rsplit(sep, maxsplit): the splits are made from the right."""
    n = len(s.chars)
    m = len(sep.chars)
    if m == 0:
        raise ValueError
    count = 1
    end = n
    while maxsplit < 0 or count <= maxsplit:
        i = rstr.ll_rfind(s, sep, 0, end)
        if i < 0:
            break
        count += 1
        end = i
    result = newlist(count)
    items = getitems(result)
    k = count - 1
    end = n
    while k > 0:
        i = rstr.ll_rfind(s, sep, 0, end)
        items[k] = rstr.ll_strslice(s, i + m, end)
        k -= 1
        end = i
    items[0] = rstr.ll_strslice(s, 0, end)
    return result


def _ll_is_line_break(c, unicode):
    code = ord(c)
    if code == 10 or code == 13:
        return True
    if not unicode:
        return False
    # str.splitlines() also breaks at \v \f \x1c-\x1e \x85 \u2028 \u2029
    return (
        code == 11
        or code == 12
        or (28 <= code <= 30)
        or code == 0x85
        or code == 0x2028
        or code == 0x2029
    )


def _ll_next_line(s, i, n, unicode):
    """(end of the line starting at i, start of the next line)."""
    j = i
    while j < n and not _ll_is_line_break(s.chars[j], unicode):
        j += 1
    if j >= n:
        return j, n
    if ord(s.chars[j]) == 13 and j + 1 < n and ord(s.chars[j + 1]) == 10:
        return j, j + 2
    return j, j + 1


def ll_splitlines(newlist, getitems, s, keepends, unicode):
    n = len(s.chars)
    count = 0
    i = 0
    while i < n:
        i = _ll_next_line(s, i, n, unicode)[1]
        count += 1
    result = newlist(count)
    items = getitems(result)
    k = 0
    i = 0
    while i < n:
        end, nxt = _ll_next_line(s, i, n, unicode)
        if keepends:
            end = nxt
        items[k] = rstr.ll_strslice(s, i, end)
        k += 1
        i = nxt
    return result


def ll_split_whitespace(newlist, getitems, s):
    n = len(s.chars)
    count = 0
    i = 0
    while True:
        while i < n and rstr._ll_isspace(s.chars[i]):
            i += 1
        if i >= n:
            break
        while i < n and not rstr._ll_isspace(s.chars[i]):
            i += 1
        count += 1
    result = newlist(count)
    items = getitems(result)
    k = 0
    i = 0
    while True:
        while i < n and rstr._ll_isspace(s.chars[i]):
            i += 1
        if i >= n:
            break
        j = i
        while j < n and not rstr._ll_isspace(s.chars[j]):
            j += 1
        items[k] = rstr.ll_strslice(s, i, j)
        k += 1
        i = j
    return result


def _ll_ws_piece_end(s, i, n, maxsplit, count):
    if 0 <= maxsplit <= count:
        return n
    j = i
    while j < n and not rstr._ll_isspace(s.chars[j]):
        j += 1
    return j


def ll_split_whitespace_max(newlist, getitems, s, maxsplit):
    """s.split(None, maxsplit): the last piece keeps its trailing spaces."""
    n = len(s.chars)
    count = 0
    i = 0
    while True:
        while i < n and rstr._ll_isspace(s.chars[i]):
            i += 1
        if i >= n:
            break
        i = _ll_ws_piece_end(s, i, n, maxsplit, count)
        count += 1
    result = newlist(count)
    items = getitems(result)
    count = 0
    i = 0
    while True:
        while i < n and rstr._ll_isspace(s.chars[i]):
            i += 1
        if i >= n:
            break
        j = _ll_ws_piece_end(s, i, n, maxsplit, count)
        items[count] = rstr.ll_strslice(s, i, j)
        count += 1
        i = j
    return result


def _ll_ws_piece_start(s, j, maxsplit, count):
    if 0 <= maxsplit <= count:
        return 0
    i = j
    while i > 0 and not rstr._ll_isspace(s.chars[i - 1]):
        i -= 1
    return i


def ll_rsplit_whitespace_max(newlist, getitems, s, maxsplit):
    """s.rsplit(None, maxsplit): the first piece keeps its leading spaces."""
    count = 0
    j = len(s.chars)
    while True:
        while j > 0 and rstr._ll_isspace(s.chars[j - 1]):
            j -= 1
        if j <= 0:
            break
        j = _ll_ws_piece_start(s, j, maxsplit, count)
        count += 1
    total = count
    result = newlist(total)
    items = getitems(result)
    count = 0
    j = len(s.chars)
    while True:
        while j > 0 and rstr._ll_isspace(s.chars[j - 1]):
            j -= 1
        if j <= 0:
            break
        i = _ll_ws_piece_start(s, j, maxsplit, count)
        items[total - 1 - count] = rstr.ll_strslice(s, i, j)
        count += 1
        j = i
    return result


# ____________________________________________________________
# operations


def rtype_newlist(hop):
    r_list = hop.r_result
    if not isinstance(r_list, AbstractListRepr):
        raise TyperError("newlist gives %r" % (r_list,))
    r_list.setup()
    nb = hop.nb_args
    v_result = hop.gendirectcall(r_list.ll_newlist, inputconst(Signed, nb))
    if nb == 0:
        return v_result
    v_items = r_list.get_items_array(v_result, hop.llops)
    for i in range(nb):
        v_item = hop.inputarg(r_list.item_repr, arg=i)
        hop.genop("setarrayitem", [v_items, inputconst(Signed, i), v_item])
    return v_result


class __extend__(pairtype(AbstractListRepr, IntegerRepr)):
    def rtype_getitem(pair_reprs, hop):
        r_lst, r_int = pair_reprs
        v_lst, v_index = hop.inputargs(r_lst, Signed)
        hop.has_implicit_exception(IndexError)
        hop.exception_is_here()
        v = hop.gendirectcall(
            ll_getitem, v_lst, v_index, r_lst._c_len(), r_lst._c_items()
        )
        return hop.llops.convertvar(v, r_lst.item_repr, hop.r_result)

    rtype_getitem_idx = rtype_getitem

    def rtype_setitem(pair_reprs, hop):
        r_lst, r_int = pair_reprs
        v_lst, v_index, v_item = hop.inputargs(r_lst, Signed, r_lst.item_repr)
        hop.has_implicit_exception(IndexError)
        hop.exception_is_here()
        hop.gendirectcall(
            ll_setitem, v_lst, v_index, v_item, r_lst._c_len(), r_lst._c_items()
        )

    def rtype_delitem(pair_reprs, hop):
        r_lst, r_int = pair_reprs
        if not isinstance(r_lst, ListRepr):
            raise TyperError("del on a fixed-size list")
        v_lst, v_index = hop.inputargs(r_lst, Signed)
        hop.has_implicit_exception(IndexError)
        hop.exception_is_here()
        hop.gendirectcall(ll_delitem, v_lst, v_index)

    def rtype_mul(pair_reprs, hop):
        r_lst, r_int = pair_reprs
        v_lst, v_times = hop.inputargs(r_lst, Signed)
        r_res = hop.r_result
        hop.exception_cannot_occur()
        r_res.setup()
        if r_lst.item_repr.lowleveltype != r_res.item_repr.lowleveltype:
            if r_lst.item_repr.lowleveltype is not Void:
                raise TyperError("list multiplication from %r to %r" % (r_lst, r_res))
            # [None] * n: n null items of the result's item type
            c_null = inputconst(r_res.item_repr, None)
            v_len = hop.gendirectcall(r_lst.ll_len, v_lst)
            v_count = hop.genop("int_mul", [v_len, v_times], resulttype=Signed)
            return hop.gendirectcall(
                ll_alloc_and_set, inputconst(Void, r_res.ll_newlist),
                inputconst(Void, r_res.ll_items), v_count, c_null,
            )  # fmt: skip
        T = r_res.item_repr.lowleveltype
        if _is_zero_item_list(hop, r_lst, T):
            # [0] * n, [None] * n...: the new list's items are already
            # zero (GC allocations are zero-filled), no store loop needed
            v_len = hop.gendirectcall(r_lst.ll_len, v_lst)
            v_count = hop.genop("int_mul", [v_len, v_times], resulttype=Signed)
            return hop.gendirectcall(
                ll_alloc_zeroed, inputconst(Void, r_res.ll_newlist), v_count
            )
        return hop.gendirectcall(
            ll_mul, v_lst, v_times, inputconst(Void, r_res.ll_newlist),
            inputconst(Void, r_res.ll_items), r_lst._c_len(), r_lst._c_items(),
        )  # fmt: skip

    rtype_inplace_mul = rtype_mul


class __extend__(pairtype(AbstractListRepr, Repr)):
    def rtype_contains(pair_reprs, hop):
        r_lst = pair_reprs[0]
        v_lst, v_item = hop.inputargs(r_lst, r_lst.item_repr)
        hop.exception_cannot_occur()
        c_eq = inputconst(Void, r_lst.get_eqfunc())
        return hop.gendirectcall(
            ll_listcontains, v_lst, v_item, c_eq, r_lst._c_len(), r_lst._c_items()
        )


class __extend__(pairtype(AbstractListRepr, AbstractListRepr)):
    def convert_from_to(pair_reprs, v, llops):
        r_from, r_to = pair_reprs
        if r_from.lowleveltype == r_to.lowleveltype:
            return v
        return NotImplemented

    def rtype_add(pair_reprs, hop):
        r1, r2 = pair_reprs
        v1, v2 = hop.inputargs(r1, r2)
        r_res = hop.r_result
        hop.exception_cannot_occur()
        return hop.gendirectcall(
            ll_concat, v1, v2, inputconst(Void, r_res.ll_newlist),
            inputconst(Void, r_res.ll_items), r1._c_len(), r1._c_items_for(r_res),
            r2._c_len(), r2._c_items_for(r_res),
        )  # fmt: skip

    def rtype_inplace_add(pair_reprs, hop):
        r1, r2 = pair_reprs
        if not isinstance(r1, ListRepr):
            return pair_reprs.rtype_add(hop)
        v1, v2 = hop.inputargs(r1, r2)
        hop.gendirectcall(ll_extend, v1, v2, r2._c_len(), r2._c_items_for(r1))
        return v1

    def rtype_eq(pair_reprs, hop):
        r1, r2 = pair_reprs
        v1, v2 = hop.inputargs(r1, r2)
        c_eq = inputconst(Void, r1.get_eqfunc())
        return hop.gendirectcall(
            ll_listeq, v1, v2, c_eq, r1._c_len(), r1._c_items(), r2._c_len(),
            r2._c_items(),
        )  # fmt: skip

    def rtype_ne(pair_reprs, hop):
        v = pair_reprs.rtype_eq(hop)
        return hop.genop("bool_not", [v], resulttype=Bool)

    def _cmp(pair_reprs, hop, opname):
        r1, r2 = pair_reprs
        v1, v2 = hop.inputargs(r1, r2)
        c_cmp = inputconst(Void, item_cmp_function(r1.item_repr))
        hop.exception_cannot_occur()
        v = hop.gendirectcall(
            ll_listcmp, v1, v2, c_cmp, r1._c_len(), r1._c_items(), r2._c_len(),
            r2._c_items(),
        )  # fmt: skip
        return hop.genop(opname, [v, inputconst(Signed, 0)], resulttype=Bool)

    def rtype_lt(pair_reprs, hop):
        return pair_reprs._cmp(hop, "int_lt")

    def rtype_le(pair_reprs, hop):
        return pair_reprs._cmp(hop, "int_le")

    def rtype_gt(pair_reprs, hop):
        return pair_reprs._cmp(hop, "int_gt")

    def rtype_ge(pair_reprs, hop):
        return pair_reprs._cmp(hop, "int_ge")

    def rtype_is_(pair_reprs, hop):
        r1, r2 = pair_reprs
        v1, v2 = hop.inputargs(r1, r1)
        return hop.genop("ptr_eq", [v1, v2], resulttype=Bool)


# ____________________________________________________________
# iteration


class ListIteratorRepr(IteratorRepr):
    def __init__(self, r_list, reverse=False, enumerate=False):
        self.r_list = r_list
        self.reverse = reverse
        self.enumerate = enumerate
        self.lowleveltype = Ptr(
            GcStruct("listiter", ("list", r_list.lowleveltype), ("index", Signed))
        )

    def newiter(self, hop):
        (v_lst,) = hop.inputargs(self.r_list)
        citer = inputconst(Void, self.lowleveltype.TO)
        if self.reverse:
            return hop.gendirectcall(
                ll_listiter_reversed, citer, v_lst, self.r_list._c_len()
            )
        return hop.gendirectcall(ll_listiter, citer, v_lst)

    def rtype_next(self, hop):
        (v_iter,) = hop.inputargs(self)
        hop.has_implicit_exception(StopIteration)
        hop.exception_is_here()
        r = self.r_list
        if self.reverse:
            v = hop.gendirectcall(ll_listnext_reversed, v_iter, r._c_items())
            return hop.llops.convertvar(v, r.item_repr, hop.r_result)
        if self.enumerate:
            from rpython.rtyper.rtuple import newtuple

            v_index = hop.gendirectcall(ll_listnext_index, v_iter, r._c_len())
            v_items = hop.gendirectcall(ll_listiter_items, v_iter, r._c_items())
            v_item = hop.genop(
                "getarrayitem", [v_items, v_index], resulttype=r.item_repr
            )
            r_res = hop.r_result
            return newtuple(hop.llops, r_res, [
                hop.llops.convertvar(v_index, hop.rtyper.getrepr(annmodel.SomeInteger()),
                                     r_res.items_r[0]),
                hop.llops.convertvar(v_item, r.item_repr, r_res.items_r[1]),
            ])  # fmt: skip
        v = hop.gendirectcall(ll_listnext, v_iter, r._c_len(), r._c_items())
        return hop.llops.convertvar(v, r.item_repr, hop.r_result)


def ll_listiter(ITER, lst):
    it = malloc(ITER)
    it.list = lst
    it.index = 0
    return it


def ll_listiter_reversed(ITER, lst, length):
    it = malloc(ITER)
    it.list = lst
    it.index = length(lst) - 1
    return it


def ll_listnext(it, length, getitems):
    lst = it.list
    index = it.index
    if index >= length(lst):
        raise StopIteration
    it.index = index + 1
    return getitems(lst)[index]


def ll_listnext_index(it, length):
    index = it.index
    if index >= length(it.list):
        raise StopIteration
    it.index = index + 1
    return index


def ll_listiter_items(it, getitems):
    return getitems(it.list)


def ll_listnext_reversed(it, getitems):
    index = it.index
    if index < 0:
        raise StopIteration
    it.index = index - 1
    return getitems(it.list)[index]


class __extend__(annmodel.SomeIterator):
    def rtyper_makerepr(self, rtyper):
        r_container = rtyper.getrepr(self.s_container)
        return r_container.make_iterator_repr(*self.variant)

    def rtyper_makekey(self):
        return self.__class__, self.s_container.rtyper_makekey(), self.variant
