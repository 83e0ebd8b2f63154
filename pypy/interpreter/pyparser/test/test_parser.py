"""Per-construct and per-error tests against CPython 3.11's ast.parse.

The snippets live in data/*.txt (separated by '#####' lines).  Valid ones
must dump identically, with positions; invalid ones must give CPython's
message, line and offset.
"""

import os

import pytest

from pypy.interpreter.astcompiler import ast
from pypy.interpreter.pyparser.error import (
    PyIndentationError,
    PySyntaxError,
    PyTabError,
)
from pypy.interpreter.pyparser.pyparse import parse
from pypy.interpreter.pyparser.test.oracle import host_result, our_result, read_snippets

DATA = os.path.join(os.path.dirname(__file__), "data")
VALID = read_snippets(os.path.join(DATA, "valid_snippets.txt"))
ERRORS = read_snippets(os.path.join(DATA, "error_snippets.txt"))


@pytest.mark.parametrize("source", VALID)
def test_valid_snippet(source):
    expected = host_result(source)
    assert not expected.startswith("SyntaxError"), "snippet must be valid Python"
    assert our_result(source) == expected


@pytest.mark.parametrize("source", ERRORS)
def test_error_snippet(source):
    expected = host_result(source)
    assert expected.startswith("SyntaxError"), "snippet must be invalid Python"
    assert our_result(source) == expected


def test_node_classes_are_ours():
    tree = parse("x = f(1)\n")
    assert isinstance(tree, ast.Module)
    assign = tree.body[0]
    assert isinstance(assign, ast.Assign)
    assert isinstance(assign.value, ast.Call)
    assert assign.targets[0].ctx is ast.store_singleton


def test_eval_mode():
    tree = parse("a + 1\n", "eval")
    assert isinstance(tree, ast.Expression)
    assert isinstance(tree.body, ast.BinOp)
    with pytest.raises(PySyntaxError):
        parse("x = 1", "eval")


def test_error_classes():
    with pytest.raises(PyIndentationError) as info:
        parse("if x:\npass\n")
    assert info.value.msg == "expected an indented block after 'if' statement on line 1"
    with pytest.raises(PyTabError):
        parse("if x:\n\ta\n        b\n")
    with pytest.raises(PyIndentationError):
        parse("  x = 1\n")


def test_error_format_has_caret():
    with pytest.raises(PySyntaxError) as info:
        parse("x = (1, 2\ny = 3\n")
    text = info.value.format()
    assert "'(' was never closed" in text
    assert "x = (1, 2" in text
    assert text.splitlines()[-1] == "SyntaxError: '(' was never closed"
    assert text.splitlines()[-2].strip() == "^"
    assert info.value.lineno == 1 and info.value.offset == 5


def test_coding_cookie_and_bom():
    source = "# -*- coding: latin-1 -*-\nx = '\xe9'\n".encode("latin-1")
    tree = parse(source)
    assert tree.body[0].value.value.value == "\xe9"
    assert host_result(source) == our_result(source)
    assert parse(b"\xef\xbb\xbfx = 1\n").body[0].lineno == 1
    with pytest.raises(PySyntaxError) as info:
        parse(b"# coding: nonsense-codec\nx = 1\n")
    assert info.value.msg == "unknown encoding: nonsense-codec"
    with pytest.raises(PySyntaxError):
        parse(b"x = '\xff'\n")


def test_utf8_columns_are_bytes():
    source = "s = 'éé' + x\n"
    tree = parse(source)
    name = tree.body[0].value.right
    assert name.col_offset == len("s = 'éé' + ".encode("utf-8"))
    assert our_result(source) == host_result(source)


def test_big_and_small_numbers():
    for source in [
        "x = 2**63\n",
        "x = 9223372036854775807\n",
        "x = 9223372036854775808\n",
        "x = 0xFFFFFFFFFFFFFFFFFFFF\n",
        "x = 1_000.5e-3_0j\n",
        "x = 0o777, 0b1_0\n",
    ]:
        assert our_result(source) == host_result(source)


def test_single_mode():
    import ast as host_ast

    from pypy.interpreter.pyparser.dump import dump

    for source in ["x = 1\n", "if x:\n    y\n\n", "f(a)\n"]:
        assert dump(parse(source, "single"), True) == host_ast.dump(
            host_ast.parse(source, mode="single"), include_attributes=True
        )
    with pytest.raises(PySyntaxError) as info:
        parse("x = 1\ny = 2\n", "single")
    assert (
        info.value.msg == "multiple statements found while compiling a single statement"
    )


def test_eval_mode_matches_cpython():
    import ast as host_ast

    from pypy.interpreter.pyparser.dump import dump

    for source in ["a + 1", "\n(x for x in y)\n", "f'{a}', b,"]:
        assert dump(parse(source, "eval"), True) == host_ast.dump(
            host_ast.parse(source, mode="eval"), include_attributes=True
        )
    for source in ["\n", "a, *b"]:
        with pytest.raises(SyntaxError):
            host_ast.parse(source, mode="single" if source == "\n" else "eval")
        with pytest.raises(PySyntaxError):
            parse(source, "single" if source == "\n" else "eval")


@pytest.mark.parametrize(
    "cookie, text",
    [
        ("koi8-r", "x = 'привет'\n"),
        ("KOI8_R", "x = 'привет'\n"),
        ("cp1252", "x = '€ – ©'\n"),
        ("windows-1252", "x = '€'\n"),
        ("iso-8859-15", "x = '€'\n"),
        ("latin-9", None),
        ("iso8859_7", "x = 'αβγ'\n"),
        ("mac-roman", "x = 'π∑'\n"),
        ("cp437", "x = '░▒▓'\n"),
        ("utf8", "x = 'é'\n"),
        ("latin-1-unix", "x = 'é'\n"),
        ("ascii", "x = 'a'\n"),
    ],
)
def test_single_byte_source_codecs(cookie, text):
    # rcodecs' tables: the same text as the host's codecs, same trees
    if text is None:
        source = b"# coding: %s\nx = 1\n" % cookie.encode()
    else:
        codec = "latin-1" if cookie.startswith("latin-1-") else cookie
        source = ("# -*- coding: %s -*-\n" % cookie).encode() + text.encode(codec)
    expected = host_result(source)
    if expected.startswith("SyntaxError"):
        # CPython's offset for cookie errors is -1, ours 0: compare messages
        expected = expected.split(" @ ")[0]
        assert our_result(source).split(" @ ")[0] == expected
    else:
        assert our_result(source) == expected


@pytest.mark.parametrize(
    "source",
    [
        b"# coding: rot13\nx = 1\n",
        b"# coding: hex\nx = 1\n",
        b"# coding: ascii\nx = '\xe9'\n",
        b"# coding: cp1252\nx = '\x81'\n",
        b"# coding: koi8_r.x\nx = 1\n",
        b"# vim: set fileencoding=no-such-codec :\nx = 1\n",
    ],
)
def test_source_codec_errors_like_cpython(source):
    with pytest.raises(SyntaxError) as host:
        compile(source, "<test>", "exec")
    with pytest.raises(PySyntaxError) as ours:
        parse(source)
    assert ours.value.msg == host.value.msg


def test_named_unicode_escapes():
    for source in [
        "x = '\\N{LATIN SMALL LETTER E WITH ACUTE}'\n",
        "x = '\\N{latin small letter e with acute}\\N{EM DASH}'\n",
        "x = '\\N{CJK UNIFIED IDEOGRAPH-4E00}\\N{HANGUL SYLLABLE GAG}'\n",
        "x = '\\N{LINE FEED}\\N{BOM}\\N{NUSHU CHARACTER-1B170}'\n",
        "x = f'{1}\\N{BULLET}'\n",
        "x = '\\N{CJK UNIFIED IDEOGRAPH-4e00}'\n",
        "x = '\\N{LATIN CAPITAL LETTER A WITH MACRON AND GRAVE}'\n",
        "x = '\\N{NO SUCH NAME}'\n",
        "x = b'\\N{BULLET}'\n",
    ]:
        assert our_result(source) == host_result(source), source
