"""rbigint against CPython's int: unit tests and hypothesis properties."""

import math

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from rpython.rlib import rbigint as rbigint_mod
from rpython.rlib.rarithmetic import r_uint
from rpython.rlib.rbigint import rbigint

N = 500  # examples per property test (issue 7's acceptance)

EDGES = [0, 1, -1, 2**31 - 1, 2**31, -(2**31), 2**62, 2**63 - 1, -(2**63)]
EDGES += [2**63, 2**64 - 1, 2**64, -(2**64), 10**18, 10**19, 2**1024, -(2**1023)]
EDGES += [2**53 + 1, 2**54 + 2, 2**54 + 6]


def ints_of(max_bits):
    return st.one_of(
        st.sampled_from(EDGES),
        st.integers(min_value=-(2**64), max_value=2**64),
        st.integers(min_value=-(2**max_bits), max_value=2**max_bits),
        st.builds(
            lambda b, neg, low: (-1 if neg else 1) * ((1 << b) - low),
            st.integers(0, max_bits),
            st.booleans(),
            st.integers(0, 3),
        ),
    )


bigs = ints_of(3000)
nonzero = bigs.filter(lambda x: x != 0)


def big(x):
    return rbigint.fromlong(x)


@pytest.fixture
def small_cutoffs(monkeypatch):
    """Exercise Karatsuba, Burnikel-Ziegler and divide-and-conquer str on
    moderate sizes by lowering their thresholds."""
    monkeypatch.setattr(rbigint_mod, "KARATSUBA_CUTOFF", 4)
    monkeypatch.setattr(rbigint_mod, "KARATSUBA_SQUARE_CUTOFF", 8)
    monkeypatch.setattr(rbigint_mod, "BZ_CUTOFF", 4)
    monkeypatch.setattr(rbigint_mod, "STR_DC_CUTOFF", 3)


def test_fromint_toint():
    for x in EDGES:
        if -(2**63) <= x < 2**63:
            assert rbigint.fromint(x).tolong() == x
            assert big(x).toint() == x
        else:
            with pytest.raises(OverflowError):
                big(x).toint()


def test_touint():
    assert big(2**64 - 1).touint() == r_uint(2**64 - 1)
    with pytest.raises(ValueError):
        big(-1).touint()
    with pytest.raises(OverflowError):
        big(2**64).touint()
    assert rbigint.fromrarith_int(r_uint(2**64 - 1)).tolong() == 2**64 - 1
    assert big(-1).uintmask() == r_uint(2**64 - 1)


@settings(max_examples=N)
@given(bigs, bigs)
def test_arith(a, b):
    x, y = big(a), big(b)
    assert x.add(y).tolong() == a + b
    assert x.sub(y).tolong() == a - b
    assert x.mul(y).tolong() == a * b
    assert x.eq(y) == (a == b) and x.ne(y) == (a != b)
    assert x.lt(y) == (a < b) and x.le(y) == (a <= b)
    assert x.gt(y) == (a > b) and x.ge(y) == (a >= b)
    if b:
        q, r = x.divmod(y)
        assert (q.tolong(), r.tolong()) == divmod(a, b)
        assert x.floordiv(y).tolong() == a // b
        assert x.mod(y).tolong() == a % b
    else:
        with pytest.raises(ZeroDivisionError):
            x.divmod(y)


@settings(max_examples=N)
@given(bigs, bigs)
def test_bitwise(a, b):
    x, y = big(a), big(b)
    assert x.and_(y).tolong() == a & b
    assert x.or_(y).tolong() == a | b
    assert x.xor(y).tolong() == a ^ b
    assert x.invert().tolong() == ~a
    assert x.neg().tolong() == -a
    assert x.abs().tolong() == abs(a)
    assert x.bit_length() == a.bit_length()


@settings(max_examples=N)
@given(bigs, st.integers(0, 200))
def test_shifts(a, n):
    x = big(a)
    assert x.lshift(n).tolong() == a << n
    assert x.rshift(n).tolong() == a >> n
    assert x.rshift(n + 5000).tolong() == a >> (n + 5000)


def test_shift_errors():
    with pytest.raises(ValueError):
        big(1).lshift(-1)
    with pytest.raises(ValueError):
        big(1).rshift(-1)


@settings(max_examples=N)
@given(bigs)
def test_str_and_parse(a):
    x = big(a)
    assert x.str() == str(a)
    assert x.repr() == repr(a)
    assert x.hex() == hex(a)
    assert x.oct() == oct(a)
    assert x.bin() == bin(a)
    assert x.format("0123456789abc") == _to_base(a, 13)
    assert rbigint.fromstr(str(a)).tolong() == a
    assert rbigint.fromdecimalstr(str(a)).tolong() == a
    assert rbigint.fromstr(hex(a), 0).tolong() == a
    assert rbigint.fromstr(hex(a), 16).tolong() == a


def _to_base(a, base):
    if a == 0:
        return "0"
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = []
    n = abs(a)
    while n:
        n, r = divmod(n, base)
        out.append(digits[r])
    return ("-" if a < 0 else "") + "".join(reversed(out))


@settings(max_examples=N)
@given(bigs)
def test_hash(a):
    assert big(a).hash() == hash(a)


@settings(max_examples=N)
@given(ints_of(1100))
def test_tofloat(a):
    try:
        expected = float(a)
    except OverflowError:
        with pytest.raises(OverflowError):
            big(a).tofloat()
    else:
        assert big(a).tofloat() == expected


@settings(max_examples=N)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_fromfloat(f):
    assert rbigint.fromfloat(f).tolong() == int(f)


def test_fromfloat_errors():
    with pytest.raises(OverflowError):
        rbigint.fromfloat(math.inf)
    with pytest.raises(ValueError):
        rbigint.fromfloat(math.nan)


@settings(max_examples=N)
@given(ints_of(1200), nonzero)
def test_truediv(a, b):
    try:
        expected = a / b
    except OverflowError:
        with pytest.raises(OverflowError):
            big(a).truediv(big(b))
    else:
        assert big(a).truediv(big(b)) == expected


@settings(max_examples=N)
@given(ints_of(300), st.integers(0, 40), ints_of(300))
def test_pow(a, e, m):
    x = big(a)
    assert x.pow(rbigint.fromint(e)).tolong() == a**e
    if m == 0:
        with pytest.raises(ValueError):
            x.pow(big(e), big(m))
        return
    assert x.pow(big(e), big(m)).tolong() == pow(a, e, m)
    try:
        expected = pow(a, -e - 1, m)
    except ValueError:
        with pytest.raises(ValueError):
            x.pow(big(-e - 1), big(m))
    else:
        assert x.pow(big(-e - 1), big(m)).tolong() == expected


def test_pow_big_exponent_mod():
    a, e, m = 3**200 + 7, 2**300 + 12345, 10**100 + 267
    assert big(a).pow(big(e), big(m)).tolong() == pow(a, e, m)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ints_of(6000), ints_of(6000))
def test_large_algorithms(small_cutoffs, a, b):
    x, y = big(a), big(b)
    assert x.mul(y).tolong() == a * b
    assert x.mul(x).tolong() == a * a
    if b:
        q, r = x.divmod(y)
        assert (q.tolong(), r.tolong()) == divmod(a, b)
    assert x.str() == str(a)
    assert rbigint.fromstr(str(a)).tolong() == a


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(2**2000, 2**9000), st.integers(2**200, 2**4000))
def test_bz_division_lopsided(small_cutoffs, a, b):
    q, r = big(a).divmod(big(b))
    assert (q.tolong(), r.tolong()) == divmod(a, b)


def test_large_str_default_cutoffs():
    import sys

    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        _check_large_default()
    finally:
        sys.set_int_max_str_digits(old)


def _check_large_default():
    n = 3**20000
    assert big(n).str() == str(n)
    assert rbigint.fromstr(str(n)).tolong() == n
    m = 7**9000 + 1
    q, r = big(n).divmod(big(m))
    assert (q.tolong(), r.tolong()) == divmod(n, m)
    assert big(n).mul(big(m)).tolong() == n * m


VALID_LITERALS = [
    ("0", 0),
    ("  12  ", 0),
    ("-0x_1f", 0),
    ("1_000", 10),
    ("0b101", 0),
    ("0o17", 8),
    ("z", 36),
    ("000", 0),
    ("\u0663\u0664", 10),
    ("+7", 10),
    ("\t-42\n", 10),
    ("0x10", 16),
]

INVALID_LITERALS = [
    ("", 10),
    ("  ", 10),
    ("1__0", 10),
    ("_1", 10),
    ("1_", 10),
    ("010", 0),
    ("0x", 16),
    ("12a", 10),
    ("--1", 10),
    ("0b2", 0),
    ("1 2", 10),
]


def test_fromstr_literals():
    for text, base in VALID_LITERALS:
        assert rbigint.fromstr(text, base).tolong() == int(text, base), text
    for text, base in INVALID_LITERALS:
        with pytest.raises(ValueError):
            int(text, base)
        with pytest.raises(ValueError):
            rbigint.fromstr(text, base)
    with pytest.raises(ValueError):
        rbigint.fromstr("1", 1)


@settings(max_examples=N)
@given(
    st.text(alphabet="0123456789_xXoObB+- abcdef", max_size=12),
    st.sampled_from([0, 2, 8, 10, 16, 36]),
)
def test_fromstr_fuzz(text, base):
    try:
        expected = int(text, base)
    except ValueError:
        with pytest.raises(ValueError):
            rbigint.fromstr(text, base)
    else:
        assert rbigint.fromstr(text, base).tolong() == expected


def test_int_shortcuts():
    x = big(10**30)
    assert x.int_add(5).tolong() == 10**30 + 5
    assert x.int_sub(5).tolong() == 10**30 - 5
    assert x.int_mul(-3).tolong() == -3 * 10**30
    assert x.int_mul(2**40).tolong() == 10**30 * 2**40
    assert x.int_floordiv(7).tolong() == 10**30 // 7
    assert x.int_mod(-7).tolong() == 10**30 % -7
    assert x.int_eq(5) is False and x.int_gt(5)
    assert big(0).tobool() is False and x.tobool()
    assert x.int_and_(0xFF).tolong() == 10**30 & 0xFF
    assert big(255).bit_count() == 8
    assert abs(x.log(10.0) - 30.0) < 1e-12
    assert abs(big(3**5000).log(0.0) - 5000 * math.log(3)) < 1e-9


@settings(max_examples=N)
@given(bigs.filter(lambda x: abs(x) < 2**300), st.integers(0, 45), st.booleans(),
       st.sampled_from(["big", "little"]))  # fmt: skip
def test_to_from_bytes(a, nbytes, signed, order):
    try:
        expected = a.to_bytes(nbytes, order, signed=signed)
    except OverflowError as e:
        with pytest.raises(OverflowError) as info:
            big(a).tobytes(nbytes, order, signed)
        assert str(info.value) == str(e)
        return
    assert big(a).tobytes(nbytes, order, signed) == expected
    back = rbigint.frombytes(expected, order, signed).tolong()
    assert back == int.from_bytes(expected, order, signed=signed)


def test_bytes_errors():
    with pytest.raises(rbigint_mod.InvalidEndiannessError):
        big(1).tobytes(1, "middle", False)
    with pytest.raises(rbigint_mod.InvalidEndiannessError):
        rbigint.frombytes(b"\x01", "middle", False)
    assert rbigint.frombytes(b"", "big", True).tolong() == 0


_digit = st.one_of(
    st.sampled_from([0, 1, rbigint_mod.MASK - 1, rbigint_mod.MASK]),
    st.integers(0, rbigint_mod.MASK),
)
_mag = st.lists(_digit, min_size=1, max_size=40).map(
    lambda ds: ds[:-1] + [ds[-1] or 1]  # normalized: top digit non-zero
)


def _mag_value(ds):
    return sum(d << (rbigint_mod.SHIFT * i) for i, d in enumerate(ds))


@settings(max_examples=N)
@given(_mag, _mag)
def test_digit_kernels_at_the_word_limits(a, b):
    """Schoolbook product (two rows per pass in one unsigned word), square,
    Karatsuba's in-place combination, add/sub and one-digit division on
    digits near 2**31 - 1, where the carries are largest."""
    va, vb = _mag_value(a), _mag_value(b)
    assert _mag_value(rbigint_mod._mul_small(a, b)) == va * vb
    assert _mag_value(rbigint_mod._sqr_small(a)) == va * va
    assert _mag_value(rbigint_mod._add_mag(a, b)) == va + vb
    lo, hi = sorted([a, b], key=_mag_value)
    assert _mag_value(rbigint_mod._sub_mag(hi, lo)) == _mag_value(hi) - _mag_value(lo)
    q, r = rbigint_mod._divrem_digit(a, b[-1])
    assert (_mag_value(q), r) == divmod(va, b[-1])
    for result in (rbigint_mod._mul_small(a, b), rbigint_mod._add_mag(a, b)):
        assert all(0 <= d <= rbigint_mod.MASK for d in result)
        assert not result or result[-1] != 0
