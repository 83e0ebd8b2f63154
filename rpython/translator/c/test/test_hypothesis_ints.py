"""Random integer arithmetic: the translated program and the untranslated
one print the same results (hypothesis picks the operands; one executable
serves every example)."""

import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rpython.rlib.rarithmetic import intmask
from rpython.translator.c.test.support import (  # noqa: F401
    require_toolchain,
    translate_entry,
    translation_mode,
)

OPS = [
    "add",
    "sub",
    "mul",
    "floordiv",
    "mod",
    "lshift",
    "rshift",
    "and",
    "or",
    "xor",
    "neg",
    "cmp",
]


def compute(opname, a, b):
    if opname == "add":
        return intmask(a + b)
    if opname == "sub":
        return intmask(a - b)
    if opname == "mul":
        return intmask(a * b)
    if opname == "floordiv":
        return intmask(a // b)
    if opname == "mod":
        return intmask(a % b)
    if opname == "lshift":
        return intmask(a << (b & 63))
    if opname == "rshift":
        return a >> (b & 63)
    if opname == "and":
        return a & b
    if opname == "or":
        return a | b
    if opname == "xor":
        return a ^ b
    if opname == "neg":
        return intmask(-a)
    if a < b:
        return -1
    return 1 if a > b else 0


def entry_point(argv):
    # argv: opname a b [opname a b ...]; prints one result per triple
    i = 1
    while i + 2 < len(argv):
        opname = argv[i]
        a = int(argv[i + 1])
        b = int(argv[i + 2])
        try:
            print(str(compute(opname, a, b)))
        except ZeroDivisionError:
            print("ZeroDivisionError")
        i += 3
    return 0


def expected_output(triples):
    lines = []
    for opname, a, b in triples:
        try:
            lines.append(str(compute(opname, a, b)))
        except ZeroDivisionError:
            lines.append("ZeroDivisionError")
    return "".join(line + "\n" for line in lines)


@pytest.fixture(scope="module")
def exe(translation_mode):  # noqa: F811
    # built once per translation mode (plain, --stm)
    require_toolchain()
    return translate_entry(entry_point)


word = st.integers(min_value=-(2**63), max_value=2**63 - 1)
small = st.integers(min_value=-100, max_value=100)
operand = st.one_of(word, small)


@given(
    st.lists(st.tuples(st.sampled_from(OPS), operand, operand), min_size=1, max_size=20)
)
def test_int_arithmetic_matches(exe, triples):
    args = []
    for opname, a, b in triples:
        args += [opname, str(a), str(b)]
    proc = subprocess.run([exe] + args, capture_output=True, text=True, timeout=60)
    assert proc.stdout == expected_output(triples)
