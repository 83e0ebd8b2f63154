import pytest
from hypothesis import given, settings, strategies as st

from rpython.rlib import rstring, rutf8
from rpython.rlib.rstring import BytesBuilder, StringBuilder

texts = st.text(alphabet="ab \t\n\r\x0b\u3000\u2028xé\x1c", max_size=14)
seps = st.text(alphabet="ab x", min_size=1, max_size=3)
bounds = st.integers(-20, 20)


def test_string_builder():
    b = StringBuilder()
    b.append("abc")
    b.append_slice("0123456", 2, 4)
    b.append_multiple_char("z", 3)
    b.append_multiple_char("y", 0)
    b.append_code_point(0x20AC)
    assert b.getlength() == 9
    assert b.build() == "abc23zzz\u20ac"
    b.append("!")
    assert b.build() == "abc23zzz\u20ac!"


def test_bytes_builder():
    b = BytesBuilder()
    b.append(b"ab")
    b.append_byte(255)
    b.append_slice(b"xyz", 1, 3)
    b.append_multiple_char(b"-", 2)
    assert b.getlength() == 7
    assert b.build() == b"ab\xffyz--"


@settings(max_examples=300)
@given(texts, seps, bounds, bounds)
def test_find_count_like_python(value, sub, start, end):
    for v, s in [(value, sub), (value.encode("utf-8"), sub.encode("utf-8"))]:
        assert rstring.find(v, s, start, end) == v.find(s, start, end)
        assert rstring.rfind(v, s, start, end) == v.rfind(s, start, end)
        assert rstring.count(v, s, start, end) == v.count(s, start, end)
        empty = s[:0]
        assert rstring.find(v, empty, start, end) == v.find(empty, start, end)
        assert rstring.rfind(v, empty, start, end) == v.rfind(empty, start, end)
        assert rstring.count(v, empty, start, end) == v.count(empty, start, end)
        assert rstring.startswith(v, s, start, end) == v.startswith(s, start, end)
        assert rstring.endswith(v, s, start, end) == v.endswith(s, start, end)


@settings(max_examples=300)
@given(texts, seps, st.integers(-1, 4))
def test_split_replace_like_python(value, sep, maxsplit):
    encoded = value.encode("utf-8")
    bsep = sep.encode("utf-8")
    assert rstring.split(value, sep, maxsplit) == value.split(sep, maxsplit)
    assert rstring.rsplit(value, sep, maxsplit) == value.rsplit(sep, maxsplit)
    assert rstring.split(value, None, maxsplit) == value.split(None, maxsplit)
    assert rstring.rsplit(value, None, maxsplit) == value.rsplit(None, maxsplit)
    assert rstring.split(encoded, None, maxsplit) == encoded.split(None, maxsplit)
    assert rstring.rsplit(encoded, None, maxsplit) == encoded.rsplit(None, maxsplit)
    assert rstring.split(encoded, bsep, maxsplit) == encoded.split(bsep, maxsplit)
    assert rstring.replace(value, sep, "<>", maxsplit) == value.replace(
        sep, "<>", maxsplit
    )
    assert rstring.replace(value, "", "-", maxsplit) == value.replace("", "-", maxsplit)
    assert rstring.replace(encoded, b"", b"-", maxsplit) == encoded.replace(
        b"", b"-", maxsplit
    )
    assert rstring.strip(value) == value.strip()
    assert rstring.strip(value, "ab", right=False) == value.lstrip("ab")
    assert rstring.strip(encoded, b"ab", left=False) == encoded.rstrip(b"ab")
    assert rstring.strip(encoded) == encoded.strip()
    assert rstring.partition(value, sep) == value.partition(sep)
    assert rstring.rpartition(value, sep) == value.rpartition(sep)
    for keep in (False, True):
        assert rstring.splitlines(value, keep) == value.splitlines(keep)
        assert rstring.splitlines(encoded, keep) == encoded.splitlines(keep)


def test_split_errors():
    with pytest.raises(ValueError):
        rstring.split("abc", "")
    with pytest.raises(ValueError):
        rstring.rsplit(b"abc", b"")
    with pytest.raises(ValueError):
        rstring.partition("abc", "")


def test_string_to_int():
    assert rstring.string_to_int(" -12_3 ") == -123
    assert rstring.string_to_int("ff", 16) == 255
    with pytest.raises(rstring.ParseStringError):
        rstring.string_to_int("1x")
    with pytest.raises(OverflowError):
        rstring.string_to_int("9" * 30)


any_text = st.text(max_size=20)


@settings(max_examples=500)
@given(any_text, st.sampled_from(["strict", "replace", "ignore", "surrogateescape",
                                  "surrogatepass"]))  # fmt: skip
def test_encode_like_python(text, errors):
    try:
        expected = text.encode("utf-8", errors)
    except UnicodeEncodeError as e:
        with pytest.raises(rutf8.Utf8Error) as info:
            rutf8.encode_utf8(text, errors)
        assert (info.value.start, info.value.end) == (e.start, e.end)
    else:
        assert rutf8.encode_utf8(text, errors) == expected


@settings(max_examples=500)
@given(st.binary(max_size=12), st.sampled_from(["strict", "replace", "ignore",
                                                 "surrogateescape", "surrogatepass"]))  # fmt: skip
def test_decode_like_python(data, errors):
    try:
        expected = data.decode("utf-8", errors)
    except UnicodeDecodeError as e:
        with pytest.raises(rutf8.Utf8Error) as info:
            rutf8.decode_utf8(data, errors)
        assert (info.value.start, info.value.end, info.value.reason) == (
            e.start,
            e.end,
            e.reason,
        )
    else:
        assert rutf8.decode_utf8(data, errors) == (expected, len(data))


@settings(max_examples=300)
@given(st.text(max_size=20))
def test_codepoint_navigation(text):
    data = text.encode("utf-8", "surrogatepass")
    assert rutf8.codepoints_in_utf8(data) == len(text)
    assert rutf8.check_utf8(data, allow_surrogates=True) == len(text)
    pos = 0
    for ch in text:
        assert rutf8.codepoint_at_pos(data, pos) == ord(ch)
        nxt = rutf8.next_codepoint_pos(data, pos)
        assert rutf8.prev_codepoint_pos(data, nxt) == pos
        assert rutf8.unichr_as_utf8(ord(ch)) == data[pos:nxt]
        pos = nxt


def test_check_and_incremental():
    with pytest.raises(rutf8.CheckError) as info:
        rutf8.check_utf8(b"ab\xff")
    assert info.value.pos == 2
    with pytest.raises(rutf8.CheckError):
        rutf8.check_utf8(b"\xed\xa0\x80")
    assert rutf8.decode_utf8(b"a\xe2\x82", final=False) == ("a", 1)
    with pytest.raises(ValueError):
        rutf8.unichr_as_utf8(0x110000)
    assert rutf8.isascii("abc") and not rutf8.isascii("\xe9")
    assert rutf8.has_surrogates("a\ud800")
