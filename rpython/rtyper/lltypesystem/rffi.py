"""rffi: calling C from RPython.

`llexternal(name, argtypes, restype, compilation_info=eci)` returns a
low-level function pointer to the C function `name`.  Translated, the C
backend emits a direct call and adds the ECI (headers, extra sources,
libraries) to the build.  Untranslated, the call goes to `_callable` if one
is given, otherwise to the C library through ctypes (numbers, floats, chars
and char pointers are converted both ways).

Also here: the C integer types (INT, UINT, SIZE_T, ...), pointer types
(CCHARP, CCHARPP, VOIDP), `cast`, `sizeof`, and the string helpers
`str2charp` / `charp2str` / `free_charp` written in RPython so that they
translate too.
"""

import ctypes

from rpython.rlib import rarithmetic
from rpython.rtyper.lltypesystem import lltype
from rpython.translator.tool.cbuild import ExternalCompilationInfo

# C integer types: distinct low-level Number types where the width differs
# from a machine word, aliases of Signed/Unsigned where it does not.
INT = lltype.build_number("INT", rarithmetic.r_int32)
UINT = lltype.build_number("UINT", rarithmetic.r_uint32)
SHORT = lltype.build_number("SHORT", rarithmetic.r_int16)
USHORT = lltype.build_number("USHORT", rarithmetic.r_uint16)
SIGNEDCHAR = lltype.build_number("SIGNEDCHAR", rarithmetic.r_int8)
UCHAR = lltype.build_number("UCHAR", rarithmetic.r_uint8)
LONG = lltype.Signed
ULONG = lltype.Unsigned
LONGLONG = lltype.Signed
ULONGLONG = lltype.Unsigned
SIZE_T = lltype.Unsigned
SSIZE_T = lltype.Signed
INT8, UINT8, INT16, UINT16 = SIGNEDCHAR, UCHAR, SHORT, USHORT
INT32, UINT32, INT64, UINT64 = INT, UINT, lltype.Signed, lltype.Unsigned
DOUBLE = lltype.Float
CHAR = lltype.Char

CCHARP = lltype.Ptr(lltype.Array(lltype.Char, hints={"nolength": True}))
CCHARPP = lltype.Ptr(lltype.Array(CCHARP, hints={"nolength": True}))
INTP = lltype.Ptr(lltype.Array(INT, hints={"nolength": True}))
LONGP = lltype.Ptr(lltype.Array(lltype.Signed, hints={"nolength": True}))
DOUBLEP = lltype.Ptr(lltype.Array(lltype.Float, hints={"nolength": True}))
VOIDP = CCHARP  # void * is spelled char * on the RPython side

NULL = None  # use lltype.nullptr(T.TO) for a typed null


def CArray(T):
    return lltype.Array(T, hints={"nolength": True})


def CArrayPtr(T):
    return lltype.Ptr(CArray(T))


def CStruct(name, *fields, **kwds):
    return lltype.Struct(name, *fields, **kwds)


# ---------------------------------------------------------------------------
# external functions

_CTYPES_OF = {
    lltype.Signed: ctypes.c_long,
    lltype.Unsigned: ctypes.c_ulong,
    lltype.Float: ctypes.c_double,
    lltype.Char: ctypes.c_char,
    lltype.Bool: ctypes.c_bool,
    INT: ctypes.c_int,
    UINT: ctypes.c_uint,
    SHORT: ctypes.c_short,
    USHORT: ctypes.c_ushort,
    SIGNEDCHAR: ctypes.c_byte,
    UCHAR: ctypes.c_ubyte,
    lltype.Void: None,
}


class _CtypesCaller(object):
    """Untranslated calls of a C function from the process's C library."""

    def __init__(self, name, argtypes, restype):
        self.name = name
        self.argtypes = argtypes
        self.restype = restype
        self.cfunc = None

    def _setup(self):
        try:
            lib = ctypes.CDLL(None)
            cfunc = getattr(lib, self.name)
        except (OSError, AttributeError):
            raise NotImplementedError(
                "llexternal %r: not found in the C library; give _callable= for "
                "untranslated use" % (self.name,)
            )
        cargs = []
        for T in self.argtypes:
            if T == CCHARP:
                cargs.append(ctypes.c_char_p)
            elif T in _CTYPES_OF:
                cargs.append(_CTYPES_OF[T])
            else:
                raise NotImplementedError(
                    "llexternal %r: cannot call with %s untranslated; give "
                    "_callable=" % (self.name, T)
                )
        cfunc.argtypes = cargs
        if self.restype in _CTYPES_OF:
            cfunc.restype = _CTYPES_OF[self.restype]
        else:
            raise NotImplementedError(
                "llexternal %r: result %s untranslated" % (self.name, self.restype)
            )
        self.cfunc = cfunc

    def __call__(self, *args):
        if self.cfunc is None:
            self._setup()
        cargs = []
        buffers = []
        for T, value in zip(self.argtypes, args):
            if T == CCHARP:
                if not value:
                    cargs.append(None)
                    continue
                data = _charp_contents(value)
                buf = ctypes.create_string_buffer(data, len(data) + 1)
                buffers.append((value, buf, len(data)))
                cargs.append(ctypes.cast(buf, ctypes.c_char_p))
            elif T is lltype.Char:
                cargs.append(value.encode("latin-1"))
            else:
                cargs.append(value)
        result = self.cfunc(*cargs)
        for value, buf, n in buffers:
            # copy back: the C function may have written into the buffer
            raw = buf.raw
            for i in range(n):
                value[i] = chr(raw[i])
        if self.restype is lltype.Char:
            return result.decode("latin-1")
        if self.restype is lltype.Void:
            return None
        if self.restype in (INT, UINT, SHORT, USHORT, SIGNEDCHAR, UCHAR):
            return self.restype._type(result)
        return result


def _charp_contents(p):
    out = []
    i = 0
    while True:
        c = p[i]
        if c == "\x00":
            break
        out.append(ord(c))
        i += 1
    return bytes(out)


def llexternal(
    name,
    args,
    result,
    compilation_info=None,
    _callable=None,
    sandboxsafe=False,
    releasegil=None,
    _nowrapper=False,
    macro=None,
    save_err=0,
    elidable_function=False,
    calling_conv="c",
):
    """A function pointer to the C function `name` (see module docstring)."""
    if compilation_info is None:
        compilation_info = ExternalCompilationInfo()
    if not isinstance(compilation_info, ExternalCompilationInfo):
        raise TypeError("compilation_info must be an ExternalCompilationInfo")
    FUNC = lltype.FuncType(list(args), result)
    if _callable is None:
        _callable = _CtypesCaller(name, list(args), result)
    return lltype.functionptr(
        FUNC,
        name,
        external="C",
        compilation_info=compilation_info,
        _callable=_callable,
        _may_raise=False,
    )


# ---------------------------------------------------------------------------
# casts and sizes


def cast(TYPE, value):
    """Cast between integer types, or between pointer types."""
    if isinstance(TYPE, lltype.Ptr):
        return lltype.cast_pointer(TYPE, value)
    return lltype.cast_primitive(TYPE, value)


def sizeof(TYPE):
    sizes = {
        lltype.Char: 1,
        lltype.Bool: 1,
        lltype.Float: 8,
        lltype.Signed: 8,
        lltype.Unsigned: 8,
        INT: 4,
        UINT: 4,
        SHORT: 2,
        USHORT: 2,
        SIGNEDCHAR: 1,
        UCHAR: 1,
    }
    if TYPE in sizes:
        return sizes[TYPE]
    if isinstance(TYPE, lltype.Ptr):
        return 8
    raise TypeError("rffi.sizeof(%s) is not known untranslated" % (TYPE,))


# ---------------------------------------------------------------------------
# strings (RPython: translated with the program)


def str2charp(s):
    """A raw, NUL-terminated copy of `s` (code points must be < 256); free it
    with free_charp."""
    n = len(s)
    array = lltype.malloc(CCHARP.TO, n + 1, flavor="raw")
    i = 0
    while i < n:
        array[i] = chr(ord(s[i]) & 0xFF)
        i += 1
    array[n] = "\x00"
    return array


def free_charp(cp):
    if cp:
        lltype.free(cp, flavor="raw")


def charp2str(cp):
    """The text up to the first NUL byte, decoded as UTF-8; invalid bytes
    become U+DC80..U+DCFF (like CPython's surrogateescape for argv).
    Characters are collected in a list and joined once: `+=` on a str
    copies it, which made long arguments quadratic."""
    result = []
    i = 0
    while cp[i] != "\x00":
        b0 = ord(cp[i])
        need = 0
        code = b0
        if 0xC2 <= b0 <= 0xDF:
            need = 1
            code = b0 & 0x1F
        elif 0xE0 <= b0 <= 0xEF:
            need = 2
            code = b0 & 0x0F
        elif 0xF0 <= b0 <= 0xF4:
            need = 3
            code = b0 & 0x07
        elif b0 >= 0x80:
            need = -1
        k = 1
        while 0 < k <= need:
            b = ord(cp[i + k])
            if b & 0xC0 != 0x80:
                need = -1
                break
            code = (code << 6) | (b & 0x3F)
            k += 1
        if need > 0 and (
            (need == 2 and (code < 0x800 or 0xD800 <= code <= 0xDFFF))
            or (need == 3 and (code < 0x10000 or code > 0x10FFFF))
        ):
            need = -1
        if need < 0:
            result.append(chr(0xDC00 + b0))
            i += 1
        else:
            result.append(chr(code))
            i += need + 1
    return "".join(result)


def charp2strn(cp, maxlen):
    """At most maxlen bytes up to the first NUL, each byte one character."""
    result = []
    i = 0
    while i != maxlen and cp[i] != "\x00":
        result.append(cp[i])
        i += 1
    return "".join(result)


class scoped_str2charp(object):
    """with scoped_str2charp(s) as cp: ... (freed on exit)"""

    def __init__(self, s):
        self.buf = str2charp(s)

    def __enter__(self):
        return self.buf

    def __exit__(self, exc_type, exc_value, tb):
        free_charp(self.buf)


# ---------------------------------------------------------------------------
# writing text to a file descriptor (for print(): stdout, not stderr)

c_write = llexternal(
    "write",
    [lltype.Signed, CCHARP, lltype.Signed],
    lltype.Signed,
    compilation_info=ExternalCompilationInfo(includes=["unistd.h"]),
)


def ll_write_text(fd, s):
    """Low-level helper: write the code points of the rpy_string `s` (a
    Ptr to a GcStruct with an array field `chars`) to fd, UTF-8 encoded.
    Returns the number of bytes written, or -1 on error."""
    # s.chars is read afresh each time: no interior pointer into the moving
    # GC object is kept across the calls below
    n = len(s.chars)
    buf = lltype.malloc(CCHARP.TO, 4 * n + 1, flavor="raw")
    j = 0
    i = 0
    while i < n:
        c = ord(s.chars[i])
        if c < 0x80:
            buf[j] = chr(c)
            j += 1
        elif c < 0x800:
            buf[j] = chr(0xC0 | (c >> 6))
            buf[j + 1] = chr(0x80 | (c & 0x3F))
            j += 2
        elif c < 0x10000:
            buf[j] = chr(0xE0 | (c >> 12))
            buf[j + 1] = chr(0x80 | ((c >> 6) & 0x3F))
            buf[j + 2] = chr(0x80 | (c & 0x3F))
            j += 3
        else:
            buf[j] = chr(0xF0 | (c >> 18))
            buf[j + 1] = chr(0x80 | ((c >> 12) & 0x3F))
            buf[j + 2] = chr(0x80 | ((c >> 6) & 0x3F))
            buf[j + 3] = chr(0x80 | (c & 0x3F))
            j += 4
        i += 1
    buf[j] = "\x00"
    total = j
    while j > 0:
        written = c_write(fd, buf, j)
        if written <= 0:
            total = -1
            break
        # keep the unwritten tail at the start of the buffer
        k = 0
        while k + written < j:
            buf[k] = buf[k + written]
            k += 1
        j -= written
    lltype.free(buf, flavor="raw")
    return total


# ---------------------------------------------------------------------------
# rffi.cast in RPython code: the target type is a constant, so the annotator
# picks cast_pointer or cast_primitive directly (the isinstance test in the
# function body would otherwise be on a non-constant variable)

from rpython.rtyper import extregistry  # noqa: E402


class _Entry_rffi_cast(extregistry.ExtRegistryEntry):
    _about_ = cast

    def compute_result_annotation(self, s_TYPE, s_value):
        from rpython.annotator.model import AnnotatorError
        from rpython.rtyper.llannotation import SomePtr, lltype_to_annotation

        if not s_TYPE.is_constant():
            raise AnnotatorError("rffi.cast() type must be a constant")
        TYPE = s_TYPE.const
        if isinstance(TYPE, lltype.Ptr):
            return SomePtr(TYPE)
        return lltype_to_annotation(TYPE)

    def specialize_call(self, hop):
        from rpython.rtyper.rptr import _cast_result

        TYPE = hop.args_s[0].const
        v = hop.inputarg(hop.args_r[1], arg=1)
        hop.exception_cannot_occur()
        if isinstance(TYPE, lltype.Ptr):
            return hop.genop("cast_pointer", [v], resulttype=TYPE)
        return _cast_result(hop, hop.genop("cast_primitive", [v], resulttype=TYPE))
