"""Tokenizer unit tests: token kinds, values and CPython positions."""

import pytest

from pypy.interpreter.pyparser.error import (
    PyIndentationError,
    PySyntaxError,
    PyTabError,
)
from pypy.interpreter.pyparser.tokenizer import (
    DEDENT,
    ENDMARKER,
    INDENT,
    NAME,
    NEWLINE,
    NUMBER,
    OP,
    STRING,
    Tokenizer,
)


def tokens(source):
    t = Tokenizer(source)
    result = []
    while True:
        tok = t.next_token()
        result.append(tok)
        if tok.type == ENDMARKER:
            return result


def kinds(source):
    return [(tok.type, tok.value) for tok in tokens(source)]


def test_simple_statement_positions():
    toks = tokens("x = 1\n")
    assert [(t.type, t.value) for t in toks] == [
        (NAME, "x"),
        (OP, "="),
        (NUMBER, "1"),
        (NEWLINE, ""),
        (ENDMARKER, ""),
    ]
    assert (toks[2].lineno, toks[2].col_offset, toks[2].end_col_offset) == (1, 4, 5)


def test_indent_dedent():
    assert kinds("if x:\n    y\nz\n") == [
        (NAME, "if"),
        (NAME, "x"),
        (OP, ":"),
        (NEWLINE, ""),
        (INDENT, ""),
        (NAME, "y"),
        (NEWLINE, ""),
        (DEDENT, ""),
        (NAME, "z"),
        (NEWLINE, ""),
        (ENDMARKER, ""),
    ]


def test_blank_and_comment_lines_do_not_count():
    assert kinds("x\n\n   # c\n\ny\n") == [
        (NAME, "x"),
        (NEWLINE, ""),
        (NAME, "y"),
        (NEWLINE, ""),
        (ENDMARKER, ""),
    ]


def test_implicit_and_explicit_joining():
    assert kinds("f(1,\n  2)\nx = 1 + \\\n  2\n") == [
        (NAME, "f"),
        (OP, "("),
        (NUMBER, "1"),
        (OP, ","),
        (NUMBER, "2"),
        (OP, ")"),
        (NEWLINE, ""),
        (NAME, "x"),
        (OP, "="),
        (NUMBER, "1"),
        (OP, "+"),
        (NUMBER, "2"),
        (NEWLINE, ""),
        (ENDMARKER, ""),
    ]


def test_missing_final_newline_is_added():
    assert kinds("x") == [(NAME, "x"), (NEWLINE, ""), (ENDMARKER, "")]


@pytest.mark.parametrize(
    "text",
    [
        "0x_1F",
        "0o17",
        "0b1_0",
        "1_000",
        "1.5e-3",
        ".5",
        "1.",
        "3j",
        "1_0.0_1E+1_0J",
        "00",
    ],
)
def test_numbers(text):
    assert kinds(text + "\n")[0] == (NUMBER, text)


@pytest.mark.parametrize(
    "text",
    [
        "'a'",
        '"b"',
        "'''c\nd'''",
        'rb"\\x"',
        "BR'x'",
        "f'{x}'",
        "Rf'y'",
        "u'z'",
        '"a\\\nb"',
    ],
)
def test_string_prefixes_and_forms(text):
    assert kinds(text + "\n")[0] == (STRING, text)


def test_multiline_string_positions():
    tok = tokens("x = '''a\nbc'''\n")[2]
    assert (tok.lineno, tok.col_offset, tok.end_lineno, tok.end_col_offset) == (
        1,
        4,
        2,
        5,
    )


def test_every_operator():
    ops = (
        "+ - * / // % ** @ << >> & | ^ ~ := < > <= >= == != ( ) [ ] { } , : . ; = -> "
        "+= -= *= /= //= %= **= @= &= |= ^= >>= <<= ..."
    ).split()
    toks = kinds(" ".join(ops) + "\n")
    assert [v for t, v in toks if t == OP] == ops


def test_utf8_byte_columns():
    toks = tokens("é = ü\n")
    assert toks[0].value == "é" and toks[0].end_col_offset == 2
    assert (toks[2].col_offset, toks[2].end_col_offset) == (5, 7)


def test_nfkc_identifiers():
    assert tokens("ﬁ = 1\n")[0].value == "fi"


@pytest.mark.parametrize(
    "source, cls, msg",
    [
        (
            "if x:\n        a\n    b\n",
            PyIndentationError,
            "unindent does not match any outer indentation level",
        ),
        (
            "if x:\n\ta\n        b\n",
            PyTabError,
            "inconsistent use of tabs and spaces in indentation",
        ),
        (
            "x = 'abc\n",
            PySyntaxError,
            "unterminated string literal (detected at line 1)",
        ),
        (
            "x = '''abc\n\n",
            PySyntaxError,
            "unterminated triple-quoted string literal (detected at line 2)",
        ),
        ("x = 1_\n", PySyntaxError, "invalid decimal literal"),
        ("x = 0o8\n", PySyntaxError, "invalid digit '8' in octal literal"),
        ("x = €\n", PySyntaxError, "invalid character '€' (U+20AC)"),
        ("x = )\n", PySyntaxError, "unmatched ')'"),
        (
            "x = (]\n",
            PySyntaxError,
            "closing parenthesis ']' does not match opening parenthesis '('",
        ),
        ("x = (\n", PySyntaxError, "'(' was never closed"),
        (
            "x = 1 \\ 2\n",
            PySyntaxError,
            "unexpected character after line continuation character",
        ),
    ],
)
def test_errors(source, cls, msg):
    with pytest.raises(cls) as info:
        tokens(source)
    assert info.value.msg == msg
    assert info.value.from_tokenizer
