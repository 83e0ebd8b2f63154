"""``math`` functions with CPython's results and errors.

The C library gives the values (``math.*`` is translated to libm calls); the
checks around them are written here, because libm reports problems through
errno and special results instead of exceptions: a domain error raises
``ValueError("math domain error")`` and an overflow
``OverflowError("math range error")``, exactly where CPython raises them.
Functions that CPython computes itself (``fsum``, ``factorial``, ``gcd``,
``isclose``, ``log`` with a base...)
are written here.
"""

import math

from rpython.rlib.rbigint import rbigint, ONERBIGINT
from rpython.rlib.rfloat import float_ceil, float_floor
from rpython.rtyper.lltypesystem import lltype, rffi
from rpython.translator.tool.cbuild import ExternalCompilationInfo

INFINITY = float("inf")
NAN = float("nan")
pi = math.pi
e = math.e
tau = math.tau


def isinf(x):
    return x == INFINITY or x == -INFINITY


def isnan(x):
    return x != x


def isfinite(x):
    return not isinf(x) and not isnan(x)


def _domain():
    return ValueError("math domain error")


def _range():
    return OverflowError("math range error")


def _check_result(x, result, can_overflow=True):
    """CPython's is_error logic: a nan from a non-nan argument is a domain
    error, an infinity from a finite argument is an overflow."""
    if isnan(result) and not isnan(x):
        raise _domain()
    if isinf(result) and isfinite(x):
        if can_overflow:
            raise _range()
        raise _domain()
    return result


def sqrt(x):
    if x < 0.0:
        raise _domain()
    return math.sqrt(x)


def exp(x):
    if not isfinite(x):
        return math.exp(x)
    if x > 709.782712893384:
        raise _range()
    return math.exp(x)


def expm1(x):
    if not isfinite(x):
        return math.expm1(x)
    if x > 709.782712893384:
        raise _range()
    return math.expm1(x)


def _log_checked(x):
    if isnan(x):
        return x
    if x <= 0.0:
        raise _domain()
    return math.log(x)


def log(x, base=0.0):
    """log(x) (natural when base is 0.0 — the "no base" marker) or log(x, base)."""
    num = _log_checked(x)
    if base == 0.0:
        return num
    den = _log_checked(base)
    if den == 0.0:
        raise ZeroDivisionError("float division by zero")
    return num / den


def log_rbigint(value, base=0.0):
    """log of an arbitrarily large positive integer."""
    if value.sign <= 0:
        raise _domain()
    result = value.log(0.0)
    if base == 0.0:
        return result
    den = _log_checked(base)
    if den == 0.0:
        raise ZeroDivisionError("float division by zero")
    return result / den


def log2(x):
    if isnan(x):
        return x
    if x <= 0.0:
        raise _domain()
    return math.log2(x)


def log10(x):
    if isnan(x):
        return x
    if x <= 0.0:
        raise _domain()
    return math.log10(x)


def log1p(x):
    if isnan(x):
        return x
    if x <= -1.0:
        raise _domain()
    return math.log1p(x)


def _trig_arg(x):
    if isinf(x):
        raise _domain()


def sin(x):
    _trig_arg(x)
    return math.sin(x)


def cos(x):
    _trig_arg(x)
    return math.cos(x)


def tan(x):
    _trig_arg(x)
    return math.tan(x)


def asin(x):
    if x < -1.0 or x > 1.0:
        raise _domain()
    return math.asin(x)


def acos(x):
    if x < -1.0 or x > 1.0:
        raise _domain()
    return math.acos(x)


def atan(x):
    return math.atan(x)


def atan2(y, x):
    return math.atan2(y, x)


def sinh(x):
    return _check_result(
        x, math.sinh(x) if abs(x) < 711.0 or not isfinite(x) else INFINITY
    )


def cosh(x):
    return _check_result(
        x, math.cosh(x) if abs(x) < 711.0 or not isfinite(x) else INFINITY
    )


def tanh(x):
    return math.tanh(x)


def asinh(x):
    return math.asinh(x)


def acosh(x):
    if x < 1.0:
        raise _domain()
    return math.acosh(x)


def atanh(x):
    if x <= -1.0 or x >= 1.0:
        raise _domain()
    return math.atanh(x)


def fabs(x):
    return math.fabs(x)


def copysign(x, y):
    return math.copysign(x, y)


def fmod(x, y):
    if isinf(y) and isfinite(x):
        return x
    if y == 0.0 or isinf(x):
        if isnan(x) or isnan(y):
            return NAN
        raise _domain()
    return math.fmod(x, y)


def modf(x):
    return math.modf(x)


def frexp(x):
    return math.frexp(x)


def ldexp(x, i):
    if x == 0.0 or not isfinite(x):
        return x
    if i > 2100:
        raise _range()
    if i < -2200:
        return math.copysign(0.0, x)
    result = math.ldexp(x, i)
    if isinf(result):
        raise _range()
    return result


def floor_float(x):
    """C's floor(): a float (math.floor gives an int, which overflows a
    machine word translated); a zero result keeps the sign of ``x``."""
    if not isfinite(x):
        return x
    return _signed_zero(float_floor(x), x)


def ceil_float(x):
    """C's ceil() (see floor_float)."""
    if not isfinite(x):
        return x
    return _signed_zero(float_ceil(x), x)


def trunc_float(x):
    """C's trunc() (see floor_float)."""
    if not isfinite(x):
        return x
    if x < 0.0:
        return _signed_zero(-float_floor(-x), x)
    return _signed_zero(float_floor(x), x)


def _signed_zero(result, x):
    if result == 0.0:
        return math.copysign(0.0, x)
    return result


def pow(x, y):
    """math.pow(x, y) with CPython's special cases and errors."""
    if y == 0.0:
        return 1.0
    if isnan(x):
        return x if y != 0.0 else 1.0
    if isnan(y):
        return 1.0 if x == 1.0 else y
    if x == 0.0 and y < 0.0 and isfinite(y):
        raise _domain()
    if x < 0.0 and isfinite(x) and isfinite(y) and y != float_floor(y):
        raise _domain()
    result = math.pow(x, y)
    if isinf(result) and isfinite(x) and isfinite(y):
        raise _range()
    return result


def hypot(x, y):
    if isinf(x) or isinf(y):
        return INFINITY
    result = math.hypot(x, y)
    if isinf(result):
        raise _range()
    return result


def degrees(x):
    return x * (180.0 / pi)


def radians(x):
    return x * (pi / 180.0)


def erf(x):
    return math.erf(x)


def erfc(x):
    return math.erfc(x)


# gamma and lgamma: CPython computes them itself (not with libm's tgamma
# and lgamma, whose last bits differ), with the Lanczos approximation
# g = 6.024680040776729583740234375, N = 13 in the rational form
# sum(num[i] * x**i) / sum(den[i] * x**i); den[] are the coefficients of
# x * (x+1) * ... * (x+11).

LANCZOS_G = 6.024680040776729583740234375
LANCZOS_G_MINUS_HALF = 5.524680040776729583740234375
LANCZOS_NUM = [
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
]
LANCZOS_DEN = [0.0, 39916800.0, 120543840.0, 150917976.0, 105258076.0,
               45995730.0, 13339535.0, 2637558.0, 357423.0, 32670.0, 1925.0,
               66.0, 1.0]  # fmt: skip
# (n-1)! exactly, for the integers 1..23 where gamma is exact
GAMMA_INTEGRAL = [1.0, 1.0, 2.0, 6.0, 24.0, 120.0, 720.0, 5040.0, 40320.0,
                  362880.0, 3628800.0, 39916800.0, 479001600.0, 6227020800.0,
                  87178291200.0, 1307674368000.0, 20922789888000.0,
                  355687428096000.0, 6402373705728000.0, 121645100408832000.0,
                  2432902008176640000.0, 51090942171709440000.0,
                  1124000727777607680000.0]  # fmt: skip
LOG_PI = 1.144729885849400174143427351353058711647


def _lanczos_sum(x):
    """The rational Lanczos sum for x > 0 (Horner in x below 5, in 1/x
    above, so that nothing overflows)."""
    num = 0.0
    den = 0.0
    n = len(LANCZOS_NUM)
    if x < 5.0:
        i = n - 1
        while i >= 0:
            num = num * x + LANCZOS_NUM[i]
            den = den * x + LANCZOS_DEN[i]
            i -= 1
    else:
        i = 0
        while i < n:
            num = num / x + LANCZOS_NUM[i]
            den = den / x + LANCZOS_DEN[i]
            i += 1
    return num / den


def _round_half_away(x):
    """C's round() for 0 <= x < 8."""
    return int(float_floor(x + 0.5))


def _sinpi(x):
    """sin(pi * x) for finite x, exact at the integers and half-integers:
    the argument is reduced to [-0.25, 0.25] periods first."""
    y = math.fmod(abs(x), 2.0)
    n = _round_half_away(2.0 * y)
    if n == 0:
        r = math.sin(pi * y)
    elif n == 1:
        r = math.cos(pi * (y - 0.5))
    elif n == 2:
        r = math.sin(pi * (1.0 - y))
    elif n == 3:
        r = -math.cos(pi * (y - 1.5))
    else:
        r = math.sin(pi * (y - 2.0))
    return math.copysign(1.0, x) * r


def gamma(x):
    """math.gamma, CPython's algorithm and errors."""
    if isnan(x):
        return x
    if isinf(x):
        if x > 0.0:
            return x
        raise _domain()
    if x == float_floor(x):
        if x <= 0.0:
            raise _domain()
        if x <= 23.0:
            return GAMMA_INTEGRAL[int(x) - 1]
    absx = abs(x)
    if absx < 1e-20:
        r = 1.0 / x
        if isinf(r):
            raise _range()
        return r
    if absx > 200.0:
        if x < 0.0:
            return 0.0 / _sinpi(x)
        raise _range()
    y = absx + LANCZOS_G_MINUS_HALF
    # the error of y, folded into a correction below
    if absx > LANCZOS_G_MINUS_HALF:
        q = y - absx
        z = q - LANCZOS_G_MINUS_HALF
    else:
        q = y - LANCZOS_G_MINUS_HALF
        z = q - absx
    z = z * LANCZOS_G / y
    if x < 0.0:
        r = -pi / _sinpi(absx) / absx * math.exp(y) / _lanczos_sum(absx)
        r -= z * r
        if absx < 140.0:
            r /= math.pow(y, absx - 0.5)
        else:
            sqrtpow = math.pow(y, absx / 2.0 - 0.25)
            r /= sqrtpow
            r /= sqrtpow
    else:
        r = _lanczos_sum(absx) / math.exp(y)
        r += z * r
        if absx < 140.0:
            r *= math.pow(y, absx - 0.5)
        else:
            sqrtpow = math.pow(y, absx / 2.0 - 0.25)
            r *= sqrtpow
            r *= sqrtpow
    if isinf(r):
        raise _range()
    return r


def lgamma(x):
    """math.lgamma, CPython's algorithm and errors."""
    if isnan(x):
        return x
    if isinf(x):
        return INFINITY
    if x == float_floor(x) and x <= 2.0:
        if x <= 0.0:
            raise _domain()
        return 0.0
    absx = abs(x)
    if absx < 1e-20:
        return -math.log(absx)
    r = math.log(_lanczos_sum(absx)) - LANCZOS_G
    r += (absx - 0.5) * (math.log(absx + LANCZOS_G - 0.5) - 1.0)
    if x < 0.0:
        r = LOG_PI - math.log(abs(_sinpi(absx))) - math.log(absx) - r
    if isinf(r):
        raise _range()
    return r


def isclose(a, b, rel_tol=1e-09, abs_tol=0.0):
    if rel_tol < 0.0 or abs_tol < 0.0:
        raise ValueError("tolerances must be non-negative")
    if a == b:
        return True
    if isinf(a) or isinf(b):
        return False
    diff = abs(b - a)
    return diff <= abs(rel_tol * b) or diff <= abs(rel_tol * a) or diff <= abs_tol


def fsum(values):
    """Exactly rounded sum (Shewchuk's partials, as CPython)."""
    partials = []
    special_sum = 0.0
    inf_sum = 0.0
    for x in values:
        xsave = x
        i = 0
        for y in partials:
            if abs(x) < abs(y):
                x, y = y, x
            hi = x + y
            lo = y - (hi - x)
            if lo != 0.0:
                partials[i] = lo
                i += 1
            x = hi
        partials = partials[:i]
        if x != 0.0:
            if not isfinite(x):
                # a non-finite result from finite addends is an overflow
                if isfinite(xsave):
                    raise OverflowError("intermediate overflow in fsum")
                if isinf(xsave):
                    inf_sum += xsave
                special_sum += xsave
                partials = []
            else:
                partials.append(x)
    if special_sum != 0.0:
        if isnan(inf_sum):
            raise ValueError("-inf + inf in fsum")
        return special_sum
    hi = 0.0
    n = len(partials)
    if n > 0:
        n -= 1
        hi = partials[n]
        lo = 0.0
        while n > 0:
            x = hi
            n -= 1
            y = partials[n]
            hi = x + y
            yr = hi - x
            lo = y - yr
            if lo != 0.0:
                break
        # half-way case: make the rounding go the right way
        if n > 0 and (
            (lo < 0.0 and partials[n - 1] < 0.0) or (lo > 0.0 and partials[n - 1] > 0.0)
        ):
            y = lo * 2.0
            x = hi + y
            yr = x - hi
            if y == yr:
                hi = x
    return hi


def factorial(n):
    """n! as rbigint (n >= 0), by binary splitting of the product."""
    if n < 0:
        raise ValueError("factorial() not defined for negative values")
    return _product_range(1, n)


def _product_range(lo, hi):
    """lo * (lo+1) * ... * hi as rbigint (1 if empty)."""
    if hi < lo:
        return ONERBIGINT
    if hi - lo < 16:
        result = ONERBIGINT
        i = lo
        acc = 1
        while i <= hi:
            if acc > (1 << 40):
                result = result.int_mul(acc)
                acc = 1
            acc *= i
            i += 1
        return result.int_mul(acc) if acc != 1 else result
    mid = (lo + hi) // 2
    return _product_range(lo, mid).mul(_product_range(mid + 1, hi))


def gcd(a, b):
    """gcd of two rbigints (non-negative result)."""
    a = a.abs()
    b = b.abs()
    while b.sign != 0:
        a, b = b, a.mod(b)
    return a


def gcd_int(a, b):
    if a < 0:
        a = -a
    if b < 0:
        b = -b
    while b:
        a, b = b, a % b
    return a


_libm_nextafter = rffi.llexternal(
    "nextafter",
    [lltype.Float, lltype.Float],
    lltype.Float,
    compilation_info=ExternalCompilationInfo(includes=["math.h"], libraries=["m"]),
    _callable=math.nextafter,
)


def nextafter(x, y):
    """C's nextafter (exact; the rtyper has no math.nextafter)."""
    return _libm_nextafter(x, y)


def ulp(x):
    """math.ulp, as CPython computes it."""
    if isnan(x):
        return x
    x = abs(x)
    if isinf(x):
        return x
    x2 = nextafter(x, INFINITY)
    if isinf(x2):
        # x is the largest finite float: the gap below it
        return x - nextafter(x, -INFINITY)
    return x2 - x


def rbigint_from_float_checked(x):
    """int(x) for math.floor/ceil/trunc results (errors as CPython)."""
    if isnan(x):
        raise ValueError("cannot convert float NaN to integer")
    if isinf(x):
        raise OverflowError("cannot convert float infinity to integer")
    return rbigint.fromfloat(x)
