import math
import struct

import pytest
from hypothesis import given, settings, strategies as st

from rpython.rlib.rbigint import rbigint
from rpython.rlib.rstruct import ieee
from rpython.rlib.rstruct.formatting import (
    BoolValue,
    BytesValue,
    FloatValue,
    IntValue,
    StructError,
    calcsize,
    pack,
    unpack,
)


def wrap(v):
    if isinstance(v, bool):
        return BoolValue(v)
    if isinstance(v, int):
        return IntValue(rbigint.fromlong(v))
    if isinstance(v, float):
        return FloatValue(v)
    return BytesValue(v)


def unwrap(v):
    if isinstance(v, IntValue):
        return v.value.tolong()
    return v.value


FORMATS = ["@bhiq", "<hHiIqQ", ">lLd", "=bB?c", "!f e", "@cilQ", "<5s3p", "@b d",
           "2x3h", "@?x?l", ">1p2s", "@nNP", "<e"]  # fmt: skip


def test_calcsize():
    for fmt in FORMATS + ["@ib", "@bi", "iii", "<ql", "10s", ""]:
        assert calcsize(fmt) == struct.calcsize(fmt), fmt
    for bad in ["<n", "3", "<P", "y", "@Z"]:
        with pytest.raises(struct.error):
            struct.calcsize(bad)
        with pytest.raises(StructError):
            calcsize(bad)


def _value_strategy(code, size):
    if code in "bhilqnBHILQNP":
        bits = size * 8
        if code.islower():
            lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
        else:
            lo, hi = 0, (1 << bits) - 1
        return st.integers(lo - 3, hi + 3)
    if code in "efd":
        return st.floats(width=64)
    if code == "?":
        return st.booleans()
    if code == "c":
        return st.binary(min_size=0, max_size=2)
    return st.binary(max_size=8)


def _codes(fmt):
    order = "@"
    if fmt[0] in "@=<>!":
        order, fmt = fmt[0], fmt[1:]
    result = []
    count = ""
    for c in fmt:
        if c.isdigit():
            count += c
            continue
        if c == " ":
            continue
        n = int(count) if count else 1
        count = ""
        if c in "sp":
            result.append((c, n))
        elif c != "x":
            result.extend([(c, None)] * n)
    return order, result


@st.composite
def format_and_values(draw):
    fmt = draw(st.sampled_from(FORMATS))
    order, codes = _codes(fmt)
    values = []
    for code, _ in codes:
        size = struct.calcsize(order + code)
        values.append(draw(_value_strategy(code, size)))
    return fmt, values


@settings(max_examples=500)
@given(format_and_values())
def test_pack_unpack_like_cpython(fv):
    fmt, values = fv
    try:
        expected = struct.pack(fmt, *values)
    except (struct.error, OverflowError) as e:
        with pytest.raises(
            type(e) if isinstance(e, OverflowError) else StructError
        ) as info:
            pack(fmt, [wrap(v) for v in values])
        assert str(info.value) == str(e)
        return
    data = pack(fmt, [wrap(v) for v in values])
    assert data == expected
    got = [unwrap(v) for v in unpack(fmt, data)]
    want = list(struct.unpack(fmt, data))
    assert len(got) == len(want)
    for g, w in zip(got, want):
        if isinstance(w, float) and math.isnan(w):
            assert math.isnan(g)
        else:
            assert g == w


def test_errors():
    with pytest.raises(StructError, match="pack expected 2 items"):
        pack("<hh", [wrap(1)])
    with pytest.raises(StructError, match="unpack requires a buffer of 2 bytes"):
        unpack("<h", b"a")
    for v in [2**64, -(2**63) - 1]:  # found by a random hypothesis run
        with pytest.raises(StructError, match="int too large to convert"):
            pack("P", [wrap(v)])
    with pytest.raises(StructError, match="not an integer"):
        pack("<b", [wrap(b"x")])


@settings(max_examples=500)
@given(st.floats(width=64), st.sampled_from([2, 4, 8]))
def test_ieee_like_cpython(x, size):
    code = {2: "<e", 4: "<f", 8: "<d"}[size]
    try:
        expected = int.from_bytes(struct.pack(code, x), "little")
    except OverflowError:
        with pytest.raises(OverflowError):
            ieee.float_pack(x, size)
        return
    bits = ieee.float_pack(x, size)
    if math.isnan(x):
        assert math.isnan(ieee.float_unpack(bits, size))
        return
    assert bits == expected
    back = ieee.float_unpack(bits, size)
    assert back == struct.unpack(code, struct.pack(code, x))[0]


@settings(max_examples=300)
@given(st.integers(0, 2**16 - 1))
def test_half_unpack_all_patterns(bits):
    want = struct.unpack("<e", bits.to_bytes(2, "little"))[0]
    got = ieee.float_unpack(bits, 2)
    assert got == want or (math.isnan(got) and math.isnan(want))
