"""Hypothesis fuzzing against CPython's ast.parse.

Two generators: random token streams (mostly invalid programs), and real
stdlib sources with a few random mutations.  Our parser must agree with
CPython on accept/reject; when both accept the dumps (with positions) must be
equal; when we reject, the error is always a PySyntaxError (any other
exception propagates and fails the test).
"""

import ast
import os
import warnings

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pypy.interpreter.pyparser.test.oracle import accepted, our_result
from pypy.interpreter.pyparser.test.test_stdlib_oracle import stdlib_files

NAMES = ["a", "b", "x", "match", "case", "_", "print", "self", "é"]
KEYWORDS = (
    "False None True and as assert async await break class continue def del elif else "
    "except finally for from global if import in is lambda nonlocal not or pass raise "
    "return try while with yield"
).split()
NUMBERS = ["0", "1", "42", "1.5", "0x1f", "1j", "1_0", "1e5", "0o7", "0b1", "00", ".5"]
STRINGS = [
    '"s"',
    "'t'",
    'f"{a}"',
    "f'{x!r:>{b}}'",
    'b"x"',
    'r"\\d"',
    '"""m"""',
    "u'u'",
    'f"{a=}"',
    '"\\n"',
]
OPERATORS = (
    "+ - * / // % ** @ << >> & | ^ ~ := < > <= >= == != ( ) [ ] { } , : . ; = -> "
    "+= -= *= /= //= %= **= @= &= |= ^= >>= <<= ... !"
).split()
TOKENS = NAMES + KEYWORDS + NUMBERS + STRINGS + OPERATORS

line_strategy = st.tuples(
    st.integers(min_value=0, max_value=3),
    st.lists(st.sampled_from(TOKENS), min_size=0, max_size=10),
)


def host_accepts(source):
    """True / False, or None when CPython raises something else than SyntaxError."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ast.parse(source)
        except SyntaxError:
            return False
        except (ValueError, MemoryError, RecursionError):
            return None
    return True


def check_agreement(source):
    host = host_accepts(source)
    assume(host is not None)
    ours = our_result(source)
    assert accepted(ours) == host, "ours: %s" % ours[:300]
    if host:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = ast.dump(ast.parse(source), include_attributes=True)
        assert ours == expected


@settings(max_examples=int(os.environ.get("FUZZ_N", 300)))
@given(st.lists(line_strategy, min_size=1, max_size=6))
def test_token_streams(lines):
    source = "".join(
        "    " * indent + " ".join(tokens) + "\n" for indent, tokens in lines
    )
    check_agreement(source)


@settings(max_examples=int(os.environ.get("FUZZ_N", 150)))
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=12))
def test_single_line_streams(tokens):
    check_agreement(" ".join(tokens) + "\n")


def mutation_sources():
    files = stdlib_files()
    step = max(1, len(files) // 25)
    chosen = []
    for path in files[::step]:
        if "tokenizedata" in path or "lib2to3" in path:
            continue
        with open(path, "rb") as f:
            data = f.read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        chosen.append(text.splitlines(True))
    return chosen


SOURCES = mutation_sources()

mutation = st.tuples(
    st.sampled_from(
        ["delete", "insert", "duplicate_line", "delete_line", "swap", "dedent"]
    ),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=1, max_value=8),
    st.sampled_from(TOKENS + [" ", "\n", "\t", "(", ")", ":", "\\\n", "'", '"', "#"]),
)


def mutate(text, kind, where, length, token):
    if len(text) == 0:
        return token
    pos = where % len(text)
    if kind == "delete":
        return text[:pos] + text[pos + length :]
    if kind == "insert":
        return text[:pos] + token + text[pos:]
    if kind == "swap" and pos + 1 < len(text):
        return text[:pos] + text[pos + 1] + text[pos] + text[pos + 2 :]
    lines = text.splitlines(True)
    k = where % len(lines)
    if kind == "duplicate_line":
        lines.insert(k, lines[k])
    elif kind == "delete_line":
        del lines[k]
    elif kind == "dedent":
        lines[k] = lines[k].lstrip(" ")
    return "".join(lines)


@settings(max_examples=int(os.environ.get("FUZZ_N", 200)))
@given(
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=5, max_value=40),
    st.lists(mutation, min_size=1, max_size=3),
)
def test_mutated_stdlib_sources(which, start, length, mutations):
    lines = SOURCES[which % len(SOURCES)]
    # start at a top-level line so that unmutated slices are mostly valid
    tops = [
        i
        for i in range(len(lines))
        if lines[i][:1] not in (" ", "\t", "\n", "#", ")", "]", "}")
    ]
    begin = tops[start % len(tops)] if tops else 0
    text = "".join(lines[begin : begin + length])
    for kind, where, size, token in mutations:
        text = mutate(text, kind, where, size, token)
    assume("\x00" not in text)
    check_agreement(text)


def test_sources_available():
    assert len(SOURCES) >= 10
    assert os.path.sep in stdlib_files()[0]


# ---- generated valid programs: every construct, in random combinations ----

ATOMS = st.sampled_from(
    [
        "a",
        "b",
        "1",
        "2.5",
        "3j",
        "None",
        "True",
        "...",
        "'s'",
        'b"b"',
        'f"{a}x"',
        "(a)",
        "[]",
        "{}",
        "()",
        "é",
    ]
)


def _compound(children):
    one = children
    return st.one_of(
        st.tuples(
            one,
            st.sampled_from(
                ["+", "-", "*", "/", "//", "%", "**", "@", "<<", ">>", "&", "|", "^"]
            ),
            one,
        ).map(lambda t: "%s %s %s" % t),
        st.tuples(st.sampled_from(["-", "+", "~", "not ", "await "]), one).map(
            lambda t: "%s%s" % t
        ),
        st.tuples(
            one,
            st.sampled_from(
                ["<", ">", "==", "!=", "<=", ">=", "in", "not in", "is", "is not"]
            ),
            one,
        ).map(lambda t: "%s %s %s" % t),
        st.tuples(one, st.sampled_from(["and", "or"]), one).map(
            lambda t: "%s %s %s" % t
        ),
        st.tuples(one, one, one).map(lambda t: "(%s if %s else %s)" % t),
        st.lists(one, max_size=3).map(lambda xs: "f(%s)" % ", ".join(xs)),
        st.tuples(one, one).map(lambda t: "g(%s, *%s, k=1, **%s)" % (t[0], t[1], t[1])),
        st.tuples(one, one).map(lambda t: "%s[%s]" % t),
        st.tuples(one, one).map(lambda t: "x[%s:%s, ::2]" % t),
        one.map(lambda x: "(%s).attr" % x),
        st.lists(one, max_size=3).map(lambda xs: "[%s]" % ", ".join(xs)),
        st.lists(one, min_size=1, max_size=3).map(lambda xs: "(%s,)" % ", ".join(xs)),
        st.lists(one, min_size=1, max_size=3).map(lambda xs: "{%s}" % ", ".join(xs)),
        st.tuples(one, one).map(lambda t: "{%s: %s, **d}" % t),
        st.tuples(one, one).map(lambda t: "[%s for v in %s if v]" % t),
        st.tuples(one, one).map(lambda t: "{%s: v for v, w in %s}" % (t[0], t[1])),
        st.tuples(one, one).map(lambda t: "(%s for v in %s for w in v)" % t),
        one.map(lambda x: "(lambda p, *q, r=1, **s: %s)" % x),
        one.map(lambda x: "(n := %s)" % x),
        one.map(lambda x: "f'{%s!r:>{w}} {v=}'" % x.replace("'", '"')),
        one.map(lambda x: "(yield %s)" % x),
        st.tuples(one, one)
        .map(lambda t: "%s\n%s" % t)
        .map(lambda s: "(" + s.replace("\n", " +\n ") + ")"),
    )


EXPRESSIONS = st.recursive(ATOMS, _compound, max_leaves=12)


def _statements(expr):
    simple = st.one_of(
        expr,
        expr.map(lambda e: "t = " + e),
        expr.map(lambda e: "t.u[0] += " + e),
        expr.map(lambda e: "t: int = " + e),
        expr.map(lambda e: "a, *b = c = " + e),
        expr.map(lambda e: "return " + e),
        expr.map(lambda e: "assert " + e + ", 'm'"),
        expr.map(lambda e: "del t[" + e + "]"),
        expr.map(lambda e: "raise E(" + e + ") from None"),
        st.just("import a.b as c, d"),
        st.just("from .. m import (x as y, z,)"),
        st.just("global g; nonlocal h"),
        st.just("pass"),
    )
    return simple


def _block(stmt_text, expr):
    body = stmt_text.replace("\n", "\n    ")
    return st.one_of(
        expr.map(
            lambda e: (
                "if %s:\n    %s\nelif x:\n    pass\nelse:\n    %s" % (e, body, body)
            )
        ),
        expr.map(lambda e: "while %s:\n    %s\nelse:\n    break" % (e, body)),
        expr.map(lambda e: "for i, *j in %s:\n    %s" % (e, body)),
        expr.map(lambda e: "async for i in %s:\n    %s" % (e, body)),
        expr.map(lambda e: "with %s as (p, q), open(f):\n    %s" % (e, body)),
        expr.map(lambda e: "with (%s as p, q):\n    %s" % (e, body)),
        expr.map(
            lambda e: (
                "try:\n    %s\nexcept E as e:\n    %s\nelse:\n    pass\nfinally:\n    pass"
                % (body, e)
            )
        ),
        expr.map(lambda e: "try:\n    %s\nexcept* E:\n    %s" % (body, e)),
        expr.map(
            lambda e: (
                "@dec(%s)\nasync def fn(a, /, b: int = 1, *c, d, **e) -> T:\n    %s"
                % (e, body)
            )
        ),
        expr.map(lambda e: "class K(B, metaclass=%s):\n    %s" % (e, body)),
        expr.map(
            lambda e: (
                "match %s:\n    case [1, *r] | {'k': v, **kw} | P(1, y=2) as z if z:\n        %s\n    case _:\n        pass"
                % (e, body)
            )
        ),
    )


PROGRAMS = st.lists(
    st.one_of(
        _statements(EXPRESSIONS),
        _statements(EXPRESSIONS).flatmap(lambda s: _block(s, EXPRESSIONS)),
    ),
    min_size=1,
    max_size=4,
).map(lambda stmts: "\n".join(stmts) + "\n")


@settings(max_examples=int(os.environ.get("FUZZ_N", 200)))
@given(PROGRAMS)
def test_generated_programs(source):
    check_agreement(source)


CHARACTERS = st.sampled_from(
    list("abx_019 \t\n\\'\"#()[]{}:;,.=+-*/%<>!~&|^@$?`\f\r")
    + [
        "é",
        "€",
        "\xa0",
        "\u200b",
        "ﬁ",
        "𝔘",
        "if ",
        "else ",
        "for ",
        "def ",
        "lambda ",
        "f'",
        'b"',
        "'''",
        "0x",
        "1e",
        "1_",
    ]
)


@settings(max_examples=int(os.environ.get("FUZZ_N", 300)))
@given(st.lists(CHARACTERS, min_size=0, max_size=30).map("".join))
def test_raw_characters(source):
    check_agreement(source)


def test_error_details_match_cpython_on_mutated_sources():
    """On sources both reject, the message, line and offset agree with CPython
    for nearly all mutations (a fixed, seeded sample; the measured rate on
    3000 samples is 99%)."""
    import random

    from pypy.interpreter.pyparser.test.oracle import host_result

    rng = random.Random(1)
    both_reject = 0
    identical = 0
    differences = []
    for _ in range(400):
        lines = rng.choice(SOURCES)
        tops = [
            i
            for i in range(len(lines))
            if lines[i][:1] not in (" ", "\t", "\n", "#", ")", "]", "}")
        ]
        if not tops:
            continue
        begin = rng.choice(tops)
        text = "".join(lines[begin : begin + rng.randint(5, 40)])
        for _ in range(rng.randint(1, 2)):
            kind = rng.choice(
                ["delete", "insert", "duplicate_line", "delete_line", "swap", "dedent"]
            )
            token = rng.choice(TOKENS + [" ", "\n", "(", ")", ":", "'"])
            text = mutate(text, kind, rng.randint(0, 10**6), rng.randint(1, 8), token)
        if "\x00" in text:
            continue
        expected = host_result(text)
        if accepted(expected):
            continue
        ours = our_result(text)
        assert not accepted(ours), "CPython rejects, we accept: %r" % text
        both_reject += 1
        if ours == expected:
            identical += 1
        else:
            differences.append((ours, expected))
    assert both_reject > 200
    assert identical >= 0.95 * both_reject, differences[:5]
