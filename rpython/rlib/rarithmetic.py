"""Machine integers for RPython programs.

A plain ``int`` in RPython is a signed machine word.  Untranslated, Python's
ints do not wrap, so code that relies on wrap-around must say so with
``intmask()`` (truncate to a signed word) or use one of the fixed-size types
below, which wrap exactly like C: ``r_uint`` (unsigned word), ``r_int``
(signed word), ``r_longlong``/``r_ulonglong`` (64 bits), and the sized
``r_int8``...``r_uint64``.

Mixed arithmetic follows C's usual conversions: the wider type wins, and at
equal width the unsigned one wins; a plain ``int`` adopts the other operand's
type.  Division and modulo keep Python's floor semantics (as RPython's ``//``
and ``%`` do on plain ints).  ``ovfcheck(a + b)`` is how a program asks for an
``OverflowError`` instead of wrap-around.
"""

import math
import struct

from rpython.rlib import objectmodel

LONG_BIT = struct.calcsize("l") * 8
LONG_MASK = (1 << LONG_BIT) - 1
LONG_TEST = 1 << (LONG_BIT - 1)
maxint = (1 << (LONG_BIT - 1)) - 1
LONGLONG_BIT = 64
LONGLONG_MASK = (1 << LONGLONG_BIT) - 1
LONGLONG_TEST = 1 << (LONGLONG_BIT - 1)
INT_MAX = (1 << 31) - 1
INT_MIN = -(1 << 31)
UINT_MAX = (1 << 32) - 1
SHRT_MAX = (1 << 15) - 1
SHRT_MIN = -(1 << 15)
USHRT_MAX = (1 << 16) - 1


def intmask(n):
    """Truncate ``n`` to a signed machine word (C wrap-around)."""
    if isinstance(n, objectmodel.Symbolic):
        return n
    if isinstance(n, float):
        n = int(n)
    n = int(n) & LONG_MASK
    if n >= LONG_TEST:
        n -= 2 * LONG_TEST
    return n


def longlongmask(n):
    """Truncate ``n`` to a signed 64-bit ``r_longlong``."""
    n = int(n) & LONGLONG_MASK
    if n >= LONGLONG_TEST:
        n -= 2 * LONGLONG_TEST
    return r_longlong(n)


def widen(n):
    """Convert a narrower-than-word integer type to ``int`` (no-op otherwise)."""
    if isinstance(n, base_int) and (
        n.BITS < LONG_BIT or (n.BITS == LONG_BIT and n.SIGNED)
    ):
        return int(n)
    return n


def is_valid_int(r):
    """True for values an RPython ``int`` may hold (not bool, not r_uint)."""
    if isinstance(r, bool):
        return False
    if isinstance(r, base_int):
        return r.SIGNED and r.BITS <= LONG_BIT
    return isinstance(r, int) and -maxint - 1 <= r <= maxint


def ovfcheck(r):
    """Return ``r``, or raise OverflowError if it does not fit a signed word.

    Use it around a single operation: ``ovfcheck(a * b)``.
    """
    assert not isinstance(r, r_uint), "ovfcheck() on an unsigned value"
    if isinstance(r, base_int) and r.BITS > LONG_BIT:
        raise AssertionError("ovfcheck() on a wider-than-word value")
    if type(r) is int and not (-maxint - 1 <= r <= maxint):
        raise OverflowError("signed integer expression did overflow")
    return r


def ovfcheck_float_to_int(x):
    """int(x) for a float ``x``, raising OverflowError if out of range or nan."""
    if math.isnan(x):
        raise OverflowError("cannot convert float NaN to integer")
    # -2**63 is exact as a float; 2**63 is the first value that is too big
    if -9223372036854775808.0 <= x < 9223372036854775808.0:
        return int(x)
    raise OverflowError("float too large to convert to integer")


def int_between(n, m, p):
    """``n <= m < p`` (the JIT turns this into one unsigned comparison)."""
    return n <= m < p


def highest_bit(n):
    """The index of the single set bit of a power of two ``n``."""
    assert n and (n & (n - 1)) == 0
    i = -1
    while n:
        i += 1
        n >>= 1
    return i


def most_neg_value_of_same_type(x):
    if isinstance(x, base_int):
        return x.__class__(x.MIN)
    return -maxint - 1


def most_pos_value_of_same_type(x):
    if isinstance(x, base_int):
        return x.__class__(x.MAX)
    return maxint


def mulmod(a, b, c):
    """``(a * b) % c`` for ints without intermediate overflow (c > 0)."""
    assert c > 0
    return int((a * b) % c)


def byteswap(x):
    """Reverse the bytes of an integer of the size of its type."""
    if isinstance(x, base_int):
        nbytes = x.BITS // 8
        raw = (int(x) & x.MASK).to_bytes(nbytes, "little")
        return x.__class__(int.from_bytes(raw, "big"))
    raw = (int(x) & LONG_MASK).to_bytes(LONG_BIT // 8, "little")
    return intmask(int.from_bytes(raw, "big"))


# ____________________________________________________________
# Fixed-size integer types


class base_int(int):
    """Common base of the fixed-size integer types; values are kept normalized."""

    BITS = LONG_BIT
    SIGNED = True
    MASK = LONG_MASK
    MIN = -maxint - 1
    MAX = maxint

    def __new__(cls, value=0):
        if isinstance(value, float):
            if math.isnan(value) or math.isinf(value):
                raise OverflowError("cannot convert %r to %s" % (value, cls.__name__))
            value = int(value)
        elif isinstance(value, str):
            value = int(value, 0)
        elif isinstance(value, r_singlefloat):
            value = int(float(value))
        value = int(value) & cls.MASK
        if cls.SIGNED and value > cls.MAX:
            value -= cls.MASK + 1
        return int.__new__(cls, value)

    def __repr__(self):
        return "%s(%d)" % (self.__class__.__name__, int(self))

    __str__ = int.__repr__

    def _result_type(self, other):
        """The C result type of ``self OP other``, or None if not an integer."""
        if isinstance(other, base_int):
            a, b = self.__class__, other.__class__
            if a is b:
                return a
            if a.BITS != b.BITS:
                return a if a.BITS > b.BITS else b
            return a if not a.SIGNED else b
        if isinstance(other, int):
            return self.__class__
        return None

    def _binop(self, other, op):
        typ = self._result_type(other)
        if typ is None:
            return NotImplemented
        return typ(op(int(self), int(other)))

    def _rbinop(self, other, op):
        typ = self._result_type(other)
        if typ is None:
            return NotImplemented
        return typ(op(int(other), int(self)))

    def __add__(self, other):
        return self._binop(other, int.__add__)

    def __radd__(self, other):
        return self._rbinop(other, int.__add__)

    def __sub__(self, other):
        return self._binop(other, int.__sub__)

    def __rsub__(self, other):
        return self._rbinop(other, int.__sub__)

    def __mul__(self, other):
        return self._binop(other, int.__mul__)

    def __rmul__(self, other):
        return self._rbinop(other, int.__mul__)

    def _checked_div(self, other, reverse, op):
        typ = self._result_type(other)
        if typ is None:
            return NotImplemented
        a, b = int(self), int(other)
        if reverse:
            a, b = b, a
        # operate on the values converted to the result type (C semantics)
        a, b = int(typ(a)), int(typ(b))
        return typ(op(a, b))

    def __floordiv__(self, other):
        return self._checked_div(other, False, int.__floordiv__)

    def __rfloordiv__(self, other):
        return self._checked_div(other, True, int.__floordiv__)

    def __mod__(self, other):
        return self._checked_div(other, False, int.__mod__)

    def __rmod__(self, other):
        return self._checked_div(other, True, int.__mod__)

    def __divmod__(self, other):
        return (self // other, self % other)

    def __rdivmod__(self, other):
        return (other // self, other % self)

    def __truediv__(self, other):
        return float(self) / other

    def __rtruediv__(self, other):
        return other / float(self)

    def __and__(self, other):
        return self._binop(other, int.__and__)

    __rand__ = __and__

    def __or__(self, other):
        return self._binop(other, int.__or__)

    __ror__ = __or__

    def __xor__(self, other):
        return self._binop(other, int.__xor__)

    __rxor__ = __xor__

    def __lshift__(self, n):
        # the shift count does not change the type (as in C)
        return self.__class__(int(self) << int(n))

    def __rshift__(self, n):
        return self.__class__(int(self) >> int(n))

    def __rlshift__(self, other):
        return NotImplemented

    def __rrshift__(self, other):
        return NotImplemented

    def __neg__(self):
        return self.__class__(-int(self))

    def __pos__(self):
        return self

    def __abs__(self):
        return self.__class__(abs(int(self)))

    def __invert__(self):
        return self.__class__(~int(self))

    def __pow__(self, other, modulo=None):
        typ = self._result_type(other)
        if typ is None:
            return NotImplemented
        if modulo is None:
            return typ(pow(int(self), int(other)))
        return typ(pow(int(self), int(other), int(modulo)))

    def __rpow__(self, other):
        typ = self._result_type(other)
        if typ is None:
            return NotImplemented
        return typ(pow(int(other), int(self)))

    def __hash__(self):
        return int.__hash__(self)

    def __reduce__(self):
        return (self.__class__, (int(self),))


_int_types = {}


def build_int(name, signed, bits):
    """The fixed-size integer class with the given signedness and width."""
    key = (bool(signed), bits)
    if key in _int_types:
        return _int_types[key]
    mask = (1 << bits) - 1
    if signed:
        lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    else:
        lo, hi = 0, mask
    cls = type(
        name or ("r_%sint%d" % ("" if signed else "u", bits)),
        (base_int,),
        {
            "BITS": bits,
            "SIGNED": bool(signed),
            "MASK": mask,
            "MIN": lo,
            "MAX": hi,
            "__module__": __name__,
        },
    )
    _int_types[key] = cls
    return cls


r_int = build_int("r_int", True, LONG_BIT)
r_uint = build_int("r_uint", False, LONG_BIT)
r_longlong = build_int("r_longlong", True, 64) if LONG_BIT != 64 else r_int
r_ulonglong = build_int("r_ulonglong", False, 64) if LONG_BIT != 64 else r_uint
r_int8 = build_int("r_int8", True, 8)
r_uint8 = build_int("r_uint8", False, 8)
r_int16 = build_int("r_int16", True, 16)
r_uint16 = build_int("r_uint16", False, 16)
r_int32 = build_int("r_int32", True, 32)
r_uint32 = build_int("r_uint32", False, 32)
r_int64 = r_longlong
r_uint64 = r_ulonglong
r_longlonglong = build_int("r_longlonglong", True, 128)
r_ulonglonglong = build_int("r_ulonglonglong", False, 128)


def r_uint_from_int(x):
    return r_uint(x)


def normalizedinttype(t):
    """The canonical class for an integer type (``int`` for a signed word)."""
    if t is int or t is r_int:
        return int
    return t


def is_signed_integer_type(t):
    if t is int:
        return True
    return issubclass(t, base_int) and t.SIGNED


def check_nonneg(x):
    """Assert that ``x`` is a non-negative int (used as a hint)."""
    assert x >= 0
    return x


# ____________________________________________________________
# Single-precision floats


class r_singlefloat:
    """A C ``float``: stored rounded to 32 bits; arithmetic is not allowed."""

    __slots__ = ("_bytes",)

    def __init__(self, floatval):
        self._bytes = struct.pack("f", float(floatval))

    def __float__(self):
        return struct.unpack("f", self._bytes)[0]

    def __bool__(self):
        raise TypeError("r_singlefloat is not a boolean; use float(x)")

    def __eq__(self, other):
        return isinstance(other, r_singlefloat) and self._bytes == other._bytes

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(self._bytes)

    def __repr__(self):
        return "r_singlefloat(%r)" % (float(self),)


def float_as_int_bits(x):
    """The IEEE bits of a double as a signed r_longlong."""
    return longlongmask(struct.unpack("<q", struct.pack("<d", x))[0])


def int_bits_as_float(n):
    """The double whose IEEE bits are ``n`` (a 64-bit integer)."""
    return struct.unpack("<d", struct.pack("<q", int(longlongmask(n))))[0]
