"""IEEE 754 packing of floats into 2, 4 or 8 bytes, exactly and portably.

``float_pack(x, size)`` returns the bit pattern as an ``r_ulonglong``-sized
int (plain int here: at most 64 bits, built with unsigned arithmetic);
rounding to the narrower formats is round-half-even on the exact value and
an overflow raises ``OverflowError`` (as CPython's ``struct``).
"""

import math

from rpython.rlib.longlong2float import float2longlong
from rpython.rlib.rarithmetic import intmask, r_uint
from rpython.rlib.rfloat import float_floor


def _params(size):
    if size == 2:
        return 5, 10
    if size == 4:
        return 8, 23
    if size == 8:
        return 11, 52
    raise ValueError("float size must be 2, 4 or 8")


def float_pack(x, size):
    """The IEEE bits of x in a format of ``size`` bytes, as r_uint."""
    exp_bits, mant_bits = _params(size)
    bias = (1 << (exp_bits - 1)) - 1
    max_exp = (1 << exp_bits) - 1
    sign = r_uint(0)
    if math.copysign(1.0, x) < 0.0:
        sign = r_uint(1)
    if math.isnan(x):
        return _nan_bits(x, size, exp_bits, mant_bits, max_exp, sign)
    if math.isinf(x):
        return (sign << (exp_bits + mant_bits)) | (r_uint(max_exp) << mant_bits)
    ax = abs(x)
    if ax == 0.0:
        return sign << (exp_bits + mant_bits)
    m, e = math.frexp(ax)  # ax = m * 2**e, 0.5 <= m < 1
    e -= 1  # ax = (2m) * 2**e with 1 <= 2m < 2
    min_normal_exp = 1 - bias
    if e < min_normal_exp:
        # subnormal: units of 2**(min_normal_exp - mant_bits)
        scaled = math.ldexp(ax, mant_bits - min_normal_exp)
        exp_field = 0
    else:
        scaled = math.ldexp(m * 2.0, mant_bits) - math.ldexp(1.0, mant_bits)
        exp_field = e + bias
    # scaled is exact (a double with at most 53 significant bits); round it
    # half-to-even to an integer
    whole = float_floor(scaled)
    frac = scaled - whole
    mant = int(whole)
    if frac > 0.5 or (frac == 0.5 and mant & 1):
        mant += 1
    if mant >= (1 << mant_bits):
        # rounding carried into the exponent (or subnormal became normal)
        mant -= 1 << mant_bits
        exp_field += 1
    if exp_field >= max_exp:
        raise OverflowError("float too large to pack with %s format" % _code(size))
    return (
        (sign << (exp_bits + mant_bits))
        | (r_uint(exp_field) << mant_bits)
        | r_uint(mant)
    )


def _nan_bits(x, size, exp_bits, mant_bits, max_exp, sign):
    """NaNs keep their payload as a C cast does: all of it for doubles, the
    top bits (quieted) for floats; binary16 gets the canonical quiet NaN."""
    if size == 2:
        bits = (r_uint(max_exp) << mant_bits) | (r_uint(1) << (mant_bits - 1))
        return (sign << (exp_bits + mant_bits)) | bits
    double_bits = r_uint(float2longlong(x))
    if size == 8:
        return double_bits
    payload = (double_bits >> 29) & r_uint(0x7FFFFF)
    return (sign << 31) | r_uint(0x7F800000) | r_uint(0x400000) | payload


def _code(size):
    if size == 2:
        return "e"
    if size == 4:
        return "f"
    return "d"


def float_unpack(bits, size):
    """The float whose IEEE bits (``size`` bytes) are ``bits`` (r_uint)."""
    exp_bits, mant_bits = _params(size)
    bias = (1 << (exp_bits - 1)) - 1
    max_exp = (1 << exp_bits) - 1
    bits = r_uint(bits)
    sign = intmask((bits >> (exp_bits + mant_bits)) & r_uint(1))
    exp_field = intmask((bits >> mant_bits) & r_uint(max_exp))
    mant = intmask(bits & ((r_uint(1) << mant_bits) - r_uint(1)))
    if exp_field == max_exp:
        if mant:
            result = float("nan")
        else:
            result = float("inf")
    elif exp_field == 0:
        result = math.ldexp(float(mant), 1 - bias - mant_bits)
    else:
        result = math.ldexp(
            float(mant + (1 << mant_bits)), exp_field - bias - mant_bits
        )
    if sign:
        return -result
    return result
