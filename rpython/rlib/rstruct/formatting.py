"""``struct`` formats: parsing, ``calcsize``, ``pack`` and ``unpack``.

A format is parsed once into a list of ``Field``s (code, count, size,
offset) and a total size.  Values travel as instances of the ``StructValue``
classes, so that one RPython list can hold the mixed values of a format.
Errors are ``StructError`` with CPython 3.11's messages (``OverflowError``
for floats that do not fit ``e``/``f``, as CPython).
"""

from rpython.rlib.rarithmetic import intmask, r_uint
from rpython.rlib.rbigint import NULLRBIGINT, rbigint
from rpython.rlib.rstruct import ieee


class StructError(Exception):
    def __init__(self, msg):
        self.msg = msg

    def __str__(self):
        return self.msg


class StructValue:
    """One value to pack, or one unpacked value."""


class IntValue(StructValue):
    value = NULLRBIGINT  # class default: typed even if never built

    def __init__(self, value):
        self.value = value  # an rbigint


class FloatValue(StructValue):
    value = 0.0  # class default: typed even if never built

    def __init__(self, value):
        self.value = value


class BytesValue(StructValue):
    value = b""  # class default: typed even if never built

    def __init__(self, value):
        self.value = value


class BoolValue(StructValue):
    value = False  # class default: typed even if never built

    def __init__(self, value):
        self.value = value


NATIVE_SIZES = {
    "x": 1, "c": 1, "b": 1, "B": 1, "?": 1, "h": 2, "H": 2, "i": 4, "I": 4,
    "l": 8, "L": 8, "q": 8, "Q": 8, "n": 8, "N": 8, "e": 2, "f": 4, "d": 8,
    "s": 1, "p": 1, "P": 8,
}  # fmt: skip
STANDARD_SIZES = {
    "x": 1, "c": 1, "b": 1, "B": 1, "?": 1, "h": 2, "H": 2, "i": 4, "I": 4,
    "l": 4, "L": 4, "q": 8, "Q": 8, "e": 2, "f": 4, "d": 8, "s": 1, "p": 1,
}  # fmt: skip
SIGNED_CODES = "bhilqn"
UNSIGNED_CODES = "BHILQNP"


class Field:
    def __init__(self, code, count, size, offset):
        self.code = code
        self.count = count  # repeat count, or the length for s/p
        self.size = size  # size of one item
        self.offset = offset


class Format:
    def __init__(self, fields, size, little_endian, nvalues):
        self.fields = fields
        self.size = size
        self.little_endian = little_endian
        self.nvalues = nvalues


def parse(fmt):
    """Parse a format string into a Format; StructError if it is invalid."""
    i = 0
    native = True
    little = True
    if fmt and fmt[0] in "@=<>!":
        c = fmt[0]
        native = c == "@"
        little = c == "@" or c == "=" or c == "<"
        i = 1
    fields = []
    offset = 0
    nvalues = 0
    while i < len(fmt):
        c = fmt[i]
        if (
            c == " "
            or c == "\t"
            or c == "\n"
            or c == "\r"
            or c == "\x0b"
            or c == "\x0c"
        ):
            i += 1
            continue
        count = 1
        if "0" <= c <= "9":
            count = 0
            while i < len(fmt) and "0" <= fmt[i] <= "9":
                count = count * 10 + ord(fmt[i]) - ord("0")
                if count > 2**40:
                    raise StructError("total struct size too long")
                i += 1
            if i >= len(fmt):
                raise StructError("repeat count given without format specifier")
            c = fmt[i]
        if native:
            table = NATIVE_SIZES
        else:
            table = STANDARD_SIZES
        if c not in table:
            raise StructError("bad char in struct format")
        size = table[c]
        if native and size > 1:
            offset = (offset + size - 1) // size * size
        if c == "s" or c == "p":
            fields.append(Field(c, count, 1, offset))
            offset += count
            nvalues += 1
        elif c == "x":
            offset += count
        else:
            fields.append(Field(c, count, size, offset))
            offset += size * count
            nvalues += count
        i += 1
    return Format(fields, offset, little, nvalues)


def calcsize(fmt):
    return parse(fmt).size


def _int_range_error(code, size, value):
    signed = code in SIGNED_CODES
    if code == "P":
        return StructError("int too large to convert")
    if size == 1:
        if signed:
            return StructError("byte format requires -128 <= number <= 127")
        return StructError("ubyte format requires 0 <= number <= 255")
    if size == 2:
        if signed:
            return StructError("short format requires -32768 <= number <= 32767")
        return StructError("ushort format requires 0 <= number <= 65535")
    if size == 8 or (not signed and value.sign < 0):
        return StructError("argument out of range")
    bits = size * 8
    if signed:
        return StructError(
            "'%s' format requires %d <= number <= %d"
            % (code, -(1 << (bits - 1)), (1 << (bits - 1)) - 1)
        )
    return StructError(
        "'%s' format requires 0 <= number <= %d" % (code, (1 << bits) - 1)
    )


def _pack_uint(out, bits, size, little):
    """Append ``size`` bytes of the r_uint ``bits``."""
    chunk = [0] * size
    k = 0
    while k < size:
        byte = intmask(bits & r_uint(0xFF))
        if little:
            chunk[k] = byte
        else:
            chunk[size - 1 - k] = byte
        bits >>= 8
        k += 1
    out.extend(chunk)


def _int_bits(code, size, v):
    """The two's complement bits of the rbigint v for an integer code."""
    bits = size * 8
    if code in SIGNED_CODES:
        lo = rbigint.fromint(-1).lshift(bits - 1)
        hi = rbigint.fromint(1).lshift(bits - 1).int_sub(1)
    elif code == "P":
        # "P" also accepts negative addresses (they wrap, as in C)
        lo = rbigint.fromint(-1).lshift(bits - 1)
        hi = rbigint.fromint(1).lshift(bits).int_sub(1)
    else:
        lo = rbigint.fromint(0)
        hi = rbigint.fromint(1).lshift(bits).int_sub(1)
    if v.lt(lo) or v.gt(hi):
        raise _int_range_error(code, size, v)
    return v.uintmask()


def pack(fmt, values):
    """Pack the list of StructValues with the format string ``fmt``."""
    f = parse(fmt)
    if len(values) != f.nvalues:
        raise StructError(
            "pack expected %d items for packing (got %d)" % (f.nvalues, len(values))
        )
    out = []
    index = 0
    for field in f.fields:
        while len(out) < field.offset:
            out.append(0)
        code = field.code
        if code == "s" or code == "p":
            v = values[index]
            index += 1
            if not isinstance(v, BytesValue):
                raise StructError("argument for '%s' must be a bytes object" % code)
            data = v.value
            n = field.count
            if code == "p":
                if n == 0:
                    continue
                length = len(data)
                if length > n - 1:
                    length = n - 1
                if length > 255:
                    length = 255
                out.append(length)
                start = 1
            else:
                length = len(data)
                start = 0
            k = 0
            while k < n - start:
                if k < len(data) and (code == "s" or k < length):
                    out.append(data[k])
                else:
                    out.append(0)
                k += 1
            continue
        for _ in range(field.count):
            v = values[index]
            index += 1
            _pack_one(out, code, field.size, v, f.little_endian)
    while len(out) < f.size:
        out.append(0)
    return bytes(out)


def _pack_one(out, code, size, v, little):
    if code == "c":
        if not isinstance(v, BytesValue) or len(v.value) != 1:
            raise StructError("char format requires a bytes object of length 1")
        out.append(v.value[0])
    elif code == "?":
        if isinstance(v, BoolValue):
            out.append(1 if v.value else 0)
        elif isinstance(v, IntValue):
            out.append(1 if v.value.tobool() else 0)
        else:
            raise StructError("required argument is not a bool")
    elif code == "e" or code == "f" or code == "d":
        if isinstance(v, FloatValue):
            x = v.value
        elif isinstance(v, IntValue):
            x = v.value.tofloat()
        else:
            raise StructError("required argument is not a float")
        _pack_uint(out, ieee.float_pack(x, size), size, little)
    else:
        if not isinstance(v, IntValue):
            raise StructError("required argument is not an integer")
        _pack_uint(out, _int_bits(code, size, v.value), size, little)


def unpack(fmt, data):
    """Unpack ``data`` (exactly calcsize(fmt) bytes) into StructValues."""
    f = parse(fmt)
    if len(data) != f.size:
        raise StructError("unpack requires a buffer of %d bytes" % f.size)
    result = []
    for field in f.fields:
        code = field.code
        pos = field.offset
        if code == "s":
            result.append(BytesValue(data[pos : pos + field.count]))
            continue
        if code == "p":
            if field.count == 0:
                result.append(BytesValue(b""))
                continue
            n = data[pos]
            if n > field.count - 1:
                n = field.count - 1
            result.append(BytesValue(data[pos + 1 : pos + 1 + n]))
            continue
        for _ in range(field.count):
            result.append(_unpack_one(data, pos, code, field.size, f.little_endian))
            pos += field.size
    return result


def _read_uint(data, pos, size, little):
    bits = r_uint(0)
    k = 0
    while k < size:
        if little:
            byte = data[pos + size - 1 - k]
        else:
            byte = data[pos + k]
        bits = (bits << 8) | r_uint(byte)
        k += 1
    return bits


def _unpack_one(data, pos, code, size, little):
    if code == "c":
        return BytesValue(data[pos : pos + 1])
    if code == "?":
        return BoolValue(data[pos] != 0)
    bits = _read_uint(data, pos, size, little)
    if code == "e" or code == "f" or code == "d":
        return FloatValue(ieee.float_unpack(bits, size))
    value = rbigint.fromrarith_int(bits)
    if code in SIGNED_CODES and size * 8 <= 64:
        top = r_uint(1) << (size * 8 - 1)
        if bits & top:
            value = value.sub(rbigint.fromint(1).lshift(size * 8))
    return IntValue(value)


def iter_unpack_sizes(fmt, length):
    """How many records of fmt fit in ``length`` bytes (iter_unpack check)."""
    size = calcsize(fmt)
    if size == 0:
        raise StructError("cannot iteratively unpack with a struct of length 0")
    if length % size != 0:
        raise StructError(
            "iterative unpacking requires a buffer of a multiple of %d bytes" % size
        )
    return length // size
