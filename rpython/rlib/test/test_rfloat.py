"""rfloat against CPython's float: repr, %-formatting, parsing, round()."""

import math

import pytest
from hypothesis import given, settings, strategies as st

from rpython.rlib import rfloat
from rpython.rlib.rfloat import (
    float_repr,
    formatd,
    percent_format,
    round_double,
    round_half_even,
    string_to_float,
)

N = 500

SPECIAL = [
    0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308,
    1.7976931348623157e308, 1e16, 1e15, 9999999999999998.0, 1e-4, 9.999999999999999e-05,
    0.1, 0.5, 1.5, 2.5, 2.675, 1e22, 1e23, 123456789.0, 2.0**63, 2.0**-1074 * 3,
    math.inf, -math.inf, math.nan, 4.35, 0.125, 1 / 3, 2.0**-1022, 2.0**1023,
]  # fmt: skip

floats = st.one_of(
    st.sampled_from(SPECIAL),
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(min_value=-1e6, max_value=1e6),
    st.integers(0, 2**64 - 1).map(lambda b: rfloat.float_from_bits(b)),
)


def test_repr_specials():
    for x in SPECIAL:
        assert float_repr(x) == repr(x), x


@settings(max_examples=N)
@given(floats)
def test_repr_matches_cpython(x):
    assert float_repr(x) == repr(x)
    assert rfloat.float_str(x) == str(x)


@settings(max_examples=N)
@given(floats, st.integers(0, 30), st.sampled_from("eEfFgG"))
def test_formatd_matches_percent(x, precision, code):
    if code in "fF" and abs(x) > 1e200:
        precision = min(precision, 3)
    expected = ("%." + str(precision) + code) % x
    assert formatd(x, code, precision) == expected


@settings(max_examples=N)
@given(
    floats,
    st.text(alphabet="-+ #0", max_size=3),
    st.integers(0, 25),
    st.one_of(st.none(), st.integers(0, 20)),
    st.sampled_from("eEfFgG"),
)
def test_percent_format(x, flags, width, precision, code):
    if code in "fF" and abs(x) > 1e200:
        precision = 2
    spec = flags + (str(width) if width else "")
    if precision is not None:
        spec += "." + str(precision)
    spec += code
    assert percent_format(x, spec) == ("%" + spec) % x, spec


def test_percent_format_errors():
    with pytest.raises(ValueError):
        percent_format(1.0, "")
    with pytest.raises(ValueError):
        percent_format(1.0, "5d")
    with pytest.raises(ValueError):
        percent_format(1.0, "5.x2f")


@settings(max_examples=N)
@given(floats)
def test_parse_repr_roundtrip(x):
    text = repr(x)
    y = string_to_float(text)
    if math.isnan(x):
        assert math.isnan(y)
    else:
        assert y == x and math.copysign(1, y) == math.copysign(1, x)
    assert string_to_float("%.25e" % x) == float("%.25e" % x) or math.isnan(x)


decimal_texts = st.builds(
    lambda sign, i, f, e: sign + i + ("." + f if f is not None else "") + e,
    st.sampled_from(["", "-", "+"]),
    st.text(alphabet="0123456789", min_size=1, max_size=25),
    st.one_of(st.none(), st.text(alphabet="0123456789", max_size=25)),
    st.one_of(st.just(""), st.integers(-400, 400).map(lambda n: "e%d" % n)),
)


@settings(max_examples=N)
@given(decimal_texts)
def test_parse_decimal_matches_cpython(text):
    assert string_to_float(text) == float(text)


@settings(max_examples=N)
@given(st.text(alphabet="0123456789._eE+-infatyINFATY \t", max_size=10))
def test_parse_fuzz(text):
    try:
        expected = float(text)
    except ValueError:
        with pytest.raises(ValueError):
            string_to_float(text)
    else:
        got = string_to_float(text)
        assert got == expected or (math.isnan(got) and math.isnan(expected))


def test_parse_syntax():
    for good in ["1_000.5", " \t3.5\n", "inf", "-Infinity", "nAn", "+.5", "5.",
                 "1e1_0", "\u0663.5", "\u20031.0\u2003", "1E+5", "0x"[:1]]:  # fmt: skip
        got = string_to_float(good)
        assert got == float(good) or math.isnan(float(good)), good
    for bad in ["", " ", "1__0", "_1", "1_", "1._5", "1e", "e5", ".", "inff",
                "1.5.2", "0x10", "1_e5", "--1", "in f", "nan1"]:  # fmt: skip
        with pytest.raises(ValueError):
            float(bad)
        with pytest.raises(ValueError, match="could not convert string to float"):
            string_to_float(bad)


def test_parse_extremes():
    assert string_to_float("1e400") == math.inf
    assert string_to_float("-1e400") == -math.inf
    assert string_to_float("1e-400") == 0.0
    assert string_to_float("2.4703282292062328e-324") == 5e-324
    assert string_to_float("2.4703282292062327e-324") == 0.0
    long = "1" + "0" * 1000 + "1e-1000"
    assert string_to_float(long) == float(long)
    assert string_to_float("1e99999999999999") == math.inf


@settings(max_examples=N)
@given(floats, st.integers(-30, 30))
def test_round_matches_cpython(x, ndigits):
    try:
        expected = round(x, ndigits)
    except OverflowError:
        with pytest.raises(OverflowError):
            round_double(x, ndigits)
        return
    got = round_double(x, ndigits)
    if math.isnan(x):
        assert math.isnan(got)
    else:
        assert got == expected
        assert math.copysign(1, got) == math.copysign(1, expected)


def test_round_extremes():
    assert round_double(1.5, 400) == 1.5
    assert round_double(1.5, -400) == 0.0
    assert round_double(5e-324, 323) == round(5e-324, 323)
    assert round_double(1.2e308, -308) == round(1.2e308, -308)
    with pytest.raises(OverflowError):
        round(1.7e308, -308)
    with pytest.raises(OverflowError):
        round_double(1.7e308, -308)


@settings(max_examples=N)
@given(floats)
def test_round_half_even(x):
    if math.isinf(x) or math.isnan(x):
        return
    assert round_half_even(x) == float(round(x))


def test_as_integer_ratio():
    for x in [0.0, 1.5, -0.1, 5e-324, 1e300]:
        n, d = rfloat.float_to_rbigint_ratio(x)
        assert (n.tolong(), d.tolong()) == x.as_integer_ratio()


@settings(max_examples=N)
@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: x != 0.0))
def test_small_and_big_shortest_agree(x):
    """The machine-int fast path and the rbigint path give the same digits."""
    mant, exp = rfloat._decompose(x)
    even = mant % 2 == 0
    lopsided = mant == (1 << 52) and exp > rfloat.MIN_EXP
    k = rfloat._estimate_decpt(x)
    big = rfloat._shortest_big(x, mant, exp, even, lopsided, k)
    small = rfloat._shortest_small(mant, exp, even, lopsided, k)
    if small[1] != rfloat._NO_FIT:
        assert small == big
    assert rfloat.shortest_digits(x) == big


@settings(max_examples=N)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_float_floor_ceil(x):
    assert rfloat.float_floor(x) == float(math.floor(x))
    assert rfloat.float_ceil(x) == float(math.ceil(x))
