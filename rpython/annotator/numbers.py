"""Unions of the integer kinds: int, r_uint, r_longlong, r_ulonglong ...

Two different integer types unify only when one is `int` or `bool` and the
other is a signed type at least as wide, or when both are the same type.
Mixing signed and unsigned needs an explicit conversion in RPython.
"""

from rpython.annotator.model import UnionError


def _bits(tp):
    return getattr(tp, "BITS", 64)


def _signed(tp):
    return getattr(tp, "SIGNED", True)


def union_int_types(s1, s2):
    t1, t2 = s1.knowntype, s2.knowntype
    if t1 is t2:
        return t1
    if t1 in (int, bool):
        return t2
    if t2 in (int, bool):
        return t1
    if _signed(t1) == _signed(t2):
        return t1 if _bits(t1) >= _bits(t2) else t2
    raise UnionError(
        s1,
        s2,
        "cannot mix signed and unsigned integers: %s and %s"
        % (s1.describe(), s2.describe()),
    )
