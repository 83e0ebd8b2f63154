"""Unicode properties the tokenizer needs for non-ASCII identifiers.

Kept in one place so that the translated interpreter can switch them to the
project's Unicode database (rpython/rlib) without touching the tokenizer.
Untranslated they use the host's str methods and `unicodedata`.
"""

import unicodedata


def is_identifier_start(c):
    return (c + "").isidentifier()


def is_identifier_continue(c):
    return ("a" + c).isidentifier()


def is_identifier_text(s):
    return s.isidentifier()


def is_printable(c):
    return c.isprintable()


def nfkc(s):
    return unicodedata.normalize("NFKC", s)


def lookup_name(name):
    """Code point of a \\N{...} name, or -1."""
    try:
        return ord(unicodedata.lookup(name))
    except KeyError:
        return -1


def decode_with_codec(data, name):
    """Decode source bytes with a codec the parser does not know natively.

    Returns None when the codec is unknown.  Untranslated this uses the
    host's codecs; the translated interpreter supports the native ones only.
    """
    import codecs

    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return data.decode(name)
