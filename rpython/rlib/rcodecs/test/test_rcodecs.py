"""rcodecs against the host's codecs."""

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rpython.rlib import rcodecs
from rpython.rlib.rcodecs import _tables, generate

CHARMAPS = sorted(_tables.TABLES)
KNOWN = set(CHARMAPS) | set(generate.NATIVE) | set(_tables.NON_TEXT)


def host_modules(name):
    """The codec modules that give the CodecInfo the host finds for `name`
    (latin_1 and iso8859_1 share one); {""} if none."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return {""}
    # CodecInfo.name differs from the module name; compare through lookup
    found = {m for m in KNOWN if codecs.lookup(m).name == info.name}
    return found or {"(other: %s)" % info.name}


def test_tables_cover_the_host_charmaps():
    assert len(CHARMAPS) >= 60
    for name in ["cp1252", "koi8_r", "iso8859_15", "mac_roman", "cp437", "cp037"]:
        assert name in CHARMAPS


@pytest.mark.parametrize("codec", CHARMAPS)
def test_charmap_every_byte(codec):
    for b in range(256):
        data = bytes([b])
        try:
            expected = data.decode(codec)
        except UnicodeDecodeError:
            with pytest.raises(rcodecs.DecodeError):
                rcodecs.decode(codec, data)
        else:
            assert rcodecs.decode(codec, data) == expected


def test_charmap_error_position():
    with pytest.raises(rcodecs.DecodeError) as e:
        rcodecs.decode("cp1252", b"abc\x81d")
    assert (e.value.start, e.value.end) == (3, 4)
    assert e.value.reason == "character maps to <undefined>"


def test_lookup_every_alias_and_module():
    from encodings.aliases import aliases

    names = list(aliases) + list(KNOWN)
    for name in names:
        expected = host_modules(name)
        if expected & KNOWN:
            for variant in (name, name.upper(), name.replace("_", "-"), "  " + name):
                assert rcodecs.lookup(variant) in expected, variant
        else:
            assert rcodecs.lookup(name) == "", name


@pytest.mark.parametrize(
    "name",
    [
        "latin-1",
        "ISO-8859-15",
        "iso_8859_15",
        "iso8859-15",
        "latin-9",
        "latin9",
        "utf8",
        "UTF-8",
        "u8",
        "cp65001",
        "koi8-r",
        "koi8_r.x",
        "mac-roman",
        "macroman",
        "windows-1252",
        "Windows_1252",
        "646",
        "us-ascii",
        "rot13",
        "rot-13",
        "hex",
        "euc-jp",
        "utf-16",
        "no-such-codec",
        "",
        "-",
        "..",
        "iso8859.15",
        "iso.8859-15",
    ],
)
def test_lookup_names(name):
    expected = host_modules(name)
    got = rcodecs.lookup(name)
    if expected & KNOWN:
        assert got in expected
    else:
        assert got == ""


@given(st.text(alphabet="abcdeiklmnorstuw0123456789-_. ", max_size=14))
def test_lookup_random_names(name):
    expected = host_modules(name)
    got = rcodecs.lookup(name)
    assert got in (expected if expected & KNOWN else {""})


def test_non_text_codecs():
    assert not rcodecs.is_text_encoding(rcodecs.lookup("rot13"))
    assert not rcodecs.is_text_encoding(rcodecs.lookup("hex"))
    assert rcodecs.is_text_encoding(rcodecs.lookup("cp1252"))
    assert not rcodecs.has_decoder(rcodecs.lookup("rot13"))


def check_decode(codec, host_codec, data):
    try:
        expected = data.decode(host_codec)
    except UnicodeDecodeError as e:
        with pytest.raises(rcodecs.DecodeError) as ours:
            rcodecs.decode(codec, data)
        assert (ours.value.start, ours.value.end, ours.value.reason) == (
            e.start,
            e.end,
            e.reason,
        )
    else:
        assert rcodecs.decode(codec, data) == expected


UTF8_PIECES = [
    b"a",
    b"\x00",
    b"\x7f",
    b"\x80",
    b"\xbf",
    b"\xc0\x80",
    b"\xc2\x80",
    b"\xdf\xbf",
    b"\xe0\x80\x80",
    b"\xe0\xa0\x80",
    b"\xed\x9f\xbf",
    b"\xed\xa0\x80",
    b"\xef\xbf\xbf",
    b"\xf0\x8f\xbf\xbf",
    b"\xf0\x90\x80\x80",
    b"\xf4\x8f\xbf\xbf",
    b"\xf4\x90\x80\x80",
    b"\xf5\x80\x80\x80",
    b"\xff",
    b"\xe2\x82",
    b"\xf0\x9f\x98",
    "é€😀".encode(),
]


@given(st.lists(st.sampled_from(UTF8_PIECES), max_size=8))
def test_utf8_pieces(pieces):
    check_decode("utf_8", "utf-8", b"".join(pieces))


@given(st.binary(max_size=20))
def test_utf8_latin1_ascii_random_bytes(data):
    check_decode("utf_8", "utf-8", data)
    check_decode("ascii", "ascii", data)
    check_decode("latin_1", "latin-1", data)
    check_decode("koi8_r", "koi8-r", data)
    check_decode("cp1252", "cp1252", data)


def translated_entry(argv):
    # CODEC HEXBYTES: prints the decoded code points, or the error
    codec = rcodecs.lookup(argv[1])
    if codec == "" or not rcodecs.has_decoder(codec):
        print("unknown")
        return 0
    text = argv[2]
    data = []
    for i in range(0, len(text) - 1, 2):
        data.append(chr(int(text[i : i + 2], 16)))
    raw = "".join(data).encode("latin-1")
    try:
        decoded = rcodecs.decode(codec, raw)
    except rcodecs.DecodeError as e:
        print("error %d %d %s" % (e.start, e.end, e.reason))
        return 0
    print(" ".join([str(ord(c)) for c in decoded]))
    return 0


@pytest.mark.slow
def test_translated_sample():
    import subprocess

    from rpython.translator.c.test.support import translate_entry

    exe = translate_entry(translated_entry)
    every_byte = bytes(range(256))
    cases = [
        ("cp1252", b"abc\x80\x9f"),
        ("cp1252", b"ab\x81"),
        ("KOI8-R", every_byte),
        ("iso-8859-15", every_byte),
        ("mac_roman", every_byte),
        ("cp437", every_byte),
        ("utf8", "é€😀".encode()),
        ("utf-8", b"a\xed\xa0\x80"),
        ("latin-1", every_byte),
        ("ascii", b"ab\xe9"),
        ("euc-jp", b"ab"),
        ("rot13", b"ab"),
    ]
    for name, data in cases:
        out = subprocess.run(
            [exe, name, data.hex()], capture_output=True, check=True
        ).stdout.decode()
        codec = rcodecs.lookup(name)
        if codec == "" or not rcodecs.has_decoder(codec):
            expected = "unknown"
        else:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as e:
                expected = "error %d %d %s" % (e.start, e.end, e.reason)
            else:
                expected = " ".join(str(ord(c)) for c in text)
        assert out.strip() == expected, name
