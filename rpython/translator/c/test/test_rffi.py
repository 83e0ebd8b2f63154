"""rffi helpers, untranslated (translated uses are in test_lowlevel.py and
the standalone tests)."""

import os

from rpython.rtyper.lltypesystem import lltype, rffi


def test_str2charp_roundtrip():
    p = rffi.str2charp("hello")
    try:
        assert rffi.charp2str(p) == "hello"
        assert rffi.charp2strn(p, 3) == "hel"
    finally:
        rffi.free_charp(p)


def test_llexternal_calls_libc_untranslated():
    c_abs = rffi.llexternal("labs", [lltype.Signed], lltype.Signed)
    assert c_abs(-42) == 42


def test_ll_write_text_encodes_utf8(tmp_path):
    STR = lltype.GcStruct(
        "rpy_string", ("hash", lltype.Signed), ("chars", lltype.Array(lltype.UniChar))
    )
    text = "h\u00e9\u20ac\U0001f600\n"
    s = lltype.malloc(STR, len(text))
    for i, c in enumerate(text):
        s.chars[i] = c
    path = str(tmp_path / "out")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        n = rffi.ll_write_text(fd, s)
    finally:
        os.close(fd)
    with open(path, "rb") as f:
        data = f.read()
    assert data == text.encode("utf-8")
    assert n == len(data)
