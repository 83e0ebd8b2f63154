"""The engine against the host `re` on a table of patterns, plus users of
the API (findall, sub with a template) as `_sre` will write them."""

import pytest

from rpython.rlib.rsre import core
from rpython.rlib.rsre.test.hostre import (
    compile_code,
    engine_spans,
    host_spans,
    make_context,
)

CASES = [
    # literals, sets, categories
    (r"abc", "xxabcx"),
    (r"abcab", "ababcabcab"),  # literal prefixes with false starts
    (r"abc\d|x", "abcxabc1"),
    (r"(?i)12ab", "12x12AB"),
    (r"ab(c)+", "abxabcc"),
    (r"a.c", "a\nc abc"),
    (r"(?s)a.c", "a\nc"),
    (r"[a-c]+", "xxbcax"),
    (r"[^a-c]+", "abxyzc"),
    (r"[\u0100-\u0300a]x", "\u0201x"),
    (r"[\u4e00-\u4e10\u0400-\u0500z]+", "..\u4e05\u0410z"),
    (r"[^\u4e00-\u4e10\u0400-\u0500z]+", "\u4e05ab"),
    (r"\d+\s\w+", "x 12 ab"),
    (r"\D\S\W", "a1 !"),
    (r"(?a)\w+", "\xe9\xe9ab"),
    (r"\w+", "\xe9\xe9ab"),
    (r"\d+", "\u0663\u0664x"),
    (r"(?a)\d+", "\u0663\u06644"),
    (r"\s+", "a\u2003\u3000b"),
    (rb"\w+", b"\xe9ab_1"),
    (rb"[\x80-\xff]+", b"ab\x80\xffc"),
    # groups, alternation, nesting
    (r"(a)b+?", "xabbb"),
    (r"(a|b)*c", "ababc"),
    (r"(?:(a)|b)*", "ab"),
    (r"((a)|b)+", "ab"),
    (r"(a)|(b)", "b"),
    (r"((a)(b(c)))d", "abcd"),
    (r"(a(b)?)+", "aba"),
    (r"(?P<x>a)(?P=x)", "aa"),
    (r"(a*)*b", "aab"),
    (r"(a*)+b", "aab"),
    (r"(a+)+b", "aaab"),
    (r"(?:a|)*b", "aab"),
    (r"(?:a?)*?b", "aab"),
    (r"(a|ab)(c|bcd)(d*)", "abcd"),
    # CPython keeps only the last mark at some backtracking points, so a
    # failed attempt can leave a stale group end that later counts
    (r"((K)*?(?(1)a|\w))", "KK1"),
    (r"(x(K)*?(?(1)a|\w))", "xKK1"),
    (r"((K)*?\w)", "KK1"),
    # greedy / lazy / counted
    (r"a*?b", "aaab"),
    (r"a{2,3}?", "aaaa"),
    (r"a{2,3}", "aaaa"),
    (r"(ab){2,}?c", "abababc"),
    (r"(ab){2,3}", "ababababab"),
    (r"(?:ab){0,2}?ab", "ababab"),
    (r"x*", "axx"),
    (r"(x)*?y", "xxy"),
    (r"(?:x(y)?)*", "xyxx"),
    (r"a.*b", "axxbxxb"),
    (r"a.*?b", "axxbxxb"),
    (r"a.*c", "abcbcx"),
    # possessive and atomic (3.11)
    (r"(?>a+)b", "aab"),
    (r"(?>a+)ab", "aaab"),
    (r"a++b", "aaab"),
    (r"a++ab", "aaab"),
    (r"(?:ab)++c", "ababc"),
    (r"(?:ab)++abc", "ababc"),
    (r"(a|b)*+c", "abac"),
    (r"(?:a?)*+b", "aab"),
    (r"(?:ab){2,3}+", "abababab"),
    (r"(?>(a)|b)+c", "abac"),
    (r"a?+a", "a"),
    (r"(?:(a)|(?!a))*+", "a"),  # a stale group start, as in CPython 3.11
    (r"(?:(a)|(?!a))*+", "aa"),
    (r"(?:(?:(a)|(?!a))*+)*", "aa"),
    # back references and conditionals
    (r"(a)\1", "aa"),
    (r"(a+)x\1", "aaxaa"),
    (r"(a)(?(1)b|c)", "ab"),
    (r"(a)?(?(1)b|c)", "c"),
    (r"(?:(a)|b)(?(1)x|y)", "by"),
    (r"(a)|\1", "x"),
    (r"(?i)(a)\1", "aA"),
    (r"(?i)(\u0130)\1", "\u0130i"),
    # lookarounds
    (r"(?<=ab)c", "abc"),
    (r"(?<!a)c", "ac bc"),
    (r"a(?=b)", "acab"),
    (r"a(?!b)", "abac"),
    (r"(?=(a+))a*b\1", "baaabac"),
    (r"(?<=(a))b", "ab"),
    (r"(?<!(a))b", "cb"),
    (r"\w+(?<=x)", "abx yyx"),
    # anchors
    (r"\bfoo\b", "a foo b"),
    (r"\Bo\B", "foo"),
    (r"\B", ""),
    (r"\b", ""),
    (r"^$", ""),
    (r"^a", "ba"),
    (r"(?m)^b$", "a\nb\nc"),
    (r"a$", "a\n"),
    (r"a\Z", "a\n"),
    (r"\Aa", "aa"),
    (r"(?m)$", "a\n"),
    (r"\b\w+\b", "\xe9t\xe9 ok"),
    (r"(?a)\b\w+\b", "\xe9t\xe9 ok"),
    # case-insensitive, Unicode folding
    (r"(?i)straße", "STRASSE"),
    (r"(?i)stra\xdfe", "STRA\xdfE"),
    (r"(?i)k", "\u212a"),
    (r"(?i)[k]", "\u212a"),
    (r"(?i)[a-z]+", "HeLLo\u212a"),
    (r"(?i)[^a-z]+", "\u212a1"),
    (r"(?i)\u03c3+", "\u03a3\u03c2\u03c3"),
    (r"(?i)[\u0400-\u042f]+", "\u0430\u0431"),
    (r"(?i)s", "\u017f"),
    (r"(?ia)s", "\u017f"),
    (r"(?ia)[a-z]+", "AB\u212a"),
    (r"(?i)[^x]", "X"),
    (r"(?i)\xff", "\u0178"),
    (rb"(?i)ab[c-e]", b"xABD"),
    (rb"(?i)\xe9", b"\xc9"),
    (rb"(?iL)ab[c-e]\w", b"xABDz"),
    (rb"(?L)\w+\b", b"ab\xe9"),
    (rb"(?iL)(a)\1", b"aA"),
]


@pytest.mark.parametrize("pattern,subject", CASES)
@pytest.mark.parametrize("how", ["search", "match", "fullmatch"])
def test_table(how, pattern, subject):
    assert engine_spans(how, pattern, subject) == host_spans(how, pattern, subject)


@pytest.mark.parametrize(
    "pattern,subject,pos,endpos",
    [
        (r"a$", "ab", 0, 1),
        (r"^b", "ab", 1, 2),
        (r"\bb", "ab", 1, 2),
        (r"b\b", "bc", 0, 1),
        (r"(?<=a)b", "ab", 1, 2),
        (r"\Z", "abc", 0, 2),
        (r"", "abc", 3, 3),
        (r"a", "abc", 5, 9),
        (r"c", "abc", 2, 1),
        (r"(?!a)", "", 1, 0),
        (r"abc", "abcabc", 0, 2),
        (r"abc", "xabcabc", 1, 6),
        (r"(?!a)", "1", 1, 0),
        (r"a|(?<=1)", "1a", 2, 1),
        (r"", "ab", 5, 1),
    ],
)
def test_pos_endpos(pattern, subject, pos, endpos):
    for how in ("search", "match", "fullmatch"):
        got = engine_spans(how, pattern, subject, 0, pos, endpos)
        assert got == host_spans(how, pattern, subject, 0, pos, endpos)


def test_lastindex():
    code, compiled = compile_code(r"(a)(b)?|(c)")
    for subject in ["a", "ab", "c"]:
        m = core.match(code, make_context(subject))
        want = compiled.match(subject).lastindex
        assert (m.lastindex if m.lastindex > 0 else None) == want


def test_code_points_context():
    code, _ = compile_code(r"\w+")
    m = core.search(code, core.CodePointsContext([32, 0x4E00, 97, 33]))
    assert m.span(0) == (1, 3)


def test_bad_code_is_a_clear_error():
    with pytest.raises(core.RSREError):
        core.match([], core.StrContext("a"))
    with pytest.raises(core.RSREError, match="unknown opcode"):
        core.match([999, 0], core.StrContext("a"))


# ---- users of the API: what _sre's findall and sub will look like


def findall(code, ctx, groups):
    out = []
    pos = 0
    end = ctx.length()
    while pos <= end:
        m = core.search(code, ctx, pos, end)
        if m is None:
            break
        if groups == 0:
            out.append(m.span(0))
        else:
            out.append(m.span(1))
        stop = m.end(0)
        pos = stop + 1 if stop == m.start(0) else stop
    return out


def sub(code, text, template, count=0):
    """`template` uses \\N for group N (what _sre's template expansion gets)."""
    ctx = core.StrContext(text)
    pieces = []
    pos = 0
    last = 0
    done = 0
    while pos <= len(text) and (count == 0 or done < count):
        m = core.search(code, ctx, pos)
        if m is None:
            break
        pieces.append(text[last : m.start(0)])
        i = 0
        while i < len(template):
            if (
                template[i] == "\\"
                and i + 1 < len(template)
                and template[i + 1].isdigit()
            ):
                start, stop = m.span(int(template[i + 1]))
                if start >= 0:
                    pieces.append(text[start:stop])
                i += 2
            else:
                pieces.append(template[i])
                i += 1
        last = m.end(0)
        done += 1
        pos = last + 1 if m.end(0) == m.start(0) else last
    pieces.append(text[last:])
    return "".join(pieces)


@pytest.mark.parametrize(
    "pattern,text",
    [
        (r"\w+", "ab cd  e"),
        (r"x*", "axxb"),
        (r"(a)|b", "abcab"),
        (r"", "abc"),
        (r"\b", "ab cd"),
    ],
)
def test_findall(pattern, text):
    code, compiled = compile_code(pattern)
    got = [
        text[a:b] if a >= 0 else ""
        for a, b in findall(code, make_context(text), compiled.groups)
    ]
    assert got == compiled.findall(text)


@pytest.mark.parametrize(
    "pattern,text,template",
    [
        (r"(\w+) (\w+)", "hello world, big apple", r"\2 \1"),
        (r"a(b)?", "ab a ab", r"[\1]"),
        (r"x*", "abc", "-"),
        (r"(?i)s", "Sss\u017f", r"<\0>"),
    ],
)
def test_sub(pattern, text, template):
    code, compiled = compile_code(pattern)
    host_template = template.replace("\\0", "\\g<0>")
    assert sub(code, text, template) == compiled.sub(host_template, text)


# ---- no recursion limit, and backtracking ends like CPython's


def test_deep_repetition_does_not_recurse():
    text = "ab" * 50000 + "c"
    for pattern in [
        r"(?:ab)*c",
        r"(?:a|b)*c",
        r"(?:ab)*?c",
        r"(a|b)*c",
        r"(?:(?:ab)+)+c",
    ]:
        assert engine_spans("match", pattern, text) == host_spans(
            "match", pattern, text
        )


def test_empty_loops_terminate():
    for pattern in [
        r"(?:a*)*b",
        r"(?:a*)*?b",
        r"(?:a*|b)*c",
        r"(?:)*",
        r"(?:\b)*x",
        r"(?:a*)++b",
    ]:
        for text in ["aaa", "aab", ""]:
            assert engine_spans("search", pattern, text) == host_spans(
                "search", pattern, text
            )


def test_backtracking_heavy_but_bounded():
    # exponential in principle, small enough to finish for both engines
    for pattern in [r"(a+)+b", r"(a|aa)+c", r"(?:a*)*b", r"(x+x+)+y"]:
        text = "a" * 14 + "x" * 10
        assert engine_spans("search", pattern, text) == host_spans(
            "search", pattern, text
        )
