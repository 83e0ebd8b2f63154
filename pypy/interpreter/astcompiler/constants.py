"""Constant values carried by `Constant` nodes and by code objects (RPython).

CPython's `Constant.value` may be any immutable Python object; RPython needs one
class hierarchy instead.  Every value knows:
- `key()`: a str that is equal for two constants exactly when CPython's compiler
  would merge them in co_consts (type matters: 1, 1.0 and True stay distinct; the
  sign of a zero float matters);
- `repr()`: CPython's repr, used by ast dumps and the disassembler;
- `truth()`: bool(value), for constant folding of tests.
Big integers keep their decimal digits as text until rpython.rlib.rbigint exists.
"""

import math

from rpython.rlib import unicodedb


class ConstValue(object):
    """Base class; never instantiated."""

    def key(self):
        raise NotImplementedError

    def repr(self):
        raise NotImplementedError

    def truth(self):
        raise NotImplementedError

    def type_name(self):
        raise NotImplementedError


class ConstNone(ConstValue):
    def key(self):
        return "N"

    def repr(self):
        return "None"

    def truth(self):
        return False

    def type_name(self):
        return "NoneType"


class ConstEllipsis(ConstValue):
    def key(self):
        return "E"

    def repr(self):
        return "Ellipsis"

    def truth(self):
        return True

    def type_name(self):
        return "ellipsis"


class ConstBool(ConstValue):
    def __init__(self, value):
        self.value = value

    def key(self):
        if self.value:
            return "T"
        return "F"

    def repr(self):
        if self.value:
            return "True"
        return "False"

    def truth(self):
        return self.value

    def type_name(self):
        return "bool"


class ConstInt(ConstValue):
    """An int that fits a machine word."""

    def __init__(self, value):
        self.value = value

    def key(self):
        return "i" + str(self.value)

    def repr(self):
        return str(self.value)

    def truth(self):
        return self.value != 0

    def type_name(self):
        return "int"


class ConstBigInt(ConstValue):
    """An int too large for a machine word: decimal digits with optional '-'."""

    def __init__(self, digits):
        self.digits = digits

    def key(self):
        return "i" + self.digits

    def repr(self):
        return self.digits

    def truth(self):
        return True  # zero always fits a machine word

    def type_name(self):
        return "int"


def float_repr(value):
    return repr(value)


class ConstFloat(ConstValue):
    def __init__(self, value):
        self.value = value

    def key(self):
        # -0.0 and 0.0 must stay distinct constants
        if self.value == 0.0 and math.copysign(1.0, self.value) < 0.0:
            return "f-0"
        return "f" + float_repr(self.value)

    def repr(self):
        return float_repr(self.value)

    def truth(self):
        return self.value != 0.0

    def type_name(self):
        return "float"


def _complex_part_repr(value):
    # complex repr drops a ".0" suffix on integral parts: 1j, (1+2j), 1.5j
    if math.isinf(value) or math.isnan(value):
        return float_repr(value)
    if value == math.floor(value) and abs(value) < 1e16:
        text = float_repr(value)
        if text.endswith(".0"):
            return text[:-2]
        return text
    return float_repr(value)


class ConstComplex(ConstValue):
    def __init__(self, real, imag):
        self.real = real
        self.imag = imag

    def key(self):
        return "c" + ConstFloat(self.real).key() + "," + ConstFloat(self.imag).key()

    def repr(self):
        imag = _complex_part_repr(self.imag) + "j"
        if self.real == 0.0 and math.copysign(1.0, self.real) > 0.0:
            return imag
        real = _complex_part_repr(self.real)
        if not imag.startswith("-"):
            imag = "+" + imag
        return "(" + real + imag + ")"

    def truth(self):
        return self.real != 0.0 or self.imag != 0.0

    def type_name(self):
        return "complex"


def str_repr(value):
    """CPython's repr() of a str (quote choice and escapes)."""
    quote = "'"
    if "'" in value and '"' not in value:
        quote = '"'
    parts = [quote]
    for ch in value:
        code = ord(ch)
        if ch == quote or ch == "\\":
            parts.append("\\" + ch)
        elif ch == "\n":
            parts.append("\\n")
        elif ch == "\r":
            parts.append("\\r")
        elif ch == "\t":
            parts.append("\\t")
        elif code < 0x20 or code == 0x7F:
            parts.append("\\x%02x" % code)
        elif code < 0x7F:
            parts.append(ch)
        elif unicodedb.isprintable(code):
            parts.append(ch)
        elif code <= 0xFF:
            parts.append("\\x%02x" % code)
        elif code <= 0xFFFF:
            parts.append("\\u%04x" % code)
        else:
            parts.append("\\U%08x" % code)
    parts.append(quote)
    return "".join(parts)


def bytes_repr(value):
    """CPython's repr() of a bytes object."""
    has_single = False
    has_double = False
    for i in range(len(value)):
        if value[i] == 39:
            has_single = True
        elif value[i] == 34:
            has_double = True
    quote = "'"
    if has_single and not has_double:
        quote = '"'
    parts = ["b", quote]
    for i in range(len(value)):
        code = value[i]
        ch = chr(code)
        if ch == quote or ch == "\\":
            parts.append("\\" + ch)
        elif ch == "\n":
            parts.append("\\n")
        elif ch == "\r":
            parts.append("\\r")
        elif ch == "\t":
            parts.append("\\t")
        elif code < 0x20 or code >= 0x7F:
            parts.append("\\x%02x" % code)
        else:
            parts.append(ch)
    parts.append(quote)
    return "".join(parts)


class ConstStr(ConstValue):
    def __init__(self, value):
        self.value = value

    def key(self):
        return "s" + self.value

    def repr(self):
        return str_repr(self.value)

    def truth(self):
        return len(self.value) != 0

    def type_name(self):
        return "str"


class ConstBytes(ConstValue):
    def __init__(self, value):
        self.value = value

    def key(self):
        return "b" + bytes_repr(self.value)

    def repr(self):
        return bytes_repr(self.value)

    def truth(self):
        return len(self.value) != 0

    def type_name(self):
        return "bytes"


class ConstTuple(ConstValue):
    def __init__(self, items):
        self.items = items

    def key(self):
        return "t(" + ",".join([item.key() for item in self.items]) + ")"

    def repr(self):
        if len(self.items) == 1:
            return "(" + self.items[0].repr() + ",)"
        return "(" + ", ".join([item.repr() for item in self.items]) + ")"

    def truth(self):
        return len(self.items) != 0

    def type_name(self):
        return "tuple"


class ConstFrozenset(ConstValue):
    """Items are kept unique by key(), in first-seen order."""

    def __init__(self, items):
        self.items = items

    def key(self):
        return "z(" + ",".join([item.key() for item in self.items]) + ")"

    def repr(self):
        if not self.items:
            return "frozenset()"
        return "frozenset({" + ", ".join([item.repr() for item in self.items]) + "})"

    def truth(self):
        return len(self.items) != 0

    def type_name(self):
        return "frozenset"


CONST_NONE = ConstNone()
CONST_ELLIPSIS = ConstEllipsis()
CONST_TRUE = ConstBool(True)
CONST_FALSE = ConstBool(False)


def const_bool(value):
    if value:
        return CONST_TRUE
    return CONST_FALSE
