"""NFKD and NFKC normalization for RPython programs (identifiers: PEP 3131).

    nfkd(text) -> str      compatibility decomposition, canonical order
    nfkc(text) -> str      the same, then canonical composition

The algorithm of UAX #15 on lists of code points: full decomposition (table
from ``generate_normalization.py``, Hangul syllables by arithmetic), stable
reordering of each run of non-zero combining classes, then composition of
each character with the last starter unless an intervening character blocks
it (Hangul L+V and LV+T by arithmetic).  ASCII text is returned as is.
"""

import base64
import json
import zlib

from rpython.rlib.unicodedb import _normalization_tables as _t

UNICODE_VERSION = _t.UNICODE_VERSION

S_BASE = 0xAC00
L_BASE = 0x1100
V_BASE = 0x1161
T_BASE = 0x11A7
L_COUNT = 19
V_COUNT = 21
T_COUNT = 28
N_COUNT = V_COUNT * T_COUNT
S_COUNT = L_COUNT * N_COUNT


def _load():
    data = json.loads(zlib.decompress(base64.b64decode("".join(_t.DATA))))
    decomposition = {}
    for key, value in data["decomposition"].items():
        decomposition[int(key)] = value
    combining = {}
    for key, value in data["combining"].items():
        combining[int(key)] = value
    composition = {}
    for first, second, composite in data["composition"]:
        composition[(first << 21) | second] = composite
    return decomposition, combining, composition


_DECOMPOSITION, _COMBINING, _COMPOSITION = _load()


def combining_class(code):
    return _COMBINING.get(code, 0)


def _decompose(text):
    codes = []
    for ch in text:
        code = ord(ch)
        if S_BASE <= code < S_BASE + S_COUNT:
            index = code - S_BASE
            codes.append(L_BASE + index // N_COUNT)
            codes.append(V_BASE + (index % N_COUNT) // T_COUNT)
            if index % T_COUNT:
                codes.append(T_BASE + index % T_COUNT)
        elif code in _DECOMPOSITION:
            for part in _DECOMPOSITION[code]:
                codes.append(part)
        else:
            codes.append(code)
    # canonical ordering: a stable insertion sort inside each run of marks
    for i in range(1, len(codes)):
        cc = combining_class(codes[i])
        if cc == 0:
            continue
        j = i
        while j > 0:
            before = combining_class(codes[j - 1])
            if before <= cc:
                break
            codes[j - 1], codes[j] = codes[j], codes[j - 1]
            j -= 1
    return codes


def _compose_pair(first, second):
    """The primary composite of first + second, or -1."""
    if L_BASE <= first < L_BASE + L_COUNT and V_BASE <= second < V_BASE + V_COUNT:
        return S_BASE + ((first - L_BASE) * V_COUNT + (second - V_BASE)) * T_COUNT
    if (
        S_BASE <= first < S_BASE + S_COUNT
        and (first - S_BASE) % T_COUNT == 0
        and T_BASE < second < T_BASE + T_COUNT
    ):
        return first + (second - T_BASE)
    return _COMPOSITION.get((first << 21) | second, -1)


def _compose(codes):
    result = []
    starter = -1
    for code in codes:
        cc = combining_class(code)
        if starter >= 0:
            if len(result) - 1 == starter:
                blocked = False
            else:
                last = combining_class(result[len(result) - 1])
                blocked = last == 0 or last >= cc
            if not blocked:
                composite = _compose_pair(result[starter], code)
                if composite >= 0:
                    result[starter] = composite
                    continue
        if cc == 0:
            starter = len(result)
        result.append(code)
    return result


def _is_ascii(text):
    for ch in text:
        if ord(ch) >= 128:
            return False
    return True


def _text(codes):
    return "".join([chr(code) for code in codes])


def nfkd(text):
    if _is_ascii(text):
        return text
    return _text(_decompose(text))


def nfkc(text):
    if _is_ascii(text):
        return text
    return _text(_compose(_decompose(text)))
