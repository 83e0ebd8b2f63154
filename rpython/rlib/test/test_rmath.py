"""rmath against CPython's math: values and the exception raised."""

import math

import pytest
from hypothesis import given, settings, strategies as st

from rpython.rlib import rmath
from rpython.rlib.rbigint import rbigint

floats = st.one_of(
    st.floats(),
    # infinities: exp(inf) once raised (found by a random run)
    st.sampled_from(
        [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            710.0,
            -710.0,
            1e308,
            171.7,
            -3.0,
            math.inf,
            -math.inf,
            math.nan,
        ]
    ),  # fmt: skip
    st.floats(-5, 5),
)

UNARY = ["sqrt", "exp", "expm1", "log2", "log10", "log1p", "sin", "cos", "tan",
         "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
         "fabs", "erf", "erfc", "gamma", "lgamma", "degrees", "radians", "ulp"]  # fmt: skip
BINARY = ["atan2", "copysign", "fmod", "pow", "hypot", "nextafter"]


def outcome(fn, *args):
    try:
        return ("ok", fn(*args))
    except (ValueError, OverflowError, ZeroDivisionError) as e:
        return (type(e).__name__, str(e))


def same(a, b):
    if a[0] != b[0]:
        return False
    if a[0] != "ok":
        return a[1] == b[1]
    x, y = a[1], b[1]
    if isinstance(x, float) and math.isnan(x):
        return math.isnan(y)
    return x == y and math.copysign(1, x) == math.copysign(1, y)


@settings(max_examples=500)
@given(st.sampled_from(UNARY), floats)
def test_unary(name, x):
    ours = outcome(getattr(rmath, name), x)
    theirs = outcome(getattr(math, name), x)
    assert same(ours, theirs), (name, x, ours, theirs)


@settings(max_examples=500)
@given(st.sampled_from(BINARY), floats, floats)
def test_binary(name, x, y):
    ours = outcome(getattr(rmath, name), x, y)
    theirs = outcome(math.pow if name == "pow" else getattr(math, name), x, y)
    assert same(ours, theirs), (name, x, y, ours, theirs)


@settings(max_examples=500)
@given(floats, st.one_of(st.just(0.0), floats))
def test_log(x, base):
    ours = outcome(rmath.log, x, base)
    theirs = outcome(math.log, x) if base == 0.0 else outcome(math.log, x, base)
    if base == 0.0:
        assert same(ours, theirs)
    else:
        assert ours[0] == theirs[0]
        if ours[0] == "ok" and not math.isnan(theirs[1]):
            assert ours[1] == pytest.approx(theirs[1], rel=1e-15, abs=0)


@settings(max_examples=500)
@given(floats, st.integers(-3000, 3000))
def test_ldexp(x, i):
    assert same(outcome(rmath.ldexp, x, i), outcome(math.ldexp, x, i))


@settings(max_examples=500)
@given(
    st.lists(st.one_of(st.floats(allow_nan=False), st.floats(-1e3, 1e3)), max_size=20)
)
def test_fsum(values):
    assert same(outcome(rmath.fsum, values), outcome(math.fsum, values))


def test_fsum_specials():
    for values in [[1e308, 1e308], [math.inf, -math.inf], [math.inf, 1.0],
                   [1e16, 1.0, 1e-16], [math.nan, 1.0]]:  # fmt: skip
        assert same(outcome(rmath.fsum, values), outcome(math.fsum, values))


@settings(max_examples=500)
@given(floats, floats, st.floats(0, 1), st.floats(0, 1))
def test_isclose(a, b, rel, abs_tol):
    assert rmath.isclose(a, b, rel, abs_tol) == math.isclose(
        a, b, rel_tol=rel, abs_tol=abs_tol
    )


def test_integer_functions():
    for n in [0, 1, 5, 20, 21, 100, 500]:
        assert rmath.factorial(n).tolong() == math.factorial(n)
    with pytest.raises(ValueError):
        rmath.factorial(-1)
    a, b = 2**200 * 3**7, 2**50 * 3**20 * 5
    assert rmath.gcd(rbigint.fromlong(a), rbigint.fromlong(-b)).tolong() == math.gcd(
        a, b
    )
    assert rmath.gcd_int(-12, 18) == 6
    assert rmath.log_rbigint(rbigint.fromlong(10**500), 10.0) == pytest.approx(500.0)
    with pytest.raises(ValueError):
        rmath.log_rbigint(rbigint.fromlong(0))
    with pytest.raises(OverflowError):
        rmath.rbigint_from_float_checked(math.inf)
    assert rmath.rbigint_from_float_checked(1e20).tolong() == int(1e20)
    assert rmath.floor_float(-1.5) == -2.0 and rmath.ceil_float(1.2) == 2.0
    assert rmath.trunc_float(-1.7) == -1.0 and rmath.trunc_float(math.inf) == math.inf


@settings(max_examples=500)
@given(
    st.one_of(st.integers(1, 2**2000), st.integers(2**1020, 2**1030)),
    st.sampled_from([0.0, 2.0, 10.0, 0.5, 7.25]),
)
def test_log_rbigint_exact(n, base):
    """Bit-for-bit CPython's loghelper (float value, or frexp beyond it)."""
    ours = outcome(rmath.log_rbigint, rbigint.fromlong(n), base)
    theirs = outcome(math.log, n) if base == 0.0 else outcome(math.log, n, base)
    assert same(ours, theirs), (n, base, ours, theirs)


def test_rounding_functions_keep_zero_sign():
    """C's floor/ceil/trunc: -0.5 -> -0.0 (ceil, trunc), -0.0 -> -0.0."""
    for fn in (rmath.floor_float, rmath.ceil_float, rmath.trunc_float):
        for x in (-0.0, 0.0, 0.25, -0.25, 1e300, -1e300, 2.5, -2.5):
            r = fn(x)
            assert r == float({rmath.floor_float: math.floor,
                               rmath.ceil_float: math.ceil,
                               rmath.trunc_float: math.trunc}[fn](x))  # fmt: skip
            if r == 0.0:
                assert math.copysign(1.0, r) == math.copysign(1.0, x)
    assert rmath.floor_float(1e300) == 1e300  # no int overflow on the way


def test_gamma_edges():
    for x in [0.5, -0.5, 1e-21, 5e-324, 171.6, 171.7, -171.5, -200.5, 1e308, 23.0,
              24.0, -2.5, 3e305]:  # fmt: skip
        for name in ("gamma", "lgamma"):
            ours = outcome(getattr(rmath, name), x)
            theirs = outcome(getattr(math, name), x)
            assert same(ours, theirs), (name, x, ours, theirs)
