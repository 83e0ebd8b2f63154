"""Unicode character names for RPython programs (``\\N{...}``, ``unicodedata``).

    lookup(name) -> code point        KeyError if unknown (name aliases too;
                                       case-insensitive like CPython's,
                                       except for the algorithmic names)
    lookup_sequence(name) -> [codes]  a named sequence, KeyError if unknown
    name(code) -> str                 KeyError if the code point has no name

The tables are described in ``generate_names.py``; they are ``bytes``
unpacked at import time (a prebuilt constant of the translated program).
Lookup hashes the upper-cased name into a bucket and decodes the few names
of that bucket; ``name()`` finds the run of named code points by binary
search and decodes one record.
"""

import base64
import zlib

from rpython.rlib.unicodedb import _names_tables as _t

UNICODE_VERSION = _t.UNICODE_VERSION
ONE_BYTE_WORDS = 0xC0
NAME_BLOCK = 8
WORD_BLOCK = 8
NBUCKETS = 8192
MAX_CODE = 0x10FFFF

HANGUL_BASE = 0xAC00
HANGUL_COUNT = 11172
HANGUL_PREFIX = "HANGUL SYLLABLE "
HANGUL_L = "G GG N D DD R M B BB S SS * J JJ C K T P H".split()
HANGUL_V = "A AE YA YAE EO E YEO YE O WA WAE OE YO U WEO WE WI YU EU YI I".split()
HANGUL_T = (
    "* G GG GS N NJ NH D L LG LM LB LS LT LP LH M B BS S SS NG J C K T P H".split()
)
HANGUL_L = ["" if s == "*" else s for s in HANGUL_L]
HANGUL_T = ["" if s == "*" else s for s in HANGUL_T]
CJK_PREFIX = "CJK UNIFIED IDEOGRAPH-"
HEX_DIGITS = "0123456789ABCDEF"


def _unpack(key):
    return zlib.decompress(base64.b64decode("".join(_t.PACKED[key])))


_WORDS = _unpack("WORDS")
_WORD_OFFSETS = _unpack("WORD_OFFSETS")
_NAMES = _unpack("NAMES")
_NAME_OFFSETS = _unpack("NAME_OFFSETS")
_RUNS = _unpack("RUNS")
_BUCKET_STARTS = _unpack("BUCKET_STARTS")
_BUCKET_ITEMS = _unpack("BUCKET_ITEMS")
_NAMED_PAGES = _unpack("NAMED_PAGES")
_CJK_STARTS = [r[0] for r in _t.CJK_RANGES]
_CJK_ENDS = [r[1] for r in _t.CJK_RANGES]
_ALIASES = _t.ALIASES
_SEQUENCES = _t.SEQUENCES
_NRUNS = len(_RUNS) // 6 - 1

# byte size of the tables kept by a translated program (aliases and
# sequences are small dicts on top of this)
TABLE_BYTES = (
    len(_WORDS)
    + len(_WORD_OFFSETS)
    + len(_NAMES)
    + len(_NAME_OFFSETS)
    + len(_RUNS)
    + len(_BUCKET_STARTS)
    + len(_BUCKET_ITEMS)
    + len(_NAMED_PAGES)
)


def _u24(data, pos):
    return (data[pos] << 16) | (data[pos + 1] << 8) | data[pos + 2]


def _u16(data, pos):
    return (data[pos] << 8) | data[pos + 1]


def _hash(name):
    h = 0
    for c in name:
        h = (h * 31 + ord(c)) & 0xFFFFFFFF
    return h


def _word(word_id):
    pos = _u24(_WORD_OFFSETS, (word_id // WORD_BLOCK) * 3)
    for _ in range(word_id % WORD_BLOCK):
        pos += 1 + _WORDS[pos]
    length = _WORDS[pos]
    chars = []
    for i in range(pos + 1, pos + 1 + length):
        chars.append(chr(_WORDS[i]))
    return "".join(chars)


def _hex(code):
    digits = []
    while code > 0 or len(digits) < 4:
        digits.append(HEX_DIGITS[code & 15])
        code >>= 4
    digits.reverse()
    return "".join(digits)


def _record_name(index, code):
    """Text of name record `index` (the name of `code`)."""
    pos = _u24(_NAME_OFFSETS, (index // NAME_BLOCK) * 3)
    for _ in range(index % NAME_BLOCK):
        pos += 1 + _NAMES[pos]
    end = pos + 1 + _NAMES[pos]
    pos += 1
    parts = []
    while pos < end:
        b = _NAMES[pos]
        pos += 1
        if b >= ONE_BYTE_WORDS:
            word_id = ONE_BYTE_WORDS + ((b - ONE_BYTE_WORDS) << 8) + _NAMES[pos]
            pos += 1
        else:
            word_id = b
        if word_id == 0:
            parts.append("-" + _hex(code))
        else:
            if len(parts) > 0:
                parts.append(" ")
            parts.append(_word(word_id - 1))
    return "".join(parts)


def _find_run(code):
    """Index of the last run starting at or before `code`."""
    lo = 0
    hi = _NRUNS
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _u24(_RUNS, mid * 6) <= code:
            lo = mid
        else:
            hi = mid
    return lo


def _record_index(code):
    """Record number of `code`'s stored name, or -1."""
    run = _find_run(code)
    start = _u24(_RUNS, run * 6)
    first = _u24(_RUNS, run * 6 + 3)
    next_first = _u24(_RUNS, run * 6 + 9)
    if start <= code < start + (next_first - first):
        return first + (code - start)
    return -1


def _record_code(index):
    lo = 0
    hi = _NRUNS
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _u24(_RUNS, mid * 6 + 3) <= index:
            lo = mid
        else:
            hi = mid
    return _u24(_RUNS, lo * 6) + (index - _u24(_RUNS, lo * 6 + 3))


def _is_cjk(code):
    for i in range(len(_CJK_STARTS)):
        if _CJK_STARTS[i] <= code <= _CJK_ENDS[i]:
            return True
    return False


def name(code):
    """The name of code point `code`; KeyError if it has none."""
    if code < 0 or code > MAX_CODE:
        raise KeyError(code)
    page = code >> 8
    if not (_NAMED_PAGES[page >> 3] >> (page & 7)) & 1:
        raise KeyError(code)
    if HANGUL_BASE <= code < HANGUL_BASE + HANGUL_COUNT:
        index = code - HANGUL_BASE
        return (
            HANGUL_PREFIX
            + HANGUL_L[index // (21 * 28)]
            + HANGUL_V[(index // 28) % 21]
            + HANGUL_T[index % 28]
        )
    if _is_cjk(code):
        return CJK_PREFIX + _hex(code)
    index = _record_index(code)
    if index < 0:
        raise KeyError(code)
    return _record_name(index, code)


def _matches_at(text, pos, entry):
    if pos + len(entry) > len(text):
        return False
    for i in range(len(entry)):
        if text[pos + i] != entry[i]:
            return False
    return True


def _longest_jamo(text, pos, table):
    """(table index, length) of the longest entry of `table` at text[pos:]."""
    best = -1
    best_len = -1
    for i in range(len(table)):
        entry = table[i]
        if len(entry) > best_len and _matches_at(text, pos, entry):
            best = i
            best_len = len(entry)
    return best, best_len


def _lookup_hangul(text):
    pos = len(HANGUL_PREFIX)
    l_index, n = _longest_jamo(text, pos, HANGUL_L)
    pos += n
    v_index, n = _longest_jamo(text, pos, HANGUL_V)
    if v_index < 0:
        return -1
    pos += n
    t_index, n = _longest_jamo(text, pos, HANGUL_T)
    pos += n
    if l_index < 0 or pos != len(text):
        return -1
    return HANGUL_BASE + (l_index * 21 + v_index) * 28 + t_index


def _lookup_cjk(text):
    digits = len(text) - len(CJK_PREFIX)
    if digits != 4 and digits != 5:
        return -1
    code = 0
    for i in range(len(CJK_PREFIX), len(text)):
        d = HEX_DIGITS.find(text[i])
        if d < 0:
            return -1
        code = code * 16 + d
    if not _is_cjk(code):
        return -1
    return code


def _upper_ascii(text):
    chars = []
    for c in text:
        if "a" <= c <= "z":
            chars.append(chr(ord(c) - 32))
        else:
            chars.append(c)
    return "".join(chars)


def lookup(text):
    """Code point named `text` (a name or a name alias); KeyError if none."""
    # the algorithmic names match exactly (upper case), as in CPython
    if text.startswith(HANGUL_PREFIX):
        code = _lookup_hangul(text)
        if code >= 0:
            return code
    if text.startswith(CJK_PREFIX):
        code = _lookup_cjk(text)
        if code >= 0:
            return code
    upper = _upper_ascii(text)
    bucket = _hash(upper) % NBUCKETS
    start = _u16(_BUCKET_STARTS, bucket * 2)
    stop = _u16(_BUCKET_STARTS, bucket * 2 + 2)
    for item in range(start, stop):
        index = _u16(_BUCKET_ITEMS, item * 2)
        code = _record_code(index)
        if _record_name(index, code) == upper:
            return code
    if upper in _ALIASES:
        return _ALIASES[upper]
    raise KeyError(text)


def lookup_sequence(text):
    """Code points of the named sequence `text`; KeyError if none."""
    upper = _upper_ascii(text)
    if upper in _SEQUENCES:
        return _SEQUENCES[upper]
    raise KeyError(text)
