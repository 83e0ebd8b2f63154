"""The character name database against the host's unicodedata."""

import os
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rpython.rlib.unicodedb import _names_tables, generate_names, names

same_version = pytest.mark.skipif(
    unicodedata.unidata_version != names.UNICODE_VERSION,
    reason="host unicodedata %s differs from the tables' %s"
    % (unicodedata.unidata_version, names.UNICODE_VERSION),
)


def host_lookup(text):
    """What `"\\N{text}"` gives on the host: a code point or None."""
    try:
        got = unicodedata.lookup(text)
    except KeyError:
        return None
    if len(got) != 1:
        return None  # a named sequence: \N rejects it
    return ord(got)


def our_lookup(text):
    try:
        return names.lookup(text)
    except KeyError:
        return None


@same_version
def test_name_every_code_point():
    bad = []
    for cp in range(0x110000):
        expected = unicodedata.name(chr(cp), None)
        try:
            got = names.name(cp)
        except KeyError:
            got = None
        if got != expected:
            bad.append((hex(cp), expected, got))
    assert bad == []


@same_version
def test_lookup_every_name():
    bad = []
    for cp in range(0x110000):
        text = unicodedata.name(chr(cp), None)
        if text is not None and our_lookup(text) != cp:
            bad.append((hex(cp), text))
    assert bad == []


@same_version
def test_lookup_is_case_insensitive_except_algorithmic_names():
    for cp in list(range(0x20, 0x3000, 7)) + [0xF900, 0x1B170, 0x18B00]:
        text = unicodedata.name(chr(cp), None)
        if text is not None:
            lower = text.lower()
            assert our_lookup(lower) == host_lookup(lower), text
    for text in [
        "cjk unified ideograph-4e00",
        "CJK UNIFIED IDEOGRAPH-4e00",
        "hangul syllable GA",
        "HANGUL SYLLABLE ga",
    ]:
        assert host_lookup(text) is None
        assert our_lookup(text) is None


@same_version
def test_aliases_and_sequences():
    assert len(_names_tables.ALIASES) > 400
    assert len(_names_tables.SEQUENCES) > 400
    for alias, cp in _names_tables.ALIASES.items():
        assert host_lookup(alias) == cp
        assert our_lookup(alias) == cp
        assert our_lookup(alias.lower()) == cp
    for seq, cps in _names_tables.SEQUENCES.items():
        assert [ord(c) for c in unicodedata.lookup(seq)] == cps
        assert names.lookup_sequence(seq.lower()) == cps
        assert our_lookup(seq) is None  # \N{...} does not accept them
    assert our_lookup("LINE FEED") == 10
    assert our_lookup("BYTE ORDER MARK") == 0xFEFF


@same_version
@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "LATIN SMALL LETTER A ",
        " LATIN SMALL LETTER A",
        "LATIN  SMALL LETTER A",
        "LATIN SMALL LETTER",
        "CJK UNIFIED IDEOGRAPH-",
        "CJK UNIFIED IDEOGRAPH-4E0",
        "CJK UNIFIED IDEOGRAPH-04E00",
        "CJK UNIFIED IDEOGRAPH-004E00",
        "CJK UNIFIED IDEOGRAPH-0041",
        "CJK UNIFIED IDEOGRAPH-2A6DF",
        "CJK UNIFIED IDEOGRAPH-2A6E0",
        "CJK COMPATIBILITY IDEOGRAPH-F900",
        "CJK COMPATIBILITY IDEOGRAPH-0F900",
        "HANGUL SYLLABLE ",
        "HANGUL SYLLABLE GA",
        "HANGUL SYLLABLE GAGG",
        "HANGUL SYLLABLE GGAG",
        "HANGUL SYLLABLE A",
        "HANGUL SYLLABLE G",
        "HANGUL SYLLABLE GAX",
        "HANGUL SYLLABLE HIH",
        "NUSHU CHARACTER-1B170",
        "TANGUT IDEOGRAPH-17000",
        "LATIN CAPITAL LETTER A WITH MACRON AND GRAVE",
        "LINE FEED (LF)",
        "latin small letter \u00e9",
    ],
)
def test_edge_cases_agree_with_host(text):
    assert our_lookup(text) == host_lookup(text)


@same_version
@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ -0123456789", max_size=40))
def test_random_text_agrees_with_host(text):
    assert our_lookup(text) == host_lookup(text)


@same_version
@given(st.integers(0, 0x10FFFF), st.sampled_from(["", " ", "-", "X", "A"]))
def test_mutated_names_agree_with_host(cp, extra):
    text = unicodedata.name(chr(cp), None)
    if text is None:
        return
    for variant in (text + extra, text[:-1], extra + text, text.replace(" ", extra)):
        assert our_lookup(variant) == host_lookup(variant)


def test_out_of_range_codes():
    for code in (-1, 0x110000, 1 << 40):
        with pytest.raises(KeyError):
            names.name(code)
    with pytest.raises(KeyError):
        names.name(0xE000)  # private use: no name


def test_tables_are_compact():
    # word list + tokens + indexes; stored as bytes, one byte per entry
    assert names.TABLE_BYTES < 450000


@same_version
@pytest.mark.skipif(
    not os.path.exists(os.path.join(generate_names.PERL_UNICORE, "Name.pl")),
    reason="Perl's Unicode data (alias candidates) not installed",
)
def test_committed_tables_are_up_to_date(tmp_path):
    out = tmp_path / "tables.py"
    generate_names.write(str(out))
    committed = os.path.join(os.path.dirname(names.__file__), "_names_tables.py")
    with open(committed) as f:
        expected = f.read()
    # the header names the host Python's patch version; compare the data
    assert (
        out.read_text().split("UNICODE_VERSION", 1)[1]
        == expected.split("UNICODE_VERSION", 1)[1]
    )


def translated_entry(argv):
    # names CODE... / lookup NAME...: one line per argument
    op = argv[1]
    for i in range(2, len(argv)):
        if op == "name":
            try:
                print(names.name(int(argv[i])))
            except KeyError:
                print("KeyError")
        else:
            try:
                print(str(names.lookup(argv[i])))
            except KeyError:
                print("KeyError")
    return 0


@pytest.mark.slow
@same_version
def test_translated_sample():
    import random
    import subprocess

    from rpython.translator.c.test.support import translate_entry

    exe = translate_entry(translated_entry)
    rng = random.Random(42)
    codes = [rng.randrange(0x110000) for _ in range(300)]
    codes += [0, 0x41, 0xAC00, 0xD7A3, 0x4E00, 0xF900, 0x1B170, 0x18B00, 0xE000]
    out = subprocess.run(
        [exe, "name"] + [str(c) for c in codes], capture_output=True, check=True
    ).stdout.decode()
    expected = [unicodedata.name(chr(c), "KeyError") for c in codes]
    assert out.splitlines() == expected
    texts = [unicodedata.name(chr(c)) for c in codes if unicodedata.name(chr(c), "")]
    texts += [t.lower() for t in texts[:20]] + list(_names_tables.ALIASES)[:50]
    texts += ["CJK UNIFIED IDEOGRAPH-4e00", "HANGUL SYLLABLE GAGG", "NO SUCH NAME"]
    out = subprocess.run(
        [exe, "lookup"] + texts, capture_output=True, check=True
    ).stdout.decode()
    expected = [str(host_lookup(t)) if host_lookup(t) is not None else "KeyError"
                for t in texts]  # fmt: skip
    assert out.splitlines() == expected
