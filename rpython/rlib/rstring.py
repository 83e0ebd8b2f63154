"""String building and searching helpers for ``str`` (text) and ``bytes``.

``StringBuilder`` / ``BytesBuilder`` collect pieces and join them once in
``build()``; they are plain RPython classes (a list of pieces plus a running
length), so they translate without special support.

The search helpers (``find``, ``rfind``, ``count``, ``split``, ``rsplit``,
``replace``, ``startswith``...) take ``str`` or ``bytes`` (specialised per
argument type) and follow Python 3's semantics exactly, including empty
separators, negative and out-of-range bounds.  They use only indexing,
slicing, ``len`` and ``==``, which have the same meaning for both types
(``bytes`` items are ints, ``str`` items one-character strings).
"""

from rpython.rlib import unicodedb
from rpython.rlib.objectmodel import specialize
from rpython.rlib.rbigint import rbigint


class StringBuilder:
    """Builds a ``str`` from pieces."""

    def __init__(self, init_size=100):
        self._pieces = []
        self._length = 0

    def getlength(self):
        """The length of what has been appended so far."""
        return self._length

    def append(self, s):
        self._pieces.append(s)
        self._length += len(s)

    def append_char(self, c):
        self.append(c)

    def append_slice(self, s, start, end):
        """Append s[start:end] (0 <= start <= end <= len(s))."""
        assert 0 <= start <= end <= len(s)
        self.append(s[start:end])

    def append_multiple_char(self, c, times):
        if times > 0:
            self.append(c * times)

    def append_code_point(self, code):
        self.append(chr(code))

    def build(self):
        """The whole string; the builder may be used further."""
        result = "".join(self._pieces)
        self._pieces = [result]
        return result


UnicodeBuilder = StringBuilder


class BytesBuilder:
    """Builds a ``bytes`` from pieces (a separate class from StringBuilder
    so that the two piece lists get separate types)."""

    def __init__(self, init_size=100):
        self._pieces = []
        self._length = 0

    def getlength(self):
        return self._length

    def append(self, b):
        self._pieces.append(b)
        self._length += len(b)

    def append_byte(self, value):
        """Append one byte given as an int 0..255."""
        self.append(bytes([value]))

    def append_char(self, b):
        self.append(b)

    def append_slice(self, b, start, end):
        assert 0 <= start <= end <= len(b)
        self.append(b[start:end])

    def append_multiple_char(self, b, times):
        """Append ``times`` copies of the one-byte string ``b``."""
        if times > 0:
            self.append(b * times)

    def build(self):
        result = b"".join(self._pieces)
        self._pieces = [result]
        return result


# ____________________________________________________________
# Searching


def _adjust_indices(start, end, length):
    """Python's slice-bound normalisation for find/count."""
    if end > length:
        end = length
    elif end < 0:
        end += length
        if end < 0:
            end = 0
    if start < 0:
        start += length
        if start < 0:
            start = 0
    return start, end


@specialize.argtype(0)
def _match_at(value, other, pos):
    """value[pos:pos+len(other)] == other, without slicing."""
    n = len(other)
    i = 0
    while i < n:
        if value[pos + i] != other[i]:
            return False
        i += 1
    return True


@specialize.argtype(0)
def find(value, other, start=0, end=2**62):
    """value.find(other, start, end)."""
    start, end = _adjust_indices(start, end, len(value))
    n = len(other)
    if start > len(value):
        return -1
    if n == 0:
        if start <= end:
            return start
        return -1
    last = end - n
    pos = start
    while pos <= last:
        if value[pos] == other[0] and _match_at(value, other, pos):
            return pos
        pos += 1
    return -1


@specialize.argtype(0)
def rfind(value, other, start=0, end=2**62):
    """value.rfind(other, start, end)."""
    start, end = _adjust_indices(start, end, len(value))
    n = len(other)
    if start > len(value):
        return -1
    if n == 0:
        if start <= end:
            return end
        return -1
    pos = end - n
    while pos >= start:
        if value[pos] == other[0] and _match_at(value, other, pos):
            return pos
        pos -= 1
    return -1


@specialize.argtype(0)
def count(value, other, start=0, end=2**62):
    """value.count(other, start, end) (non-overlapping)."""
    start, end = _adjust_indices(start, end, len(value))
    if start > len(value):
        return 0
    n = len(other)
    if n == 0:
        if start > end:
            return 0
        return end - start + 1
    result = 0
    pos = start
    last = end - n
    while pos <= last:
        if value[pos] == other[0] and _match_at(value, other, pos):
            result += 1
            pos += n
        else:
            pos += 1
    return result


@specialize.argtype(0)
def startswith(value, prefix, start=0, end=2**62):
    start, end = _adjust_indices(start, end, len(value))
    if start > len(value):
        return False
    if end - start < len(prefix):
        return False
    return _match_at(value, prefix, start)


@specialize.argtype(0)
def endswith(value, suffix, start=0, end=2**62):
    start, end = _adjust_indices(start, end, len(value))
    if start > len(value):
        return False
    if end - start < len(suffix):
        return False
    return _match_at(value, suffix, end - len(suffix))


# ____________________________________________________________
# Whitespace


def _is_ascii_space_code(code):
    # space, \t \n \v \f \r and (for str only) \x1c-\x1f
    return code == 32 or 9 <= code <= 13


@specialize.argtype(0)
def _isspace_at(value, i):
    item = value[i]
    if isinstance(value, bytes):
        return _is_ascii_space_code(item)
    return unicodedb.isspace(ord(item))


@specialize.argtype(0)
def split(value, by=None, maxsplit=-1):
    """value.split(by, maxsplit)."""
    if by is None:
        return _split_whitespace(value, maxsplit)
    n = len(by)
    if n == 0:
        raise ValueError("empty separator")
    result = []
    start = 0
    while maxsplit != 0:
        pos = find(value, by, start, len(value))
        if pos < 0:
            break
        result.append(value[start:pos])
        start = pos + n
        maxsplit -= 1
    result.append(value[start:])
    return result


@specialize.argtype(0)
def _split_whitespace(value, maxsplit):
    result = []
    length = len(value)
    i = 0
    while True:
        while i < length and _isspace_at(value, i):
            i += 1
        if i == length:
            break
        if maxsplit == 0:
            # the rest, trailing whitespace included (as Python)
            result.append(value[i:])
            break
        j = i
        while j < length and not _isspace_at(value, j):
            j += 1
        result.append(value[i:j])
        maxsplit -= 1
        i = j
    return result


@specialize.argtype(0)
def rsplit(value, by=None, maxsplit=-1):
    """value.rsplit(by, maxsplit)."""
    if by is None:
        return _rsplit_whitespace(value, maxsplit)
    n = len(by)
    if n == 0:
        raise ValueError("empty separator")
    result = []
    end = len(value)
    while maxsplit != 0:
        pos = rfind(value, by, 0, end)
        if pos < 0:
            break
        result.append(value[pos + n : end])
        end = pos
        maxsplit -= 1
    result.append(value[:end])
    result.reverse()
    return result


@specialize.argtype(0)
def _rsplit_whitespace(value, maxsplit):
    result = []
    i = len(value)
    while True:
        while i > 0 and _isspace_at(value, i - 1):
            i -= 1
        if i == 0:
            break
        if maxsplit == 0:
            result.append(value[:i])
            break
        j = i
        while j > 0 and not _isspace_at(value, j - 1):
            j -= 1
        result.append(value[j:i])
        maxsplit -= 1
        i = j
    result.reverse()
    return result


@specialize.argtype(0)
def replace(value, old, new, maxcount=-1):
    """value.replace(old, new, maxcount)."""
    if maxcount == 0:
        return value
    pieces = []
    if len(old) == 0:
        # insert ``new`` before every item and at the end
        i = 0
        while i < len(value) and maxcount != 0:
            pieces.append(new)
            pieces.append(value[i : i + 1])
            i += 1
            maxcount -= 1
        if maxcount != 0:
            pieces.append(new)
        pieces.append(value[i:])
        return value[:0].join(pieces)
    start = 0
    found = False
    while maxcount != 0:
        pos = find(value, old, start, len(value))
        if pos < 0:
            break
        found = True
        pieces.append(value[start:pos])
        pieces.append(new)
        start = pos + len(old)
        maxcount -= 1
    if not found:
        return value
    pieces.append(value[start:])
    return value[:0].join(pieces)


@specialize.argtype(0)
def strip(value, chars=None, left=True, right=True):
    """value.strip(chars) (``left``/``right`` select lstrip/rstrip)."""
    start = 0
    end = len(value)
    if chars is None:
        if left:
            while start < end and _isspace_at(value, start):
                start += 1
        if right:
            while end > start and _isspace_at(value, end - 1):
                end -= 1
    else:
        if left:
            while start < end and _contains_item(chars, value[start]):
                start += 1
        if right:
            while end > start and _contains_item(chars, value[end - 1]):
                end -= 1
    return value[start:end]


@specialize.argtype(0)
def _contains_item(chars, item):
    for c in chars:
        if c == item:
            return True
    return False


@specialize.argtype(0)
def partition(value, sep):
    """value.partition(sep) as a 3-tuple."""
    if len(sep) == 0:
        raise ValueError("empty separator")
    pos = find(value, sep, 0, len(value))
    if pos < 0:
        return (value, value[:0], value[:0])
    return (value[:pos], sep, value[pos + len(sep) :])


@specialize.argtype(0)
def rpartition(value, sep):
    if len(sep) == 0:
        raise ValueError("empty separator")
    pos = rfind(value, sep, 0, len(value))
    if pos < 0:
        return (value[:0], value[:0], value)
    return (value[:pos], sep, value[pos + len(sep) :])


@specialize.argtype(0)
def splitlines(value, keepends=False):
    """value.splitlines(keepends) (str: all Unicode line breaks)."""
    result = []
    i = 0
    length = len(value)
    while i < length:
        j = i
        while j < length and not _is_linebreak_at(value, j):
            j += 1
        eol = j
        if j < length:
            if _is_cr(value, j) and j + 1 < length and _is_lf(value, j + 1):
                j += 2
            else:
                j += 1
        if keepends:
            eol = j
        result.append(value[i:eol])
        i = j
    return result


@specialize.argtype(0)
def _is_cr(value, i):
    if isinstance(value, bytes):
        return value[i] == 13
    return value[i] == "\r"


@specialize.argtype(0)
def _is_lf(value, i):
    if isinstance(value, bytes):
        return value[i] == 10
    return value[i] == "\n"


@specialize.argtype(0)
def _is_linebreak_at(value, i):
    if isinstance(value, bytes):
        return value[i] == 10 or value[i] == 13
    return unicodedb.islinebreak(ord(value[i]))


class ParseStringError(ValueError):
    """A string that is not a valid literal (message as CPython's)."""

    def __init__(self, msg):
        ValueError.__init__(self, msg)
        self.msg = msg


def string_to_int(s, base=10):
    """int(s, base) when the result fits a machine int; ParseStringError or
    OverflowError (the caller then uses rbigint) otherwise."""
    try:
        value = rbigint.fromstr(s, base)
    except ValueError as e:
        raise ParseStringError(str(e))
    return value.toint()


# ____________________________________________________________
# Case mapping and character classes of whole strings (str: full Unicode
# mappings from unicodedb, with Greek final sigma; bytes: ASCII only)

_CAPITAL_SIGMA = 0x3A3


def _final_sigma(s, i):
    """Whether the capital sigma at s[i] ends a word (lowercases to ς):
    preceded by a cased letter and not followed by one, case-ignorable
    characters being skipped on both sides."""
    j = i - 1
    while j >= 0 and unicodedb.iscaseignorable(ord(s[j])):
        j -= 1
    if j < 0 or not unicodedb.iscased(ord(s[j])):
        return False
    j = i + 1
    while j < len(s) and unicodedb.iscaseignorable(ord(s[j])):
        j += 1
    return j == len(s) or not unicodedb.iscased(ord(s[j]))


def _append_lower(out, s, i):
    code = ord(s[i])
    if code == _CAPITAL_SIGMA:
        if _final_sigma(s, i):
            out.append("\u03c2")
        else:
            out.append("\u03c3")
        return
    for c in unicodedb.lower(code):
        out.append(chr(c))


def _append_mapped(out, codes):
    for c in codes:
        out.append(chr(c))


def str_lower(s):
    out = []
    for i in range(len(s)):
        _append_lower(out, s, i)
    return "".join(out)


def str_upper(s):
    out = []
    for ch in s:
        _append_mapped(out, unicodedb.upper(ord(ch)))
    return "".join(out)


def str_casefold(s):
    out = []
    for ch in s:
        _append_mapped(out, unicodedb.casefold(ord(ch)))
    return "".join(out)


def str_swapcase(s):
    out = []
    for i in range(len(s)):
        code = ord(s[i])
        if unicodedb.isupper(code):
            _append_lower(out, s, i)
        elif unicodedb.islower(code):
            _append_mapped(out, unicodedb.upper(code))
        else:
            out.append(s[i])
    return "".join(out)


def str_capitalize(s):
    out = []
    for i in range(len(s)):
        if i == 0:
            _append_mapped(out, unicodedb.title(ord(s[i])))
        else:
            _append_lower(out, s, i)
    return "".join(out)


def str_title(s):
    out = []
    previous_is_cased = False
    for i in range(len(s)):
        code = ord(s[i])
        if previous_is_cased:
            _append_lower(out, s, i)
        else:
            _append_mapped(out, unicodedb.title(code))
        previous_is_cased = unicodedb.iscased(code)
    return "".join(out)


def str_istitle(s):
    cased = False
    previous_is_cased = False
    for ch in s:
        code = ord(ch)
        if unicodedb.isupper(code) or unicodedb.istitle(code):
            if previous_is_cased:
                return False
            previous_is_cased = True
            cased = True
        elif unicodedb.islower(code):
            if not previous_is_cased:
                return False
            previous_is_cased = True
            cased = True
        else:
            previous_is_cased = False
    return cased


def str_isupper(s):
    cased = False
    for ch in s:
        code = ord(ch)
        if unicodedb.islower(code) or unicodedb.istitle(code):
            return False
        if unicodedb.isupper(code):
            cased = True
    return cased


def str_islower(s):
    cased = False
    for ch in s:
        code = ord(ch)
        if unicodedb.isupper(code) or unicodedb.istitle(code):
            return False
        if unicodedb.islower(code):
            cased = True
    return cased


def _all_chars(s, kind):
    if len(s) == 0:
        return False
    for ch in s:
        code = ord(ch)
        if kind == "alpha":
            ok = unicodedb.isalpha(code)
        elif kind == "decimal":
            ok = unicodedb.isdecimal(code)
        elif kind == "digit":
            ok = unicodedb.isdigit(code)
        elif kind == "numeric":
            ok = unicodedb.isnumeric(code)
        elif kind == "space":
            ok = unicodedb.isspace(code)
        else:
            ok = unicodedb.isalnum(code)
        if not ok:
            return False
    return True


def str_isalpha(s):
    return _all_chars(s, "alpha")


def str_isdecimal(s):
    return _all_chars(s, "decimal")


def str_isdigit(s):
    return _all_chars(s, "digit")


def str_isnumeric(s):
    return _all_chars(s, "numeric")


def str_isspace(s):
    return _all_chars(s, "space")


def str_isalnum(s):
    return _all_chars(s, "alnum")


def str_isprintable(s):
    for ch in s:
        if not unicodedb.isprintable(ord(ch)):
            return False
    return True


def str_isidentifier(s):
    if len(s) == 0 or not unicodedb.isxidstart(ord(s[0])):
        return False
    for i in range(1, len(s)):
        if not unicodedb.isxidcontinue(ord(s[i])):
            return False
    return True


def str_isascii(s):
    for ch in s:
        if ord(ch) >= 128:
            return False
    return True


# bytes: ASCII semantics


def _bytes_map(b, lo, hi, delta):
    out = []
    for byte in b:
        if lo <= byte <= hi:
            byte += delta
        out.append(byte)
    return bytes(out)


def bytes_lower(b):
    return _bytes_map(b, 65, 90, 32)


def bytes_upper(b):
    return _bytes_map(b, 97, 122, -32)


def bytes_swapcase(b):
    out = []
    for byte in b:
        if 65 <= byte <= 90:
            byte += 32
        elif 97 <= byte <= 122:
            byte -= 32
        out.append(byte)
    return bytes(out)


def _is_ascii_upper(byte):
    return 65 <= byte <= 90


def _is_ascii_lower(byte):
    return 97 <= byte <= 122


def bytes_title(b):
    out = []
    previous_is_cased = False
    for byte in b:
        if previous_is_cased:
            if _is_ascii_upper(byte):
                byte += 32
        elif _is_ascii_lower(byte):
            byte -= 32
        previous_is_cased = _is_ascii_upper(byte) or _is_ascii_lower(byte)
        out.append(byte)
    return bytes(out)


def bytes_capitalize(b):
    out = []
    first = True
    for byte in b:
        if first:
            if _is_ascii_lower(byte):
                byte -= 32
            first = False
        elif _is_ascii_upper(byte):
            byte += 32
        out.append(byte)
    return bytes(out)


def bytes_isalpha(b):
    if len(b) == 0:
        return False
    for byte in b:
        if not (_is_ascii_upper(byte) or _is_ascii_lower(byte)):
            return False
    return True


def bytes_isdigit(b):
    if len(b) == 0:
        return False
    for byte in b:
        if not (48 <= byte <= 57):
            return False
    return True


def bytes_isalnum(b):
    if len(b) == 0:
        return False
    for byte in b:
        if not (_is_ascii_upper(byte) or _is_ascii_lower(byte) or 48 <= byte <= 57):
            return False
    return True


def bytes_isspace(b):
    if len(b) == 0:
        return False
    for byte in b:
        if not _is_ascii_space_code(byte):
            return False
    return True


def bytes_isupper(b):
    cased = False
    for byte in b:
        if _is_ascii_lower(byte):
            return False
        if _is_ascii_upper(byte):
            cased = True
    return cased


def bytes_islower(b):
    cased = False
    for byte in b:
        if _is_ascii_upper(byte):
            return False
        if _is_ascii_lower(byte):
            cased = True
    return cased


def bytes_istitle(b):
    cased = False
    previous_is_cased = False
    for byte in b:
        if _is_ascii_upper(byte):
            if previous_is_cased:
                return False
            previous_is_cased = True
            cased = True
        elif _is_ascii_lower(byte):
            if not previous_is_cased:
                return False
            previous_is_cased = True
            cased = True
        else:
            previous_is_cased = False
    return cased


# ____________________________________________________________
# Padding


@specialize.argtype(0)
def center(value, width, fillchar):
    """value.center(width, fillchar) (fillchar of the same type, length 1)."""
    marg = width - len(value)
    if marg <= 0:
        return value
    left = marg // 2 + (marg & width & 1)
    return fillchar * left + value + fillchar * (marg - left)


@specialize.argtype(0)
def ljust(value, width, fillchar):
    if len(value) >= width:
        return value
    return value + fillchar * (width - len(value))


@specialize.argtype(0)
def rjust(value, width, fillchar):
    if len(value) >= width:
        return value
    return fillchar * (width - len(value)) + value


def str_zfill(value, width):
    if len(value) >= width:
        return value
    fill = width - len(value)
    if len(value) > 0 and (value[0] == "+" or value[0] == "-"):
        return value[0] + "0" * fill + value[1:]
    return "0" * fill + value


def str_expandtabs(value, tabsize=8):
    out = []
    column = 0
    for ch in value:
        if ch == "\t":
            if tabsize > 0:
                spaces = tabsize - column % tabsize
                out.append(" " * spaces)
                column += spaces
        else:
            out.append(ch)
            if ch == "\n" or ch == "\r":
                column = 0
            else:
                column += 1
    return "".join(out)
