"""rstring's str/bytes methods against CPython's, on tricky alphabets."""

from hypothesis import given, settings, strategies as st

from rpython.rlib import rstring

# Σ and its neighbours, case-ignorables, titlecase letters, special casing
TRICKY = "aAbZ \u03a3\u03c3\u03c2'.\u0300\u00df\u0130\u01c5\u01c4\u1f88\ufb01 1\u0663\u00bd\t\n\u2160x_"
texts = st.text(alphabet=TRICKY, max_size=12)
any_texts = st.text(max_size=8)
byte_strings = st.binary(max_size=12)

STR_MAPS = ["lower", "upper", "casefold", "swapcase", "capitalize", "title"]
STR_PREDICATES = ["isupper", "islower", "istitle", "isalpha", "isdecimal", "isdigit",
                  "isnumeric", "isspace", "isalnum", "isprintable", "isidentifier",
                  "isascii"]  # fmt: skip
BYTES_METHODS = ["lower", "upper", "swapcase", "title", "capitalize", "isalpha",
                 "isdigit", "isalnum", "isspace", "isupper", "islower", "istitle"]  # fmt: skip


@settings(max_examples=500)
@given(st.one_of(texts, any_texts))
def test_str_methods(s):
    for name in STR_MAPS + STR_PREDICATES:
        assert getattr(rstring, "str_" + name)(s) == getattr(s, name)(), (name, s)


@settings(max_examples=300)
@given(byte_strings)
def test_bytes_methods(b):
    for name in BYTES_METHODS:
        assert getattr(rstring, "bytes_" + name)(b) == getattr(b, name)(), (name, b)


@settings(max_examples=300)
@given(texts, st.integers(-2, 20), st.integers(0, 9))
def test_padding(s, width, tabsize):
    assert rstring.center(s, width, "*") == s.center(width, "*")
    assert rstring.ljust(s, width, "*") == s.ljust(width, "*")
    assert rstring.rjust(s, width, "*") == s.rjust(width, "*")
    b = s.encode("utf-8")
    assert rstring.center(b, width, b"*") == b.center(width, b"*")
    assert rstring.str_zfill(s, width) == s.zfill(width)
    assert rstring.str_zfill("-" + s, width) == ("-" + s).zfill(width)
    assert rstring.str_expandtabs(s, tabsize) == s.expandtabs(tabsize)
