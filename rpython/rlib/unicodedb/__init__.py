"""Unicode character properties for RPython programs, for every code point.

All functions take a code point (an ``int``).  The data comes from
``_tables.py``, generated from CPython's ``unicodedata`` by ``generate.py``
and decoded here at import time (import-time code is full Python; the
resulting lists and dicts are prebuilt constants of the translated program).

Predicates follow Python's ``str`` methods applied to one character
(``isalpha``, ``isdecimal``, ``isdigit``, ``isnumeric``, ``isspace``,
``isupper``, ``islower``, ``isprintable``, ``isalnum``); ``istitle`` is the
"titlecase letter" property (category Lt); ``isxidstart``/``isxidcontinue``
give identifier syntax.  Case mappings return lists of code points (full
mappings: ``lower(0x130)`` has two).
"""

import base64
import json
import zlib

from rpython.rlib.unicodedb import _tables
from rpython.rlib.unicodedb.flags import (
    ALNUM,
    ALPHA,
    CASE_IGNORABLE,
    CASED,
    DECIMAL,
    DIGIT,
    ID_CONTINUE,
    ID_START,
    LINEBREAK,
    LOWER,
    NUMERIC,
    PRINTABLE,
    SPACE,
    TITLE,
    UPPER,
)

PAGE_BITS = 8
PAGE_MASK = (1 << PAGE_BITS) - 1
MAX_CODE = 0x10FFFF
UNICODE_VERSION = _tables.UNICODE_VERSION


def _load():
    data = json.loads(zlib.decompress(base64.b64decode("".join(_tables.DATA))))
    columns = [[], [], [], [], [], [], [], []]
    for rec in data["records"]:
        for i in range(8):
            columns[i].append(rec[i])
    special = {}
    for kind, table in data["special"].items():
        special[kind] = {int(k): v for k, v in table.items()}
    return data, columns, special


_data, _columns, _special = _load()
_page_index = _data["page_index"]
_pages = _data["pages"]
_numeric_values = [float(x) for x in _data["numeric"]]
_rec_flags = _columns[0]
_rec_decimal = _columns[1]
_rec_digit = _columns[2]
_rec_numeric = _columns[3]
_rec_lower = _columns[4]
_rec_upper = _columns[5]
_rec_title = _columns[6]
_rec_fold = _columns[7]
_special_lower = _special["lower"]
_special_upper = _special["upper"]
_special_title = _special["title"]
_special_fold = _special["fold"]
del _data, _columns, _special


def _record(code):
    if code < 0 or code > MAX_CODE:
        raise KeyError(code)
    return _pages[(_page_index[code >> PAGE_BITS] << PAGE_BITS) + (code & PAGE_MASK)]


def _flags(code):
    return _rec_flags[_record(code)]


def isalpha(code):
    return _flags(code) & ALPHA != 0


def isdecimal(code):
    return _flags(code) & DECIMAL != 0


def isdigit(code):
    return _flags(code) & DIGIT != 0


def isnumeric(code):
    return _flags(code) & NUMERIC != 0


def isspace(code):
    return _flags(code) & SPACE != 0


def isupper(code):
    return _flags(code) & UPPER != 0


def islower(code):
    return _flags(code) & LOWER != 0


def istitle(code):
    return _flags(code) & TITLE != 0


def isprintable(code):
    return _flags(code) & PRINTABLE != 0


def isalnum(code):
    return _flags(code) & ALNUM != 0


def islinebreak(code):
    return _flags(code) & LINEBREAK != 0


def iscased(code):
    return _flags(code) & CASED != 0


def iscaseignorable(code):
    return _flags(code) & CASE_IGNORABLE != 0


def isxidstart(code):
    """Can start an identifier (XID_Start or '_')."""
    return _flags(code) & ID_START != 0


def isxidcontinue(code):
    return _flags(code) & ID_CONTINUE != 0


def decimal_value(code):
    """The decimal digit value, or -1."""
    return _rec_decimal[_record(code)]


def digit_value(code):
    """The digit value, or -1."""
    return _rec_digit[_record(code)]


def numeric_value(code):
    """The numeric value as a float; ValueError if the character has none."""
    index = _rec_numeric[_record(code)]
    if index == 0:
        raise ValueError("not a numeric character")
    return _numeric_values[index]


def _mapped(code, deltas, special):
    rec = _record(code)
    if code in special:
        return special[code]
    return [code + deltas[rec]]


def lower(code):
    """Full lowercase mapping (final sigma is the caller's business)."""
    return _mapped(code, _rec_lower, _special_lower)


def upper(code):
    return _mapped(code, _rec_upper, _special_upper)


def title(code):
    return _mapped(code, _rec_title, _special_title)


def casefold(code):
    return _mapped(code, _rec_fold, _special_fold)


def tolower(code):
    """The first code point of the full lowercase mapping."""
    return lower(code)[0]


def toupper(code):
    return upper(code)[0]


def totitle(code):
    return title(code)[0]
