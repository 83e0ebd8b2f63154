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
