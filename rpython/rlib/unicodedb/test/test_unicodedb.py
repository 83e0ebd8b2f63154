"""The committed tables against the host's unicodedata, for every code point."""

import unicodedata

import pytest

from rpython.rlib import unicodedb
from rpython.rlib.unicodedb import generate

same_version = pytest.mark.skipif(
    unicodedata.unidata_version != unicodedb.UNICODE_VERSION,
    reason="host unicodedata %s differs from the tables' %s"
    % (unicodedata.unidata_version, unicodedb.UNICODE_VERSION),
)

PREDICATES = [
    ("isalpha", str.isalpha),
    ("isdecimal", str.isdecimal),
    ("isdigit", str.isdigit),
    ("isnumeric", str.isnumeric),
    ("isspace", str.isspace),
    ("isupper", str.isupper),
    ("islower", str.islower),
    ("isprintable", str.isprintable),
    ("isalnum", str.isalnum),
    ("isxidstart", str.isidentifier),
]


@same_version
def test_predicates_all_code_points():
    for name, method in PREDICATES:
        ours = getattr(unicodedb, name)
        bad = [cp for cp in range(0x110000) if ours(cp) != method(chr(cp))]
        assert bad == [], (name, bad[:10])


@same_version
def test_mappings_and_values_all_code_points():
    for cp in range(0x110000):
        ch = chr(cp)
        assert "".join(map(chr, unicodedb.lower(cp))) == ch.lower()
        assert "".join(map(chr, unicodedb.upper(cp))) == ch.upper()
        assert "".join(map(chr, unicodedb.title(cp))) == ch.title()
        assert "".join(map(chr, unicodedb.casefold(cp))) == ch.casefold()
        assert unicodedb.decimal_value(cp) == unicodedata.decimal(ch, -1)
        assert unicodedb.digit_value(cp) == unicodedata.digit(ch, -1)
        num = unicodedata.numeric(ch, None)
        if num is None:
            with pytest.raises(ValueError):
                unicodedb.numeric_value(cp)
        else:
            assert unicodedb.numeric_value(cp) == num


def test_known_values():
    assert unicodedb.istitle(0x01C5)  # Dž
    assert not unicodedb.istitle(ord("A"))
    assert unicodedb.lower(0x130) == [0x69, 0x307]
    assert unicodedb.upper(0xDF) == [0x53, 0x53]
    assert unicodedb.casefold(0xDF) == [0x73, 0x73]
    assert unicodedb.isxidcontinue(ord("1")) and not unicodedb.isxidstart(ord("1"))
    assert unicodedb.iscased(ord("a")) and not unicodedb.iscased(ord("1"))
    assert unicodedb.iscaseignorable(ord("'")) and unicodedb.iscaseignorable(0x300)
    assert unicodedb.islinebreak(0x2028) and unicodedb.islinebreak(ord("\n"))
    assert unicodedb.numeric_value(0x0F33) == -0.5
    with pytest.raises(KeyError):
        unicodedb.isalpha(0x110000)
    with pytest.raises(KeyError):
        unicodedb.isalpha(-1)


@same_version
def test_generator_reproduces_committed_tables(tmp_path):
    from rpython.rlib.unicodedb import _tables

    path = tmp_path / "_tables.py"
    generate.write(str(path))
    namespace = {}
    exec(path.read_text(), namespace)
    assert "".join(namespace["DATA"]) == "".join(_tables.DATA), (
        "regenerate with: python -m rpython.rlib.unicodedb.generate"
    )
