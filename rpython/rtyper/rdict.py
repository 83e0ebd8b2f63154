# ruff: noqa: F811  (each `class __extend__` adds rules to a class or pairtype)
"""Dicts: insertion-ordered hash tables (the layout of CPython 3.6+).

    ENTRY = Struct(('key', K), ('value', V), ('hash', Signed), ('live', Bool))
    DICT  = GcStruct('dict', ('num_live', Signed), ('num_used', Signed),
                     ('entries', Ptr(GcArray(ENTRY))),
                     ('indexes', Ptr(GcArray(Signed))))

`entries` keeps the items in insertion order (deleted ones are marked not
live and squeezed out when the table is rebuilt); `indexes` is an
open-addressing table (size a power of two, perturbed probing as in
CPython) of positions in `entries`, FREE (-1) or DELETED (-2).  The key
comparison and hash functions are passed to the helpers as constants: the
key repr's own ll functions, or for r_dict the user's functions as function
pointers.  Iteration order is insertion order, and mutating a dict while
iterating over it raises RuntimeError as in Python.
"""

from rpython.annotator import model as annmodel
from rpython.annotator.pairtype import pairtype
from rpython.rtyper.error import TyperError
from rpython.rtyper.lltypesystem import lltype
from rpython.rtyper.lltypesystem.lltype import (
    Bool,
    GcArray,
    GcStruct,
    Ptr,
    Signed,
    Struct,
    Void,
    malloc,
)
from rpython.rtyper.rmodel import CanBeNull, IteratorRepr, Repr, inputconst
from rpython.rtyper.rtuple import item_eq_function

FREE = -1
DELETED = -2
INDEXES = GcArray(Signed)


class __extend__(annmodel.SomeDict):
    def rtyper_makerepr(self, rtyper):
        return DictRepr(rtyper, self.dictdef)

    def rtyper_makekey(self):
        return self.__class__, id(self.dictdef.dictkey), id(self.dictdef.dictvalue)


class DictRepr(CanBeNull, Repr):
    def __init__(self, rtyper, dictdef):
        self.rtyper = rtyper
        self.dictdef = dictdef
        self.DICT = lltype.GcForwardReference()
        self.lowleveltype = Ptr(self.DICT)

    def _setup_repr(self):
        rtyper = self.rtyper
        s_key = self.dictdef.dictkey.s_value
        s_value = self.dictdef.dictvalue.s_value
        if isinstance(s_key, annmodel.SomeImpossibleValue):
            s_key = annmodel.s_None
        if isinstance(s_value, annmodel.SomeImpossibleValue):
            s_value = annmodel.s_None
        self.key_repr = rtyper.getrepr(s_key)
        self.value_repr = rtyper.getrepr(s_value)
        KEY = self.key_repr.lowleveltype
        VALUE = self.value_repr.lowleveltype
        self.ENTRY = Struct(
            "dictentry",
            ("key", KEY),
            ("value", VALUE),
            ("hash", Signed),
            ("live", Bool),
        )
        self.ENTRIES = GcArray(self.ENTRY)
        self.DICT.become(
            GcStruct(
                "dict",
                ("num_live", Signed),
                ("num_used", Signed),
                ("entries", Ptr(self.ENTRIES)),
                ("indexes", Ptr(INDEXES)),
            )
        )
        if self.dictdef.is_r_dict:
            self._setup_rdict_functions()
        else:
            self.eqfn = item_eq_function(self.key_repr)
            hashfn = self.key_repr.get_ll_hash_function()
            if hashfn is None:
                raise TyperError("dict keys of %r are not hashable" % (self.key_repr,))
            self.hashfn = hashfn
            self.c_eq = inputconst(Void, self.eqfn)
            self.c_hash = inputconst(Void, self.hashfn)

    def _setup_rdict_functions(self):
        # the user's key_eq / key_hash, called through function pointers
        rtyper = self.rtyper
        consts = []
        s_key = self.dictdef.dictkey.s_value
        for nargs, s_fn in ((2, self.dictdef.s_rdict_eqfn),
                            (1, self.dictdef.s_rdict_hashfn)):  # fmt: skip
            if not s_fn.is_constant():
                raise TyperError("r_dict() needs constant functions")
            func = s_fn.const
            desc = rtyper.annotator.bookkeeper.getdesc(func)
            if len(desc._cache) == 1:
                graph = desc.getuniquegraph()
            else:
                # not annotated as a call yet: do it now, with the key type
                graph = rtyper.annotator.annotate_helper(
                    func, [s_key] * nargs, policy=rtyper.annotator.policy
                )
            fptr = rtyper.getcallable(graph)
            consts.append(inputconst(lltype.typeOf(fptr), fptr))
        self.c_eq, self.c_hash = consts

    def convert_const(self, value):
        if value is None:
            return lltype.nullptr(self.DICT)
        cache = self.rtyper.__dict__.setdefault("_dict_consts", {})
        try:
            return cache[id(value)][1]
        except KeyError:
            pass
        self.setup()
        d = ll_newdict(self.DICT)
        cache[id(value)] = (value, d)
        if self.dictdef.is_r_dict:
            raise TyperError("prebuilt r_dict instances are not supported yet")
        for k, v in value.items():
            llk = self.key_repr.convert_const(k)
            llv = self.value_repr.convert_const(v)
            ll_dict_setitem(d, llk, llv, self.eqfn, self.hashfn)
        return d

    def get_ll_eq_function(self):
        return None

    def rtype_len(self, hop):
        (v,) = hop.inputargs(self)
        hop.exception_cannot_occur()
        return hop.gendirectcall(ll_dict_len, v)

    def rtype_bool(self, hop):
        (v,) = hop.inputargs(self)
        return hop.gendirectcall(ll_dict_is_true, v)

    def rtype_str(self, hop):
        from rpython.rtyper.rlist import _item_str_function

        from rpython.rtyper.rstr import string_repr

        (v,) = hop.inputargs(self)
        if self.key_repr.lowleveltype is Void:
            hop.exception_cannot_occur()
            return inputconst(string_repr, "{}")  # keys never seen: empty
        if self.value_repr.lowleveltype is Void:
            raise TyperError("str() of %r is not supported" % (self,))
        c_key_str = inputconst(Void, _item_str_function(self.rtyper, self.key_repr))
        c_value_str = inputconst(Void, _item_str_function(self.rtyper, self.value_repr))
        hop.exception_cannot_occur()
        return hop.gendirectcall(ll_dict_str, v, c_key_str, c_value_str)

    rtype_repr = rtype_str

    def make_iterator_repr(self, *variant):
        kind = variant[0] if variant else "keys"
        return DictIteratorRepr(self, kind)

    def rtype_bltn_list(self, hop):
        (v_d,) = hop.inputargs(self)
        return dict_to_list(hop, self, v_d, "keys")

    def rtype_method_get(self, hop):
        v_d, v_key = (
            hop.inputargs(self, self.key_repr)[:2]
            if hop.nb_args == 2
            else (hop.inputargs(self, self.key_repr, self.value_repr)[:2])
        )
        if hop.nb_args == 3:
            v_default = hop.inputarg(self.value_repr, arg=2)
        else:
            v_default = inputconst(self.value_repr, None)
        hop.exception_cannot_occur()
        v = hop.gendirectcall(
            ll_dict_get, v_d, v_key, v_default, self.c_eq, self.c_hash
        )
        return hop.llops.convertvar(v, self.value_repr, hop.r_result)

    def rtype_method_setdefault(self, hop):
        v_d, v_key, v_default = hop.inputargs(self, self.key_repr, self.value_repr)
        hop.exception_cannot_occur()
        v = hop.gendirectcall(
            ll_dict_setdefault, v_d, v_key, v_default, self.c_eq, self.c_hash
        )
        return hop.llops.convertvar(v, self.value_repr, hop.r_result)

    def rtype_method_pop(self, hop):
        if hop.nb_args == 3:
            v_d, v_key, v_default = hop.inputargs(self, self.key_repr, self.value_repr)
            hop.exception_cannot_occur()
            v = hop.gendirectcall(
                ll_dict_pop_default, v_d, v_key, v_default, self.c_eq, self.c_hash
            )
        else:
            v_d, v_key = hop.inputargs(self, self.key_repr)
            hop.has_implicit_exception(KeyError)
            hop.exception_is_here()
            v = hop.gendirectcall(ll_dict_pop, v_d, v_key, self.c_eq, self.c_hash)
        return hop.llops.convertvar(v, self.value_repr, hop.r_result)

    def rtype_method_clear(self, hop):
        (v_d,) = hop.inputargs(self)
        hop.exception_cannot_occur()
        hop.gendirectcall(ll_dict_clear, v_d)

    def rtype_method_copy(self, hop):
        (v_d,) = hop.inputargs(self)
        hop.exception_cannot_occur()
        return hop.gendirectcall(ll_dict_copy, v_d)

    def rtype_method_update(self, hop):
        v_d, v_other = hop.inputargs(self, self)
        hop.exception_cannot_occur()
        hop.gendirectcall(ll_dict_update, v_d, v_other, self.c_eq, self.c_hash)

    def _iter_method(self, hop, kind):
        (v_d,) = hop.inputargs(self)
        hop.exception_cannot_occur()
        r_iter = hop.r_result
        if not isinstance(r_iter, DictIteratorRepr):
            raise TyperError("dict.%s() used as %r" % (kind, r_iter))
        return r_iter.make_iter(hop.llops, v_d)

    def rtype_method_keys(self, hop):
        return self._iter_method(hop, "keys")

    def rtype_method_values(self, hop):
        return self._iter_method(hop, "values")

    def rtype_method_items(self, hop):
        return self._iter_method(hop, "items")


class __extend__(pairtype(DictRepr, Repr)):
    def rtype_getitem(pair_reprs, hop):
        r_dict = pair_reprs[0]
        v_d, v_key = hop.inputargs(r_dict, r_dict.key_repr)
        hop.has_implicit_exception(KeyError)
        hop.exception_is_here()
        v = hop.gendirectcall(ll_dict_getitem, v_d, v_key, r_dict.c_eq, r_dict.c_hash)
        return hop.llops.convertvar(v, r_dict.value_repr, hop.r_result)

    def rtype_setitem(pair_reprs, hop):
        r_dict = pair_reprs[0]
        v_d, v_key, v_value = hop.inputargs(r_dict, r_dict.key_repr, r_dict.value_repr)
        hop.exception_cannot_occur()
        hop.gendirectcall(
            ll_dict_setitem, v_d, v_key, v_value, r_dict.c_eq, r_dict.c_hash
        )

    def rtype_delitem(pair_reprs, hop):
        r_dict = pair_reprs[0]
        v_d, v_key = hop.inputargs(r_dict, r_dict.key_repr)
        hop.has_implicit_exception(KeyError)
        hop.exception_is_here()
        hop.gendirectcall(ll_dict_delitem, v_d, v_key, r_dict.c_eq, r_dict.c_hash)

    def rtype_contains(pair_reprs, hop):
        r_dict = pair_reprs[0]
        v_d, v_key = hop.inputargs(r_dict, r_dict.key_repr)
        hop.exception_cannot_occur()
        return hop.gendirectcall(
            ll_dict_contains, v_d, v_key, r_dict.c_eq, r_dict.c_hash
        )


class __extend__(pairtype(DictRepr, DictRepr)):
    def convert_from_to(pair_reprs, v, llops):
        r_from, r_to = pair_reprs
        if r_from.lowleveltype == r_to.lowleveltype:
            return v
        return NotImplemented

    def rtype_is_(pair_reprs, hop):
        v1, v2 = hop.inputargs(pair_reprs[0], pair_reprs[0])
        return hop.genop("ptr_eq", [v1, v2], resulttype=Bool)


def rtype_newdict(hop):
    r_dict = hop.r_result
    if not isinstance(r_dict, DictRepr):
        raise TyperError("newdict gives %r" % (r_dict,))
    r_dict.setup()
    hop.exception_cannot_occur()
    c_DICT = inputconst(Void, r_dict.DICT)
    v_d = hop.gendirectcall(ll_newdict, c_DICT)
    # newdict(k1, v1, k2, v2...) for dict displays
    for i in range(0, hop.nb_args, 2):
        v_key = hop.inputarg(r_dict.key_repr, arg=i)
        v_value = hop.inputarg(r_dict.value_repr, arg=i + 1)
        hop.gendirectcall(
            ll_dict_setitem, v_d, v_key, v_value, r_dict.c_eq, r_dict.c_hash
        )
    return v_d


# ____________________________________________________________
# iteration


class DictIteratorRepr(IteratorRepr):
    def __init__(self, r_dict, kind):
        self.r_dict = r_dict
        self.kind = kind
        self.ITER = GcStruct(
            "dictiter",
            ("dict", r_dict.lowleveltype),
            ("index", Signed),
            ("num_used", Signed),
        )
        self.lowleveltype = Ptr(self.ITER)

    def make_iter(self, llops, v_d):
        c_ITER = inputconst(Void, self.ITER)
        return llops.gendirectcall(ll_dictiter, c_ITER, v_d)

    def newiter(self, hop):
        (v_d,) = hop.inputargs(self.r_dict)
        return self.make_iter(hop.llops, v_d)

    def rtype_iter(self, hop):
        (v,) = hop.inputargs(self)
        return v

    def rtype_next(self, hop):
        (v_iter,) = hop.inputargs(self)
        hop.has_implicit_exception(StopIteration)
        hop.has_implicit_exception(RuntimeError)
        hop.exception_is_here()
        v_index = hop.gendirectcall(ll_dictnext, v_iter)
        r_dict = self.r_dict
        v_entries = hop.gendirectcall(ll_dictiter_entries, v_iter)
        ENTRY = r_dict.ENTRY
        v_entry = hop.genop("getarraysubstruct", [v_entries, v_index],
                            resulttype=Ptr(ENTRY))  # fmt: skip
        llops = hop.llops

        def field(name, r):
            v = llops.genop("getfield", [v_entry, inputconst(Void, name)], resulttype=r)
            return v

        if self.kind == "keys":
            v = field("key", r_dict.key_repr)
            return llops.convertvar(v, r_dict.key_repr, hop.r_result)
        if self.kind == "values":
            v = field("value", r_dict.value_repr)
            return llops.convertvar(v, r_dict.value_repr, hop.r_result)
        from rpython.rtyper.rtuple import newtuple

        r_tuple = hop.r_result
        v_key = field("key", r_dict.key_repr)
        v_value = field("value", r_dict.value_repr)
        return newtuple(llops, r_tuple, [
            llops.convertvar(v_key, r_dict.key_repr, r_tuple.items_r[0]),
            llops.convertvar(v_value, r_dict.value_repr, r_tuple.items_r[1]),
        ])  # fmt: skip

    def rtype_len(self, hop):
        v_iter = hop.inputarg(self, arg=0)
        return hop.gendirectcall(ll_dictiter_len, v_iter)

    def rtype_bltn_list(self, hop):
        (v_iter,) = hop.inputargs(self)
        v_d = hop.gendirectcall(ll_dictiter_dict, v_iter)
        return dict_to_list(hop, self.r_dict, v_d, self.kind)


def dict_to_list(hop, r_dict, v_d, kind):
    r_list = hop.r_result
    r_list.setup()
    c_new = inputconst(Void, r_list.ll_newlist)
    c_items = inputconst(Void, r_list.ll_items)
    hop.exception_cannot_occur()
    if kind == "keys":
        return hop.gendirectcall(ll_dict_keys, c_new, c_items, v_d)
    if kind == "values":
        return hop.gendirectcall(ll_dict_values, c_new, c_items, v_d)
    TUPLE = r_list.item_repr.lowleveltype.TO
    return hop.gendirectcall(
        ll_dict_items, c_new, c_items, inputconst(Void, TUPLE), v_d
    )


def ll_dictiter_dict(it):
    return it.dict


def ll_dict_str(d, key_str, value_str):
    """str(d): {k!r: v!r, ...} in insertion order."""
    from rpython.rtyper import rstr
    from rpython.rtyper.annlowlevel import llstr

    n = d.num_live
    parts = malloc(rstr.STRARRAY, n)
    j = 0
    i = 0
    while i < d.num_used:
        entry = d.entries[i]
        if entry.live:
            text = rstr.ll_strconcat(key_str(entry.key), llstr(": "))
            parts[j] = rstr.ll_strconcat(text, value_str(entry.value))
            j += 1
        i += 1
    inner = rstr.ll_join(llstr(", "), parts, n)
    return rstr.ll_strconcat(rstr.ll_strconcat(llstr("{"), inner), llstr("}"))


def ll_dict_keys(newlist, getitems, d):
    result = newlist(d.num_live)
    items = getitems(result)
    j = 0
    i = 0
    while i < d.num_used:
        entry = d.entries[i]
        if entry.live:
            items[j] = entry.key
            j += 1
        i += 1
    return result


def ll_dict_values(newlist, getitems, d):
    result = newlist(d.num_live)
    items = getitems(result)
    j = 0
    i = 0
    while i < d.num_used:
        entry = d.entries[i]
        if entry.live:
            items[j] = entry.value
            j += 1
        i += 1
    return result


def ll_dict_items(newlist, getitems, TUPLE, d):
    result = newlist(d.num_live)
    items = getitems(result)
    j = 0
    i = 0
    while i < d.num_used:
        entry = d.entries[i]
        if entry.live:
            t = malloc(TUPLE)
            t.item0 = entry.key
            t.item1 = entry.value
            items[j] = t
            j += 1
        i += 1
    return result


# ____________________________________________________________
# low-level helpers


def ll_newdict(DICT):
    d = malloc(DICT)
    d.num_live = 0
    d.num_used = 0
    d.entries = malloc(DICT.entries.TO, 8)
    d.indexes = _ll_new_indexes(16)
    return d


def _ll_new_indexes(size):
    indexes = malloc(INDEXES, size)
    i = 0
    while i < size:
        indexes[i] = FREE
        i += 1
    return indexes


def ll_dict_len(d):
    return d.num_live


def ll_dict_is_true(d):
    return bool(d) and d.num_live != 0


def _ll_lookup(d, key, h, eq):
    """The slot in d.indexes for key: where it is, or the first free one."""
    indexes = d.indexes
    mask = len(indexes) - 1
    i = h & mask
    perturb = h
    if perturb < 0:
        perturb = -(perturb + 1)
    freeslot = -1
    entries = d.entries
    while True:
        index = indexes[i]
        if index == FREE:
            if freeslot >= 0:
                return freeslot
            return i
        if index == DELETED:
            if freeslot < 0:
                freeslot = i
        else:
            entry = entries[index]
            if entry.hash == h and eq(entry.key, key):
                return i
        perturb >>= 5
        i = (i * 5 + perturb + 1) & mask


def _ll_find(d, key, eq, hashfn):
    """The entry index of key, or -1."""
    h = hashfn(key)
    slot = _ll_lookup(d, key, h, eq)
    index = d.indexes[slot]
    if index >= 0:
        return index
    return -1


def ll_dict_getitem(d, key, eq, hashfn):
    index = _ll_find(d, key, eq, hashfn)
    if index < 0:
        raise KeyError
    return d.entries[index].value


def ll_dict_get(d, key, default, eq, hashfn):
    index = _ll_find(d, key, eq, hashfn)
    if index < 0:
        return default
    return d.entries[index].value


def ll_dict_contains(d, key, eq, hashfn):
    return _ll_find(d, key, eq, hashfn) >= 0


def ll_dict_setitem(d, key, value, eq, hashfn):
    h = hashfn(key)
    slot = _ll_lookup(d, key, h, eq)
    index = d.indexes[slot]
    if index >= 0:
        d.entries[index].value = value
        return
    if d.num_used >= len(d.entries):
        _ll_resize(d, eq)
        slot = _ll_lookup(d, key, h, eq)
    index = d.num_used
    entry = d.entries[index]
    entry.key = key
    entry.value = value
    entry.hash = h
    entry.live = True
    d.indexes[slot] = index
    d.num_used = index + 1
    d.num_live += 1
    if d.num_used * 3 >= len(d.indexes) * 2:
        _ll_resize(d, eq)


def _ll_resize(d, eq):
    """Compact the live entries and rebuild the index table, growing both."""
    live = d.num_live
    newsize = 8
    while newsize <= live * 2 + 1:
        newsize *= 2
    old = d.entries
    entries = malloc(lltype.typeOf(old).TO, newsize)
    j = 0
    i = 0
    while i < d.num_used:
        entry = old[i]
        if entry.live:
            new = entries[j]
            new.key = entry.key
            new.value = entry.value
            new.hash = entry.hash
            new.live = True
            j += 1
        i += 1
    d.entries = entries
    d.num_used = j
    d.indexes = _ll_new_indexes(newsize * 2)
    indexes = d.indexes
    mask = len(indexes) - 1
    k = 0
    while k < j:
        h = entries[k].hash
        slot = h & mask
        perturb = h
        if perturb < 0:
            perturb = -(perturb + 1)
        while indexes[slot] != FREE:
            perturb >>= 5
            slot = (slot * 5 + perturb + 1) & mask
        indexes[slot] = k
        k += 1


def ll_dict_delitem(d, key, eq, hashfn):
    h = hashfn(key)
    slot = _ll_lookup(d, key, h, eq)
    index = d.indexes[slot]
    if index < 0:
        raise KeyError
    _ll_delete_at(d, slot, index)


def _ll_delete_at(d, slot, index):
    d.indexes[slot] = DELETED
    entry = d.entries[index]
    entry.live = False
    d.num_live -= 1


def ll_dict_pop(d, key, eq, hashfn):
    h = hashfn(key)
    slot = _ll_lookup(d, key, h, eq)
    index = d.indexes[slot]
    if index < 0:
        raise KeyError
    value = d.entries[index].value
    _ll_delete_at(d, slot, index)
    return value


def ll_dict_pop_default(d, key, default, eq, hashfn):
    h = hashfn(key)
    slot = _ll_lookup(d, key, h, eq)
    index = d.indexes[slot]
    if index < 0:
        return default
    value = d.entries[index].value
    _ll_delete_at(d, slot, index)
    return value


def ll_dict_setdefault(d, key, default, eq, hashfn):
    index = _ll_find(d, key, eq, hashfn)
    if index >= 0:
        return d.entries[index].value
    ll_dict_setitem(d, key, default, eq, hashfn)
    return default


def ll_dict_clear(d):
    d.num_live = 0
    d.num_used = 0
    d.entries = malloc(lltype.typeOf(d.entries).TO, 8)
    d.indexes = _ll_new_indexes(16)


def ll_dict_copy(d):
    new = malloc(lltype.typeOf(d).TO)
    n = len(d.entries)
    new.entries = malloc(lltype.typeOf(d.entries).TO, n)
    i = 0
    while i < d.num_used:
        src = d.entries[i]
        dst = new.entries[i]
        dst.key = src.key
        dst.value = src.value
        dst.hash = src.hash
        dst.live = src.live
        i += 1
    m = len(d.indexes)
    new.indexes = malloc(INDEXES, m)
    j = 0
    while j < m:
        new.indexes[j] = d.indexes[j]
        j += 1
    new.num_used = d.num_used
    new.num_live = d.num_live
    return new


def ll_dict_update(d, other, eq, hashfn):
    i = 0
    while i < other.num_used:
        entry = other.entries[i]
        if entry.live:
            ll_dict_setitem(d, entry.key, entry.value, eq, hashfn)
        i += 1


def ll_dictiter(ITER, d):
    it = malloc(ITER)
    it.dict = d
    it.index = 0
    it.num_used = d.num_used
    return it


def ll_dictnext(it):
    """The entry index of the next live entry."""
    d = it.dict
    entries = d.entries
    index = it.index
    n = d.num_used
    if n != it.num_used:
        raise RuntimeError  # the dict changed size during iteration
    while index < n:
        if entries[index].live:
            it.index = index + 1
            return index
        index += 1
    it.index = index
    raise StopIteration


def ll_dictiter_entries(it):
    return it.dict.entries


def ll_dictiter_len(it):
    return it.dict.num_live
