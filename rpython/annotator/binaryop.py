# ruff: noqa: F811  (each `class __extend__` adds rules to a pairtype)
"""Annotation rules for binary operations: `pair(s1, s2).add()` etc.

Integers: int op int -> int (unsigned if either is); `/` gives float; int
and float mix in arithmetic (the result is float) but never unify.  Text
and bytes support `+`, `*` by an int, `%` formatting and comparisons; they
never mix with each other.  Lists and tuples support indexing, `+`,
comparisons; dicts indexing by key.
"""

from rpython.annotator.model import (
    AnnotatorError,
    SomeBool,
    SomeBytes,
    SomeChar,
    SomeDict,
    SomeFloat,
    SomeInstance,
    SomeInteger,
    SomeList,
    SomeNone,
    SomeObject,
    SomePBC,
    SomeString,
    SomeTuple,
    SomeType,
    s_Bool,
    s_None,
    unionof,
)
from rpython.annotator.pairtype import pairtype


def _bool_result(s1, s2, func):
    s = SomeBool()
    if s1.is_immutable_constant() and s2.is_immutable_constant():
        try:
            s.const = bool(func(s1.const, s2.const))
        except Exception:
            pass
    return s


def _int_result(s1, s2, nonneg=False):
    from rpython.annotator.numbers import union_int_types

    knowntype = union_int_types(s1, s2)
    if knowntype is bool:
        knowntype = int
    return SomeInteger(nonneg=nonneg, knowntype=knowntype)


class __extend__(pairtype(SomeObject, SomeObject)):
    def is_(pair_objs):
        s1, s2 = pair_objs
        s = SomeBool()
        if s1.is_constant() and s2.is_constant():
            s.const = s1.const is s2.const
        elif isinstance(s1, SomeNone) and not s2.can_be_none():
            s.const = False
        elif isinstance(s2, SomeNone) and not s1.can_be_none():
            s.const = False
        return s

    def eq(pair_objs):
        s1, s2 = pair_objs
        return _bool_result(s1, s2, lambda a, b: a == b)

    def ne(pair_objs):
        s1, s2 = pair_objs
        return _bool_result(s1, s2, lambda a, b: a != b)


def _arith(name):
    def op(pair_ints):
        s1, s2 = pair_ints
        return _int_result(
            s1, s2, nonneg=name in ("and_",) and (s1.nonneg or s2.nonneg)
        )

    return op


class __extend__(pairtype(SomeInteger, SomeInteger)):
    for _name in (
        "add",
        "sub",
        "mul",
        "floordiv",
        "mod",
        "lshift",
        "rshift",
        "and_",
        "or_",
        "xor",
        "pow",
        "add_ovf",
        "sub_ovf",
        "mul_ovf",
        "floordiv_ovf",
        "mod_ovf",
        "lshift_ovf",
        "inplace_add",
        "inplace_sub",
        "inplace_mul",
        "inplace_floordiv",
        "inplace_mod",
        "inplace_lshift",
        "inplace_rshift",
        "inplace_and",
        "inplace_or",
        "inplace_xor",
    ):
        locals()[_name] = _arith(_name)
    del _name

    def add(pair_ints):
        s1, s2 = pair_ints
        return _int_result(s1, s2, nonneg=s1.nonneg and s2.nonneg)

    inplace_add = add

    def mul(pair_ints):
        s1, s2 = pair_ints
        return _int_result(s1, s2, nonneg=s1.nonneg and s2.nonneg)

    def floordiv(pair_ints):
        s1, s2 = pair_ints
        return _int_result(s1, s2, nonneg=s1.nonneg and s2.nonneg)

    def mod(pair_ints):
        s1, s2 = pair_ints
        return _int_result(s1, s2, nonneg=s2.nonneg)

    def truediv(pair_ints):
        return SomeFloat()

    inplace_truediv = truediv

    def divmod(pair_ints):
        s1, s2 = pair_ints
        return SomeTuple([_int_result(s1, s2), _int_result(s1, s2)])

    def lt(pair_ints):
        s1, s2 = pair_ints
        return _bool_result(s1, s2, lambda a, b: a < b)

    def le(pair_ints):
        s1, s2 = pair_ints
        return _bool_result(s1, s2, lambda a, b: a <= b)

    def gt(pair_ints):
        s1, s2 = pair_ints
        return _bool_result(s1, s2, lambda a, b: a > b)

    def ge(pair_ints):
        s1, s2 = pair_ints
        return _bool_result(s1, s2, lambda a, b: a >= b)


class __extend__(pairtype(SomeBool, SomeBool)):
    def and_(pair_bools):
        return SomeBool()

    def or_(pair_bools):
        return SomeBool()

    def xor(pair_bools):
        return SomeBool()


def _float_arith(pair_objs):
    return SomeFloat()


def _float_cmp(pair_objs):
    return SomeBool()


for _cls1, _cls2 in [
    (SomeFloat, SomeFloat),
    (SomeInteger, SomeFloat),
    (SomeFloat, SomeInteger),
]:

    class __extend__(pairtype(_cls1, _cls2)):
        add = sub = mul = truediv = floordiv = mod = pow = _float_arith
        inplace_add = inplace_sub = inplace_mul = _float_arith
        inplace_truediv = inplace_floordiv = inplace_mod = _float_arith
        lt = le = gt = ge = eq = ne = _float_cmp

        def divmod(pair_objs):
            return SomeTuple([SomeFloat(), SomeFloat()])


# ____________________________________________________________
# str and bytes


def _text_ops(cls, charcls):
    class __extend__(pairtype(cls, cls)):
        def add(pair_strs):
            s1, s2 = pair_strs
            return cls._plain(SomeStringOrBytes_nonnul(s1, s2))

        inplace_add = add

        def lt(pair_strs):
            s1, s2 = pair_strs
            return _bool_result(s1, s2, lambda a, b: a < b)

        def le(pair_strs):
            s1, s2 = pair_strs
            return _bool_result(s1, s2, lambda a, b: a <= b)

        def gt(pair_strs):
            s1, s2 = pair_strs
            return _bool_result(s1, s2, lambda a, b: a > b)

        def ge(pair_strs):
            s1, s2 = pair_strs
            return _bool_result(s1, s2, lambda a, b: a >= b)

    class __extend__(pairtype(cls, SomeInteger)):
        def mul(pair_objs):
            return cls._plain(pair_objs[0])

        inplace_mul = mul

        def getitem(pair_objs):
            if cls is SomeBytes:
                return SomeInteger(nonneg=True)
            return SomeChar(no_nul=pair_objs[0].no_nul)

        getitem_idx = getitem

    class __extend__(pairtype(SomeInteger, cls)):
        def mul(pair_objs):
            return cls._plain(pair_objs[1])

    class __extend__(pairtype(cls, SomeObject)):
        def mod(pair_objs):
            s_fmt, s_args = pair_objs
            items = s_args.items if isinstance(s_args, SomeTuple) else [s_args]
            for s in items:
                if isinstance(s, (SomeList, SomeDict)):
                    raise AnnotatorError(
                        "%%-formatting of %s is not supported" % s.describe()
                    )
                if isinstance(s, SomeInstance):
                    s.str()  # a user __str__ is called by %s
                    if not s_fmt.is_constant() or "%r" in s_fmt.const:
                        s.repr()
            return cls._plain(s_fmt)


def SomeStringOrBytes_nonnul(s1, s2):
    result = s1.__class__.__new__(s1.__class__)
    result.__dict__ = {"can_be_None": False, "no_nul": s1.no_nul and s2.no_nul}
    return result


_text_ops(SomeString, SomeChar)
_text_ops(SomeBytes, None)


def _mixing_error(pair_objs):
    s1, s2 = pair_objs
    raise AnnotatorError(
        "cannot mix str and bytes (%s and %s); use .encode() / .decode()"
        % (s1.describe(), s2.describe())
    )


class __extend__(pairtype(SomeString, SomeBytes)):
    add = eq = ne = lt = le = gt = ge = inplace_add = _mixing_error


class __extend__(pairtype(SomeBytes, SomeString)):
    add = eq = ne = lt = le = gt = ge = inplace_add = _mixing_error


# ____________________________________________________________
# lists


class __extend__(pairtype(SomeList, SomeInteger)):
    def getitem(pair_objs):
        s_list = pair_objs[0]
        return s_list.listdef.read_item()

    getitem_idx = getitem

    def setitem(pair_objs, s_value):
        s_list = pair_objs[0]
        s_list.listdef.mutate()
        s_list.listdef.generalize(s_value)
        return s_None

    def delitem(pair_objs):
        pair_objs[0].listdef.resize()
        return s_None

    def mul(pair_objs):
        from rpython.annotator.bookkeeper import getbookkeeper

        s_new = getbookkeeper().newlist()
        s_new.listdef.generalize(pair_objs[0].listdef.read_item())
        return s_new

    inplace_mul = mul


class __extend__(pairtype(SomeList, SomeList)):
    def add(pair_lists):
        from rpython.annotator.bookkeeper import getbookkeeper

        s1, s2 = pair_lists
        s_new = getbookkeeper().newlist()
        s_new.listdef.generalize(s1.listdef.read_item())
        s_new.listdef.generalize(s2.listdef.read_item())
        return s_new

    def inplace_add(pair_lists):
        s1, s2 = pair_lists
        s1.listdef.resize()
        s1.listdef.generalize(s2.listdef.read_item())
        return s1

    def eq(pair_lists):
        s1, s2 = pair_lists
        s1.listdef.union(s2.listdef)
        return SomeBool()

    def lt(pair_lists):
        # lexicographic ordering, as in Python
        s1, s2 = pair_lists
        s1.listdef.union(s2.listdef)
        return SomeBool()

    le = gt = ge = lt

    ne = eq


# ____________________________________________________________
# tuples


class __extend__(pairtype(SomeTuple, SomeInteger)):
    def getitem(pair_objs):
        s_tuple, s_index = pair_objs
        if s_index.is_constant():
            try:
                return s_tuple.items[s_index.const]
            except IndexError:
                raise AnnotatorError(
                    "tuple index %d out of range (length %d)"
                    % (s_index.const, len(s_tuple.items))
                )
        return unionof(*s_tuple.items)

    getitem_idx = getitem


class __extend__(pairtype(SomeTuple, SomeTuple)):
    def add(pair_tuples):
        return SomeTuple(pair_tuples[0].items + pair_tuples[1].items)

    def _cmp(pair_tuples):
        s1, s2 = pair_tuples
        if len(s1.items) != len(s2.items):
            return SomeBool()
        for a, b in zip(s1.items, s2.items):
            unionof(a, b)
        return SomeBool()

    eq = ne = lt = le = gt = ge = _cmp


# ____________________________________________________________
# dicts


class __extend__(pairtype(SomeDict, SomeObject)):
    def getitem(pair_objs):
        s_dict, s_key = pair_objs
        s_dict.dictdef.generalize_key(s_key)
        return s_dict.dictdef.read_value()

    def setitem(pair_objs, s_value):
        s_dict, s_key = pair_objs
        s_dict.dictdef.generalize_key(s_key)
        s_dict.dictdef.generalize_value(s_value)
        return s_None

    def delitem(pair_objs):
        s_dict, s_key = pair_objs
        s_dict.dictdef.generalize_key(s_key)
        return s_None


# ____________________________________________________________
# instances, PBCs, None


class __extend__(pairtype(SomeInstance, SomeInstance)):
    def is_(pair_insts):
        s1, s2 = pair_insts
        s = SomeBool()
        if s1.classdef.commonbase(s2.classdef) is None:
            s.const = False
        return s

    def eq(pair_insts):
        return SomeBool()

    ne = eq


class __extend__(pairtype(SomePBC, SomePBC)):
    def eq(pair_pbcs):
        s1, s2 = pair_pbcs
        return _bool_result(s1, s2, lambda a, b: a is b)

    ne = eq


class __extend__(pairtype(SomeType, SomeType)):
    def eq(pair_types):
        return SomeBool()

    ne = eq


def _unused():
    return s_Bool
