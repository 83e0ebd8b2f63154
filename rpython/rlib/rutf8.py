"""UTF-8 encoding and decoding, and code point utilities.

``str`` in RPython is text (a sequence of code points, surrogates allowed as
in Python).  These helpers convert between ``str`` and UTF-8 ``bytes`` with
CPython's error handlers (strict, replace, ignore, surrogateescape,
surrogatepass) and give byte-level navigation of UTF-8 data.  Errors are
reported with the positions CPython reports (``Utf8Error.start``/``end``,
``reason``), so the interpreter can build the app-level exception.
"""

MAXUNICODE = 0x10FFFF


class Utf8Error(Exception):
    """Bad input: ``reason`` and the [start, end) range of the culprit."""

    def __init__(self, reason, start, end):
        self.reason = reason
        self.start = start
        self.end = end

    def __str__(self):
        return "%s at %d-%d" % (self.reason, self.start, self.end)


class CheckError(Exception):
    """``check_utf8`` found invalid data at ``pos``."""

    def __init__(self, pos):
        self.pos = pos


def unichr_as_utf8(code, allow_surrogates=True):
    """The UTF-8 bytes of one code point."""
    if code < 0 or code > MAXUNICODE:
        raise ValueError("chr() arg not in range(0x110000)")
    if 0xD800 <= code <= 0xDFFF and not allow_surrogates:
        raise ValueError("surrogates not allowed")
    if code < 0x80:
        return bytes([code])
    if code < 0x800:
        return bytes([0xC0 | (code >> 6), 0x80 | (code & 0x3F)])
    if code < 0x10000:
        return bytes(
            [0xE0 | (code >> 12), 0x80 | ((code >> 6) & 0x3F), 0x80 | (code & 0x3F)]
        )
    return bytes(
        [
            0xF0 | (code >> 18),
            0x80 | ((code >> 12) & 0x3F),
            0x80 | ((code >> 6) & 0x3F),
            0x80 | (code & 0x3F),
        ]
    )


def _append_code(out, code):
    """Append the UTF-8 bytes of ``code`` (ints) to the list ``out``."""
    if code < 0x80:
        out.append(code)
    elif code < 0x800:
        out.append(0xC0 | (code >> 6))
        out.append(0x80 | (code & 0x3F))
    elif code < 0x10000:
        out.append(0xE0 | (code >> 12))
        out.append(0x80 | ((code >> 6) & 0x3F))
        out.append(0x80 | (code & 0x3F))
    else:
        out.append(0xF0 | (code >> 18))
        out.append(0x80 | ((code >> 12) & 0x3F))
        out.append(0x80 | ((code >> 6) & 0x3F))
        out.append(0x80 | (code & 0x3F))


def encode_utf8(s, errors="strict"):
    """s.encode("utf-8", errors) for errors strict, replace, ignore,
    surrogateescape, surrogatepass.  Raises Utf8Error (indices in code
    points) for an unencodable surrogate."""
    out = []
    i = 0
    n = len(s)
    while i < n:
        code = ord(s[i])
        if 0xD800 <= code <= 0xDFFF:
            if errors == "surrogatepass":
                _append_code(out, code)
            elif errors == "surrogateescape" and 0xDC80 <= code <= 0xDCFF:
                out.append(code - 0xDC00)
            elif errors == "replace":
                out.append(ord("?"))
            elif errors == "ignore":
                pass
            else:
                raise Utf8Error("surrogates not allowed", i, i + 1)
        else:
            _append_code(out, code)
        i += 1
    return bytes(out)


def _continuation(b):
    return 0x80 <= b <= 0xBF


def _invalid_length(data, pos, end):
    """How many bytes CPython reports as one invalid sequence at ``pos``,
    and whether the data simply ended too early (``"unexpected end of
    data"``)."""
    b0 = data[pos]
    if 0xC2 <= b0 <= 0xDF:
        need = 1
        lo, hi = 0x80, 0xBF
    elif 0xE0 <= b0 <= 0xEF:
        need = 2
        lo, hi = 0x80, 0xBF
        if b0 == 0xE0:
            lo = 0xA0
        elif b0 == 0xED:
            hi = 0x9F
    elif 0xF0 <= b0 <= 0xF4:
        need = 3
        lo, hi = 0x80, 0xBF
        if b0 == 0xF0:
            lo = 0x90
        elif b0 == 0xF4:
            hi = 0x8F
    else:
        return 1, False
    # the first continuation byte has a restricted range; the others do not
    k = 1
    while k <= need:
        if pos + k >= end:
            return k, True
        b = data[pos + k]
        if k == 1:
            if not (lo <= b <= hi):
                return 1, False
        elif not _continuation(b):
            return k, False
        k += 1
    return 0, False


def decode_utf8(data, errors="strict", final=True):
    """data.decode("utf-8", errors); returns (text, bytes consumed).

    With ``final=False`` an incomplete sequence at the end is left
    unconsumed (incremental decoding).  Raises Utf8Error on bad data with
    ``errors="strict"``.
    """
    chars = []
    pos = 0
    end = len(data)
    while pos < end:
        b0 = data[pos]
        if b0 < 0x80:
            chars.append(chr(b0))
            pos += 1
            continue
        bad, truncated = _invalid_length(data, pos, end)
        if bad == 0:
            if b0 < 0xE0:
                code = ((b0 & 0x1F) << 6) | (data[pos + 1] & 0x3F)
                pos += 2
            elif b0 < 0xF0:
                code = (
                    ((b0 & 0x0F) << 12)
                    | ((data[pos + 1] & 0x3F) << 6)
                    | (data[pos + 2] & 0x3F)
                )
                pos += 3
            else:
                code = (
                    ((b0 & 0x07) << 18)
                    | ((data[pos + 1] & 0x3F) << 12)
                    | ((data[pos + 2] & 0x3F) << 6)
                    | (data[pos + 3] & 0x3F)
                )
                pos += 4
            chars.append(chr(code))
            continue
        if truncated and not final:
            break
        # surrogatepass: a 3-byte encoded surrogate ED A0..BF xx
        if (
            errors == "surrogatepass"
            and b0 == 0xED
            and pos + 2 < end
            and 0xA0 <= data[pos + 1] <= 0xBF
            and _continuation(data[pos + 2])
        ):
            code = 0xD000 | ((data[pos + 1] & 0x3F) << 6) | (data[pos + 2] & 0x3F)
            chars.append(chr(code))
            pos += 3
            continue
        if b0 < 0xC2 or b0 > 0xF4:
            reason = "invalid start byte"
        elif truncated:
            reason = "unexpected end of data"
        else:
            reason = "invalid continuation byte"
        if errors == "strict" or errors == "surrogatepass":
            raise Utf8Error(reason, pos, pos + bad)
        if errors == "replace":
            chars.append("\ufffd")
        elif errors == "surrogateescape":
            k = 0
            while k < bad:
                chars.append(chr(0xDC00 + data[pos + k]))
                k += 1
        elif errors != "ignore":
            raise ValueError("unknown error handler name %s" % errors)
        pos += bad
    return "".join(chars), pos


def check_utf8(data, allow_surrogates=False):
    """The number of code points in valid UTF-8 ``data``; CheckError(pos)
    at the first invalid byte."""
    count = 0
    pos = 0
    end = len(data)
    while pos < end:
        b0 = data[pos]
        if b0 < 0x80:
            pos += 1
        else:
            bad, truncated = _invalid_length(data, pos, end)
            if bad != 0:
                if (
                    allow_surrogates
                    and b0 == 0xED
                    and pos + 2 < end
                    and 0xA0 <= data[pos + 1] <= 0xBF
                    and _continuation(data[pos + 2])
                ):
                    pos += 3
                    count += 1
                    continue
                raise CheckError(pos)
            if b0 < 0xE0:
                pos += 2
            elif b0 < 0xF0:
                pos += 3
            else:
                pos += 4
        count += 1
    return count


def next_codepoint_pos(data, pos):
    """The byte position after the code point starting at ``pos``."""
    b0 = data[pos]
    if b0 < 0x80:
        return pos + 1
    if b0 < 0xE0:
        return pos + 2
    if b0 < 0xF0:
        return pos + 3
    return pos + 4


def prev_codepoint_pos(data, pos):
    """The byte position of the code point that ends at ``pos``."""
    pos -= 1
    while pos > 0 and 0x80 <= data[pos] <= 0xBF:
        pos -= 1
    return pos


def codepoint_at_pos(data, pos):
    """The code point whose UTF-8 encoding starts at byte ``pos``."""
    b0 = data[pos]
    if b0 < 0x80:
        return b0
    if b0 < 0xE0:
        return ((b0 & 0x1F) << 6) | (data[pos + 1] & 0x3F)
    if b0 < 0xF0:
        return (
            ((b0 & 0x0F) << 12) | ((data[pos + 1] & 0x3F) << 6) | (data[pos + 2] & 0x3F)
        )
    return (
        ((b0 & 0x07) << 18)
        | ((data[pos + 1] & 0x3F) << 12)
        | ((data[pos + 2] & 0x3F) << 6)
        | (data[pos + 3] & 0x3F)
    )


def codepoints_in_utf8(data, start=0, end=-1):
    """The number of code points in data[start:end] (valid UTF-8)."""
    if end < 0:
        end = len(data)
    count = 0
    i = start
    while i < end:
        if not (0x80 <= data[i] <= 0xBF):
            count += 1
        i += 1
    return count


def utf8_length_of_code(code):
    if code < 0x80:
        return 1
    if code < 0x800:
        return 2
    if code < 0x10000:
        return 3
    return 4


def has_surrogates(s):
    for c in s:
        if 0xD800 <= ord(c) <= 0xDFFF:
            return True
    return False


def isascii(s):
    for c in s:
        if ord(c) >= 0x80:
            return False
    return True
