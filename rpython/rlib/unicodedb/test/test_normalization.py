"""NFKD / NFKC against the host's unicodedata.normalize."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rpython.rlib.unicodedb import _normalization_tables, normalization

same_version = pytest.mark.skipif(
    unicodedata.unidata_version != normalization.UNICODE_VERSION,
    reason="host unicodedata %s differs from the tables' %s"
    % (unicodedata.unidata_version, normalization.UNICODE_VERSION),
)


def check(text):
    assert normalization.nfkd(text) == unicodedata.normalize("NFKD", text)
    assert normalization.nfkc(text) == unicodedata.normalize("NFKC", text)


def interesting_code_points():
    """Every code point that decomposes, composes or has a combining class,
    every Hangul syllable, and every 61st other one."""
    for cp in range(0x110000):
        ch = chr(cp)
        if (
            cp % 61 == 0
            or 0xAC00 <= cp < 0xAC00 + 11172
            or unicodedata.combining(ch)
            or unicodedata.decomposition(ch)
        ):
            yield cp


@same_version
def test_single_code_points():
    bad = [hex(cp) for cp in interesting_code_points() if not _same(chr(cp))]
    assert bad == []


@pytest.mark.slow
@same_version
def test_every_code_point():
    bad = [hex(cp) for cp in range(0x110000) if not _same(chr(cp))]
    assert bad == []


def _same(text):
    return normalization.nfkd(text) == unicodedata.normalize(
        "NFKD", text
    ) and normalization.nfkc(text) == unicodedata.normalize("NFKC", text)


ALPHABET = (
    "aAeEoOuU1 _\u00e9\u00c5\u0301\u0300\u0308\u0323\u0327\u031b\u0345\u05b0"
    "\u093c\u0915\u0f71\u0f72\u0f80\u1100\u1161\u11a8\u11ff\uac00\uac01\u3131"
    "\ufb01\u2126\u212b\u1e9b\u1d400\ufe7f\u0344\u0f73\u2460\u00bd\u3300"
    "\U0001d400\U0001d7ce\U0002f800\u0958\u09cb\u0b4b"
)


@same_version
@given(st.text(alphabet=ALPHABET, max_size=12))
def test_random_strings(text):
    check(text)


@same_version
def test_examples():
    for text in [
        "",
        "abc",
        "\ufb01le",  # fi ligature
        "\U0001d518\U0001d52b\U0001d526\U0001d520\U0001d52c\U0001d521\U0001d522",
        "A\u0301\u0327",
        "\u1100\u1161\u11a8",
        "\uac00\u11a8",
        "\u0041\u0323\u0302",
        "\u00c5\u0301",
        "\u0f73\u0f80",
    ]:
        check(text)
    assert normalization.nfkc("\ufb01") == "fi"
    assert normalization.nfkc("\u1100\u1161") == "\uac00"


def test_tables_loaded():
    assert len(_normalization_tables.DATA) > 10
    assert normalization.combining_class(0x301) == 230
    assert normalization.combining_class(ord("a")) == 0


@same_version
def test_committed_tables_are_up_to_date(tmp_path):
    import os

    from rpython.rlib.unicodedb import generate_normalization

    out = tmp_path / "tables.py"
    generate_normalization.write(str(out))
    committed = os.path.join(
        os.path.dirname(normalization.__file__), "_normalization_tables.py"
    )
    with open(committed) as f:
        expected = f.read()
    # the header names the host Python's patch version; compare the data
    assert (
        out.read_text().split("UNICODE_VERSION", 1)[1]
        == expected.split("UNICODE_VERSION", 1)[1]
    )
