"""Differential test: each arithmetic operation compiled by the C backend
gives the same result as its untranslated implementation (llop / opimpl).

One program evaluates every (operation, arguments) case and prints the
results with debug_print; the expected values come from llop.
"""

import math
import subprocess

import pytest

from rpython.flowspace.model import Link
from rpython.rlib.rarithmetic import r_uint
from rpython.rtyper.lltypesystem import lltype
from rpython.rtyper.lltypesystem.lloperation import llop
from rpython.rtyper.lltypesystem.lltype import Bool, Char, Float, Signed, Unsigned, Void
from rpython.translator.c.database import LowLevelDatabase
from rpython.translator.c.genc import CStandaloneBuilder
from rpython.translator.c.test.test_lowlevel import (
    compile_and_run,
    const,
    fnptr,
    make_graph,
    op,
    var,
)

INTS = [0, 1, -1, 7, -7, 3, 100, 2**62, -(2**63), 2**63 - 1, 12345678901]
SMALL = [0, 1, 3, 63]
FLOATS = [0.0, 1.5, -2.25, 1e300, -1e-300, 3.0, 7.5]


def cases():
    out = []
    for name in ["add", "sub", "mul", "and", "or", "xor", "max", "min"]:
        for x in INTS:
            for y in INTS:
                out.append(("int_" + name, [x, y], [Signed, Signed], Signed))
    for name in ["floordiv", "mod", "py_div", "py_mod"]:
        for x in INTS:
            for y in INTS:
                if y != 0 and not (x == -(2**63) and y == -1):
                    out.append(("int_" + name, [x, y], [Signed, Signed], Signed))
    for name in ["lt", "le", "eq", "ne", "gt", "ge"]:
        for x in INTS[:6]:
            for y in INTS[:6]:
                out.append(("int_" + name, [x, y], [Signed, Signed], Bool))
    for name in ["lshift", "rshift"]:
        for x in INTS:
            for y in SMALL:
                out.append(("int_" + name, [x, y], [Signed, Signed], Signed))
    for name in ["neg", "abs", "invert"]:
        for x in INTS:
            if not (name == "abs" and x == -(2**63)):
                out.append(("int_" + name, [x], [Signed], Signed))
    for x in INTS:
        out.append(("int_is_true", [x], [Signed], Bool))
    uints = [r_uint(x) for x in (0, 1, 5, 2**64 - 1, 2**63)]
    for name in ["add", "sub", "mul", "and", "xor"]:
        for x in uints:
            for y in uints:
                out.append(("uint_" + name, [x, y], [Unsigned, Unsigned], Unsigned))
    for name in ["floordiv", "mod"]:
        for x in uints:
            for y in uints:
                if y:
                    out.append(("uint_" + name, [x, y], [Unsigned, Unsigned], Unsigned))
    for name in ["lt", "ge"]:
        for x in uints:
            for y in uints:
                out.append(("uint_" + name, [x, y], [Unsigned, Unsigned], Bool))
    for name in ["add", "sub", "mul"]:
        for x in FLOATS:
            for y in FLOATS:
                out.append(("float_" + name, [x, y], [Float, Float], Float))
    for x in FLOATS:
        for y in FLOATS:
            if y != 0.0:
                out.append(("float_truediv", [x, y], [Float, Float], Float))
                out.append(("float_py_mod_zer", [x, y], [Float, Float], Float))
                if abs(x) < 1e200 and abs(y) > 1e-200:  # opimpl: no inf results
                    out.append(("float_py_div_zer", [x, y], [Float, Float], Float))
            out.append(("float_lt", [x, y], [Float, Float], Bool))
            out.append(("float_eq", [x, y], [Float, Float], Bool))
    for x in FLOATS:
        out.append(("float_neg", [x], [Float], Float))
        out.append(("float_abs", [x], [Float], Float))
        out.append(("float_is_true", [x], [Float], Bool))
        out.append(("float_floor", [x], [Float], Float))
        out.append(("float_ceil", [x], [Float], Float))
        if abs(x) < 1e18:
            out.append(("cast_float_to_int", [x], [Float], Signed))
    for x in INTS:
        out.append(("cast_int_to_float", [x], [Signed], Float))
        out.append(("cast_int_to_uint", [x], [Signed], Unsigned))
    for c in ["a", "\x00", "\xff", "Z", "\xc3"]:
        out.append(("cast_char_to_int", [c], [Char], Signed))
        # C's char is signed: bytes >= 0x80 must still cast to 128..255
        out.append(("cast_primitive", [c], [Char], Signed))
    for x in [1, 5, 2**62, -3]:
        for y in [1, 2, -1, 7]:
            out.append(("int_py_div_zer", [x, y], [Signed, Signed], Signed))
            out.append(("int_py_mod_zer", [x, y], [Signed, Signed], Signed))
    return out


def expected_text(value, T):
    if T is Float:
        return repr(float("%.17g" % value))
    if T is Bool:
        return str(int(value))
    return str(int(value))


def build_and_run(entry, tmp_path, gc):
    """gc="none": the plain build; gc="stm": barrier pass + stmgc, as
    `rpython --stm` builds (the operations must mean the same there)."""
    if gc == "stm":
        return compile_and_run(entry, tmp_path, gc="stm")
    db = LowLevelDatabase(gcpolicy=gc)
    builder = CStandaloneBuilder(db, fnptr(entry), opt=1)
    builder.generate_source(str(tmp_path / "src"))
    return subprocess.run(
        [builder.compile()], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("gc", ["none", "stm"])
def test_arithmetic_matches_llop(tmp_path, gc):
    all_cases = cases()
    entry = make_graph("entry", [], Signed)
    block = entry.startblock
    for i, (name, args, argtypes, RES) in enumerate(all_cases):
        r = var(RES)
        block.operations.append(
            op(name, [const(a, T) for a, T in zip(args, argtypes)], r)
        )
        block.operations.append(
            op("debug_print", [const("%d" % i, Void), r], var(Void))
        )
    block.closeblock(Link([const(0, Signed)], entry.returnblock))
    proc = build_and_run(entry, tmp_path, gc)
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = {}
    for line in proc.stderr.splitlines():
        index, text = line.split(" ", 1)
        got[int(index)] = text
    mismatches = []
    for i, (name, args, argtypes, RES) in enumerate(all_cases):
        want = getattr(llop, name)(RES, *args)
        text = got.get(i)
        if RES is Float:
            ok = text is not None and (
                float(text) == want
                or (math.isnan(want) and text.lower().endswith("nan"))
            )
        else:
            ok = text == expected_text(want, RES)
        if not ok:
            mismatches.append((name, args, want, text))
    assert mismatches == [], mismatches[:10]


def test_all_cases_are_wellformed():
    # guard against a silently empty test
    assert len(cases()) > 500
    assert lltype.typeOf(r_uint(3)) is Unsigned


# float ops against Python's own operators, including results that overflow
# to inf (opimpl.op_float_py_div_zer raises OverflowError there, Python not)
PY_FLOAT_CASES = [
    (1e308, 1e-10),
    (-1e308, 1e-10),
    (1e308, -1e-300),
    (7.5, -2.0),
    (-0.0, 3.0),
    (0.0, -3.0),
    (-7.0, 2.0),
    (1e300, 1e-300),
    (5e-324, 1e300),
]


@pytest.mark.parametrize("gc", ["none", "stm"])
def test_float_division_matches_python_operators(tmp_path, gc):
    ops = [
        ("float_py_div_zer", lambda x, y: x // y),
        ("float_py_mod_zer", lambda x, y: x % y),
        ("float_truediv_zer", lambda x, y: x / y),
    ]
    entry = make_graph("entry", [], Signed)
    block = entry.startblock
    expected = []
    for name, pyop in ops:
        for x, y in PY_FLOAT_CASES:
            r = var(Float)
            block.operations.append(op(name, [const(x, Float), const(y, Float)], r))
            block.operations.append(
                op("debug_print", [const("%d" % len(expected), Void), r], var(Void))
            )
            expected.append((name, x, y, pyop(x, y)))
    block.closeblock(Link([const(0, Signed)], entry.returnblock))
    proc = build_and_run(entry, tmp_path, gc)
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = dict(line.split(" ", 1) for line in proc.stderr.splitlines())
    mismatches = []
    for i, (name, x, y, want) in enumerate(expected):
        text = got.get(str(i))
        value = float(text) if text is not None else None
        if value != want or math.copysign(1.0, value) != math.copysign(1.0, want):
            mismatches.append((name, x, y, want, text))
    assert mismatches == []
