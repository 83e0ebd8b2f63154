"""Hypothesis: random expressions compiled by us (constant folding included) and
run on the test VM give what CPython gives, value or exception type."""

import warnings

from hypothesis import given, settings
from hypothesis import strategies as st

from pypy.interpreter.astcompiler.codegen import compile_source
from pypy.interpreter.astcompiler.test.minivm import VM

ATOMS = st.sampled_from(
    [
        "0",
        "1",
        "-3",
        "7",
        "2.5",
        "-0.0",
        "1j",
        "True",
        "None",
        "'ab'",
        "b'x'",
        "x",
        "y",
        "s",
        "(1, 2)",
        "[3]",
        "9223372036854775807",
    ]
)
BINOPS = st.sampled_from(["+", "-", "*", "/", "//", "%", ">>", "&", "|", "^", "@"])
SMALL = st.sampled_from(["0", "1", "3", "-1", "True", "2.5", "65"])
CMPOPS = st.sampled_from(
    ["<", "<=", "==", "!=", ">", ">=", "is", "is not", "in", "not in"]
)


def expressions():
    def extend(children):
        binary = st.tuples(children, BINOPS, children).map(
            lambda t: "(%s %s %s)" % (t[0], t[1], t[2])
        )
        # powers and shifts get small right operands: no run-away computations
        power = st.tuples(children, st.sampled_from(["**", "<<"]), SMALL).map(
            lambda t: "(%s %s %s)" % t
        )
        compare = st.tuples(children, CMPOPS, children, CMPOPS, children).map(
            lambda t: "(%s %s %s %s %s)" % t
        )
        unary = st.tuples(st.sampled_from(["-", "+", "~", "not "]), children).map(
            lambda t: "(%s%s)" % t
        )
        boolop = st.tuples(children, st.sampled_from(["and", "or"]), children).map(
            lambda t: "(%s %s %s)" % t
        )
        ifexp = st.tuples(children, children, children).map(
            lambda t: "(%s if %s else %s)" % t
        )
        display = st.lists(children, max_size=3).map(
            lambda items: "[%s]" % ", ".join(items)
        )
        tup = st.lists(children, max_size=3).map(
            lambda items: "(%s)" % "".join(item + ", " for item in items)
        )
        subscript = st.tuples(children, children).map(lambda t: "%s[%s]" % t)
        return st.one_of(
            binary, power, compare, unary, boolop, ifexp, display, tup, subscript
        )

    return st.recursive(ATOMS, extend, max_leaves=8)


PRELUDE = "x = 5\ny = -2.5\ns = 'str'\n"


def outcome(run):
    try:
        return "ok", repr(run())
    except Exception as e:
        return "error", type(e).__name__


def run_cpython(src):
    namespace = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = compile(src, "<fuzz>", "exec")
    exec(code, namespace)
    return namespace["result"]


def run_ours(src):
    return VM().run_module(compile_source(src, "<fuzz>"))["result"]


@settings(max_examples=150, deadline=None)
@given(expressions())
def test_expression_matches_cpython(expr):
    src = PRELUDE + "result = " + expr + "\n"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(src, "<fuzz>", "exec")
    except (SyntaxError, ValueError, OverflowError, MemoryError):
        return
    expected = outcome(lambda: run_cpython(src))
    if expected[0] == "error" and expected[1] in ("OverflowError", "MemoryError"):
        return
    assert outcome(lambda: run_ours(src)) == expected
