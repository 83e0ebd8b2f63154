"""Untranslated implementations of low-level operations (see lloperation.py).

One function per operation, `op_<name>`, taking low-level values and returning
one; shared by `llop.NAME(...)` and the llinterp so that both agree with the
C backend: integers wrap at 64 bits, int_floordiv/int_mod truncate toward
zero as in C, int_py_div/int_py_mod floor as in Python.
"""

import math

from rpython.rlib.rarithmetic import LONG_BIT, r_uint, r_ulonglong
from rpython.rtyper.lltypesystem import lltype

_MASK = (1 << LONG_BIT) - 1


def _wrap_signed(x):
    x &= _MASK
    if x >= 1 << (LONG_BIT - 1):
        x -= 1 << LONG_BIT
    return x


def _check_ovf(x):
    if not (lltype.MININT <= x <= lltype.MAXINT):
        raise OverflowError("integer operation overflowed")
    return x


def _c_div(x, y):
    q = abs(x) // abs(y)
    return q if (x < 0) == (y < 0) else -q


def _c_mod(x, y):
    return x - y * _c_div(x, y)


def _py_div(x, y):
    return x // y


def _py_mod(x, y):
    return x % y


_BINARY = {
    "add": lambda x, y: x + y,
    "sub": lambda x, y: x - y,
    "mul": lambda x, y: x * y,
    "floordiv": _c_div,
    "mod": _c_mod,
    "py_div": _py_div,
    "py_mod": _py_mod,
    "and": lambda x, y: x & y,
    "or": lambda x, y: x | y,
    "xor": lambda x, y: x ^ y,
    "lshift": lambda x, y: x << y,
    "max": max,
    "min": min,
}
_COMPARE = {
    "lt": lambda x, y: x < y,
    "le": lambda x, y: x <= y,
    "eq": lambda x, y: x == y,
    "ne": lambda x, y: x != y,
    "gt": lambda x, y: x > y,
    "ge": lambda x, y: x >= y,
}
_UNARY = {
    "neg": lambda x: -x,
    "abs": abs,
    "invert": lambda x: ~x,
}

_impls = {}


def _register(name, func):
    _impls[name] = func


def _make_int_family(prefix, wrap, is_unsigned):
    def arg(x):
        if isinstance(x, bool) or isinstance(x, lltype.Symbolic):
            raise lltype.LowLevelTypeError("%s_*: bad argument %r" % (prefix, x))
        return int(x)

    for opname, fn in _BINARY.items():

        def binop(x, y, fn=fn, opname=opname):
            x = arg(x)
            y = arg(y)
            if opname in ("floordiv", "mod", "py_div", "py_mod") and y == 0:
                raise ZeroDivisionError("%s_%s by zero" % (prefix, opname))
            if opname == "lshift" and not (0 <= y < LONG_BIT):
                raise lltype.LowLevelTypeError("shift count %d out of range" % y)
            return wrap(fn(x, y))

        _register("%s_%s" % (prefix, opname), binop)

    def rshift(x, y):
        x = arg(x)
        y = arg(y)
        if not (0 <= y < LONG_BIT):
            raise lltype.LowLevelTypeError("shift count %d out of range" % y)
        return wrap(x >> y)  # unsigned values are non-negative: logical shift

    _register("%s_rshift" % prefix, rshift)
    for opname, fn in _COMPARE.items():
        _register("%s_%s" % (prefix, opname), lambda x, y, fn=fn: fn(arg(x), arg(y)))
    for opname, fn in _UNARY.items():
        _register("%s_%s" % (prefix, opname), lambda x, fn=fn: wrap(fn(arg(x))))
    _register("%s_is_true" % prefix, lambda x: arg(x) != 0)


_make_int_family("int", _wrap_signed, False)
_make_int_family("llong", _wrap_signed, False)
_make_int_family("uint", r_uint, True)
_make_int_family("ullong", r_ulonglong, True)


def op_int_between(a, b, c):
    return a <= b < c


def op_int_force_ge_zero(x):
    return x if x > 0 else 0


def op_uint_mul_high(x, y):
    return r_uint((int(x) * int(y)) >> LONG_BIT)


def op_int_add_ovf(x, y):
    return _check_ovf(x + y)


def op_int_add_nonneg_ovf(x, y):
    return _check_ovf(x + y)


def op_int_sub_ovf(x, y):
    return _check_ovf(x - y)


def op_int_mul_ovf(x, y):
    return _check_ovf(x * y)


def op_int_neg_ovf(x):
    return _check_ovf(-x)


def op_int_abs_ovf(x):
    return _check_ovf(abs(x))


def op_int_lshift_ovf(x, y):
    if not (0 <= y < LONG_BIT):
        raise OverflowError("shift count out of range")
    return _check_ovf(x << y)


def _zer(y):
    if y == 0:
        raise ZeroDivisionError("integer division or modulo by zero")


def op_int_py_div_zer(x, y):
    _zer(y)
    return _wrap_signed(x // y)


def op_int_py_mod_zer(x, y):
    _zer(y)
    return x % y


def op_uint_py_div_zer(x, y):
    _zer(y)
    return r_uint(int(x) // int(y))


def op_uint_py_mod_zer(x, y):
    _zer(y)
    return r_uint(int(x) % int(y))


def op_int_py_div_ovf_zer(x, y):
    _zer(y)
    return _check_ovf(x // y)


def op_int_py_mod_ovf_zer(x, y):
    _zer(y)
    _check_ovf(x // y)
    return x % y


# ____________________________________________________________
# floats


def op_float_truediv_zer(x, y):
    if y == 0.0:
        raise ZeroDivisionError("float division by zero")
    return _float_arg(x) / _float_arg(y)


def op_float_py_mod_zer(x, y):
    # the host's float % is the reference (nan for an infinite x, no
    # ValueError from math.fmod)
    if y == 0.0:
        raise ZeroDivisionError("float modulo")
    return x % y


def op_float_py_div_zer(x, y):
    # the host's float // is the reference: inf // 2.0 is nan and
    # 1e308 // 1e-10 is inf, where math.floor() would raise
    if y == 0.0:
        raise ZeroDivisionError("float floor division by zero")
    return x // y


def _float_arg(x):
    if type(x) is not float:
        raise lltype.LowLevelTypeError("float_*: bad argument %r" % (x,))
    return x


for _opname, _fn in _COMPARE.items():
    _register(
        "float_" + _opname,
        lambda x, y, fn=_fn: fn(_float_arg(x), _float_arg(y)),
    )


def op_float_is_true(x):
    return _float_arg(x) != 0.0


def op_float_neg(x):
    return -_float_arg(x)


def op_float_abs(x):
    return abs(_float_arg(x))


def op_float_add(x, y):
    return _float_arg(x) + _float_arg(y)


def op_float_sub(x, y):
    return _float_arg(x) - _float_arg(y)


def op_float_mul(x, y):
    return _float_arg(x) * _float_arg(y)


def op_float_truediv(x, y):
    # C semantics: division by zero gives inf/nan (the rtyper checks first)
    x = _float_arg(x)
    y = _float_arg(y)
    if y == 0.0:
        if x == 0.0 or math.isnan(x):
            return math.nan
        return math.copysign(math.inf, x) * math.copysign(1.0, y)
    return x / y


def op_float_floor(x):
    return float(math.floor(x)) if math.isfinite(x) else x


def op_float_ceil(x):
    return float(math.ceil(x)) if math.isfinite(x) else x


def op_float_sqrt(x):
    return math.sqrt(x) if x >= 0.0 else math.nan


def op_float_fmod(x, y):
    return math.fmod(x, y) if y != 0.0 else math.nan


def op_float_pow(x, y):
    try:
        return math.pow(x, y)
    except (OverflowError, ValueError):
        return math.nan


def op_float_isnan(x):
    return math.isnan(x)


def op_float_isinf(x):
    return math.isinf(x)


for _prefix in ("char", "unichar"):
    for _opname, _fn in _COMPARE.items():
        _register(
            "%s_%s" % (_prefix, _opname),
            lambda x, y, fn=_fn: fn(ord(x), ord(y)),
        )


def op_bool_not(x):
    if type(x) is not bool:
        raise lltype.LowLevelTypeError("bool_not: bad argument %r" % (x,))
    return not x


# ____________________________________________________________
# conversions


def op_cast_primitive(TYPE, value):
    return lltype.cast_primitive(TYPE, value)


def op_cast_bool_to_int(b):
    return int(b)


def op_cast_bool_to_uint(b):
    return r_uint(int(b))


def op_cast_bool_to_float(b):
    return float(b)


def op_cast_char_to_int(c):
    return ord(c)


op_cast_unichar_to_int = op_cast_char_to_int


def op_cast_int_to_char(i):
    return chr(i & 0xFF)


def op_cast_int_to_unichar(i):
    return chr(i)


def op_cast_int_to_uint(i):
    return r_uint(i)


def op_cast_uint_to_int(u):
    return _wrap_signed(int(u))


def op_cast_int_to_float(i):
    return float(i)


op_cast_uint_to_float = op_cast_int_to_float
op_cast_longlong_to_float = op_cast_int_to_float
op_cast_ulonglong_to_float = op_cast_int_to_float


def op_cast_float_to_int(f):
    if not math.isfinite(f):
        raise lltype.LowLevelTypeError("cast_float_to_int(%r): undefined" % (f,))
    return _wrap_signed(int(f))


op_cast_float_to_longlong = op_cast_float_to_int


def op_cast_float_to_uint(f):
    return r_uint(int(f))


op_cast_float_to_ulonglong = op_cast_float_to_uint


def op_cast_int_to_longlong(i):
    return i


def op_truncate_longlong_to_int(i):
    return _wrap_signed(int(i))


def op_convert_float_bytes_to_longlong(f):
    import struct

    return struct.unpack("<q", struct.pack("<d", f))[0]


def op_convert_longlong_bytes_to_float(i):
    import struct

    return struct.unpack("<d", struct.pack("<q", i))[0]


def op_is_early_constant(x):
    return False


# ____________________________________________________________
# pointers


def _checkptr(p):
    if not isinstance(lltype.typeOf(p), lltype.Ptr):
        raise lltype.LowLevelTypeError("expected a pointer, got %r" % (p,))


def op_ptr_eq(p, q):
    _checkptr(p)
    _checkptr(q)
    return p == q


def op_ptr_ne(p, q):
    _checkptr(p)
    _checkptr(q)
    return p != q


def op_ptr_iszero(p):
    _checkptr(p)
    return not p


def op_ptr_nonzero(p):
    _checkptr(p)
    return bool(p)


def op_cast_pointer(RESTYPE, p):
    return lltype.cast_pointer(RESTYPE, p)


def op_cast_opaque_ptr(RESTYPE, p):
    return lltype.cast_opaque_ptr(RESTYPE, p)


def op_cast_ptr_to_int(p):
    return lltype.cast_ptr_to_int(p)


def op_cast_int_to_ptr(RESTYPE, i):
    return lltype.cast_int_to_ptr(RESTYPE, i)


def op_cast_ptr_to_adr(p):
    from rpython.rtyper.lltypesystem import llmemory

    return llmemory.cast_ptr_to_adr(p)


def op_cast_adr_to_ptr(RESTYPE, adr):
    from rpython.rtyper.lltypesystem import llmemory

    return llmemory.cast_adr_to_ptr(adr, RESTYPE)


def op_cast_adr_to_int(adr, mode="emulated"):
    return adr._cast_to_int()


def op_cast_int_to_adr(i):
    from rpython.rtyper.lltypesystem import llmemory

    return llmemory.cast_int_to_adr(i)


def op_adr_add(adr, offset):
    return adr + offset


def op_adr_sub(adr, offset):
    return adr - offset


def op_adr_delta(adr1, adr2):
    return adr1 - adr2


def op_adr_eq(adr1, adr2):
    return adr1 == adr2


def op_adr_ne(adr1, adr2):
    return adr1 != adr2


def _adr_order(adr1, adr2):
    if adr1 == adr2:
        return 0
    raise lltype.LowLevelTypeError("ordering unrelated fake addresses")


def op_adr_lt(adr1, adr2):
    return _adr_order(adr1, adr2) < 0


def op_adr_le(adr1, adr2):
    return _adr_order(adr1, adr2) <= 0


def op_adr_gt(adr1, adr2):
    return _adr_order(adr1, adr2) > 0


def op_adr_ge(adr1, adr2):
    return _adr_order(adr1, adr2) >= 0


def op_same_as(x):
    return x


def op_hint(x, hints):
    return x


def op_likely(x):
    return x


op_unlikely = op_likely


def op_keepalive(*args):
    return None


def _field_name(name):
    return name.value if hasattr(name, "value") else name


def op_getfield(p, name):
    return getattr(p, _field_name(name))


def op_setfield(p, name, value):
    setattr(p, _field_name(name), value)


op_bare_setfield = op_setfield


def op_getsubstruct(p, name):
    return getattr(p, _field_name(name))


def op_getarrayitem(p, index):
    return p[index]


def op_setarrayitem(p, index, value):
    p[index] = value


op_bare_setarrayitem = op_setarrayitem


def op_getarraysubstruct(p, index):
    return p[index]


def op_getarraysize(p):
    return len(p)


def _walk_interior(p, path):
    for step in path:
        step = _field_name(step)
        if isinstance(step, str):
            p = getattr(p, step)
        else:
            p = p[step]
    return p


def op_getinteriorfield(p, *path):
    return _walk_interior(p, path)


def op_setinteriorfield(p, *args):
    path = args[:-2]
    last = _field_name(args[-2])
    value = args[-1]
    container = _walk_interior(p, path)
    if isinstance(last, str):
        setattr(container, last, value)
    else:
        container[last] = value


op_bare_setinteriorfield = op_setinteriorfield


def op_getinteriorarraysize(p, *path):
    return len(_walk_interior(p, path))


def op_debug_assert(cond, message):
    if not cond:
        raise AssertionError("ll_assert failed: %s" % (message,))


def op_debug_assert_not_none(p):
    if not p:
        raise AssertionError("ll_assert failed: unexpected None")


def op_debug_fatalerror(message):
    raise RuntimeError("fatal error: %s" % (message,))


def op_jit_marker(*args):
    return None


op_jit_force_virtualizable = op_jit_marker
op_jit_enter_portal_frame = op_jit_marker
op_jit_leave_portal_frame = op_jit_marker
op_jit_record_exact_class = op_jit_marker
op_jit_record_known_result = op_jit_marker
op_nop = op_jit_marker


def op_jit_force_virtual(x):
    return x


def op_jit_is_virtual(x):
    return False


def op_jit_force_quasi_immutable(*args):
    return None


def op_gc_can_move(p):
    return True


def op_gc_writebarrier(p):
    return None


def op_gc_pin(p):
    return False


def op_gc_unpin(p):
    return None


def op_gc_identityhash(p):
    return lltype.identityhash(p)


def op_gc_id(p):
    return lltype.cast_ptr_to_int(p)


def op_gc__collect(*args):
    return None


def op_gc_stack_bottom():
    return None


def op_have_debug_prints():
    return False


op_debug_have_print = op_have_debug_prints


# ops whose first argument is the result type (a Void constant in graphs)
NEEDS_RESULTTYPE = {
    "cast_primitive": True,
    "cast_pointer": True,
    "cast_opaque_ptr": True,
    "cast_int_to_ptr": True,
    "cast_adr_to_ptr": True,
}


def get_op_impl(opname):
    """The untranslated implementation of a low-level operation, or None."""
    impl = _impls.get(opname)
    if impl is None:
        impl = globals().get("op_" + opname)
    return impl
