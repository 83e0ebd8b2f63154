"""Entry points: source (text or bytes) -> AST module / expression.

`parse(source, mode)` with mode "exec", "eval" or "single"; bytes are decoded with the
coding cookie of the first two lines (UTF-8 by default, a UTF-8 BOM wins).
Errors are PySyntaxError (or its subclasses) with CPython 3.11's fields.
"""

from pypy.interpreter.pyparser.error import PySyntaxError
from pypy.interpreter.pyparser.parser import Parser
from rpython.rlib import rcodecs

KNOWN_ENCODINGS = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "latin-1": "latin-1",
    "latin1": "latin-1",
    "iso-8859-1": "latin-1",
    "iso8859-1": "latin-1",
    "iso-latin-1": "latin-1",
    "ascii": "ascii",
    "us-ascii": "ascii",
}


def _cookie_in_line(line):
    """The encoding named by a coding cookie in a comment line, or ""."""
    stripped = line.lstrip(" \t\f")
    if not stripped.startswith("#"):
        return ""
    k = stripped.find("coding")
    while k >= 0:
        j = k + 6
        if j < len(stripped) and (stripped[j] == ":" or stripped[j] == "="):
            j += 1
            while j < len(stripped) and (stripped[j] == " " or stripped[j] == "\t"):
                j += 1
            start = j
            while j < len(stripped) and (stripped[j].isalnum() or stripped[j] in "-_."):
                j += 1
            return stripped[start:j]
        k = stripped.find("coding", k + 1)
    return ""


def normalize_encoding(name):
    name = name.lower().replace("_", "-")
    if name.startswith("utf-8-") or name == "utf-8":
        return "utf-8"
    for prefix in ("latin-1-", "iso-8859-1-", "iso-latin-1-"):
        if name.startswith(prefix):
            return "latin-1"
    return KNOWN_ENCODINGS.get(name, "")


def decode_source(data):
    """Text of a source file given as bytes (PEP 263)."""
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    encoding = ""
    lines = data.split(b"\n", 2)
    for i in range(min(2, len(lines))):
        line = rcodecs.decode_latin1(lines[i])
        cookie = _cookie_in_line(line)
        if cookie != "":
            encoding = cookie
            break
        if not line.lstrip(" \t\f\r").startswith("#") and line.strip(" \t\f\r") != "":
            break
    if bom and encoding != "":
        # CPython only accepts the spellings "utf-8" and "utf-8-..." here
        spelled = encoding.lower().replace("_", "-")
        if spelled != "utf-8" and not spelled.startswith("utf-8-"):
            raise PySyntaxError("encoding problem: %s with BOM" % encoding, 0, 0, "")
    if encoding == "":
        return _decode_utf8(data)
    codec = normalize_encoding(encoding)
    if codec == "utf-8":
        return _decode_utf8(data)
    if codec == "latin-1":
        return rcodecs.decode_latin1(data)
    return _decode_with_codec(data, encoding)


def _decode_utf8(data):
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise PySyntaxError(
            "(unicode error) 'utf-8' codec can't decode source", 1, 0, ""
        )


def _decode_with_codec(data, encoding):
    """Decode with the codec a coding cookie names (not UTF-8 or Latin-1)."""
    codec = rcodecs.lookup(encoding)
    if codec == "utf_8":
        return _decode_utf8(data)
    if codec != "" and not rcodecs.is_text_encoding(codec):
        raise PySyntaxError(
            "'%s' is not a text encoding; use codecs.decode() to handle "
            "arbitrary codecs" % encoding,
            0,
            0,
            "",
        )
    if codec != "" and rcodecs.has_decoder(codec):
        try:
            return rcodecs.decode(codec, data)
        except rcodecs.DecodeError as e:
            if e.codec == "utf-8" or e.codec == "ascii":
                shown = e.codec
            else:
                shown = "charmap"
            raise PySyntaxError(
                "'%s' codec can't decode byte 0x%s in position %d: %s"
                % (shown, _hex2(data[e.start]), e.start, e.reason),
                0,
                0,
                "",
            )
    from pypy.interpreter.pyparser import unicodehelper

    # untranslated, the host decodes the codecs rcodecs lacks (multi-byte)
    if unicodehelper.host_can_decode(encoding):
        try:
            return unicodehelper.host_decode(data, encoding)
        except UnicodeDecodeError:
            raise PySyntaxError(
                "(unicode error) '%s' codec can't decode source" % encoding, 1, 0, ""
            )
    raise PySyntaxError("unknown encoding: %s" % encoding, 0, 0, "")


def _hex2(byte):
    digits = "0123456789abcdef"
    return digits[byte >> 4] + digits[byte & 15]


def parse(source, mode="exec"):
    """Convenience entry point (untranslated): `source` is bytes or str."""
    if isinstance(source, bytes):
        return parse_bytes(source, mode)
    return parse_text(source, mode)


def parse_bytes(data, mode):
    """Parse the bytes of a source file (coding cookie honoured)."""
    return parse_text(decode_source(data), mode)


def parse_text(source, mode):
    """Parse decoded source text; `mode` is "exec" or "eval"."""
    if "\x00" in source:
        raise PySyntaxError("source code string cannot contain null bytes", 0, 0, "")
    parser = Parser(source)
    try:
        if mode == "eval":
            return parser.parse_eval()
        if mode == "single":
            return parser.parse_single()
        return parser.parse_file()
    except PySyntaxError as e:
        if (
            not e.from_tokenizer
            and e.msg != "unexpected indent"
            and e.msg != "unexpected unindent"
        ):
            # like CPython: an error the tokenizer finds later in the file
            # wins, and CPython compares lines with the last token it read
            err_line = e.lineno
            if len(parser.tokens) > 0:
                err_line = parser.tokens[len(parser.tokens) - 1].lineno
            generic_lineno = 0
            if e.msg == "invalid syntax":
                generic_lineno = e.lineno
            parser.tokenizer.finish_for_errors(err_line, generic_lineno, e.offset)
        raise
