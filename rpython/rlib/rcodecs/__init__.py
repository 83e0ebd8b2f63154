"""Decoding with the codecs a source file may name in its coding cookie.

    lookup(name) -> codec               "" if the host would not find it
    decode(codec, data) -> str          DecodeError on bad input

`codec` is the module name CPython's `encodings` package would use
("utf_8", "latin_1", "ascii", "cp1252", "koi8_r", "iso8859_15", ...).
`lookup` normalizes the name as `codecs.lookup` does (lower case, runs of
punctuation -> "_", then the alias table, also with "." read as "_", then
the module names).
UTF-8, Latin-1 and ASCII are decoded here by hand; the single-byte charmap
codecs use 256-entry tables generated from the host's `encodings`
(`generate.py`), held as bytes (512 per codec).  Codecs that exist on the
host but are not text encodings (rot13, hex, ...) are reported by
`is_text_encoding`; the multi-byte ones (utf-16/32, the CJK codecs, utf-7,
idna) are not provided: `lookup` returns "" for them.
"""

import base64
import zlib

from rpython.rlib import rutf8
from rpython.rlib.rcodecs import _tables

UNDEFINED = 0xFFFE


class DecodeError(Exception):
    """Bytes the codec cannot decode: `start`, `end` (byte positions), `reason`."""

    def __init__(self, codec, start, end, reason):
        self.codec = codec
        self.start = start
        self.end = end
        self.reason = reason


def _unpack_tables():
    result = {}
    for codec, packed in _tables.TABLES.items():
        result[codec] = zlib.decompress(base64.b64decode(packed))
    return result


_NAMES = _tables.NAMES
_MODULES = {}
for _name in _tables.MODULES:
    _MODULES[_name] = True
_CHARMAPS = _unpack_tables()
_NON_TEXT = {}
for _name in _tables.NON_TEXT:
    _NON_TEXT[_name] = True
del _name


def _is_alnum_ascii(c):
    return ("a" <= c <= "z") or ("A" <= c <= "Z") or ("0" <= c <= "9")


def normalize_name(name):
    """`encodings.normalize_encoding(name).lower()`: runs of characters other
    than ASCII letters, digits and "." become one "_" (none at the ends);
    non-ASCII letters and digits are dropped."""
    chars = []
    punct = False
    for c in name:
        if c.isalnum() or c == ".":
            if punct and len(chars) > 0:
                chars.append("_")
            if ord(c) < 128:
                if "A" <= c <= "Z":
                    chars.append(chr(ord(c) + 32))
                else:
                    chars.append(c)
            punct = False
        else:
            punct = True
    return "".join(chars)


def lookup(name):
    """The codec module name for `name`, or "" when unknown."""
    # as encodings.search_function: the aliases (also with "." read as
    # "_"), then the normalized name itself as a module name
    norm = normalize_name(name)
    if norm in _NAMES:
        return _NAMES[norm]
    dotless = norm.replace(".", "_")
    if dotless in _NAMES:
        return _NAMES[dotless]
    if norm in _MODULES:
        return norm
    return ""


def is_text_encoding(codec):
    return codec not in _NON_TEXT


def has_decoder(codec):
    return (
        codec == "utf_8"
        or codec == "latin_1"
        or codec == "ascii"
        or (codec in _CHARMAPS)
    )


def decode(codec, data):
    """Text of `data` in `codec` (strict errors)."""
    if codec == "utf_8":
        return decode_utf8(data)
    if codec == "latin_1":
        return decode_latin1(data)
    if codec == "ascii":
        return decode_ascii(data)
    if codec in _CHARMAPS:
        return decode_charmap(codec, _CHARMAPS[codec], data)
    raise KeyError(codec)


def decode_latin1(data):
    chars = []
    for i in range(len(data)):
        chars.append(chr(data[i]))
    return "".join(chars)


def decode_ascii(data):
    chars = []
    for i in range(len(data)):
        b = data[i]
        if b >= 128:
            raise DecodeError("ascii", i, i + 1, "ordinal not in range(128)")
        chars.append(chr(b))
    return "".join(chars)


def decode_charmap(codec, table, data):
    chars = []
    for i in range(len(data)):
        b = data[i]
        code = (table[2 * b] << 8) | table[2 * b + 1]
        if code == UNDEFINED:
            raise DecodeError(codec, i, i + 1, "character maps to <undefined>")
        chars.append(chr(code))
    return "".join(chars)


def decode_utf8(data):
    """Strict UTF-8 (no surrogates, shortest forms only), with CPython's
    error positions and reasons: rutf8's decoder, its error as DecodeError."""
    try:
        text, _ = rutf8.decode_utf8(data, "strict", True)
    except rutf8.Utf8Error as e:
        raise DecodeError("utf-8", e.start, e.end, e.reason)
    return text
