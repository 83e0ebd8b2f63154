"""Deep nesting gives a clean SyntaxError (never a RecursionError)."""

import pytest

from pypy.interpreter.pyparser.error import PyIndentationError, PySyntaxError
from pypy.interpreter.pyparser.pyparse import parse
from pypy.interpreter.pyparser.test.oracle import host_result, our_result


def nested_blocks(depth):
    return "".join(" " * i + "if x:\n" for i in range(depth)) + " " * depth + "pass\n"


def test_thousand_parentheses():
    source = "x = " + "(" * 1000 + "1" + ")" * 1000 + "\n"
    with pytest.raises(PySyntaxError) as info:
        parse(source)
    assert info.value.msg == "too many nested parentheses"
    assert our_result(source) == host_result(source)


def test_thousand_brackets_and_braces():
    for opening, closing in ("[]", "{}"):
        source = opening * 1000 + closing * 1000 + "\n"
        assert our_result(source) == host_result(source)


def test_limit_parentheses_accepted():
    source = "(" * 199 + "1" + ")" * 199 + "\n"
    assert our_result(source) == host_result(source)


def test_thousand_blocks():
    source = nested_blocks(1000)
    with pytest.raises(PyIndentationError) as info:
        parse(source)
    assert info.value.msg == "too many levels of indentation"
    assert our_result(source) == host_result(source)


def test_ninety_nine_blocks_accepted():
    source = nested_blocks(99)
    assert our_result(source) == host_result(source)


@pytest.mark.parametrize("prefix", ["-", "not ", "a if b else ", "lambda: ", "1 ** "])
def test_deep_operator_chains(prefix):
    ok = prefix * 1000 + "1\n"
    assert our_result(ok) == host_result(ok)
    too_deep = prefix * 7000 + "1\n"
    with pytest.raises(PySyntaxError) as info:
        parse(too_deep)
    assert "too complex" in info.value.msg
