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
    return float_floor(x) if isfinite(x) else x


def ceil_float(x):
    return float_ceil(x) if isfinite(x) else x


def trunc_float(x):
    if not isfinite(x):
        return x
    if x < 0.0:
        return -float_floor(-x)
    return float_floor(x)


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


def gamma(x):
    if isnan(x):
        return x
    if isinf(x):
        if x > 0.0:
            return x
        raise _domain()
    if x <= 0.0 and x == float_floor(x):
        raise _domain()
    if x > 171.62:
        raise _range()
    return math.gamma(x)


def lgamma(x):
    if isnan(x) or isinf(x):
        return abs(x)
    if x <= 0.0 and x == float_floor(x):
        raise _domain()
    result = math.lgamma(x)
    if isinf(result):
        raise _range()
    return result


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


def nextafter(x, y):
    return math.nextafter(x, y)


def ulp(x):
    return math.ulp(x)


def rbigint_from_float_checked(x):
    """int(x) for math.floor/ceil/trunc results (errors as CPython)."""
    if isnan(x):
        raise ValueError("cannot convert float NaN to integer")
    if isinf(x):
        raise OverflowError("cannot convert float infinity to integer")
    return rbigint.fromfloat(x)
