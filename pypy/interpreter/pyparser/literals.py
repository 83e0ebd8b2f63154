"""Decoding of number and string literals into constants (RPython).

Errors are returned as LiteralError(msg); the parser adds the position.
"""

from pypy.interpreter.astcompiler import constants

MAX_INT_DIGITS = "9223372036854775807"


class LiteralError(Exception):
    def __init__(self, msg):
        self.msg = msg


def _digit_value(c):
    if "0" <= c <= "9":
        return ord(c) - ord("0")
    if "a" <= c <= "z":
        return ord(c) - ord("a") + 10
    if "A" <= c <= "Z":
        return ord(c) - ord("A") + 10
    return 99


def digits_to_decimal(digits, base):
    """Decimal text of an unsigned integer given by `digits` in `base`.

    Schoolbook conversion on a little-endian list of decimal digits, so that it
    works for integers of any size without a big-integer library.
    """
    if base == 10:
        i = 0
        while i < len(digits) - 1 and digits[i] == "0":
            i += 1
        return digits[i:]
    dec = [0]
    for c in digits:
        carry = _digit_value(c)
        for k in range(len(dec)):
            v = dec[k] * base + carry
            dec[k] = v % 10
            carry = v // 10
        while carry > 0:
            dec.append(carry % 10)
            carry = carry // 10
    out = []
    for k in range(len(dec) - 1, -1, -1):
        out.append(chr(ord("0") + dec[k]))
    return "".join(out)


def parse_number(text):
    """The constant for a NUMBER token's text."""
    s = text.replace("_", "")
    last = s[len(s) - 1]
    if last == "j" or last == "J":
        return constants.ConstComplex(0.0, float(s[: len(s) - 1]))
    base = 10
    digits = s
    if len(s) > 1 and s[0] == "0" and s[1] in "xXoObB":
        kind = s[1]
        if kind in "xX":
            base = 16
        elif kind in "oO":
            base = 8
        else:
            base = 2
        digits = s[2:]
    elif "." in s or "e" in s or "E" in s:
        return constants.ConstFloat(float(s))
    dec = digits_to_decimal(digits, base)
    if len(dec) < len(MAX_INT_DIGITS) or (
        len(dec) == len(MAX_INT_DIGITS) and dec <= MAX_INT_DIGITS
    ):
        return constants.ConstInt(int(dec))
    return constants.ConstBigInt(dec)


def _hex_value(s, start, count):
    """Value of `count` hex digits at `start`, or -1."""
    if start + count > len(s):
        return -1
    v = 0
    for i in range(start, start + count):
        d = _digit_value(s[i])
        if d >= 16:
            return -1
        v = v * 16 + d
    return v


def decode_escapes(s, is_bytes):
    """Process backslash escapes of a non-raw literal body.

    For bytes the result holds characters below 256.  Unknown escapes stay
    as they are (CPython only warns about them).
    """
    if "\\" not in s:
        return s
    out = []
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        i += 1
        if i >= n:
            out.append("\\")
            break
        c = s[i]
        i += 1
        if c == "\n":
            continue
        elif c == "\\":
            out.append("\\")
        elif c == "'":
            out.append("'")
        elif c == '"':
            out.append('"')
        elif c == "a":
            out.append("\x07")
        elif c == "b":
            out.append("\x08")
        elif c == "f":
            out.append("\x0c")
        elif c == "n":
            out.append("\n")
        elif c == "r":
            out.append("\r")
        elif c == "t":
            out.append("\t")
        elif c == "v":
            out.append("\x0b")
        elif "0" <= c <= "7":
            v = ord(c) - ord("0")
            k = 0
            while k < 2 and i < n and "0" <= s[i] <= "7":
                v = v * 8 + ord(s[i]) - ord("0")
                i += 1
                k += 1
            if is_bytes:
                v = v & 0xFF
            out.append(chr(v))
        elif c == "x":
            v = _hex_value(s, i, 2)
            if v < 0:
                if is_bytes:
                    raise LiteralError(
                        "(value error) invalid \\x escape at position %d" % (i - 2)
                    )
                raise LiteralError(
                    "(unicode error) 'unicodeescape' codec can't decode bytes in position %d-%d: truncated \\xXX escape"
                    % (i - 2, _trunc_end(s, i, 2))
                )
            out.append(chr(v))
            i += 2
        elif c == "u" and not is_bytes:
            v = _hex_value(s, i, 4)
            if v < 0:
                raise LiteralError(
                    "(unicode error) 'unicodeescape' codec can't decode bytes in position %d-%d: truncated \\uXXXX escape"
                    % (i - 2, _trunc_end(s, i, 4))
                )
            out.append(chr(v))
            i += 4
        elif c == "U" and not is_bytes:
            v = _hex_value(s, i, 8)
            if v < 0:
                raise LiteralError(
                    "(unicode error) 'unicodeescape' codec can't decode bytes in position %d-%d: truncated \\UXXXXXXXX escape"
                    % (i - 2, _trunc_end(s, i, 8))
                )
            if v > 0x10FFFF:
                raise LiteralError(
                    "(unicode error) 'unicodeescape' codec can't decode bytes in position %d-%d: illegal Unicode character"
                    % (i - 2, i + 7)
                )
            out.append(chr(v))
            i += 8
        elif c == "N" and not is_bytes:
            end = -1
            if i < n and s[i] == "{":
                end = s.find("}", i)
            name = ""
            if end > i + 1:
                name = s[i + 1 : end]
            code = -1
            if len(name) > 0:
                from pypy.interpreter.pyparser import unicodehelper

                code = unicodehelper.lookup_name(name)
            if code < 0:
                if end < 0 or len(name) == 0:
                    raise LiteralError(
                        "(unicode error) 'unicodeescape' codec can't decode bytes in position %d-%d: malformed \\N character escape"
                        % (i - 2, i - 1 if end < 0 else end)
                    )
                raise LiteralError(
                    "(unicode error) 'unicodeescape' codec can't decode bytes in position %d-%d: unknown Unicode character name"
                    % (i - 2, end)
                )
            out.append(chr(code))
            i = end + 1
        else:
            out.append("\\")
            out.append(c)
    return "".join(out)


def _trunc_end(s, i, count):
    k = i
    while k < len(s) and k < i + count and _digit_value(s[k]) < 16:
        k += 1
    return k - 1
