"""The engine translated to C: a program that takes pattern codes and
subjects on the command line prints the same spans as the untranslated
engine and as the host `re`."""

import pytest

from rpython.rlib.rsre import core
from rpython.rlib.rsre.test.hostre import compile_code, host_spans


def parse_ints(text):
    out = []
    if text == "":
        return out
    for piece in text.split(","):
        out.append(int(piece))
    return out


def format_match(m, groups):
    if m is None:
        return "None"
    parts = []
    g = 0
    while g <= groups:
        span = m.span(g)
        parts.append(str(span[0]) + ":" + str(span[1]))
        g += 1
    return " ".join(parts) + " last=" + str(m.lastindex)


def entry_point(argv):
    # argv: groups of (how, groups, code, kind, subject); kind "s" = the
    # argument itself, "u" = comma-separated code points, "b" = byte values
    i = 1
    while i + 4 < len(argv) + 1:
        how = argv[i]
        groups = int(argv[i + 1])
        code = parse_ints(argv[i + 2])
        kind = argv[i + 3]
        subject = argv[i + 4]
        if kind == "s":
            ctx = core.StrContext(subject)
        elif kind == "b":
            values = parse_ints(subject)
            ctx = core.BytesContext(bytes(values))
        else:
            ctx = core.CodePointsContext(parse_ints(subject))
        try:
            if how == "search":
                m = core.search(code, ctx, 0, -1, 0)
            elif how == "match":
                m = core.match(code, ctx, 0, -1, 0)
            else:
                m = core.fullmatch(code, ctx, 0, -1, 0)
            print(format_match(m, groups))
        except core.RSREError as e:
            print("error: " + e.msg)
        i += 5
    return 0


CASES = [
    ("search", r"(a|b)*c", "ababc"),
    ("search", r"(?i)stra\xdfe|k+", "xx\u212ak"),
    ("match", r"((K)*?(?(1)a|\w))", "KK1"),
    ("search", r"(?<=ab)c|\bz\b", "abc z"),
    ("fullmatch", r"(?:ab)++c", "ababc"),
    ("search", r"(?>a+)b|(\w)\1", "aab xx"),
    ("search", r"[\u4e00-\u4e10\u0400-\u0500z]+", "..\u4e05\u0410z"),
    ("search", r"\d+\s\w+", "x \u0663 \xe9t\xe9"),
    ("search", r"(?i)[\u0400-\u042f]+", "\u0430\u0431"),
    ("match", r"(?:(a)|b)*?c", "abbac"),
    ("search", rb"(?i)\xe9[a-c]+", b"x\xc9AB"),
    ("search", rb"(?iL)(a)\1\b", b"aA!"),
    ("search", r"(?:ab)*c", "ab" * 30000 + "c"),
    ("match", r"(?:(a)|b)*?c", "ab" * 20000 + "c"),
]


def arguments():
    args = []
    for how, pattern, subject in CASES:
        code, compiled = compile_code(pattern)
        args.append(how)
        args.append(str(compiled.groups))
        args.append(",".join(str(c) for c in code))
        if isinstance(subject, bytes):
            args.append("b")
            args.append(",".join(str(c) for c in subject))
        elif subject.isascii():
            args.append("s")
            args.append(subject)
        else:
            args.append("u")
            args.append(",".join(str(ord(c)) for c in subject))
    args += ["match", "0", "999,0", "s", "a"]  # a bad code array
    return args


def expected_lines():
    lines = []
    for how, pattern, subject in CASES:
        spans = host_spans(how, pattern, subject)
        if spans is None:
            lines.append("None")
        else:
            import re

            m = getattr(re.compile(pattern), how)(subject)
            last = m.lastindex if m.lastindex is not None else -1
            lines.append(" ".join("%d:%d" % s for s in spans) + " last=%d" % last)
    lines.append("error: invalid pattern code at 0: unknown opcode 999")
    return lines


def test_untranslated_equals_host():
    support = pytest.importorskip("rpython.translator.c.test.support")
    status, out = support.run_untranslated(entry_point, arguments())
    assert status == 0
    assert out.splitlines() == expected_lines()


@pytest.mark.slow
def test_translated_equals_untranslated():
    support = pytest.importorskip("rpython.translator.c.test.support")
    support.require_toolchain()
    out = support.check_same(entry_point, arguments())
    assert out.splitlines() == expected_lines()
