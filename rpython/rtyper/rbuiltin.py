"""Builtin functions (len, min, isinstance, intmask...) and methods of
builtin types (lst.append, s.join...).

A builtin function is a Void value; calling it runs its entry in
BUILTIN_TYPER (or the `specialize_call` of its extregistry entry).  A
bound builtin method keeps its receiver as its value; calling it runs
`rtype_method_NAME(hop)` on the receiver's repr, with the receiver as the
first argument.
"""

from rpython.annotator import model as annmodel
from rpython.flowspace.model import Constant
from rpython.rlib import objectmodel, rarithmetic
from rpython.rtyper.error import TyperError
from rpython.rtyper.lltypesystem import lltype
from rpython.rtyper.lltypesystem.lltype import Bool, Float, Signed, Void
from rpython.rtyper.rmodel import Repr, inputconst

BUILTIN_TYPER = {}


def typer_for(*funcs):
    def decorate(typer):
        for f in funcs:
            if f is not None:
                BUILTIN_TYPER[f] = typer
        return typer

    return decorate


def make_builtin_repr(rtyper, s_builtin):
    if s_builtin.s_self is not None:
        return BuiltinMethodRepr(rtyper, s_builtin.s_self, s_builtin.methodname)
    return BuiltinFunctionRepr(s_builtin)


class BuiltinFunctionRepr(Repr):
    lowleveltype = Void

    def __init__(self, s_builtin):
        self.s_builtin = s_builtin
        self.builtinfunc = getattr(s_builtin, "const", None)
        self.entry = getattr(s_builtin, "extregistry_entry", None)

    def convert_const(self, value):
        return None

    def _call(self, hop):
        hop2 = hop.copy()
        hop2.r_s_popfirstarg()
        if self.entry is not None:
            return self.entry.specialize_call(hop2)
        typer = BUILTIN_TYPER.get(self.builtinfunc)
        if typer is None:
            analyser = self.s_builtin.analyser
            typer = BUILTIN_TYPER.get(analyser)
        if typer is None:
            name = getattr(self.builtinfunc, "__name__", repr(self.builtinfunc))
            raise TyperError("don't know how to rtype a call to %s()" % (name,))
        return typer(hop2)

    def rtype_simple_call(self, hop):
        return self._call(hop)

    def rtype_call_args(self, hop):
        raise TyperError("keyword arguments to builtin functions are not supported")


class BuiltinMethodRepr(Repr):
    def __init__(self, rtyper, s_self, methodname):
        self.s_self = s_self
        self.self_repr = rtyper.getrepr(s_self)
        self.methodname = methodname
        self.lowleveltype = self.self_repr.lowleveltype

    def convert_const(self, obj):
        return self.self_repr.convert_const(obj.__self__)

    def rtype_simple_call(self, hop):
        name = "rtype_method_" + self.methodname
        self_repr = self.self_repr
        bltintyper = getattr(self_repr, name, None)
        hop2 = hop.copy()
        v_self = hop2.args_v[0]
        # this call's own receiver annotation (the repr is shared by all
        # receivers with the same repr, e.g. several constant strings)
        s_self = getattr(hop.args_s[0], "s_self", None) or self.s_self
        if bltintyper is None:
            # a one-character str/bytes: use the method of the full type
            from rpython.rtyper import rstr

            if self_repr is rstr.char_repr:
                wider, s_self = rstr.string_repr, annmodel.SomeString()
            elif self_repr is rstr.bytechar_repr:
                wider, s_self = rstr.bytes_repr, annmodel.SomeBytes()
            else:
                raise TyperError("missing %s.%s" % (self_repr.__class__.__name__, name))
            bltintyper = getattr(wider, name, None)
            if bltintyper is None:
                raise TyperError("missing %s.%s" % (wider.__class__.__name__, name))
            if isinstance(v_self, Constant):
                value = v_self.value
                if wider is rstr.bytes_repr and isinstance(value, str):
                    value = value.encode("latin-1")
                v_self = inputconst(wider, value)
            else:
                v_self = hop.llops.convertvar(v_self, self_repr, wider)
            self_repr = wider
        hop2.r_s_popfirstarg()
        hop2.v_s_insertfirstarg(v_self, s_self)
        hop2.args_r[0] = self_repr
        return bltintyper(hop2)

    def rtype_call_args(self, hop):
        raise TyperError(
            "keyword arguments to %s() are not supported" % self.methodname
        )


class __extend__(annmodel.SomeObject):
    pass


def _convert_to_builtinmethod(rtyper):
    return None


from rpython.annotator.pairtype import pairtype  # noqa: E402


class __extend__(pairtype(BuiltinMethodRepr, BuiltinMethodRepr)):  # noqa: F811
    def convert_from_to(pair_reprs, v, llops):
        r_from, r_to = pair_reprs
        if r_from.methodname != r_to.methodname:
            return NotImplemented
        return llops.convertvar(v, r_from.self_repr, r_to.self_repr)


# ____________________________________________________________
# the builtins


@typer_for(len)
def rtype_builtin_len(hop):
    return hop.args_r[0].rtype_len(hop)


@typer_for(bool)
def rtype_builtin_bool(hop):
    if hop.nb_args == 0:
        return inputconst(Bool, False)
    return hop.args_r[0].rtype_bool(hop)


@typer_for(int)
def rtype_builtin_int(hop):
    if hop.nb_args == 0:
        return inputconst(Signed, 0)
    if hop.nb_args == 2:
        from rpython.rtyper.rstr import rtype_int_with_base

        return rtype_int_with_base(hop)
    return hop.args_r[0].rtype_int(hop)


@typer_for(float)
def rtype_builtin_float(hop):
    if hop.nb_args == 0:
        return inputconst(Float, 0.0)
    return hop.args_r[0].rtype_float(hop)


@typer_for(str)
def rtype_builtin_str(hop):
    if hop.nb_args == 0:
        from rpython.rtyper.rstr import string_repr

        return inputconst(string_repr, "")
    return hop.args_r[0].rtype_str(hop)


@typer_for(repr)
def rtype_builtin_repr(hop):
    return hop.args_r[0].rtype_repr(hop)


@typer_for(chr)
def rtype_builtin_chr(hop):
    return hop.args_r[0].rtype_chr(hop)


@typer_for(ord)
def rtype_builtin_ord(hop):
    return hop.args_r[0].rtype_ord(hop)


@typer_for(abs)
def rtype_builtin_abs(hop):
    return hop.args_r[0].rtype_abs(hop)


@typer_for(hash)
def rtype_builtin_hash(hop):
    return hop.args_r[0].rtype_hash(hop)


@typer_for(hex)
def rtype_builtin_hex(hop):
    return hop.args_r[0].rtype_hex(hop)


@typer_for(oct)
def rtype_builtin_oct(hop):
    return hop.args_r[0].rtype_oct(hop)


@typer_for(id)
def rtype_builtin_id(hop):
    return hop.args_r[0].rtype_id(hop)


@typer_for(isinstance)
def rtype_builtin_isinstance(hop):
    if hop.s_result.is_constant():
        return inputconst(Bool, hop.s_result.const)
    from rpython.rtyper.rclass import rtype_isinstance

    r = hop.args_r[0]
    if hasattr(r, "rtype_isinstance") and not hasattr(r, "classdef"):
        return r.rtype_isinstance(hop)
    return rtype_isinstance(hop)


def _minmax(hop, opname):
    from rpython.rtyper.rlist import AbstractListRepr
    from rpython.rtyper.rtuple import item_cmp_function

    if hop.nb_args == 1:
        r_lst = hop.args_r[0]
        if not isinstance(r_lst, AbstractListRepr):
            raise TyperError("%s() of %r" % (opname, r_lst))
        (v_lst,) = hop.inputargs(r_lst)
        hop.has_implicit_exception(ValueError)
        hop.exception_is_here()
        c_cmp = inputconst(Void, item_cmp_function(r_lst.item_repr))
        c_sign = inputconst(Signed, 1 if opname == "max" else -1)
        v = hop.gendirectcall(
            ll_list_minmax, v_lst, c_cmp, c_sign, r_lst._c_len(), r_lst._c_items()
        )
        return hop.llops.convertvar(v, r_lst.item_repr, hop.r_result)
    r = hop.r_result
    vlist = hop.inputargs(*[r] * hop.nb_args)
    hop.exception_cannot_occur()
    T = r.lowleveltype
    if T is Signed or T is Bool:
        prefix = "int_"
    elif T is lltype.Unsigned:
        prefix = "uint_"
    else:
        c_cmp = inputconst(Void, item_cmp_function(r))
        c_sign = inputconst(Signed, 1 if opname == "max" else -1)
        v = vlist[0]
        for v2 in vlist[1:]:
            v = hop.gendirectcall(ll_pick, v, v2, c_cmp, c_sign)
        return v
    v = vlist[0]
    for v2 in vlist[1:]:
        v = hop.genop(prefix + opname, [v, v2], resulttype=T)
    return v


def ll_pick(a, b, cmp, sign):
    # max: keep the first of equal values, like Python
    if cmp(b, a) * sign > 0:
        return b
    return a


def ll_list_minmax(lst, cmp, sign, length, getitems):
    n = length(lst)
    if n == 0:
        raise ValueError
    items = getitems(lst)
    best = items[0]
    i = 1
    while i < n:
        if cmp(items[i], best) * sign > 0:
            best = items[i]
        i += 1
    return best


def ll_max_float(a, b):
    if a >= b:
        return a
    return b


def ll_min_float(a, b):
    if a <= b:
        return a
    return b


@typer_for(max)
def rtype_builtin_max(hop):
    return _minmax(hop, "max")


@typer_for(min)
def rtype_builtin_min(hop):
    return _minmax(hop, "min")


@typer_for(range)
def rtype_builtin_range(hop):
    from rpython.rtyper.rrange import rtype_builtin_range as rtype

    return rtype(hop)


@typer_for(enumerate)
def rtype_builtin_enumerate(hop):
    hop.exception_cannot_occur()
    return hop.r_result.newiter(hop)


@typer_for(reversed)
def rtype_builtin_reversed(hop):
    return hop.args_r[0].rtype_reversed(hop)


@typer_for(list)
def rtype_builtin_list(hop):
    return hop.args_r[0].rtype_bltn_list(hop)


@typer_for(rarithmetic.intmask, getattr(rarithmetic, "widen", None))
def rtype_intmask(hop):
    hop.exception_cannot_occur()
    (v,) = hop.inputargs(Signed)
    return v


def _int_type_typer(tp):
    def typer(hop):
        hop.exception_cannot_occur()
        if hop.nb_args == 0:
            return inputconst(hop.r_result, 0)
        (v,) = hop.inputargs(hop.r_result)
        return v

    return typer


for _name in dir(rarithmetic):
    _value = getattr(rarithmetic, _name)
    if isinstance(_value, type) and issubclass(_value, int) and hasattr(_value, "BITS"):
        BUILTIN_TYPER[_value] = _int_type_typer(_value)


@typer_for(objectmodel.we_are_translated)
def rtype_we_are_translated(hop):
    hop.exception_cannot_occur()
    return inputconst(Bool, True)


@typer_for(getattr(objectmodel, "keepalive_until_here", None))
def rtype_keepalive_until_here(hop):
    hop.exception_cannot_occur()
    for i in range(hop.nb_args):
        v = hop.inputarg(hop.args_r[i], arg=i)
        if v.concretetype is not Void:
            hop.genop("keepalive", [v])
    return None


@typer_for(getattr(objectmodel, "compute_hash", None))
def rtype_compute_hash(hop):
    return hop.args_r[0].rtype_hash(hop)


@typer_for(
    getattr(objectmodel, "compute_identity_hash", None),
)
def rtype_compute_identity_hash(hop):
    (v,) = hop.inputargs(hop.args_r[0])
    if not isinstance(v.concretetype, lltype.Ptr):
        raise TyperError("compute_identity_hash() of a non-pointer")
    return hop.genop("gc_identityhash", [v], resulttype=Signed)


@typer_for(
    getattr(objectmodel, "compute_unique_id", None),
    getattr(objectmodel, "current_object_addr_as_int", None),
)
def rtype_compute_unique_id(hop):
    (v,) = hop.inputargs(hop.args_r[0])
    if not isinstance(v.concretetype, lltype.Ptr):
        raise TyperError("compute_unique_id() of a non-pointer")
    return hop.genop("gc_id", [v], resulttype=Signed)


def _noop_typer(hop):
    hop.exception_cannot_occur()
    return None


def _identity_typer(hop):
    hop.exception_cannot_occur()
    return hop.inputarg(hop.r_result, arg=0)


def _false_typer(hop):
    hop.exception_cannot_occur()
    return inputconst(Bool, False)


def _install_rlib_typers():
    try:
        from rpython.rlib import debug, jit
    except ImportError:
        return
    for name in ("debug_start", "debug_stop", "debug_flush", "check_nonneg"):
        func = getattr(debug, name, None)
        if func is not None:
            BUILTIN_TYPER[func] = _noop_typer
    for name in ("promote", "promote_string", "hint", "assert_green",
                 "record_known_result"):  # fmt: skip
        func = getattr(jit, name, None)
        if func is not None:
            BUILTIN_TYPER[func] = _identity_typer
    for name in ("isconstant", "isvirtual", "we_are_jitted"):
        func = getattr(jit, name, None)
        if func is not None:
            BUILTIN_TYPER[func] = _false_typer
    func = getattr(debug, "ll_assert", None)
    if func is not None:
        BUILTIN_TYPER[func] = rtype_ll_assert
    func = getattr(debug, "debug_print", None)
    if func is not None:
        BUILTIN_TYPER[func] = rtype_debug_print
    func = getattr(debug, "have_debug_prints", None)
    if func is not None:
        BUILTIN_TYPER[func] = _false_typer
    func = getattr(debug, "fatalerror", None)
    if func is not None:
        BUILTIN_TYPER[func] = rtype_fatalerror
    func = getattr(debug, "fatalerror_notb", None)
    if func is not None:
        BUILTIN_TYPER[func] = rtype_fatalerror


def rtype_ll_assert(hop):
    from rpython.rtyper.rstr import string_repr

    v_cond = hop.inputarg(Bool, arg=0)
    v_msg = (
        hop.inputarg(string_repr, arg=1)
        if hop.nb_args > 1
        else inputconst(string_repr, "")
    )
    hop.exception_cannot_occur()
    hop.genop("debug_assert", [v_cond, v_msg])


def rtype_debug_print(hop):
    vlist = []
    for i in range(hop.nb_args):
        r = hop.args_r[i]
        vlist.append(hop.inputarg(r, arg=i))
    hop.exception_cannot_occur()
    hop.genop("debug_print", vlist)


def rtype_fatalerror(hop):
    from rpython.rtyper.rstr import string_repr

    v_msg = hop.inputarg(string_repr, arg=0)
    hop.exception_cannot_occur()
    hop.genop("debug_fatalerror", [v_msg])


_install_rlib_typers()


@typer_for(print)
def rtype_builtin_print(hop):
    from rpython.rtyper.rstr import rtype_print

    return rtype_print(hop)


def _float_unary_typer(opname, canraise=None):
    def typer(hop):
        vlist = hop.inputargs(*[Float] * hop.nb_args)
        hop.exception_cannot_occur()
        T = hop.r_result.lowleveltype
        return hop.genop(opname, vlist, resulttype=T)

    return typer


def _install_math_typers():
    import math

    for name, opname in [
        ("isinf", "float_isinf"),
        ("isnan", "float_isnan"),
        ("sqrt", "float_sqrt"),
        ("fabs", "float_abs"),
        ("fmod", "float_fmod"),
        ("pow", "float_pow"),
    ]:
        BUILTIN_TYPER[getattr(math, name)] = _float_unary_typer(opname)

    def rtype_isfinite(hop):
        (v,) = hop.inputargs(Float)
        hop.exception_cannot_occur()
        v1 = hop.genop("float_isinf", [v], resulttype=Bool)
        v2 = hop.genop("float_isnan", [v], resulttype=Bool)
        v1 = hop.genop("cast_bool_to_int", [v1], resulttype=Signed)
        v2 = hop.genop("cast_bool_to_int", [v2], resulttype=Signed)
        v3 = hop.genop("int_or", [v1, v2], resulttype=Signed)
        v4 = hop.genop("int_is_true", [v3], resulttype=Bool)
        return hop.genop("bool_not", [v4], resulttype=Bool)

    BUILTIN_TYPER[math.isfinite] = rtype_isfinite

    def _int_rounding_typer(opname):
        def typer(hop):
            from rpython.rtyper.rfloat import ll_float_to_int

            (v,) = hop.inputargs(Float)
            v = hop.genop(opname, [v], resulttype=Float)
            hop.has_implicit_exception(OverflowError)
            hop.exception_is_here()
            return hop.gendirectcall(ll_float_to_int, v)

        return typer

    BUILTIN_TYPER[math.floor] = _int_rounding_typer("float_floor")
    BUILTIN_TYPER[math.ceil] = _int_rounding_typer("float_ceil")

    def rtype_copysign(hop):
        vlist = hop.inputargs(Float, Float)
        hop.exception_cannot_occur()
        return hop.gendirectcall(ll_copysign, *vlist)

    BUILTIN_TYPER[math.copysign] = rtype_copysign


_install_math_typers()


def rtype_r_dict(hop):
    from rpython.rtyper.rdict import rtype_newdict

    r_dict = hop.r_result
    r_dict.setup()
    hop2 = hop.copy()
    # r_dict(eq, hash): the functions are constants known to the repr
    while hop2.nb_args:
        hop2.r_s_popfirstarg()
    return rtype_newdict(hop2)


BUILTIN_TYPER[objectmodel.r_dict] = rtype_r_dict
if getattr(objectmodel, "r_ordereddict", None) is not None:
    BUILTIN_TYPER[objectmodel.r_ordereddict] = rtype_r_dict


def ll_copysign(x, y):
    from rpython.rtyper.lltypesystem.lloperation import llop

    bits = llop.convert_float_bytes_to_longlong(lltype.SignedLongLong, y)
    ax = abs(x)
    if bits < 0:
        return -ax
    return ax


# math functions without a low-level operation, written with float
# arithmetic (exact for frexp/ldexp: only multiplications by powers of 2)


def ll_frexp(x):
    if x == 0.0 or x != x or x - x != 0.0:
        return (x, 0)
    e = 0
    m = x
    if m < 0.0:
        m = -m
    while m >= 1.0:
        m *= 0.5
        e += 1
    while m < 0.5:
        m *= 2.0
        e -= 1
    if x < 0.0:
        m = -m
    return (m, e)


def ll_ldexp(x, e):
    if x == 0.0 or x != x or x - x != 0.0:
        return x
    # scale in steps that stay exact until the final multiplication
    while e > 1000:
        x *= 2.0**1000
        e -= 1000
        if x - x != 0.0:
            return x
    while e < -1000:
        x *= 2.0**-1000
        e += 1000
        if x == 0.0:
            return x
    factor = 1.0
    if e >= 0:
        while e > 0:
            factor *= 2.0
            e -= 1
        return x * factor
    while e < 0:
        factor *= 0.5
        e += 1
    return x * factor


LOG10_2 = 0.30102999566398119521
LN10 = 2.30258509299404568402


NAN = float("nan")
INF = float("inf")


def ll_log10(x):
    if x != x:
        return x
    if x < 0.0:
        return NAN
    if x == 0.0:
        return -INF
    if x == INF:
        return x
    mt = ll_frexp(x)
    m = mt[0]
    e = mt[1]
    # ln(m) = 2 * atanh((m - 1) / (m + 1)), |z| <= 1/3
    z = (m - 1.0) / (m + 1.0)
    z2 = z * z
    term = z
    total = 0.0
    k = 1
    while k < 60:
        total += term / k
        term *= z2
        k += 2
    return (2.0 * total) / LN10 + e * LOG10_2


def _install_more_math():
    import math

    def rtype_frexp(hop):
        (v,) = hop.inputargs(Float)
        hop.exception_cannot_occur()
        v_res = hop.gendirectcall(ll_frexp, v)
        return v_res

    def rtype_ldexp(hop):
        v_x, v_e = hop.inputargs(Float, Signed)
        hop.exception_cannot_occur()
        return hop.gendirectcall(ll_ldexp, v_x, v_e)

    def rtype_log10(hop):
        (v,) = hop.inputargs(Float)
        hop.exception_cannot_occur()
        return hop.gendirectcall(ll_log10, v)

    BUILTIN_TYPER[math.frexp] = rtype_frexp
    BUILTIN_TYPER[math.ldexp] = rtype_ldexp
    BUILTIN_TYPER[math.log10] = rtype_log10


_install_more_math()


# ____________________________________________________________
# the raw libm functions: `math.NAME(x)` in rlib code (rlib/rmath.py adds
# CPython's error checks around them; user code reaches rmath through the
# flow space's substitution, see flowcontext.math_substitute)


def _libm_callable(name, nargs):
    """Untranslated stand-in for the C function: the value libm would
    give, never a host exception (nan for a domain error, inf for an
    overflow)."""
    import math

    pyfunc = getattr(math, name)

    def call(*args):
        try:
            return pyfunc(*args)
        except ValueError:
            return float("nan")
        except OverflowError:
            return float("inf")

    call.__name__ = "libm_" + name
    return call


_LIBM = {}


def libm_function(pyname, nargs):
    """A function pointer to the C library's version of math.`pyname`."""
    try:
        return _LIBM[pyname]
    except KeyError:
        pass
    from rpython.rtyper.lltypesystem import rffi
    from rpython.translator.tool.cbuild import ExternalCompilationInfo

    cname = {"gamma": "tgamma"}.get(pyname, pyname)
    eci = ExternalCompilationInfo(includes=["math.h"], libraries=["m"])
    fptr = rffi.llexternal(
        cname,
        [Float] * nargs,
        Float,
        compilation_info=eci,
        _callable=_libm_callable(pyname, nargs),
    )
    _LIBM[pyname] = fptr
    return fptr


def _libm_typer(pyname, nargs):
    def typer(hop):
        if hop.nb_args != nargs:
            raise TyperError("math.%s() takes %d arguments" % (pyname, nargs))
        vlist = hop.inputargs(*[Float] * nargs)
        hop.exception_cannot_occur()
        fptr = libm_function(pyname, nargs)
        c_func = inputconst(lltype.typeOf(fptr), fptr)
        return hop.genop("direct_call", [c_func] + vlist, resulttype=Float)

    return typer


def ll_modf(x):
    from rpython.rtyper.lltypesystem.lloperation import llop

    if x != x:
        return (x, x)
    if x - x != 0.0:  # an infinity
        return (ll_copysign(0.0, x), x)
    if x < 0.0:
        whole = -llop.float_floor(Float, -x)
    else:
        whole = llop.float_floor(Float, x)
    return (ll_copysign(x - whole, x), whole)


def _install_libm():
    import math

    for name in ("exp", "expm1", "log", "log2", "log10", "log1p", "sin",
                 "cos", "tan", "asin", "acos", "atan", "sinh", "cosh",
                 "tanh", "asinh", "acosh", "atanh", "erf", "erfc", "gamma",
                 "lgamma"):  # fmt: skip
        BUILTIN_TYPER[getattr(math, name)] = _libm_typer(name, 1)
    for name in ("atan2", "hypot"):
        BUILTIN_TYPER[getattr(math, name)] = _libm_typer(name, 2)

    def rtype_modf(hop):
        (v,) = hop.inputargs(Float)
        hop.exception_cannot_occur()
        return hop.gendirectcall(ll_modf, v)

    BUILTIN_TYPER[math.modf] = rtype_modf


_install_libm()


@typer_for(bytes)
def rtype_builtin_bytes(hop):
    from rpython.rtyper import rstr
    from rpython.rtyper.rlist import AbstractListRepr

    if hop.nb_args == 0:
        return inputconst(rstr.bytes_repr, b"")
    r_arg = hop.args_r[0]
    if isinstance(r_arg, AbstractListRepr):
        (v_lst,) = hop.inputargs(r_arg)
        hop.has_implicit_exception(ValueError)
        hop.exception_is_here()
        return hop.gendirectcall(
            ll_bytes_from_list, v_lst, r_arg._c_len(), r_arg._c_items()
        )
    if r_arg is rstr.bytes_repr:
        (v,) = hop.inputargs(r_arg)
        return v
    raise TyperError("bytes() of %r" % (r_arg,))


def ll_bytes_from_list(lst, length, getitems):
    from rpython.rtyper.rstr import BYTES

    n = length(lst)
    items = getitems(lst)
    result = lltype.malloc(BYTES, n)
    i = 0
    while i < n:
        b = items[i]
        if b < 0 or b > 255:
            raise ValueError
        result.chars[i] = lltype.cast_primitive(lltype.Char, b)
        i += 1
    return result


@typer_for(dict)
def rtype_builtin_dict(hop):
    from rpython.rtyper.rdict import ll_dict_copy, rtype_newdict

    if hop.nb_args == 0:
        return rtype_newdict(hop)
    (v,) = hop.inputargs(hop.args_r[0])
    hop.exception_cannot_occur()
    return hop.gendirectcall(ll_dict_copy, v)


@typer_for(round)
def rtype_builtin_round(hop):
    from rpython.rlib import rfloat

    if hop.nb_args == 1:
        (v,) = hop.inputargs(Float)
        hop.has_implicit_exception(OverflowError)
        hop.exception_is_here()
        return hop.gendirectcall(ll_round_to_int, v)
    v, v_n = hop.inputargs(Float, Signed)
    hop.exception_cannot_occur()
    del rfloat
    return hop.gendirectcall(ll_round_double, v, v_n)


def ll_round_to_int(x):
    from rpython.rlib import rfloat
    from rpython.rtyper import rfloat as rtyper_rfloat

    return rtyper_rfloat.ll_float_to_int(rfloat.round_half_even(x))


def ll_round_double(x, n):
    from rpython.rlib import rfloat

    return rfloat.round_double(x, n)


@typer_for(sorted)
def rtype_builtin_sorted(hop):
    from rpython.rtyper.rlist import AbstractListRepr, ll_listslice, ll_sort
    from rpython.rtyper.rtuple import item_cmp_function

    r_arg = hop.args_r[0]
    r_res = hop.r_result
    if not isinstance(r_arg, AbstractListRepr):
        raise TyperError("sorted() of %r" % (r_arg,))
    (v_lst,) = hop.inputargs(r_arg)
    hop.exception_cannot_occur()
    v_copy = hop.gendirectcall(
        ll_listslice, v_lst, inputconst(Signed, 0), inputconst(Signed, lltype.MAXINT),
        inputconst(Void, r_res.ll_newlist), inputconst(Void, r_res.ll_items),
        r_arg._c_len(), r_arg._c_items(),
    )  # fmt: skip
    c_cmp = inputconst(Void, item_cmp_function(r_res.item_repr))
    hop.gendirectcall(ll_sort, v_copy, c_cmp, r_res._c_len(), r_res._c_items())
    return v_copy


@typer_for(sum)
def rtype_builtin_sum(hop):
    from rpython.rtyper.rlist import AbstractListRepr

    r_arg = hop.args_r[0]
    if not isinstance(r_arg, AbstractListRepr):
        raise TyperError("sum() of %r" % (r_arg,))
    r_res = hop.r_result
    v_lst = hop.inputarg(r_arg, arg=0)
    if hop.nb_args == 2:
        v_start = hop.inputarg(r_res, arg=1)
    else:
        v_start = inputconst(r_res, 0)
    hop.exception_cannot_occur()
    if r_arg.item_repr.lowleveltype != r_res.lowleveltype:
        raise TyperError("sum() of a list of %r" % (r_arg.item_repr,))
    return hop.gendirectcall(
        ll_list_sum, v_lst, v_start, r_arg._c_len(), r_arg._c_items()
    )


def ll_list_sum(lst, start, length, getitems):
    n = length(lst)
    items = getitems(lst)
    total = start
    i = 0
    while i < n:
        total = total + items[i]
        i += 1
    return total


@typer_for(any, all)
def rtype_builtin_any_all(hop):
    raise TyperError("any()/all() are not supported yet: write the loop")


@typer_for(tuple)
def rtype_builtin_tuple(hop):
    (v,) = hop.inputargs(hop.args_r[0])
    return hop.llops.convertvar(v, hop.args_r[0], hop.r_result)


@typer_for(bin)
def rtype_builtin_bin(hop):
    from rpython.rtyper.rstr import ll_int2bin

    (v,) = hop.inputargs(Signed)
    return hop.gendirectcall(ll_int2bin, v, inputconst(Bool, True))


@typer_for(hasattr)
def rtype_builtin_hasattr(hop):
    if hop.s_result.is_constant():
        return inputconst(Bool, hop.s_result.const)
    raise TyperError("hasattr() with a non-constant result")


@typer_for(issubclass)
def rtype_builtin_issubclass(hop):
    from rpython.rtyper.rclass import CLASSTYPE, getclassrepr, ll_issubclass

    if hop.s_result.is_constant():
        return inputconst(Bool, hop.s_result.const)
    r_root = getclassrepr(hop.rtyper, None)
    v1, v2 = hop.inputargs(r_root, r_root)
    hop.exception_cannot_occur()
    del CLASSTYPE
    return hop.gendirectcall(ll_issubclass, v1, v2)


@typer_for(getattr(objectmodel, "newlist_hint", None))
def rtype_newlist_hint(hop):
    r_list = hop.r_result
    r_list.setup()
    hop.exception_cannot_occur()
    return hop.gendirectcall(r_list.ll_newlist, inputconst(Signed, 0))


@typer_for(getattr(objectmodel, "instantiate", None))
def rtype_instantiate(hop):
    from rpython.rtyper.rclass import getinstancerepr

    s_cls = hop.args_s[0]
    if not s_cls.is_constant():
        raise TyperError("instantiate() of a non-constant class is not supported yet")
    classdef = hop.rtyper.annotator.bookkeeper.getuniqueclassdef(s_cls.const)
    r_inst = getinstancerepr(hop.rtyper, classdef)
    r_inst.setup()
    hop.exception_cannot_occur()
    v = r_inst.new_instance(hop.llops)
    return hop.llops.convertvar(v, r_inst, hop.r_result)


@typer_for(getattr)
def rtype_builtin_getattr(hop):
    if hop.nb_args != 2:
        raise TyperError("getattr() with a default is not supported")
    if not hop.args_s[1].is_constant():
        raise TyperError("getattr() with a non-constant attribute name")
    hop2 = hop.copy()
    hop2.forced_opname = "getattr"
    return hop2.dispatch()


@typer_for(setattr)
def rtype_builtin_setattr(hop):
    if not hop.args_s[1].is_constant():
        raise TyperError("setattr() with a non-constant attribute name")
    hop2 = hop.copy()
    hop2.forced_opname = "setattr"
    return hop2.dispatch()


def _register_exception_inits():
    import builtins

    def rtype_exception_init(hop):
        from rpython.rtyper.rclass import InstanceRepr
        from rpython.rtyper.rpbc import _store_builtin_exception_args

        r_inst = hop.args_r[0]
        if not isinstance(r_inst, InstanceRepr) or r_inst.classdef is None:
            raise TyperError("BaseException.__init__ of %r" % (r_inst,))
        v_inst = hop.inputarg(r_inst, arg=0)
        hop.exception_cannot_occur()
        _store_builtin_exception_args(hop, r_inst.classdef.classdesc, r_inst, v_inst)
        return None

    for cls in vars(builtins).values():
        if isinstance(cls, type) and issubclass(cls, BaseException):
            BUILTIN_TYPER[cls.__init__] = rtype_exception_init


_register_exception_inits()
