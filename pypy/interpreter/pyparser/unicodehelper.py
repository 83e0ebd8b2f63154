"""Unicode properties the tokenizer needs for non-ASCII identifiers.

Kept in one place.  Character classes come from rpython.rlib.unicodedb (the
same answers translated and untranslated).  NFKC normalisation, \\N{...} names
and foreign source codecs have no RPython tables yet: untranslated they use the
host's `unicodedata` / `codecs`; translated, identifiers are kept as written,
\\N{...} is rejected and only the native codecs (utf-8, latin-1, ascii) work.
"""

from rpython.rlib import unicodedb
from rpython.rlib.objectmodel import not_rpython, we_are_translated


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
    if we_are_translated():
        return s
    return _host_nfkc(s)


def lookup_name(name):
    """Code point of a \\N{...} name, or -1."""
    if we_are_translated():
        return -1
    return _host_lookup(name)


def decode_with_codec(data, name):
    """Decode source bytes with a codec the parser does not know natively.

    Returns None when the codec is unknown.
    """
    if we_are_translated():
        return None
    return _host_decode(data, name)


@not_rpython
def _host_nfkc(s):
    import unicodedata

    return unicodedata.normalize("NFKC", s)


@not_rpython
def _host_lookup(name):
    import unicodedata

    try:
        return ord(unicodedata.lookup(name))
    except KeyError:
        return -1


@not_rpython
def _host_decode(data, name):
    import codecs

    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return data.decode(name)
