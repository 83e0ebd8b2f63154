# ruff: noqa: F811  (each `class __extend__` adds rules to a class or pairtype)
"""Tuples: immutable GcStructs with one field per item (item0, item1...).

The empty tuple is Void.  Indexing needs a constant index (items may have
different types); comparisons and hashing are generated per tuple type from
the item reprs' own low-level functions.
"""

from rpython.annotator import model as annmodel
from rpython.annotator.pairtype import pairtype
from rpython.rlib import objectmodel
from rpython.rlib.rarithmetic import intmask, r_uint
from rpython.rtyper.error import TyperError
from rpython.rtyper.lltypesystem import lltype
from rpython.rtyper.lltypesystem.lltype import Bool, GcStruct, Ptr, Signed, Void
from rpython.rtyper.rint import IntegerRepr
from rpython.rtyper.rmodel import Repr, inputconst


class __extend__(annmodel.SomeTuple):
    def rtyper_makerepr(self, rtyper):
        return TupleRepr(rtyper, [rtyper.getrepr(s) for s in self.items])

    def rtyper_makekey(self):
        return (self.__class__,) + tuple(s.rtyper_makekey() for s in self.items)


_tuple_types = {}


def tuple_type(field_lltypes):
    key = tuple(field_lltypes)
    try:
        return _tuple_types[key]
    except KeyError:
        pass
    fields = [("item%d" % i, T) for i, T in enumerate(field_lltypes)]
    name = "tuple%d" % len(fields)
    T = _tuple_types[key] = GcStruct(name, *fields, hints={"immutable": True})
    return T


class TupleRepr(Repr):
    def __init__(self, rtyper, items_r):
        self.rtyper = rtyper
        self.items_r = list(items_r)
        self.fieldnames = ["item%d" % i for i in range(len(items_r))]
        self.lltypes = [r.lowleveltype for r in items_r]
        if items_r:
            self.TUPLE = tuple_type(self.lltypes)
            self.lowleveltype = Ptr(self.TUPLE)
        else:
            self.TUPLE = None
            self.lowleveltype = Void

    def __repr__(self):
        return "<TupleRepr %s>" % (", ".join(repr(r) for r in self.items_r),)

    def convert_const(self, value):
        if not isinstance(value, tuple) or len(value) != len(self.items_r):
            raise TyperError("expected a %d-tuple, got %r" % (len(self.items_r), value))
        if self.TUPLE is None:
            return None
        p = lltype.malloc(self.TUPLE)
        for name, r, item in zip(self.fieldnames, self.items_r, value):
            if r.lowleveltype is not Void:
                setattr(p, name, r.convert_const(item))
        return p

    def getitem_internal(self, llops, v_tuple, index):
        r_item = self.items_r[index]
        if r_item.lowleveltype is Void:
            return inputconst(Void, None)
        cname = inputconst(Void, self.fieldnames[index])
        return llops.genop("getfield", [v_tuple, cname], resulttype=r_item)

    def rtype_len(self, hop):
        return hop.inputconst(Signed, len(self.items_r))

    def rtype_bool(self, hop):
        return hop.inputconst(Bool, len(self.items_r) > 0)

    def rtype_hash(self, hop):
        (v,) = hop.inputargs(self)
        return hop.gendirectcall(self.get_ll_hash_function(), v)

    def get_ll_eq_function(self):
        return _gen_eq_function(self)

    def get_ll_hash_function(self):
        return _gen_hash_function(self)

    def get_ll_lt_function(self):
        return _gen_cmp_function(self)

    def make_iterator_repr(self, *variant):
        raise TyperError("iterating over a tuple is only supported for constants")

    def rtype_bltn_list(self, hop):
        """list(t): a new list of the tuple's items."""
        from rpython.rtyper.rlist import AbstractListRepr

        r_list = hop.r_result
        if not isinstance(r_list, AbstractListRepr):
            raise TyperError("list() of %r gives %r" % (self, r_list))
        r_list.setup()
        (v_tuple,) = hop.inputargs(self)
        hop.exception_cannot_occur()
        n = len(self.items_r)
        v_result = hop.gendirectcall(r_list.ll_newlist, inputconst(Signed, n))
        if n == 0:
            return v_result
        v_items = r_list.get_items_array(v_result, hop.llops)
        for i in range(n):
            v_item = self.getitem_internal(hop.llops, v_tuple, i)
            v_item = hop.llops.convertvar(v_item, self.items_r[i], r_list.item_repr)
            hop.genop("setarrayitem", [v_items, inputconst(Signed, i), v_item])
        return v_result

    def rtype_str(self, hop):
        from rpython.rtyper.rstr import _concat_all, _str_of, string_repr

        (v,) = hop.inputargs(self)
        parts = [inputconst(string_repr, "(")]
        for i in range(len(self.items_r)):
            if i:
                parts.append(inputconst(string_repr, ", "))
            v_item = self.getitem_internal(hop.llops, v, i)
            parts.append(_str_of(hop, v_item, self.items_r[i], repr_=True))
        if len(self.items_r) == 1:
            parts.append(inputconst(string_repr, ","))
        parts.append(inputconst(string_repr, ")"))
        return _concat_all(hop.llops, parts)

    rtype_repr = rtype_str


def newtuple(llops, r_tuple, items_v):
    if r_tuple.TUPLE is None:
        return inputconst(Void, ())
    c1 = inputconst(Void, r_tuple.TUPLE)
    cflags = inputconst(Void, {"flavor": "gc"})
    v_result = llops.genop("malloc", [c1, cflags], resulttype=r_tuple.lowleveltype)
    for i, v_item in enumerate(items_v):
        if r_tuple.items_r[i].lowleveltype is Void:
            continue
        cname = inputconst(Void, r_tuple.fieldnames[i])
        llops.genop("setfield", [v_result, cname, v_item])
    return v_result


def rtype_newtuple(hop):
    r_tuple = hop.r_result
    if not isinstance(r_tuple, TupleRepr):
        raise TyperError("newtuple gives %r" % (r_tuple,))
    if hop.s_result.is_constant():
        return inputconst(r_tuple, hop.s_result.const)
    vlist = hop.inputargs(*r_tuple.items_r)
    hop.exception_cannot_occur()
    return newtuple(hop.llops, r_tuple, vlist)


class __extend__(pairtype(TupleRepr, IntegerRepr)):
    def rtype_getitem(pair_reprs, hop):
        r_tup, r_int = pair_reprs
        s_index = hop.args_s[1]
        if not s_index.is_constant():
            raise TyperError("non-constant tuple index")
        index = s_index.const
        if index < 0:
            index += len(r_tup.items_r)
        if not (0 <= index < len(r_tup.items_r)):
            raise TyperError("tuple index out of range: %d" % (s_index.const,))
        hop.exception_cannot_occur()
        v_tuple = hop.inputarg(r_tup, arg=0)
        v = r_tup.getitem_internal(hop.llops, v_tuple, index)
        return hop.llops.convertvar(v, r_tup.items_r[index], hop.r_result)

    rtype_getitem_idx = rtype_getitem


class __extend__(pairtype(TupleRepr, TupleRepr)):
    def convert_from_to(pair_reprs, v, llops):
        r_from, r_to = pair_reprs
        if len(r_from.items_r) != len(r_to.items_r):
            return NotImplemented
        if r_from.lowleveltype == r_to.lowleveltype:
            return v
        items_v = []
        for i in range(len(r_from.items_r)):
            v_item = r_from.getitem_internal(llops, v, i)
            items_v.append(llops.convertvar(v_item, r_from.items_r[i], r_to.items_r[i]))
        return newtuple(llops, r_to, items_v)

    def rtype_add(pair_reprs, hop):
        r1, r2 = pair_reprs
        v1, v2 = hop.inputargs(r1, r2)
        items_v = [
            r1.getitem_internal(hop.llops, v1, i) for i in range(len(r1.items_r))
        ]
        items_v += [
            r2.getitem_internal(hop.llops, v2, i) for i in range(len(r2.items_r))
        ]
        r_res = hop.r_result
        items_v = [
            hop.llops.convertvar(v, r, r_res.items_r[i])
            for i, (v, r) in enumerate(zip(items_v, r1.items_r + r2.items_r))
        ]
        return newtuple(hop.llops, r_res, items_v)

    def _common(pair_reprs, hop):
        r1, r2 = pair_reprs
        r = hop.rtyper.getrepr(annmodel.unionof(hop.args_s[0], hop.args_s[1]))
        return r

    def rtype_eq(pair_reprs, hop):
        r = pair_reprs._common(hop)
        v1, v2 = hop.inputargs(r, r)
        if r.lowleveltype is Void:
            return inputconst(Bool, True)
        return hop.gendirectcall(r.get_ll_eq_function(), v1, v2)

    def rtype_ne(pair_reprs, hop):
        v = pair_reprs.rtype_eq(hop)
        return hop.genop("bool_not", [v], resulttype=Bool)

    def _cmp(pair_reprs, hop, opname):
        r = pair_reprs._common(hop)
        v1, v2 = hop.inputargs(r, r)
        v = hop.gendirectcall(_gen_cmp_function(r), v1, v2)
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
        raise TyperError("'is' between tuples is not RPython")


# ____________________________________________________________
# per-tuple-type helpers built at import-time-like speed with closures over
# constant functions (they are specialized constants for the annotator)

XXPRIME_1 = r_uint(objectmodel._XXPRIME_1)
XXPRIME_2 = r_uint(objectmodel._XXPRIME_2)
XXPRIME_5 = r_uint(objectmodel._XXPRIME_5)
MASK64 = r_uint((1 << 64) - 1)
XXSUFFIX = r_uint(objectmodel._XXPRIME_5) ^ r_uint(3527539)

_eq_cache = {}
_hash_cache = {}
_cmp_cache = {}


def item_eq_function(r):
    """An ll function (a, b) -> bool comparing two values of repr r."""
    fn = r.get_ll_eq_function()
    if fn is None:
        return ll_prim_eq
    return fn


def item_cmp_function(r):
    """An ll function (a, b) -> int (<0, 0, >0) for values of repr r."""
    from rpython.rtyper.rstr import AbstractStringRepr, ll_strcmp

    if isinstance(r, AbstractStringRepr):
        return ll_strcmp
    if isinstance(r, TupleRepr):
        return _gen_cmp_function(r)
    if isinstance(r.lowleveltype, lltype.Primitive):
        return ll_prim_cmp
    from rpython.rtyper.rlist import AbstractListRepr

    if isinstance(r, AbstractListRepr):
        return _gen_list_cmp_function(r)
    raise TyperError("ordering of %r is not supported" % (r,))


_list_cmp_functions = {}


def _gen_list_cmp_function(r_list):
    """Lexicographic comparison of two lists of repr r_list."""
    from rpython.rtyper.rlist import ll_listcmp

    key = r_list.lowleveltype
    if key in _list_cmp_functions:
        return _list_cmp_functions[key]
    r_list.setup()
    item_cmp = item_cmp_function(r_list.item_repr)
    length = r_list.ll_len
    items = r_list.ll_items

    def ll_list_cmp(a, b):
        return ll_listcmp(a, b, item_cmp, length, items, length, items)

    _list_cmp_functions[key] = ll_list_cmp
    return ll_list_cmp


def ll_prim_eq(a, b):
    return a == b


def ll_prim_cmp(a, b):
    if a < b:
        return -1
    if a == b:
        return 0
    return 1


def _field_getters(r_tuple):
    return list(enumerate(r_tuple.fieldnames))


def _gen_eq_function(r_tuple):
    key = r_tuple.lowleveltype
    if key in _eq_cache:
        return _eq_cache[key]
    eqs = [item_eq_function(r) for r in r_tuple.items_r]
    names = r_tuple.fieldnames
    from rpython.rlib.unroll import unrolling_iterable

    items = unrolling_iterable(list(zip(names, eqs)))

    def ll_tuple_eq(t1, t2):
        for name, eq in items:
            if not eq(getattr(t1, name), getattr(t2, name)):
                return False
        return True

    _eq_cache[key] = ll_tuple_eq
    return ll_tuple_eq


def _gen_hash_function(r_tuple):
    key = r_tuple.lowleveltype
    if key in _hash_cache:
        return _hash_cache[key]
    hashes = []
    for r in r_tuple.items_r:
        fn = r.get_ll_hash_function()
        if fn is None:
            raise TyperError("hash() of a tuple containing %r" % (r,))
        hashes.append(fn)
    from rpython.rlib.unroll import unrolling_iterable

    items = unrolling_iterable(list(zip(r_tuple.fieldnames, hashes)))
    count = len(r_tuple.items_r)

    def ll_tuple_hash(t):
        # the same steps as objectmodel._hash_tuple_of_hashes (CPython's)
        acc = XXPRIME_5
        for name, hashfn in items:
            lane = r_uint(hashfn(getattr(t, name)))
            acc += lane * XXPRIME_2
            acc = (acc << 31) | (acc >> 33)
            acc *= XXPRIME_1
        acc += r_uint(count) ^ XXSUFFIX
        if acc == MASK64:
            return 1546275796
        return intmask(acc)

    _hash_cache[key] = ll_tuple_hash
    return ll_tuple_hash


def _gen_cmp_function(r_tuple):
    key = r_tuple.lowleveltype
    if key in _cmp_cache:
        return _cmp_cache[key]
    cmps = [item_cmp_function(r) for r in r_tuple.items_r]
    from rpython.rlib.unroll import unrolling_iterable

    items = unrolling_iterable(list(zip(r_tuple.fieldnames, cmps)))

    def ll_tuple_cmp(t1, t2):
        for name, cmp in items:
            c = cmp(getattr(t1, name), getattr(t2, name))
            if c != 0:
                return c
        return 0

    _cmp_cache[key] = ll_tuple_cmp
    return ll_tuple_cmp


class __extend__(pairtype(TupleRepr, Repr)):
    def rtype_contains(pair_reprs, hop):
        """`x in (a, b, c)`: one equality test per item, or-ed together."""
        r_tup, r_x = pair_reprs
        v_tuple = hop.inputarg(r_tup, arg=0)
        llops = hop.llops
        hop.exception_cannot_occur()
        v_result = inputconst(Bool, False)
        for i, r_item in enumerate(r_tup.items_r):
            v_item = r_tup.getitem_internal(llops, v_tuple, i)
            v_x = hop.inputarg(r_item, arg=1)
            eq = item_eq_function(r_item)
            v_eq = llops.gendirectcall(eq, v_item, v_x)
            v1 = llops.genop("cast_bool_to_int", [v_result], resulttype=Signed)
            v2 = llops.genop("cast_bool_to_int", [v_eq], resulttype=Signed)
            v3 = llops.genop("int_or", [v1, v2], resulttype=Signed)
            v_result = llops.genop("int_is_true", [v3], resulttype=Bool)
        return v_result


# ____________________________________________________________
# iterating over a tuple whose items all have the same low-level type (e.g.
# *args): the items are copied into a fixed-size array which is iterated


class TupleIteratorRepr(Repr):
    def __init__(self, r_tuple):
        from rpython.rtyper.lltypesystem.lltype import GcArray

        self.r_tuple = r_tuple
        if r_tuple.items_r:
            self.item_repr = r_tuple.items_r[0]
        else:
            from rpython.rtyper.rnone import none_repr

            self.item_repr = none_repr
        self.ARRAY = GcArray(self.item_repr.lowleveltype)
        self.ITER = GcStruct("tupleiter", ("items", Ptr(self.ARRAY)), ("index", Signed))
        self.lowleveltype = Ptr(self.ITER)

    def newiter(self, hop):
        (v_tup,) = hop.inputargs(self.r_tuple)
        llops = hop.llops
        n = len(self.r_tuple.items_r)
        c_array = inputconst(Void, self.ARRAY)
        cflags = inputconst(Void, {"flavor": "gc"})
        v_arr = llops.genop("malloc_varsize", [c_array, cflags, inputconst(Signed, n)],
                            resulttype=Ptr(self.ARRAY))  # fmt: skip
        for i in range(n):
            v_item = self.r_tuple.getitem_internal(llops, v_tup, i)
            if self.item_repr.lowleveltype is not Void:
                llops.genop("setarrayitem", [v_arr, inputconst(Signed, i), v_item])
        return llops.gendirectcall(ll_tupleiter, inputconst(Void, self.ITER), v_arr)

    def rtype_iter(self, hop):
        (v,) = hop.inputargs(self)
        return v

    def rtype_next(self, hop):
        (v_iter,) = hop.inputargs(self)
        hop.has_implicit_exception(StopIteration)
        hop.exception_is_here()
        v = hop.gendirectcall(ll_tuplenext, v_iter)
        return hop.llops.convertvar(v, self.item_repr, hop.r_result)


def ll_tupleiter(ITER, items):
    it = lltype.malloc(ITER)
    it.items = items
    it.index = 0
    return it


def ll_tuplenext(it):
    index = it.index
    if index >= len(it.items):
        raise StopIteration
    it.index = index + 1
    return it.items[index]


def _tuple_make_iterator_repr(self, *variant):
    if variant and variant != ("tuple",):
        raise TyperError("iterating over a tuple with %r" % (variant,))
    lltypes = {r.lowleveltype for r in self.items_r}
    if len(lltypes) > 1:
        raise TyperError("iterating over a tuple of different types: %r" % (self,))
    return TupleIteratorRepr(self)


TupleRepr.make_iterator_repr = _tuple_make_iterator_repr
