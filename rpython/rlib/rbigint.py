"""Arbitrary-precision integers for RPython programs.

An ``rbigint`` is a sign (-1, 0, 1) and a magnitude: a list of digits in base
``BASE = 2**SHIFT``, least significant first, with no leading zero digits
(zero is the empty list).  ``SHIFT`` is 31 so that a digit product plus two
digits still fits in a signed machine word, which keeps every inner loop in
plain RPython ``int`` arithmetic.  The inner loops index the digit arrays
through ``rlistitems.list_items`` (no bounds checks: translated, they compile
to plain C loops over the arrays).

Algorithms (all results equal CPython's ``int``):

- multiplication: schoolbook below ``KARATSUBA_CUTOFF`` digits, Karatsuba
  above (with the unbalanced case cut into slices of the shorter operand);
- division: Knuth's algorithm D below ``BZ_CUTOFF`` digits, above it the
  recursive Burnikel-Ziegler scheme (2n-by-n digit division built from two
  3n-by-2n steps), which is Karatsuba-speed rather than quadratic;
- conversion to and from decimal: divide-and-conquer on powers
  ``base**(k*2**i)`` (cached per call), with chunked schoolbook conversion for
  small pieces (to decimal: Horner's scheme into base-10**9 digits), so
  ``str(3**100000)`` is subquadratic;
- conversion to float rounds half-to-even on the exact value, as CPython;
- ``hash`` is CPython's: the value modulo ``2**61 - 1``.

The methods never mutate their operands: every operation returns a new
rbigint (operands may share digit lists, which are never written after
construction).
"""

import math

from rpython.rlib import unicodedb
from rpython.rlib.objectmodel import not_rpython, we_are_translated
from rpython.rlib.rarithmetic import LONG_BIT, intmask, r_uint
from rpython.rlib.rlistitems import list_items

SHIFT = 31
BASE = 1 << SHIFT
MASK = BASE - 1

KARATSUBA_CUTOFF = 70
KARATSUBA_SQUARE_CUTOFF = 2 * KARATSUBA_CUTOFF
BZ_CUTOFF = 60  # digits of the divisor below which long division is used
STR_DC_CUTOFF = 300  # digits below which str() uses chunked schoolbook

HASH_BITS = 61
HASH_MODULUS = (1 << HASH_BITS) - 1

_MAX_INT = (1 << (LONG_BIT - 1)) - 1
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _unsigned(x):
    """r_uint(x) translated: unsigned C arithmetic (no sign fix-ups in
    divisions, no signed overflow) in the digit loops.  Untranslated the
    plain int, because those loops never exceed 64 bits and r_uint
    arithmetic on the host is ~20x slower than int arithmetic."""
    if we_are_translated():
        return r_uint(x)
    return x


class InvalidEndiannessError(Exception):
    pass


class InvalidSignednessError(Exception):
    pass


# ____________________________________________________________
# Magnitude helpers: lists of digits, least significant first, normalized.


def _normalize(digits):
    """Drop leading zero digits in place (pop: no copy); returns the list.
    Only ever called on lists that nobody else holds yet."""
    n = len(digits)
    items = list_items(digits)
    while n > 0 and items[n - 1] == 0:
        n -= 1
    while len(digits) > n:
        digits.pop()
    return digits


def _cmp_mag(a, b):
    if len(a) != len(b):
        if len(a) < len(b):
            return -1
        return 1
    ia = list_items(a)
    ib = list_items(b)
    i = len(a) - 1
    while i >= 0:
        x = ia[i]
        y = ib[i]
        if x != y:
            if x < y:
                return -1
            return 1
        i -= 1
    return 0


def _add_mag(a, b):
    if len(a) < len(b):
        a, b = b, a
    na = len(a)
    nb = len(b)
    result = [0] * (na + 1)
    ia = list_items(a)
    ib = list_items(b)
    ir = list_items(result)
    carry = 0
    i = 0
    while i < nb:
        carry += ia[i] + ib[i]
        ir[i] = carry & MASK
        carry >>= SHIFT
        i += 1
    while i < na:
        carry += ia[i]
        ir[i] = carry & MASK
        carry >>= SHIFT
        i += 1
    ir[i] = carry
    return _normalize(result)


def _sub_mag(a, b):
    """a - b for magnitudes with a >= b."""
    na = len(a)
    nb = len(b)
    result = [0] * na
    ia = list_items(a)
    ib = list_items(b)
    ir = list_items(result)
    borrow = 0
    i = 0
    while i < nb:
        borrow = ia[i] - ib[i] - borrow
        ir[i] = borrow & MASK
        borrow = (borrow >> SHIFT) & 1
        i += 1
    while i < na:
        borrow = ia[i] - borrow
        ir[i] = borrow & MASK
        borrow = (borrow >> SHIFT) & 1
        i += 1
    assert borrow == 0
    return _normalize(result)


def _mul_small(a, b):
    """Schoolbook product of two magnitudes.

    Two rows at a time: each column adds ``b[j] * a[i] + b[j-1] * a[i+1]``,
    which fits an unsigned machine word with 31-bit digits (< 2**63 + 2**34),
    so the loop-carried carry chain is half as long per product."""
    na = len(a)
    nb = len(b)
    if na == 0 or nb == 0:
        return []
    result = [0] * (na + nb)
    ia = list_items(a)
    ib = list_items(b)
    ir = list_items(result)
    umask = _unsigned(MASK)
    i = 0
    while i + 1 < na:
        f0 = _unsigned(ia[i])
        f1 = _unsigned(ia[i + 1])
        t = _unsigned(ir[i]) + _unsigned(ib[0]) * f0
        ir[i] = intmask(t & umask)
        carry = t >> SHIFT
        j = 1
        while j < nb:
            t = (
                _unsigned(ir[i + j])
                + _unsigned(ib[j]) * f0
                + _unsigned(ib[j - 1]) * f1
                + carry
            )
            ir[i + j] = intmask(t & umask)
            carry = t >> SHIFT
            j += 1
        # the columns i + nb and i + nb + 1 are still zero
        t = _unsigned(ib[nb - 1]) * f1 + carry
        ir[i + nb] = intmask(t & umask)
        ir[i + nb + 1] = intmask(t >> SHIFT)
        i += 2
    if i < na:
        f = ia[i]
        carry = 0
        k = i
        j = 0
        while j < nb:
            carry += ir[k] + ib[j] * f
            ir[k] = carry & MASK
            carry >>= SHIFT
            k += 1
            j += 1
        # result[i + nb] is still zero: the carry (< BASE) lands there
        ir[k] = carry
    return _normalize(result)


def _sqr_small(a):
    """Schoolbook square (each cross product computed once)."""
    n = len(a)
    if n == 0:
        return []
    result = [0] * (2 * n)
    ia = list_items(a)
    ir = list_items(result)
    # cross products a[i]*a[j], i < j
    i = 0
    while i < n:
        f = ia[i]
        if f:
            carry = 0
            k = 2 * i + 1
            j = i + 1
            while j < n:
                carry += ir[k] + ia[j] * f
                ir[k] = carry & MASK
                carry >>= SHIFT
                k += 1
                j += 1
            # result[i + n] is still zero here
            ir[k] = carry
        i += 1
    # double them and add the squares
    carry = 0
    i = 0
    while i < n:
        f = ia[i]
        carry += (ir[2 * i] << 1) + f * f
        ir[2 * i] = carry & MASK
        carry >>= SHIFT
        carry += ir[2 * i + 1] << 1
        ir[2 * i + 1] = carry & MASK
        carry >>= SHIFT
        i += 1
    assert carry == 0
    return _normalize(result)


def _slice(a, lo, hi):
    """Digits lo..hi of ``a`` as a normalized magnitude."""
    if hi > len(a):
        hi = len(a)
    if lo >= hi:
        return []
    return _normalize(a[lo:hi])


def _add_shifted_into(result, b, shift):
    """result += b << (shift digits), in place; result is long enough."""
    ir = list_items(result)
    ib = list_items(b)
    carry = 0
    k = shift
    j = 0
    nb = len(b)
    while j < nb:
        carry += ir[k] + ib[j]
        ir[k] = carry & MASK
        carry >>= SHIFT
        k += 1
        j += 1
    while carry:
        carry += ir[k]
        ir[k] = carry & MASK
        carry >>= SHIFT
        k += 1


def _karatsuba(a, b):
    """Product of magnitudes with len(a) <= len(b), both above the cutoff."""
    n = len(b)
    half = n >> 1
    if len(a) <= half:
        return _mul_unbalanced(a, b)
    a_lo = _slice(a, 0, half)
    a_hi = _slice(a, half, len(a))
    b_lo = _slice(b, 0, half)
    b_hi = _slice(b, half, n)
    hi = _mul_mag(a_hi, b_hi)
    lo = _mul_mag(a_lo, b_lo)
    if a is b:
        a_sum = _add_mag(a_lo, a_hi)
        mid = _mul_mag(a_sum, a_sum)
    else:
        mid = _mul_mag(_add_mag(a_lo, a_hi), _add_mag(b_lo, b_hi))
    # result = lo + (mid - lo - hi) * BASE**half + hi * BASE**(2*half), in
    # place: the additions first, so that no intermediate value is negative
    result = [0] * (len(a) + len(b) + 1)
    _add_shifted_into(result, lo, 0)
    _add_shifted_into(result, hi, 2 * half)
    _add_shifted_into(result, mid, half)
    _sub_shifted_from(result, lo, half)
    _sub_shifted_from(result, hi, half)
    return _normalize(result)


def _sub_shifted_from(result, b, shift):
    """result -= b << (shift digits), in place; the result stays >= 0."""
    ir = list_items(result)
    ib = list_items(b)
    borrow = 0
    k = shift
    j = 0
    nb = len(b)
    while j < nb:
        borrow = ir[k] - ib[j] - borrow
        ir[k] = borrow & MASK
        borrow = (borrow >> SHIFT) & 1
        k += 1
        j += 1
    while borrow:
        borrow = ir[k] - borrow
        ir[k] = borrow & MASK
        borrow = (borrow >> SHIFT) & 1
        k += 1


def _mul_unbalanced(a, b):
    """len(a) much smaller than len(b): multiply slices of b by a."""
    result = [0] * (len(a) + len(b) + 1)
    step = len(a)
    pos = 0
    while pos < len(b):
        piece = _slice(b, pos, pos + step)
        _add_shifted_into(result, _mul_mag(a, piece), pos)
        pos += step
    return _normalize(result)


def _mul_mag(a, b):
    if len(a) > len(b):
        a, b = b, a
    if len(a) < KARATSUBA_CUTOFF:
        if a is b:
            return _sqr_small(a)
        return _mul_small(a, b)
    if a is b and len(a) < KARATSUBA_SQUARE_CUTOFF:
        return _sqr_small(a)
    return _karatsuba(a, b)


def _mul_digit(a, d):
    """Magnitude times one digit (0 <= d < BASE)."""
    n = len(a)
    result = [0] * (n + 1)
    ia = list_items(a)
    ir = list_items(result)
    carry = 0
    i = 0
    while i < n:
        carry += ia[i] * d
        ir[i] = carry & MASK
        carry >>= SHIFT
        i += 1
    ir[i] = carry
    return _normalize(result)


def _divrem_digit(a, d):
    """(quotient magnitude, remainder int) of a magnitude by one digit d > 0."""
    q = [0] * len(a)
    ia = list_items(a)
    iq = list_items(q)
    # unsigned: the C division needs no sign fix-ups
    ud = _unsigned(d)
    rem = _unsigned(0)
    i = len(a) - 1
    while i >= 0:
        rem = (rem << SHIFT) | _unsigned(ia[i])
        qd = rem // ud
        iq[i] = intmask(qd)
        rem -= qd * ud
        i -= 1
    return _normalize(q), intmask(rem)


def _lshift_bits(a, bits):
    """Magnitude shifted left by 0 <= bits < SHIFT."""
    if bits == 0 or not a:
        return a[:]
    n = len(a)
    result = [0] * (n + 1)
    ia = list_items(a)
    ir = list_items(result)
    carry = 0
    i = 0
    while i < n:
        carry |= ia[i] << bits
        ir[i] = carry & MASK
        carry >>= SHIFT
        i += 1
    ir[i] = carry
    return _normalize(result)


def _rshift_bits(a, bits):
    """Magnitude shifted right by 0 <= bits < SHIFT."""
    if bits == 0 or not a:
        return a[:]
    result = [0] * len(a)
    ia = list_items(a)
    ir = list_items(result)
    i = len(a) - 1
    carry = 0
    lowmask = (1 << bits) - 1
    while i >= 0:
        acc = (carry << SHIFT) | ia[i]
        ir[i] = acc >> bits
        carry = acc & lowmask
        i -= 1
    return _normalize(result)


def _lshift_mag(a, n):
    if not a:
        return []
    whole = n // SHIFT
    bits = n - whole * SHIFT
    shifted = _lshift_bits(a, bits)
    if whole:
        return [0] * whole + shifted
    return shifted


def _rshift_mag(a, n):
    whole = n // SHIFT
    if whole >= len(a):
        return []
    bits = n - whole * SHIFT
    return _rshift_bits(a[whole:], bits)


def _divrem_knuth(a, b):
    """Long division of magnitudes, len(b) >= 2 and a >= b (Knuth's algorithm D)."""
    n = len(b)
    # normalize so that the divisor's top digit has its high bit set
    top = b[n - 1]
    norm = 0
    while top < (BASE >> 1):
        top <<= 1
        norm += 1
    v = _lshift_bits(b, norm)
    u = _lshift_bits(a, norm)
    if len(u) == len(a):
        u.append(0)
    assert len(v) == n
    m = len(u) - n
    q = [0] * m
    iu = list_items(u)  # taken after the append: u is not resized below
    iv = list_items(v)
    iq = list_items(q)
    vtop = iv[n - 1]
    vnext = iv[n - 2]
    uvtop = _unsigned(vtop)
    j = m - 1
    while j >= 0:
        # estimate the quotient digit from the top two digits of u
        num = (_unsigned(iu[j + n]) << SHIFT) | _unsigned(iu[j + n - 1])
        uq = num // uvtop
        qhat = intmask(uq)
        rhat = intmask(num - uq * uvtop)
        if qhat > MASK:
            qhat = MASK
            rhat = intmask(num - _unsigned(qhat) * uvtop)
        while rhat <= MASK and qhat * vnext > ((rhat << SHIFT) | iu[j + n - 2]):
            qhat -= 1
            rhat += vtop
        # u[j..j+n] -= qhat * v
        borrow = 0
        carry = 0
        i = 0
        while i < n:
            carry += qhat * iv[i]
            borrow += iu[j + i] - (carry & MASK)
            iu[j + i] = borrow & MASK
            borrow >>= SHIFT
            carry >>= SHIFT
            i += 1
        borrow += iu[j + n] - carry
        iu[j + n] = borrow & MASK
        borrow >>= SHIFT
        if borrow < 0:
            # qhat was one too large: add v back
            qhat -= 1
            carry = 0
            i = 0
            while i < n:
                carry += iu[j + i] + iv[i]
                iu[j + i] = carry & MASK
                carry >>= SHIFT
                i += 1
            iu[j + n] = (iu[j + n] + carry) & MASK
        iq[j] = qhat
        j -= 1
    rem = _rshift_bits(_normalize(u[:n]), norm)
    return _normalize(q), rem


def _divrem_mag(a, b):
    """(quotient, remainder) magnitudes; b is non-empty."""
    if _cmp_mag(a, b) < 0:
        return [], a
    if len(b) == 1:
        q, r = _divrem_digit(a, b[0])
        if r:
            return q, [r]
        return q, []
    if len(b) < BZ_CUTOFF or len(a) - len(b) < BZ_CUTOFF:
        return _divrem_knuth(a, b)
    return _divrem_bz(a, b)


# Burnikel-Ziegler recursive division on magnitudes.  The divisor is first
# shifted so that its top digit has the high bit set; the recursion works on
# digit counts.


def _divrem_bz(a, b):
    top = b[len(b) - 1]
    norm = 0
    while top < (BASE >> 1):
        top <<= 1
        norm += 1
    b = _lshift_bits(b, norm)
    a = _lshift_bits(a, norm)
    # pad the divisor with low zero digits to n = m * 2**k digits, m below
    # the cutoff, so that every recursive halving is exact
    n = len(b)
    m = n
    k = 0
    while m >= BZ_CUTOFF:
        m = (m + 1) >> 1
        k += 1
    pad = (m << k) - n
    if pad:
        b = [0] * pad + b
        a = [0] * pad + a
    n = len(b)
    # split a into chunks of n digits, most significant first
    nchunks = (len(a) + n - 1) // n
    q = [0] * (nchunks * n)
    r = []
    i = nchunks - 1
    while i >= 0:
        chunk = _slice(a, i * n, (i + 1) * n)
        cur = _concat_shifted(r, chunk, n)
        qpart, r = _div2n1n(cur, b, n)
        k = 0
        while k < len(qpart):
            q[i * n + k] = qpart[k]
            k += 1
        i -= 1
    return _normalize(q), _rshift_bits(_slice(r, pad, len(r)), norm)


def _concat_shifted(hi, lo, n):
    """hi * BASE**n + lo, where lo < BASE**n."""
    if not hi:
        return lo[:]
    result = lo[:] + [0] * (n - len(lo))
    result.extend(hi)
    return _normalize(result)


def _div2n1n(a, b, n):
    """Divide a < b * BASE**n by b of exactly n digits (top bit set)."""
    if n < BZ_CUTOFF or n & 1:
        return _divrem_mag_plain(a, b)
    half = n >> 1
    b1 = _slice(b, half, n)
    b2 = _slice(b, 0, half)
    q1, r = _div3n2n(_slice(a, n, len(a)), _slice(a, half, n), b, b1, b2, half)
    q2, r = _div3n2n(r, _slice(a, 0, half), b, b1, b2, half)
    return _concat_shifted(q1, q2, half), r


def _div3n2n(a12, a3, b, b1, b2, n):
    """Divide a12 * BASE**n + a3 (< b * BASE**n) by b = b1 * BASE**n + b2."""
    if _cmp_mag(_slice(a12, n, len(a12)), b1) == 0:
        # the quotient estimate is BASE**n - 1
        q = [MASK] * n
        r = _add_mag(_sub_mag(a12, _concat_shifted(b1, [], n)), b1)
    else:
        q, r = _div2n1n(a12, b1, n)
    # r = r * BASE**n + a3 - q * b2, with q decreased while r is negative
    pos = _concat_shifted(r, a3, n)
    neg = _mul_mag(q, b2)
    while _cmp_mag(pos, neg) < 0:
        q = _sub_mag(q, [1])
        pos = _add_mag(pos, b)
    return q, _sub_mag(pos, neg)


def _divrem_mag_plain(a, b):
    if _cmp_mag(a, b) < 0:
        return [], a
    if len(b) == 1:
        q, r = _divrem_digit(a, b[0])
        if r:
            return q, [r]
        return q, []
    return _divrem_knuth(a, b)


def _mag_from_uint(x):
    """Magnitude of a non-negative r_uint."""
    digits = []
    while x:
        digits.append(intmask(x & r_uint(MASK)))
        x >>= SHIFT
    return digits


def _mag_bit_length(a):
    if not a:
        return 0
    top = a[len(a) - 1]
    bits = 0
    while top:
        top >>= 1
        bits += 1
    return (len(a) - 1) * SHIFT + bits


# ____________________________________________________________


class rbigint:
    """An immutable arbitrary-precision integer."""

    _immutable_fields_ = ["_digits[*]", "sign"]

    def __init__(self, digits=None, sign=0):
        if digits is None:
            digits = []
        self._digits = digits
        if not digits:
            sign = 0
        self.sign = sign

    # -- construction ---------------------------------------------------

    @staticmethod
    def fromint(intval):
        """An rbigint equal to the machine int ``intval``."""
        if intval < 0:
            # -intval may overflow for the most negative int: go unsigned
            return rbigint(_mag_from_uint(r_uint(0) - r_uint(intval)), -1)
        if intval == 0:
            return NULLRBIGINT
        return rbigint(_mag_from_uint(r_uint(intval)), 1)

    @staticmethod
    def frombool(b):
        if b:
            return ONERBIGINT
        return NULLRBIGINT

    @staticmethod
    def fromrarith_int(x):
        """From r_uint (non-negative) or plain int."""
        if isinstance(x, r_uint):
            return rbigint(_mag_from_uint(x), 1)
        return rbigint.fromint(x)

    @staticmethod
    def fromuint(x):
        return rbigint(_mag_from_uint(r_uint(x)), 1)

    @staticmethod
    def fromfloat(dval):
        """int(dval): truncates toward zero; OverflowError/ValueError for inf/nan."""
        if math.isinf(dval):
            raise OverflowError("cannot convert float infinity to integer")
        if math.isnan(dval):
            raise ValueError("cannot convert float NaN to integer")
        if -9.2e18 < dval < 9.2e18:
            return rbigint.fromint(int(dval))
        mant, exp = math.frexp(dval)
        # |dval| >= 2**63 here, so it is an integer with exp > 53
        m = int(math.ldexp(mant, 53))
        return rbigint.fromint(m).lshift(exp - 53)

    @staticmethod
    @not_rpython
    def fromlong(value):
        """From a host Python int (tests and import-time constants)."""
        sign = 0
        if value > 0:
            sign = 1
        elif value < 0:
            sign = -1
            value = -value
        digits = []
        while value:
            digits.append(value & MASK)
            value >>= SHIFT
        return rbigint(digits, sign)

    @staticmethod
    def fromstr(s, base=0, allow_underscores=True):
        """Parse ``s`` as ``int(s, base)`` does; ValueError on bad syntax."""
        return _parse_int_string(s, base, allow_underscores)

    @staticmethod
    def fromdecimalstr(s):
        """Parse a string of decimal digits with an optional sign (no spaces)."""
        sign = 1
        start = 0
        if s and s[0] == "-":
            sign = -1
            start = 1
        elif s and s[0] == "+":
            start = 1
        if start >= len(s):
            raise ValueError("invalid literal for int() with base 10: %r" % (s,))
        for i in range(start, len(s)):
            if not ("0" <= s[i] <= "9"):
                raise ValueError("invalid literal for int() with base 10: %r" % (s,))
        mag = _digits_to_mag(s, start, len(s), 10)
        return rbigint(mag, sign)

    @staticmethod
    def frombytes(data, byteorder, signed):
        """int.from_bytes(data, byteorder, signed=signed)."""
        if byteorder != "big" and byteorder != "little":
            raise InvalidEndiannessError()
        n = len(data)
        if n == 0:
            return NULLRBIGINT
        # collect bytes least significant first
        acc = 0
        accbits = 0
        digits = []
        i = 0
        while i < n:
            if byteorder == "little":
                byte = data[i]
            else:
                byte = data[n - 1 - i]
            acc |= byte << accbits
            accbits += 8
            if accbits >= SHIFT:
                digits.append(acc & MASK)
                acc >>= SHIFT
                accbits -= SHIFT
            i += 1
        if accbits > 0:
            digits.append(acc)
        result = rbigint(_normalize(digits), 1)
        top = data[n - 1] if byteorder == "little" else data[0]
        if signed and top >= 0x80:
            result = result.sub(ONERBIGINT.lshift(8 * n))
        return result

    def tobytes(self, nbytes, byteorder, signed):
        """int.to_bytes(nbytes, byteorder, signed=signed); OverflowError
        if the value does not fit."""
        if byteorder != "big" and byteorder != "little":
            raise InvalidEndiannessError()
        if not signed and self.sign < 0:
            raise OverflowError("can't convert negative int to unsigned")
        nbits = 8 * nbytes
        if self.sign >= 0:
            used = self.bit_length()
        else:
            used = self.invert().bit_length()  # -x - 1 >= 0
        if self.sign != 0:
            limit = nbits
            if signed:
                limit = nbits - 1
                if nbytes == 0 and used == 0:
                    return b""  # CPython gives b"" for (-1).to_bytes(0, signed)
            if used > limit:
                raise OverflowError("int too big to convert")
        value = self
        if self.sign < 0:
            value = self.add(ONERBIGINT.lshift(nbits))
        out = [0] * nbytes
        mag = value._digits
        i = 0
        while i < nbytes:
            bitpos = 8 * i
            d = bitpos // SHIFT
            off = bitpos - d * SHIFT
            byte = 0
            if d < len(mag):
                byte = mag[d] >> off
                if off > SHIFT - 8 and d + 1 < len(mag):
                    byte |= mag[d + 1] << (SHIFT - off)
            byte &= 0xFF
            if byteorder == "little":
                out[i] = byte
            else:
                out[nbytes - 1 - i] = byte
            i += 1
        return bytes(out)

    # -- conversion -----------------------------------------------------

    @not_rpython
    def tolong(self):
        """To a host Python int (tests only)."""
        value = 0
        i = len(self._digits) - 1
        while i >= 0:
            value = (value << SHIFT) | self._digits[i]
            i -= 1
        return value * self.sign

    def numdigits(self):
        return len(self._digits)

    def digit(self, i):
        return self._digits[i]

    def _touint_mag(self):
        """The magnitude as r_uint; OverflowError beyond 64 bits."""
        if _mag_bit_length(self._digits) > LONG_BIT:
            raise OverflowError("int too large to convert")
        x = r_uint(0)
        i = len(self._digits) - 1
        while i >= 0:
            x = (x << SHIFT) | r_uint(self._digits[i])
            i -= 1
        return x

    def toint(self):
        """To a machine int; OverflowError if it does not fit."""
        x = self._touint_mag()
        if self.sign >= 0:
            if x > r_uint(_MAX_INT):
                raise OverflowError("int too large to convert to machine int")
            return intmask(x)
        if x > r_uint(_MAX_INT) + r_uint(1):
            raise OverflowError("int too large to convert to machine int")
        return intmask(r_uint(0) - x)

    def fits_int(self):
        try:
            self.toint()
        except OverflowError:
            return False
        return True

    def touint(self):
        """To r_uint; ValueError if negative, OverflowError if too large."""
        if self.sign < 0:
            raise ValueError("cannot convert negative integer to unsigned")
        return self._touint_mag()

    def tolonglong(self):
        return self.toint()

    def toulonglong(self):
        return self.touint()

    def uintmask(self):
        """The value modulo 2**LONG_BIT as r_uint (two's complement)."""
        x = r_uint(0)
        i = min(len(self._digits), (LONG_BIT + SHIFT - 1) // SHIFT) - 1
        while i >= 0:
            x = (x << SHIFT) | r_uint(self._digits[i])
            i -= 1
        if self.sign < 0:
            x = r_uint(0) - x
        return x

    def tobool(self):
        return self.sign != 0

    def tofloat(self):
        """The nearest float (ties to even); OverflowError if too large."""
        nbits = _mag_bit_length(self._digits)
        if nbits <= 53:
            x = 0.0
            i = len(self._digits) - 1
            while i >= 0:
                x = x * float(BASE) + float(self._digits[i])
                i -= 1
            return x * float(self.sign)
        if nbits > 1024:
            raise OverflowError("int too large to convert to float")
        q, exp = self._round_to_53_bits()
        if q == (1 << 53) and nbits == 1024:
            raise OverflowError("int too large to convert to float")
        return math.ldexp(float(q), exp) * float(self.sign)

    def _round_to_53_bits(self):
        """(q, exp): |self| rounded half-to-even to 53 significant bits is
        q * 2**exp, with 2**52 <= q <= 2**53; for more than 53 bits."""
        nbits = _mag_bit_length(self._digits)
        # take the top 55 bits, and fold all lower bits into a sticky bit
        drop = nbits - 55
        if drop < 0:
            top = rbigint(self._digits, 1).toint() << (-drop)
        else:
            top = rbigint(_rshift_mag(self._digits, drop), 1).toint()
            if _has_low_bits(self._digits, drop):
                top |= 1
        q = top >> 2
        rem = top & 3
        if rem > 2 or (rem == 2 and q & 1):
            q += 1
        return q, drop + 2

    # -- comparison -----------------------------------------------------

    def _cmp(self, other):
        if self.sign != other.sign:
            if self.sign < other.sign:
                return -1
            return 1
        c = _cmp_mag(self._digits, other._digits)
        return c * self.sign

    def eq(self, other):
        return self.sign == other.sign and _cmp_mag(self._digits, other._digits) == 0

    def ne(self, other):
        return not self.eq(other)

    def lt(self, other):
        return self._cmp(other) < 0

    def le(self, other):
        return self._cmp(other) <= 0

    def gt(self, other):
        return self._cmp(other) > 0

    def ge(self, other):
        return self._cmp(other) >= 0

    def int_eq(self, i):
        return self.eq(rbigint.fromint(i))

    def int_ne(self, i):
        return not self.int_eq(i)

    def int_lt(self, i):
        return self.lt(rbigint.fromint(i))

    def int_le(self, i):
        return self.le(rbigint.fromint(i))

    def int_gt(self, i):
        return self.gt(rbigint.fromint(i))

    def int_ge(self, i):
        return self.ge(rbigint.fromint(i))

    def hash(self):
        """CPython's hash(): the value modulo 2**61 - 1, with -1 mapped to -2."""
        x = 0
        i = len(self._digits) - 1
        while i >= 0:
            # x = x * 2**SHIFT mod P, as a rotation of the 61-bit value
            x = ((x << SHIFT) & HASH_MODULUS) | (x >> (HASH_BITS - SHIFT))
            x += self._digits[i]
            if x >= HASH_MODULUS:
                x -= HASH_MODULUS
            i -= 1
        x = x * self.sign
        if x == -1:
            x = -2
        return x

    # -- arithmetic -----------------------------------------------------

    def neg(self):
        return rbigint(self._digits, -self.sign)

    def abs(self):
        if self.sign >= 0:
            return self
        return rbigint(self._digits, 1)

    def add(self, other):
        if self.sign == 0:
            return other
        if other.sign == 0:
            return self
        if self.sign == other.sign:
            return rbigint(_add_mag(self._digits, other._digits), self.sign)
        c = _cmp_mag(self._digits, other._digits)
        if c == 0:
            return NULLRBIGINT
        if c > 0:
            return rbigint(_sub_mag(self._digits, other._digits), self.sign)
        return rbigint(_sub_mag(other._digits, self._digits), other.sign)

    def sub(self, other):
        return self.add(other.neg())

    def int_add(self, i):
        return self.add(rbigint.fromint(i))

    def int_sub(self, i):
        return self.sub(rbigint.fromint(i))

    def mul(self, other):
        if self.sign == 0 or other.sign == 0:
            return NULLRBIGINT
        if self is other:
            mag = _mul_mag(self._digits, self._digits)
        else:
            mag = _mul_mag(self._digits, other._digits)
        return rbigint(mag, self.sign * other.sign)

    def int_mul(self, i):
        if i == 0 or self.sign == 0:
            return NULLRBIGINT
        if -MASK <= i <= MASK:
            sign = self.sign
            if i < 0:
                sign = -sign
                i = -i
            return rbigint(_mul_digit(self._digits, i), sign)
        return self.mul(rbigint.fromint(i))

    def _divmod_trunc(self, other):
        """Quotient and remainder truncated toward zero."""
        if other.sign == 0:
            raise ZeroDivisionError("integer division or modulo by zero")
        q, r = _divrem_mag(self._digits, other._digits)
        return rbigint(q, self.sign * other.sign), rbigint(r, self.sign)

    def divmod(self, other):
        """Floor division and modulo, as Python's divmod()."""
        q, r = self._divmod_trunc(other)
        if r.sign != 0 and r.sign != other.sign:
            q = q.sub(ONERBIGINT)
            r = r.add(other)
        return q, r

    def floordiv(self, other):
        return self.divmod(other)[0]

    def div(self, other):
        return self.floordiv(other)

    def mod(self, other):
        return self.divmod(other)[1]

    def int_floordiv(self, i):
        return self.floordiv(rbigint.fromint(i))

    def int_mod(self, i):
        return self.mod(rbigint.fromint(i))

    def int_divmod(self, i):
        return self.divmod(rbigint.fromint(i))

    def truediv(self, other):
        """self / other as a correctly rounded float."""
        if other.sign == 0:
            raise ZeroDivisionError("division by zero")
        return _truediv(self, other)

    def pow(self, other, modulus=None):
        """self ** other, or pow(self, other, modulus) with CPython's rules."""
        if modulus is None:
            if other.sign < 0:
                raise ValueError("bigint pow() with negative exponent")
            return self._pow_plain(other)
        if modulus.sign == 0:
            raise ValueError("pow() 3rd argument cannot be 0")
        negative_mod = modulus.sign < 0
        m = modulus.abs()
        base = self
        if other.sign < 0:
            base = _mod_inverse(self.mod(m), m)
            other = other.neg()
        result = _pow_mod(base.mod(m), other, m)
        if negative_mod and result.sign != 0:
            result = result.sub(m)
        return result

    def int_pow(self, i, modulus=None):
        return self.pow(rbigint.fromint(i), modulus)

    def _pow_plain(self, exponent):
        result = ONERBIGINT
        base = self
        bits = _mag_bit_length(exponent._digits)
        i = bits - 1
        while i >= 0:
            result = result.mul(result)
            if _test_bit(exponent._digits, i):
                result = result.mul(base)
            i -= 1
        return result

    # -- bits -----------------------------------------------------------

    def bit_length(self):
        return _mag_bit_length(self._digits)

    def bit_count(self):
        count = 0
        for d in self._digits:
            while d:
                d &= d - 1
                count += 1
        return count

    def lshift(self, n):
        if n < 0:
            raise ValueError("negative shift count")
        if self.sign == 0:
            return self
        return rbigint(_lshift_mag(self._digits, n), self.sign)

    def rshift(self, n):
        """Arithmetic shift right (floor division by 2**n)."""
        if n < 0:
            raise ValueError("negative shift count")
        if self.sign >= 0:
            return rbigint(_rshift_mag(self._digits, n), self.sign)
        # floor for negatives: -((|x| - 1) >> n) - 1
        mag = _sub_mag(self._digits, [1])
        shifted = _rshift_mag(mag, n)
        return rbigint(_add_mag(shifted, [1]), -1)

    def abs_rshift_and_mask(self, n, mask):
        """(|self| >> n) & mask for a small mask, as an int."""
        return (
            rbigint(_rshift_mag(self._digits, n), 1).and_(rbigint.fromint(mask)).toint()
        )

    def invert(self):
        """~self == -self - 1."""
        return self.neg().sub(ONERBIGINT)

    def and_(self, other):
        return _bitwise(self, "&", other)

    def or_(self, other):
        return _bitwise(self, "|", other)

    def xor(self, other):
        return _bitwise(self, "^", other)

    def int_and_(self, i):
        return self.and_(rbigint.fromint(i))

    def int_or_(self, i):
        return self.or_(rbigint.fromint(i))

    def int_xor(self, i):
        return self.xor(rbigint.fromint(i))

    # -- text -----------------------------------------------------------

    def str(self):
        return self.format(_DIGITS[:10])

    def repr(self):
        return self.str()

    def format(self, digits, prefix="", suffix=""):
        """The value written with the digit alphabet ``digits`` (its length is
        the base), with ``prefix`` after the sign and ``suffix`` at the end."""
        base = len(digits)
        text = _mag_to_text(self._digits, base, digits)
        if self.sign < 0:
            return "-" + prefix + text + suffix
        return prefix + text + suffix

    def hex(self):
        return self.format(_DIGITS[:16], "0x")

    def oct(self):
        return self.format(_DIGITS[:8], "0o")

    def bin(self):
        return self.format(_DIGITS[:2], "0b")

    def log(self, base):
        """math.log(self, base) for a positive value (any size), computed as
        CPython does: log of the float value, or for values beyond the float
        range log(m) + log(2.0) * e with m in [0.5, 1) the correctly rounded
        mantissa; then divided by log(base) (base 0.0: natural log)."""
        if self.sign <= 0:
            raise ValueError("math domain error")
        nbits = self.bit_length()
        if nbits <= 53:
            x = math.log(self.tofloat())
        else:
            q, exp = self._round_to_53_bits()
            if nbits < 1024 or (nbits == 1024 and q < (1 << 53)):
                x = math.log(math.ldexp(float(q), exp))
            else:
                e = exp + 53
                if q == (1 << 53):
                    q >>= 1
                    e += 1
                x = math.log(math.ldexp(float(q), -53)) + math.log(2.0) * float(e)
        if base == 0.0:
            return x
        return x / math.log(base)

    def __repr__(self):
        return "rbigint(%s)" % self.str()


NULLRBIGINT = rbigint([], 0)
ONERBIGINT = rbigint([1], 1)


def _test_bit(mag, i):
    d = i // SHIFT
    if d >= len(mag):
        return False
    return (mag[d] >> (i - d * SHIFT)) & 1 == 1


def _has_low_bits(mag, nbits):
    """True if any of the lowest ``nbits`` bits of the magnitude is set."""
    whole = nbits // SHIFT
    i = 0
    while i < whole and i < len(mag):
        if mag[i]:
            return True
        i += 1
    rest = nbits - whole * SHIFT
    if rest and whole < len(mag):
        return mag[whole] & ((1 << rest) - 1) != 0
    return False


def _pow_mod(base, exponent, m):
    """base ** exponent % m for 0 <= base < m, exponent >= 0, m > 0."""
    if m.eq(ONERBIGINT):
        return NULLRBIGINT
    result = ONERBIGINT
    bits = _mag_bit_length(exponent._digits)
    i = bits - 1
    while i >= 0:
        result = result.mul(result).mod(m)
        if _test_bit(exponent._digits, i):
            result = result.mul(base).mod(m)
        i -= 1
    return result


def _mod_inverse(a, m):
    """The inverse of a modulo m (extended Euclid); ValueError if none."""
    old_r, r = a, m
    old_s, s = ONERBIGINT, NULLRBIGINT
    while r.sign != 0:
        q, rem = old_r.divmod(r)
        old_r, r = r, rem
        old_s, s = s, old_s.sub(q.mul(s))
    if not old_r.eq(ONERBIGINT):
        raise ValueError("base is not invertible for the given modulus")
    return old_s.mod(m)


def _to_twos(mag, negative, n):
    """n digits of the two's complement of the value."""
    result = [0] * n
    if not negative:
        i = 0
        while i < len(mag):
            result[i] = mag[i]
            i += 1
        return result
    # -x == ~(x - 1)
    m1 = _sub_mag(mag, [1])
    i = 0
    while i < n:
        d = 0
        if i < len(m1):
            d = m1[i]
        result[i] = (~d) & MASK
        i += 1
    return result


def _bitwise(a, op, b):
    n = max(len(a._digits), len(b._digits)) + 1
    x = _to_twos(a._digits, a.sign < 0, n)
    y = _to_twos(b._digits, b.sign < 0, n)
    neg_a = a.sign < 0
    neg_b = b.sign < 0
    result = [0] * n
    i = 0
    if op == "&":
        negative = neg_a and neg_b
        while i < n:
            result[i] = x[i] & y[i]
            i += 1
    elif op == "|":
        negative = neg_a or neg_b
        while i < n:
            result[i] = x[i] | y[i]
            i += 1
    else:
        negative = neg_a != neg_b
        while i < n:
            result[i] = x[i] ^ y[i]
            i += 1
    if not negative:
        return rbigint(_normalize(result), 1)
    # value = -(~result + 1)
    i = 0
    while i < n:
        result[i] = (~result[i]) & MASK
        i += 1
    return rbigint(_add_mag(_normalize(result), [1]), -1)


def _truediv(a, b):
    """Correctly rounded a / b (b != 0), as CPython's int true division."""
    negative = (a.sign < 0) != (b.sign < 0)
    an = a.abs()
    bn = b.abs()
    if an.sign == 0:
        return -0.0 if negative else 0.0
    la = an.bit_length()
    lb = bn.bit_length()
    # both exactly representable: float division is correctly rounded
    if la <= 53 and lb <= 53:
        x = an.tofloat() / bn.tofloat()
        return -x if negative else x
    diff = la - lb
    if diff > 1025:
        raise OverflowError("integer division result too large for a float")
    if diff < -1076:
        return -0.0 if negative else 0.0
    # scale so that the quotient has 55 significant bits (or fewer for
    # subnormal results), then round half-to-even with a sticky bit
    exp = diff - 55
    if exp < -1074 - 2:
        exp = -1074 - 2
    if exp > 0:
        q, r = an.divmod(bn.lshift(exp))
    else:
        q, r = an.lshift(-exp).divmod(bn)
    qi = q.toint()
    if r.sign != 0:
        qi |= 1
    while qi >= (1 << 55):
        qi = (qi >> 1) | (qi & 1)
        exp += 1
    # round away the two guard bits
    keep = qi >> 2
    rem = qi & 3
    if rem > 2 or (rem == 2 and keep & 1):
        keep += 1
    try:
        x = math.ldexp(float(keep), exp + 2)
    except OverflowError:
        raise OverflowError("integer division result too large for a float")
    if math.isinf(x):
        raise OverflowError("integer division result too large for a float")
    return -x if negative else x


# ____________________________________________________________
# Text conversion


def _power_mag(base, exponent):
    """base ** exponent as a magnitude."""
    return rbigint.fromint(base)._pow_plain(rbigint.fromint(exponent))._digits


class _PowerCache:
    """Powers base**(chunk * 2**i) computed once per conversion."""

    def __init__(self, base, chunk):
        self.base = base
        self.chunk = chunk
        self.powers = [_power_mag(base, chunk)]

    def get(self, i):
        while len(self.powers) <= i:
            last = self.powers[len(self.powers) - 1]
            self.powers.append(_mul_mag(last, last))
        return self.powers[i]


def _chunk_size(base):
    """Largest k with base**k < BASE, and base**k."""
    k = 0
    p = 1
    while p * base < BASE:
        p *= base
        k += 1
    return k, p


def _mag_to_text(mag, base, digits):
    if not mag:
        return digits[0]
    if base & (base - 1) == 0:
        return _mag_to_text_pow2(mag, base, digits)
    k, p = _chunk_size(base)
    pieces = []
    if len(mag) <= STR_DC_CUTOFF:
        _mag_to_text_small(mag, base, digits, k, p, pieces, 0)
    else:
        cache = _PowerCache(base, k)
        # find the smallest i with base**(k * 2**(i+1)) > mag
        i = 0
        while _cmp_mag(cache.get(i + 1), mag) <= 0:
            i += 1
        _mag_to_text_dc(mag, base, digits, cache, i, pieces, 0)
    text = "".join(pieces)
    return text


def _mag_to_text_pow2(mag, base, digits):
    bits_per = 0
    while (1 << bits_per) < base:
        bits_per += 1
    nbits = _mag_bit_length(mag)
    ndigits = (nbits + bits_per - 1) // bits_per
    chars = [digits[0]] * ndigits
    pos = 0
    j = ndigits - 1
    while j >= 0:
        d = pos // SHIFT
        off = pos - d * SHIFT
        val = mag[d] >> off
        if off + bits_per > SHIFT and d + 1 < len(mag):
            val |= mag[d + 1] << (SHIFT - off)
        chars[j] = digits[val & (base - 1)]
        pos += bits_per
        j -= 1
    return "".join(chars)


def _mag_to_text_small(mag, base, digits, k, p, pieces, width):
    """Append the text of ``mag``, left-padded with zeros to ``width``.

    Quadratic (base**k digits by Horner's scheme or repeated division),
    with one character list of the exact length filled from the end and
    joined once."""
    if base == 10:
        # literal constants let the C compiler divide by multiplication
        chunks = _decimal_chunks(mag)
    else:
        chunks = []
        cur = mag
        while cur:
            cur, rem = _divrem_digit(cur, p)
            chunks.append(rem)
    nchunks = len(chunks)
    total = 0
    if nchunks > 0:
        top = chunks[nchunks - 1]
        while top:
            top //= base
            total += 1
        total += (nchunks - 1) * k
    if total < width:
        total = width
    if total == 0:
        total = 1  # zero
    chars = [digits[0]] * total
    ichars = list_items(chars)
    ichunks = list_items(chunks)
    pos = total
    c = 0
    while c < nchunks:
        rem = ichunks[c]
        c += 1
        j = 0
        if base == 10:
            urem = _unsigned(rem)
            while j < 9 and pos > 0:
                pos -= 1
                ichars[pos] = chr(48 + intmask(urem % _unsigned(10)))
                urem = urem // _unsigned(10)
                j += 1
            continue
        while j < k and pos > 0:
            pos -= 1
            ichars[pos] = digits[rem % base]
            rem //= base
            j += 1
    pieces.append("".join(chars))


def _decimal_chunks(mag):
    """The base-10**9 digits of ``mag``, least significant first.

    Horner's scheme from the top digit down, out = out * BASE + digit, on
    base-10**9 digits.  The only loop-carried value is the small carry
    ``hi`` (a multiply-high per step); two input digits are folded in per
    pass, the second one lagging one position behind the first, so the CPU
    overlaps their two carry chains."""
    n = len(mag)
    out = [0] * (n + n // 8 + 2)  # 31 bits per digit < 9.34 decimal digits
    io = list_items(out)
    im = list_items(mag)
    size = 0
    billion = _unsigned(1000000000)
    i = n - 1
    while i >= 1:
        hi_a = _unsigned(im[i])
        hi_b = _unsigned(im[i - 1])
        old_size = size
        if old_size > 0:
            z = (_unsigned(io[0]) << SHIFT) | hi_a
            hi_a = z // billion
            io[0] = intmask(z - hi_a * billion)
        j = 1
        while j < old_size:
            z = (_unsigned(io[j]) << SHIFT) | hi_a
            hi_a = z // billion
            io[j] = intmask(z - hi_a * billion)
            z2 = (_unsigned(io[j - 1]) << SHIFT) | hi_b
            hi_b = z2 // billion
            io[j - 1] = intmask(z2 - hi_b * billion)
            j += 1
        while hi_a:
            io[size] = intmask(hi_a % billion)
            hi_a = hi_a // billion
            size += 1
        j = old_size - 1
        if j < 0:
            j = 0
        while j < size:
            z2 = (_unsigned(io[j]) << SHIFT) | hi_b
            hi_b = z2 // billion
            io[j] = intmask(z2 - hi_b * billion)
            j += 1
        while hi_b:
            io[size] = intmask(hi_b % billion)
            hi_b = hi_b // billion
            size += 1
        i -= 2
    if i == 0:
        hi = _unsigned(im[0])
        j = 0
        while j < size:
            z = (_unsigned(io[j]) << SHIFT) | hi
            hi = z // billion
            io[j] = intmask(z - hi * billion)
            j += 1
        while hi:
            io[size] = intmask(hi % billion)
            hi = hi // billion
            size += 1
    chunks = [0] * size
    ic = list_items(chunks)
    j = 0
    while j < size:
        ic[j] = io[j]
        j += 1
    return chunks


def _mag_to_text_dc(mag, base, digits, cache, i, pieces, width):
    """Append ``mag`` (< base**(k * 2**(i+1))) in text, padded to ``width``."""
    if len(mag) <= STR_DC_CUTOFF or i < 0:
        k, p = _chunk_size(base)
        _mag_to_text_small(mag, base, digits, k, p, pieces, width)
        return
    power = cache.get(i)
    if _cmp_mag(mag, power) < 0:
        _mag_to_text_dc(mag, base, digits, cache, i - 1, pieces, width)
        return
    q, r = _divrem_mag(mag, power)
    low_width = cache.chunk << i
    high_width = 0
    if width > low_width:
        high_width = width - low_width
    _mag_to_text_dc(q, base, digits, cache, i - 1, pieces, high_width)
    _mag_to_text_dc(r, base, digits, cache, i - 1, pieces, low_width)


def _digit_value(c):
    if "0" <= c <= "9":
        return ord(c) - ord("0")
    if "a" <= c <= "z":
        return ord(c) - ord("a") + 10
    if "A" <= c <= "Z":
        return ord(c) - ord("A") + 10
    return 99


def _digits_to_mag(s, start, end, base):
    """Magnitude of the digit characters s[start:end] (already validated)."""
    return _digits_to_mag_rec(s, start, end, base, {})


def _digits_to_mag_rec(s, start, end, base, powers):
    """``powers`` caches base**n magnitudes for this conversion."""
    length = end - start
    k, p = _chunk_size(base)
    if length <= k * STR_DC_CUTOFF:
        mag = []
        i = start
        while i < end:
            stop = min(i + k, end)
            chunk_val = 0
            mult = 1
            while i < stop:
                chunk_val = chunk_val * base + _digit_value(s[i])
                mult *= base
                i += 1
            mag = _mul_digit(mag, mult)
            if chunk_val:
                mag = _add_mag(mag, [chunk_val])
        return mag
    # split so that the low part has k * 2**j digits
    low = k
    while low * 2 < length:
        low *= 2
    high = _digits_to_mag_rec(s, start, end - low, base, powers)
    lowmag = _digits_to_mag_rec(s, end - low, end, base, powers)
    if low not in powers:
        powers[low] = _power_mag(base, low)
    power = powers[low]
    return _add_mag(_mul_mag(high, power), lowmag)


def _is_space(c):
    return c == " " or c == "\t" or c == "\n" or c == "\r" or c == "\f" or c == "\v"


def _parse_int_string(s, base, allow_underscores):
    """int(s, base) with CPython 3.11's syntax."""
    if base != 0 and not (2 <= base <= 36):
        raise ValueError("int() base must be >= 2 and <= 36, or 0")
    orig_base = base
    start = 0
    end = len(s)
    while start < end and (_is_space(s[start]) or s[start].isspace()):
        start += 1
    while end > start and (_is_space(s[end - 1]) or s[end - 1].isspace()):
        end -= 1
    sign = 1
    if start < end and (s[start] == "+" or s[start] == "-"):
        if s[start] == "-":
            sign = -1
        start += 1
    had_prefix = False
    if start + 1 < end and s[start] == "0":
        c = s[start + 1]
        if (c == "x" or c == "X") and (base == 0 or base == 16):
            base = 16
            had_prefix = True
        elif (c == "o" or c == "O") and (base == 0 or base == 8):
            base = 8
            had_prefix = True
        elif (c == "b" or c == "B") and (base == 0 or base == 2):
            base = 2
            had_prefix = True
    if had_prefix:
        start += 2
        # an underscore may follow the prefix
        if allow_underscores and start < end and s[start] == "_":
            start += 1
    if base == 0:
        base = 10
    # validate digits and underscores; collect the digits
    digits = []
    prev_underscore = True
    i = start
    ok = start < end
    while i < end:
        c = s[i]
        if c == "_" and allow_underscores:
            if prev_underscore:
                ok = False
                break
            prev_underscore = True
        else:
            v = _digit_value(_ascii_digit(c))
            if v >= base:
                ok = False
                break
            digits.append(_ascii_digit(c))
            prev_underscore = False
        i += 1
    if prev_underscore:
        ok = False
    if ok and orig_base == 0 and base == 10 and not had_prefix:
        # "010" is not allowed with base 0, but "000" is
        if len(digits) > 1 and digits[0] == "0":
            for d in digits:
                if d != "0":
                    ok = False
                    break
    if not ok:
        raise ValueError(
            "invalid literal for int() with base %d: %s" % (orig_base, _quote(s))
        )
    text = "".join(digits)
    mag = _digits_to_mag(text, 0, len(text), base)
    return rbigint(mag, sign)


def _ascii_digit(c):
    """Map Unicode decimal digits to ASCII; other characters unchanged."""
    if c < "\x80":
        return c
    v = unicodedb.decimal_value(ord(c))
    if v < 0:
        return c
    return chr(ord("0") + v)


def _quote(s):
    if len(s) > 200:
        s = s[:200]
    return repr(s)
