"""Generated patterns and subjects: the engine gives the spans of every
group that the host `re` gives (patterns the host refuses are skipped: both
engines share the host's compiler, so they fail to compile together)."""

import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rpython.rlib.rsre import core
from rpython.rlib.rsre.test.hostre import (
    HostBug,
    compile_code,
    engine_spans,
    host_spans,
    make_context,
)

ATOMS = [
    "a", "b", "ab", "K", "k", "\u212a", "s", "S", "\u017f", "\xdf", "\u0130", "i",
    ".", "[ab]", "[^a]", "[a-c]", "[k-m]", "\\w", "\\W", "\\d", "\\s", "\\S",
    "\\b", "\\B", "^", "$", "\\A", "\\Z", "\\1", "\\2", "", "\n",
    "(a)", "(b)", "\\3", "[^\\W\\d]", "[\\s\\S]", "(?:a|b|c)", "\u0661", "\u03a3", "\u03c2",
]  # fmt: skip
QUANTIFIERS = [
    "*",
    "+",
    "?",
    "*?",
    "+?",
    "??",
    "{2}",
    "{1,2}",
    "{0,2}?",
    "*+",
    "++",
    "?+",
]
SUBJECT_CHARS = "aabbcKk\u212asS\u017f\xdfi\u0130 1\n\u0661\u03c3\u03a3\u03c2"


def _wrap(inner):
    return st.one_of(
        st.builds(lambda p: "(" + p + ")", inner),
        st.builds(lambda p: "(?:" + p + ")", inner),
        st.builds(lambda p: "(?>" + p + ")", inner),
        st.builds(lambda p: "(?=" + p + ")", inner),
        st.builds(lambda p: "(?!" + p + ")", inner),
        st.builds(lambda p: "(?<=" + p + ")", inner),
        st.builds(lambda p: "(?<!" + p + ")", inner),
        st.builds(lambda a, b: a + "|" + b, inner, inner),
        st.builds(lambda a, b: a + b, inner, inner),
        st.builds(
            lambda p, q: "(?:" + p + ")" + q, inner, st.sampled_from(QUANTIFIERS)
        ),
        st.builds(lambda p, q: "(" + p + ")" + q, inner, st.sampled_from(QUANTIFIERS)),
        st.builds(lambda a, b: "(?(1)" + a + "|" + b + ")", inner, inner),
    )


PATTERNS = st.recursive(st.sampled_from(ATOMS), _wrap, max_leaves=8)
FLAGS = st.sampled_from([0, re.I, re.M, re.S, re.A, re.I | re.A, re.I | re.M | re.S])


def _compare(how, pattern, subject, flags):
    try:
        expected = host_spans(how, pattern, subject, flags)
    except HostBug:
        assume(False)
    assert engine_spans(how, pattern, subject, flags) == expected


def _compiles(pattern, flags):
    try:
        re.compile(pattern, flags)
    except (re.error, OverflowError, RecursionError):
        return False
    return True


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    PATTERNS,
    FLAGS,
    st.text(SUBJECT_CHARS, max_size=8),
    st.sampled_from(["search", "match", "fullmatch"]),
)
def test_generated_patterns(pattern, flags, subject, how):
    assume(_compiles(pattern, flags))
    _compare(how, pattern, subject, flags)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    PATTERNS,
    st.text(SUBJECT_CHARS, max_size=8),
    st.sampled_from(["search", "match", "fullmatch"]),
    st.integers(0, 9),
    st.integers(-1, 9),
)
def test_generated_pos_endpos_lastindex(pattern, subject, how, pos, endpos):
    assume(_compiles(pattern, 0))
    code, compiled = compile_code(pattern)
    if endpos < 0:
        endpos = len(subject)
    mine = getattr(core, how)(code, make_context(subject), pos, endpos)
    try:
        theirs = getattr(compiled, how)(subject, pos, endpos)
    except SystemError:  # a host bug, see hostre.HostBug
        assume(False)
    assert (mine is None) == (theirs is None)
    if mine is not None:
        assert [mine.span(g) for g in range(compiled.groups + 1)] == [
            theirs.span(g) for g in range(compiled.groups + 1)
        ]
        assert mine.lastindex == (theirs.lastindex or -1)


BYTES_ATOMS = [
    "a",
    "b",
    "\\xe9",
    "\\xc9",
    "[a-c]",
    "\\w",
    "\\s",
    ".",
    "\\b",
    "$",
    "\\1",
    "A",
]


@settings(max_examples=150, deadline=None)
@given(
    st.recursive(st.sampled_from(BYTES_ATOMS), _wrap, max_leaves=6),
    st.sampled_from([0, re.I, re.L, re.I | re.L]),
    st.binary(max_size=6).map(
        lambda b: bytes(x % 4 * 32 + 65 if x < 200 else x for x in b)
    ),
    st.sampled_from(["search", "match"]),
)
def test_generated_bytes_patterns(pattern, flags, subject, how):
    bpattern = pattern.encode("latin-1")
    assume(_compiles(bpattern, flags))
    _compare(how, bpattern, subject, flags)
