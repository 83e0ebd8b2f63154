"""Float formatting, parsing and rounding with CPython 3.11's exact results.

Everything here is computed exactly with ``rbigint`` arithmetic on the
binary value ``mantissa * 2**exponent`` of a double, so the results are
correctly rounded without relying on the C library:

- ``float_repr(x)`` is the shortest digit string that reads back as ``x``
  (the free-format algorithm of Steele & White: generate digits of the exact
  value until they fall within the rounding interval of ``x``; the last digit
  is the nearer of its two candidates), laid out as CPython's ``repr``;
- ``formatd(x, code, precision, flags)`` gives ``%e``/``%f``/``%g`` (and
  ``r``) with correctly rounded (half-even on the exact value) digits;
- ``percent_format(x, spec)`` applies ``%``-style flags and width;
- ``string_to_float(s)`` parses CPython's ``float()`` syntax and rounds the
  exact decimal value to the nearest double (``rbigint.truediv`` is
  correctly rounded, subnormals included);
- ``round_double(x, ndigits)`` is Python's ``round(x, ndigits)``.
"""

import math

from rpython.rlib import unicodedb

from rpython.rlib.longlong2float import float2longlong, longlong2float
from rpython.rlib.rbigint import rbigint, ONERBIGINT, NULLRBIGINT

float_to_bits = float2longlong
float_from_bits = longlong2float

INFINITY = float("inf")
NAN = float("nan")

DTSF_SIGN = 1  # always write a sign
DTSF_ADD_DOT_0 = 2  # integral results get ".0" (repr/str)
DTSF_ALT = 4  # the "#" flag: keep the point and trailing zeros

MANT_BITS = 53
MIN_EXP = -1074  # exponent of the smallest subnormal's unit
NDIGITS_MAX = 323
NDIGITS_MIN = -308


def float_floor(x):
    """math.floor(x) as a float, exact for every float (math.floor itself
    returns an int, which would overflow a machine word for huge x)."""
    if not (abs(x) < 4503599627370496.0):  # 2**52: integral already (or nan)
        return x
    t = float(int(x))  # truncation toward zero
    if t > x:
        t -= 1.0
    return t


def float_ceil(x):
    return -float_floor(-x)


def isfinite(x):
    return not (math.isinf(x) or math.isnan(x))


def copysign(x, y):
    return math.copysign(x, y)


_FRAC_MASK = (1 << 52) - 1


def _frexp_positive(ax):
    """math.frexp for a finite ax > 0, read from the IEEE bits (the generic
    frexp halves in a loop, ~1000 steps for tiny numbers)."""
    bits = float2longlong(ax)
    biased = (bits >> 52) & 0x7FF
    if biased == 0:
        return math.frexp(ax)  # subnormal: rare
    return longlong2float((bits & _FRAC_MASK) | (1022 << 52)), biased - 1022


def _decompose(x):
    """(mantissa, exponent) with |x| == mantissa * 2**exponent, mantissa > 0
    an int of at most 53 bits, for a finite non-zero x (from the IEEE bits)."""
    bits = float2longlong(abs(x))
    biased = (bits >> 52) & 0x7FF
    frac = bits & _FRAC_MASK
    if biased == 0:
        # subnormal: the unit is 2**MIN_EXP
        return frac, MIN_EXP
    return frac | (1 << 52), biased - 1075


_pow10_cache = [ONERBIGINT]


def pow10(n):
    """10**n as rbigint (n >= 0); small powers are cached."""
    if n < 350:
        while len(_pow10_cache) <= n:
            _pow10_cache.append(_pow10_cache[len(_pow10_cache) - 1].int_mul(10))
        return _pow10_cache[n]
    return rbigint.fromint(10).pow(rbigint.fromint(n))


def _estimate_decpt(x):
    """An estimate of floor(log10(|x|)) + 1, off by at most one."""
    m, e = _frexp_positive(abs(x))
    return int(math.ceil((e - 1) * 0.30102999566398120 + math.log10(m * 2.0) - 1e-10))


# ____________________________________________________________
# Shortest round-trip digits


def shortest_digits(x):
    """(digits, decpt) for finite non-zero x: |x| ~= 0.DIGITS * 10**decpt,
    with the fewest digits that read back as x."""
    ax = abs(x)
    if ax < 9007199254740992.0 and ax == float_floor(ax):
        # an integer below 2**53: the rounding interval is narrower than 1,
        # so its own digits (without trailing zeros) are the shortest
        return _integer_digits(int(ax))
    mant, exp = _decompose(x)
    even = mant % 2 == 0
    lopsided = mant == (1 << (MANT_BITS - 1)) and exp > MIN_EXP
    k = _estimate_decpt(x)
    digits, decpt = _shortest_small(mant, exp, even, lopsided, k)
    if decpt != _NO_FIT:
        return digits, decpt
    return _shortest_big(x, mant, exp, even, lopsided, k)


_NO_FIT = -100000
_SMALL_LIMIT = 1 << 58  # r, s, m+ times 10 stay below 2**62


def _integer_digits(n):
    text = str(n)
    return _strip_trailing_zeros(text), len(text)


def _shortest_small(mant, exp, even, lopsided, k):
    """The free-format algorithm in machine ints, or ("", _NO_FIT) when the
    scaled values would not fit (then the rbigint version runs)."""
    if exp >= 0 or exp < -60:
        return "", _NO_FIT
    if lopsided:
        r = mant << 2
        s = 1 << (2 - exp)
        m_plus = 2
        m_minus = 1
    else:
        r = mant << 1
        s = 1 << (1 - exp)
        m_plus = 1
        m_minus = 1
    if s >= _SMALL_LIMIT:
        return "", _NO_FIT
    if k >= 0:
        j = k
        while j > 0:
            if s >= _SMALL_LIMIT // 10:
                return "", _NO_FIT
            s *= 10
            j -= 1
    else:
        j = -k
        while j > 0:
            if r >= _SMALL_LIMIT // 10:
                return "", _NO_FIT
            r *= 10
            m_plus *= 10
            m_minus *= 10
            j -= 1
    while True:
        high = r + m_plus
        if high > s or (even and high == s):
            if s >= _SMALL_LIMIT // 10:
                return "", _NO_FIT
            s *= 10
            k += 1
        else:
            break
    while True:
        high = (r + m_plus) * 10
        if high < s or (not even and high == s):
            r *= 10
            m_plus *= 10
            m_minus *= 10
            k -= 1
        else:
            break
    chars = []
    while True:
        r *= 10
        m_plus *= 10
        m_minus *= 10
        d = r // s
        r -= d * s
        if even:
            low_ok = r <= m_minus
            high_ok = r + m_plus >= s
        else:
            low_ok = r < m_minus
            high_ok = r + m_plus > s
        if not low_ok and not high_ok:
            chars.append(chr(ord("0") + d))
            continue
        if low_ok and high_ok:
            if 2 * r < s or (2 * r == s and d % 2 == 0):
                chars.append(chr(ord("0") + d))
            else:
                chars.append(chr(ord("0") + d + 1))
        elif low_ok:
            chars.append(chr(ord("0") + d))
        else:
            chars.append(chr(ord("0") + d + 1))
        break
    return "".join(chars), k


def _shortest_big(x, mant, exp, even, lopsided, k):
    """The free-format algorithm on rbigints (any exponent)."""
    bm = rbigint.fromint(mant)
    if exp >= 0:
        if not lopsided:
            r = bm.lshift(exp + 1)
            s = rbigint.fromint(2)
            m_plus = ONERBIGINT.lshift(exp)
            m_minus = m_plus
        else:
            r = bm.lshift(exp + 2)
            s = rbigint.fromint(4)
            m_plus = ONERBIGINT.lshift(exp + 1)
            m_minus = ONERBIGINT.lshift(exp)
    else:
        if not lopsided:
            r = bm.lshift(1)
            s = ONERBIGINT.lshift(1 - exp)
            m_plus = ONERBIGINT
            m_minus = ONERBIGINT
        else:
            r = bm.lshift(2)
            s = ONERBIGINT.lshift(2 - exp)
            m_plus = rbigint.fromint(2)
            m_minus = ONERBIGINT
    if k >= 0:
        s = s.mul(pow10(k))
    else:
        p = pow10(-k)
        r = r.mul(p)
        m_plus = m_plus.mul(p)
        m_minus = m_minus.mul(p)
    # fix the estimate so that the high end of the interval is below s
    while True:
        high = r.add(m_plus)
        if high.gt(s) or (even and high.eq(s)):
            s = s.int_mul(10)
            k += 1
        else:
            break
    while True:
        high = r.add(m_plus).int_mul(10)
        if high.lt(s) or (not even and high.eq(s)):
            r = r.int_mul(10)
            m_plus = m_plus.int_mul(10)
            m_minus = m_minus.int_mul(10)
            k -= 1
        else:
            break
    digits = []
    while True:
        r = r.int_mul(10)
        m_plus = m_plus.int_mul(10)
        m_minus = m_minus.int_mul(10)
        q, r = r.divmod(s)
        d = q.toint()
        if even:
            low_ok = r.le(m_minus)
            high_ok = r.add(m_plus).ge(s)
        else:
            low_ok = r.lt(m_minus)
            high_ok = r.add(m_plus).gt(s)
        if not low_ok and not high_ok:
            digits.append(d)
            continue
        if low_ok and high_ok:
            twice = r.lshift(1)
            if twice.lt(s) or (twice.eq(s) and d % 2 == 0):
                digits.append(d)
            else:
                digits.append(d + 1)
        elif low_ok:
            digits.append(d)
        else:
            digits.append(d + 1)
        break
    return _digits_text(digits), k


def _digits_text(digits):
    chars = []
    for d in digits:
        chars.append(chr(ord("0") + d))
    return "".join(chars)


# ____________________________________________________________
# Correctly rounded fixed digits


def _round_half_even_div(num, den):
    """num / den rounded to the nearest integer, ties to even (num >= 0)."""
    q, r = num.divmod(den)
    twice = r.lshift(1)
    c = twice._cmp(den)
    if c > 0 or (c == 0 and q.tobool() and q.digit(0) & 1):
        q = q.add(ONERBIGINT)
    return q


def _scaled_round(x, n):
    """round(|x| * 10**n) to an integer (half-even on the exact value)."""
    mant, exp = _decompose(x)
    num = rbigint.fromint(mant)
    den = ONERBIGINT
    if exp >= 0:
        num = num.lshift(exp)
    else:
        den = den.lshift(-exp)
    if n >= 0:
        num = num.mul(pow10(n))
    else:
        den = den.mul(pow10(-n))
    return _round_half_even_div(num, den)


def fixed_digits(x, precision):
    """The digits of round(|x|, precision) as a string of the integer
    round(|x| * 10**precision) (precision >= 0); "0" for zero."""
    if x == 0.0:
        return "0"
    return _scaled_round(x, precision).str()


def exp_digits(x, ndigits):
    """(digits, decpt): |x| rounded to ``ndigits`` significant digits
    (ndigits >= 1), |x| ~= 0.DIGITS * 10**decpt.  Zero gives ("000..", 1)."""
    if x == 0.0:
        return "0" * ndigits, 1
    k = _estimate_decpt(x)
    while True:
        q = _scaled_round(x, ndigits - k)
        text = q.str()
        if len(text) > ndigits:
            # the estimate was low, or |x| rounded up to the next power of 10
            k += 1
            continue
        if len(text) < ndigits:
            k -= 1
            continue
        return text, k


# ____________________________________________________________
# Layout


def _exponent_text(e):
    """CPython's exponent: sign and at least two digits."""
    if e < 0:
        sign = "-"
        e = -e
    else:
        sign = "+"
    text = str(e)
    if len(text) < 2:
        text = "0" + text
    return sign + text


def _strip_trailing_zeros(digits):
    end = len(digits)
    while end > 1 and digits[end - 1] == "0":
        end -= 1
    return digits[:end]


def _layout_exponent(digits, decpt, precision, keep_point, upper):
    """d.ddd e+XX with ``digits`` (exactly the significant digits to show)."""
    mantissa = digits[0]
    if len(digits) > 1 or keep_point:
        mantissa += "." + digits[1:]
    e = "E" if upper else "e"
    return mantissa + e + _exponent_text(decpt - 1)


def _layout_fixed(digits, decpt, keep_point):
    """Place the decimal point in ``digits`` (0.DIGITS * 10**decpt)."""
    if decpt <= 0:
        text = "0." + "0" * (-decpt) + digits
    elif decpt >= len(digits):
        text = digits + "0" * (decpt - len(digits))
        if keep_point:
            text += "."
    else:
        text = digits[:decpt] + "." + digits[decpt:]
    return text


def _special(x, upper, flags):
    if math.isnan(x):
        text = "nan"
    else:
        text = "inf"
    if upper:
        text = text.upper()
    if math.isnan(x):
        if flags & DTSF_SIGN:
            # CPython writes "+nan" for %+f of a nan
            return "+" + text
        return text
    return _sign_prefix(x, flags) + text


def _sign_prefix(x, flags):
    if math.copysign(1.0, x) < 0.0:
        return "-"
    if flags & DTSF_SIGN:
        return "+"
    return ""


def float_repr(x):
    """repr(x) exactly as CPython 3.11."""
    return formatd(x, "r", 0, DTSF_ADD_DOT_0)


def float_str(x):
    return float_repr(x)


def formatd(x, code, precision, flags=0):
    """Format ``x`` with ``code`` in "eEfFgGr" and ``precision`` (ignored for
    "r"), without padding.  ``flags``: DTSF_SIGN, DTSF_ADD_DOT_0, DTSF_ALT."""
    upper = code == "E" or code == "F" or code == "G"
    if not isfinite(x):
        return _special(x, upper, flags)
    sign = _sign_prefix(x, flags)
    alt = flags & DTSF_ALT != 0
    if code == "r":
        if x == 0.0:
            return sign + "0.0"
        digits, decpt = shortest_digits(x)
        if decpt <= -4 or decpt > 16:
            return sign + _layout_exponent(digits, decpt, 0, alt, False)
        text = _layout_fixed(digits, decpt, alt)
        if "." not in text and flags & DTSF_ADD_DOT_0:
            text += ".0"
        return sign + text
    if code == "f" or code == "F":
        digits = fixed_digits(x, precision)
        if precision > 0:
            if len(digits) <= precision:
                digits = "0" * (precision + 1 - len(digits)) + digits
            text = (
                digits[: len(digits) - precision]
                + "."
                + digits[len(digits) - precision :]
            )
        else:
            text = digits
            if alt:
                text += "."
        return sign + text
    if code == "e" or code == "E":
        digits, decpt = exp_digits(x, precision + 1)
        if x == 0.0:
            decpt = 1
        return sign + _layout_exponent(digits, decpt, precision, alt, upper)
    if code == "g" or code == "G":
        p = precision
        if p == 0:
            p = 1
        digits, decpt = exp_digits(x, p)
        if x == 0.0:
            decpt = 1
        exponent = decpt - 1
        if -4 <= exponent < p:
            # fixed notation with p - 1 - exponent digits after the point
            text = _layout_fixed(digits, decpt, alt)
            if not alt:
                if "." in text:
                    text = _strip_trailing_zeros(text)
                    if text.endswith("."):
                        text = text[:-1]
            elif "." not in text:
                text += "."
            if flags & DTSF_ADD_DOT_0 and "." not in text:
                text += ".0"
            return sign + text
        if not alt:
            digits = _strip_trailing_zeros(digits)
        return sign + _layout_exponent(digits, decpt, p - 1, alt, upper)
    raise ValueError("unknown float format code %r" % (code,))


def percent_format(x, spec):
    """``"%" + spec % x`` for a float, e.g. spec "+08.3f" or "-10e"."""
    if not spec:
        raise ValueError("empty format specification")
    code = spec[len(spec) - 1]
    if code not in "eEfFgG":
        raise ValueError("unsupported format character %r" % (code,))
    i = 0
    left = False
    zero = False
    flags = 0
    while i < len(spec) - 1 and spec[i] in "-+ #0":
        c = spec[i]
        if c == "-":
            left = True
        elif c == "+":
            flags |= DTSF_SIGN
        elif c == " ":
            if not flags & DTSF_SIGN:
                flags |= 8
        elif c == "#":
            flags |= DTSF_ALT
        else:
            zero = True
        i += 1
    width = 0
    while i < len(spec) - 1 and "0" <= spec[i] <= "9":
        width = width * 10 + ord(spec[i]) - ord("0")
        i += 1
    precision = 6
    if i < len(spec) - 1 and spec[i] == ".":
        i += 1
        precision = 0
        while i < len(spec) - 1 and "0" <= spec[i] <= "9":
            precision = precision * 10 + ord(spec[i]) - ord("0")
            i += 1
    if i != len(spec) - 1:
        raise ValueError("bad format specification %r" % (spec,))
    space = flags & 8 != 0
    text = formatd(x, code, precision, flags & 7)
    if space and text[0] != "-" and text[0] != "+":
        text = " " + text
    if len(text) >= width:
        return text
    pad = width - len(text)
    if left:
        return text + " " * pad
    if zero:
        if text[0] in "+- ":
            return text[0] + "0" * pad + text[1:]
        return "0" * pad + text
    return " " * pad + text


# ____________________________________________________________
# Parsing


class ParseFloatError(ValueError):
    pass


def _is_space_code(c):
    return unicodedb.isspace(ord(c))


def _decimal_char(c):
    """The ASCII digit for any Unicode decimal digit, or c itself."""
    if c < "\x80":
        return c
    v = unicodedb.decimal_value(ord(c))
    if v < 0:
        return c
    return chr(ord("0") + v)


def _error(s):
    return ParseFloatError("could not convert string to float: %s" % (repr(s),))


def string_to_float(s):
    """float(s) with CPython's syntax; ValueError on bad input."""
    start = 0
    end = len(s)
    while start < end and _is_space_code(s[start]):
        start += 1
    while end > start and _is_space_code(s[end - 1]):
        end -= 1
    chars = []
    for i in range(start, end):
        chars.append(_decimal_char(s[i]))
    text = "".join(chars)
    negative = False
    pos = 0
    if pos < len(text) and (text[pos] == "+" or text[pos] == "-"):
        negative = text[pos] == "-"
        pos += 1
    rest = text[pos:].lower()
    if rest == "inf" or rest == "infinity":
        return -INFINITY if negative else INFINITY
    if rest == "nan":
        return -NAN if negative else NAN
    # mantissa: digits [. digits], underscores only between digits
    int_digits = []
    frac_digits = []
    seen_digit = False
    pos = _scan_digits(text, pos, int_digits)
    if pos < 0:
        raise _error(s)
    if int_digits:
        seen_digit = True
    if pos < len(text) and text[pos] == ".":
        pos += 1
        if pos < len(text) and text[pos] == "_":
            raise _error(s)
        pos = _scan_digits(text, pos, frac_digits)
        if pos < 0:
            raise _error(s)
        if frac_digits:
            seen_digit = True
    if not seen_digit:
        raise _error(s)
    exponent = 0
    if pos < len(text) and (text[pos] == "e" or text[pos] == "E"):
        pos += 1
        exp_negative = False
        if pos < len(text) and (text[pos] == "+" or text[pos] == "-"):
            exp_negative = text[pos] == "-"
            pos += 1
        exp_digits_list = []
        pos = _scan_digits(text, pos, exp_digits_list)
        if pos < 0 or not exp_digits_list:
            raise _error(s)
        # clamp huge exponents: the value is 0 or inf long before
        for d in exp_digits_list:
            if exponent < 100000000:
                exponent = exponent * 10 + ord(d) - ord("0")
        if exp_negative:
            exponent = -exponent
    if pos != len(text):
        raise _error(s)
    digits = "".join(int_digits) + "".join(frac_digits)
    exponent -= len(frac_digits)
    value = _decimal_to_float(digits, exponent)
    if negative:
        return -value
    return value


def _scan_digits(text, pos, out):
    """Append digits at text[pos:] to ``out``; underscores must sit between
    digits.  Returns the new position, or -1 on a misplaced underscore."""
    prev_digit = False
    while pos < len(text):
        c = text[pos]
        if "0" <= c <= "9":
            out.append(c)
            prev_digit = True
        elif c == "_":
            if not prev_digit or pos + 1 >= len(text):
                return -1
            nxt = text[pos + 1]
            if not ("0" <= nxt <= "9"):
                return -1
            prev_digit = False
        else:
            break
        pos += 1
    return pos


def _decimal_to_float(digits, exponent):
    """The double nearest to int(digits) * 10**exponent."""
    # drop leading zeros; trailing zeros move into the exponent
    start = 0
    while start < len(digits) and digits[start] == "0":
        start += 1
    end = len(digits)
    while end > start and digits[end - 1] == "0":
        end -= 1
        exponent += 1
    if start == end:
        return 0.0
    digits = digits[start:end]
    decpt = len(digits) + exponent
    if decpt > 310:
        return INFINITY
    if decpt < -330:
        return 0.0
    # beyond 800 significant digits only a sticky digit matters
    if len(digits) > 800:
        tail_nonzero = False
        for c in digits[800:]:
            if c != "0":
                tail_nonzero = True
        exponent += len(digits) - 801
        digits = digits[:800] + ("1" if tail_nonzero else "0")
    num = rbigint.fromdecimalstr(digits)
    if exponent >= 0:
        num = num.mul(pow10(exponent))
        try:
            return num.tofloat()
        except OverflowError:
            return INFINITY
    try:
        return num.truediv(pow10(-exponent))
    except OverflowError:
        return INFINITY


# ____________________________________________________________
# Rounding


def round_double(x, ndigits):
    """round(x, ndigits) as CPython: correctly rounded, ties to even."""
    if not isfinite(x) or x == 0.0:
        return x
    if ndigits > NDIGITS_MAX:
        return x
    if ndigits < NDIGITS_MIN:
        return 0.0 * x
    mant, exp = _decompose(x)
    if exp >= 0 and ndigits >= 0:
        return x  # already an integer
    q = _scaled_round(x, ndigits)
    if ndigits >= 0:
        result = q.truediv(pow10(ndigits))
    else:
        try:
            result = q.mul(pow10(-ndigits)).tofloat()
        except OverflowError:
            raise OverflowError("rounded value too large to represent")
    if math.isinf(result):
        raise OverflowError("rounded value too large to represent")
    return math.copysign(result, x)


def round_half_even(x):
    """round(x) as a float: the nearest integer, ties to even."""
    if not isfinite(x):
        return x
    r = float_floor(x)
    diff = x - r
    if diff > 0.5 or (diff == 0.5 and math.fmod(r, 2.0) != 0.0):
        r += 1.0
    return math.copysign(r, x)


def float_to_rbigint_ratio(x):
    """(numerator, denominator) rbigints with x == n / d, d a power of two
    (float.as_integer_ratio)."""
    if not isfinite(x):
        raise ValueError("cannot convert non-finite float to integer ratio")
    if x == 0.0:
        return NULLRBIGINT, ONERBIGINT
    mant, exp = _decompose(x)
    while mant % 2 == 0 and exp < 0:
        mant >>= 1
        exp += 1
    num = rbigint.fromint(mant)
    if x < 0.0:
        num = num.neg()
    if exp >= 0:
        return num.lshift(exp), ONERBIGINT
    return num, ONERBIGINT.lshift(-exp)
