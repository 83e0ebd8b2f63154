"""Unicode properties and codecs the tokenizer and the literal decoder need.

Kept in one place.  Character classes come from rpython.rlib.unicodedb and
\\N{...} names from rpython.rlib.unicodedb.names, NFKC of identifiers from
rpython.rlib.unicodedb.normalization (the same answers translated and
untranslated).  Source codecs come from rpython.rlib.rcodecs
(UTF-8, Latin-1, ASCII and the single-byte charmap codecs).  The multi-byte
codecs (the CJK ones, utf-16/32, utf-7) have no RPython tables: untranslated
the host's `codecs` decodes them; translated, a cookie naming one is a
SyntaxError ("unknown encoding").
"""

from rpython.rlib import unicodedb
from rpython.rlib.objectmodel import not_rpython, we_are_translated
from rpython.rlib.unicodedb import names, normalization


def is_identifier_start(c):
    return c == "_" or unicodedb.isxidstart(ord(c))


def is_identifier_continue(c):
    return unicodedb.isxidcontinue(ord(c))


def is_identifier_text(s):
    if len(s) == 0 or not is_identifier_start(s[0]):
        return False
    for i in range(1, len(s)):
        if not is_identifier_continue(s[i]):
            return False
    return True


def is_printable(c):
    return unicodedb.isprintable(ord(c))


def nfkc(s):
    return normalization.nfkc(s)


def lookup_name(name):
    """Code point of a \\N{...} name (or name alias), or -1."""
    try:
        return names.lookup(name)
    except KeyError:
        return -1


def host_can_decode(name):
    """Untranslated only: whether the host has a text codec `name`."""
    if we_are_translated():
        return False
    return _host_has_codec(name)


def host_decode(data, name):
    """Untranslated only: `data` decoded by the host's codec `name`."""
    if we_are_translated():
        return ""
    return _host_decode(data, name)


@not_rpython
def _host_has_codec(name):
    import codecs

    try:
        return codecs.lookup(name)._is_text_encoding
    except LookupError:
        return False


@not_rpython
def _host_decode(data, name):
    return data.decode(name)
