import pytest
from hypothesis import given, strategies as st

from rpython.rlib.rarithmetic import (
    LONG_BIT,
    byteswap,
    highest_bit,
    int_bits_as_float,
    float_as_int_bits,
    intmask,
    is_valid_int,
    maxint,
    ovfcheck,
    ovfcheck_float_to_int,
    r_int32,
    r_longlong,
    r_singlefloat,
    r_uint,
    r_uint8,
    r_uint32,
    r_ulonglong,
    widen,
)

words = st.integers(min_value=-(2**70), max_value=2**70)


def c_wrap(value, bits, signed):
    value &= (1 << bits) - 1
    if signed and value >= 1 << (bits - 1):
        value -= 1 << bits
    return value


def test_constants():
    assert LONG_BIT == 64
    assert maxint == 2**63 - 1


def test_intmask():
    assert intmask(2**63) == -(2**63)
    assert intmask(2**64 + 5) == 5
    assert intmask(-1) == -1
    assert intmask(r_uint(-1)) == -1
    assert type(intmask(r_uint(3))) is int
    assert intmask(True) == 1


def test_r_uint_wraps():
    x = r_uint(-1)
    assert x == 2**64 - 1
    assert x + 1 == 0
    assert type(x + 1) is r_uint
    assert type(1 + x) is r_uint
    assert r_uint(0) - 1 == 2**64 - 1
    assert r_uint(3) * r_uint(2**63) == 2**63
    assert (r_uint(1) << 64) == 0
    assert (r_uint(-1) >> 60) == 15
    assert ~r_uint(0) == 2**64 - 1
    assert -r_uint(1) == 2**64 - 1
    assert r_uint(7) // 2 == 3
    assert r_uint(7) % 4 == 3
    assert repr(r_uint(5)) == "r_uint(5)"


def test_signed_arith_shift():
    assert r_int32(-8) >> 1 == -4
    assert r_int32(2**31 - 1) + 1 == -(2**31)
    assert r_uint8(255) + 1 == 0


def test_mixed_types():
    assert type(r_uint32(1) + r_uint(1)) is r_uint
    assert type(r_int32(1) + r_uint32(1)) is r_uint32
    assert type(r_longlong(1) + r_ulonglong(1)) is r_ulonglong


@given(words, words)
def test_r_uint_matches_c(a, b):
    ua, ub = r_uint(a), r_uint(b)
    assert ua + ub == c_wrap(a + b, 64, False)
    assert ua - ub == c_wrap(a - b, 64, False)
    assert ua * ub == c_wrap(a * b, 64, False)
    assert ua & ub == c_wrap(a & b, 64, False)
    assert ua | ub == c_wrap(a | b, 64, False)
    assert ua ^ ub == c_wrap(a ^ b, 64, False)
    if ub:
        assert ua // ub == c_wrap(a, 64, False) // c_wrap(b, 64, False)


@given(words, words)
def test_r_int32_matches_c(a, b):
    x, y = r_int32(a), r_int32(b)
    assert x + y == c_wrap(a + b, 32, True)
    assert x * y == c_wrap(a * b, 32, True)
    assert x - y == c_wrap(a - b, 32, True)


@given(words)
def test_intmask_property(a):
    assert intmask(a) == c_wrap(a, 64, True)
    assert is_valid_int(intmask(a))


def test_ovfcheck():
    assert ovfcheck(5) == 5
    assert ovfcheck(maxint) == maxint
    with pytest.raises(OverflowError):
        ovfcheck(maxint + 1)
    with pytest.raises(OverflowError):
        ovfcheck(-maxint - 2)
    with pytest.raises(AssertionError):
        ovfcheck(r_uint(1))


def test_ovfcheck_float_to_int():
    assert ovfcheck_float_to_int(-9223372036854775808.0) == -(2**63)
    assert ovfcheck_float_to_int(3.7) == 3
    for bad in [9223372036854775808.0, float("inf"), float("nan")]:
        with pytest.raises(OverflowError):
            ovfcheck_float_to_int(bad)


def test_widen_and_valid():
    assert type(widen(r_int32(5))) is int
    assert type(widen(r_uint(5))) is r_uint
    assert widen(7) == 7
    assert is_valid_int(5)
    assert not is_valid_int(2**63)
    assert not is_valid_int(True)
    assert not is_valid_int(r_uint(1))


def test_misc():
    assert highest_bit(1) == 0
    assert highest_bit(1024) == 10
    assert byteswap(r_uint32(0x12345678)) == 0x78563412
    assert int_bits_as_float(float_as_int_bits(1.5)) == 1.5
    assert float_as_int_bits(-0.0) == -(2**63)
    s = r_singlefloat(0.1)
    assert float(s) != 0.1 and abs(float(s) - 0.1) < 1e-8
    assert s == r_singlefloat(0.1)
    with pytest.raises(TypeError):
        bool(s)
