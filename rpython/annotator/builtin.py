"""Analysers for builtin functions, rlib helpers and builtin-type methods.

BUILTIN_ANALYZERS maps a Python callable (len, range, isinstance, the rlib
helpers...) to a function computing the result annotation from the
argument annotations.  STR_METHODS, BYTES_METHODS, LIST_METHODS and
DICT_METHODS do the same for methods (first argument: the receiver).
"""

from rpython.annotator.model import (
    AnnotatorError,
    SomeBool,
    SomeBytes,
    SomeChar,
    SomeDict,
    SomeFloat,
    SomeInstance,
    SomeInteger,
    SomeIterator,
    SomeList,
    SomeNone,
    SomeObject,
    SomePBC,
    SomeString,
    SomeStringOrBytes,
    SomeTuple,
    SomeType,
    s_Bool,
    s_ImpossibleValue,
    s_None,
    unionof,
)

BUILTIN_ANALYZERS = {}


def analyser_for(*funcs):
    def decorate(analyser):
        for f in funcs:
            BUILTIN_ANALYZERS[f] = analyser
        return analyser

    return decorate


def _bk():
    from rpython.annotator.bookkeeper import getbookkeeper

    return getbookkeeper()


def _current_op_args():
    bk = _bk()
    op = bk.current_op()
    return op.args[1:] if op is not None else None


def _expect_count(name, args_s, lo, hi=None):
    hi = lo if hi is None else hi
    if not (lo <= len(args_s) <= hi):
        raise AnnotatorError(
            "%s() takes %s arguments, %d given"
            % (name, lo if lo == hi else "%d to %d" % (lo, hi), len(args_s))
        )


@analyser_for(len)
def builtin_len(*args_s):
    _expect_count("len", args_s, 1)
    return args_s[0].len()


@analyser_for(range)
def builtin_range(*args_s):
    _expect_count("range", args_s, 1, 3)
    for s in args_s:
        if not isinstance(s, SomeInteger):
            raise AnnotatorError(
                "range() arguments must be ints, got %s" % s.describe()
            )
    step = 1
    if len(args_s) == 3:
        if not args_s[2].is_constant():
            raise AnnotatorError("range() step must be a constant")
        step = args_s[2].const
        if step == 0:
            raise AnnotatorError("range() step must not be zero")
    nonneg = step > 0 and (len(args_s) == 1 or args_s[0].nonneg)
    s_list = _bk().newlist(SomeInteger(nonneg=nonneg))
    s_list.listdef.listitem.range_step = step
    return s_list


@analyser_for(isinstance)
def builtin_isinstance(s_obj, s_type):
    r = SomeBool()
    if not s_type.is_constant():
        raise AnnotatorError("isinstance() needs a constant class as second argument")
    classes = s_type.const
    if not isinstance(classes, tuple):
        classes = (classes,)
    bk = _bk()
    variables = _current_op_args()
    if isinstance(s_obj, SomeInstance) and s_obj.classdef is not None:
        narrowed = []
        always = False
        for cls in classes:
            if cls is object:
                always = True
                continue
            try:
                classdef = bk.getuniqueclassdef(cls)
            except AnnotatorError:
                continue
            if s_obj.classdef.issubclass(classdef):
                always = True
            elif classdef.issubclass(s_obj.classdef):
                narrowed.append(classdef)
        if always and not s_obj.can_be_None:
            r.const = True
        elif not always and not narrowed:
            r.const = False
        elif not always and variables:
            s_new = unionof(*[SomeInstance(cd) for cd in narrowed])
            r.knowntypedata = {True: {variables[0]: s_new}}
        elif always and variables:
            r.knowntypedata = {True: {variables[0]: s_obj.nonnoneify()}}
        return r
    # builtin types: decided from the annotation
    kt = s_obj.knowntype
    if isinstance(s_obj, SomeNone):
        r.const = type(None) in classes
        return r
    matches = [c for c in classes if isinstance(c, type) and issubclass(kt, c)]
    if isinstance(s_obj, SomeInteger) and (int in classes or bool in classes):
        if int in classes or isinstance(s_obj, SomeBool):
            r.const = True
            return r
    if matches:
        if not s_obj.can_be_none():
            r.const = True
        elif variables:
            r.knowntypedata = {True: {variables[0]: s_obj.nonnoneify()}}
        return r
    if isinstance(
        s_obj,
        (SomeInteger, SomeFloat, SomeStringOrBytes, SomeList, SomeDict, SomeTuple),
    ):
        r.const = False
    return r


@analyser_for(issubclass)
def builtin_issubclass(s_cls, s_base):
    return SomeBool()


@analyser_for(min, max)
def builtin_minmax(*args_s):
    if len(args_s) == 1:
        s = args_s[0]
        if isinstance(s, SomeList):
            return s.listdef.read_item()
        raise AnnotatorError("min()/max() of %s" % s.describe())
    if len(args_s) < 2:
        raise AnnotatorError("min()/max() need at least two arguments")
    for s in args_s:
        if not isinstance(s, (SomeInteger, SomeFloat, SomeStringOrBytes, SomeTuple)):
            raise AnnotatorError("min()/max() of %s" % s.describe())
    return unionof(*[_not_const(s) for s in args_s])


def _not_const(s):
    from rpython.annotator.model import not_const

    return not_const(s)


@analyser_for(abs)
def builtin_abs(s):
    return s.abs()


@analyser_for(chr)
def builtin_chr(s):
    return SomeChar()


@analyser_for(ord)
def builtin_ord(s):
    return s.ord()


@analyser_for(hex, oct, bin)
def builtin_hex(s):
    if not isinstance(s, SomeInteger):
        raise AnnotatorError("hex()/oct()/bin() of %s" % s.describe())
    return SomeString()


@analyser_for(round)
def builtin_round(s, s_ndigits=None):
    if s_ndigits is None:
        return SomeInteger()
    return SomeFloat()


@analyser_for(int)
def builtin_int(s=None, s_base=None):
    if s is None:
        return SomeInteger()
    if s_base is not None and not isinstance(s, SomeStringOrBytes):
        raise AnnotatorError("int(x, base) needs a string")
    return s.int()


@analyser_for(float)
def builtin_float(s=None):
    if s is None:
        return SomeFloat()
    return s.float()


@analyser_for(str)
def builtin_str(s=None):
    if s is None:
        return SomeString()
    return s.str()


@analyser_for(repr)
def builtin_repr(s):
    return s.repr()


@analyser_for(bool)
def builtin_bool(s=None):
    if s is None:
        return SomeBool()
    return s.bool()


@analyser_for(bytes)
def builtin_bytes(s=None):
    return SomeBytes()


@analyser_for(list)
def builtin_list(s_iterable=None):
    s_new = _bk().newlist()
    if s_iterable is not None:
        s_iter = s_iterable.iter()
        s_new.listdef.generalize(s_iter.next())
    return s_new


@analyser_for(dict)
def builtin_dict(s=None):
    s_new = _bk().newdict()
    if s is not None:
        if not isinstance(s, SomeDict):
            raise AnnotatorError("dict() of %s" % s.describe())
        s_new.dictdef.union(s.dictdef)
    return s_new


@analyser_for(tuple)
def builtin_tuple(s):
    if isinstance(s, SomeTuple):
        return s
    raise AnnotatorError("tuple() of %s (tuples have a fixed length)" % s.describe())


@analyser_for(enumerate)
def builtin_enumerate(s_obj, s_start=None):
    if not isinstance(s_obj, (SomeList, SomeStringOrBytes)):
        raise AnnotatorError("enumerate() of %s" % s_obj.describe())
    return SomeIterator(s_obj, "enumerate")


@analyser_for(reversed)
def builtin_reversed(s_obj):
    if not isinstance(s_obj, SomeList):
        raise AnnotatorError("reversed() of %s" % s_obj.describe())
    return SomeIterator(s_obj, "reversed")


@analyser_for(zip)
def builtin_zip(*args_s):
    items = []
    for s in args_s:
        if not isinstance(s, (SomeList, SomeStringOrBytes)):
            raise AnnotatorError("zip() over %s (only lists)" % s.describe())
        items.append(s.iter().next())
    return _bk().newlist(SomeTuple(items))


@analyser_for(sorted)
def builtin_sorted(s_obj):
    s_new = _bk().newlist()
    s_new.listdef.generalize(s_obj.iter().next())
    return s_new


@analyser_for(sum)
def builtin_sum(s_obj, s_start=None):
    s_item = s_obj.iter().next()
    if s_start is not None:
        return unionof(s_item, s_start)
    return unionof(s_item, SomeInteger())


@analyser_for(any, all)
def builtin_any(s_obj):
    s_obj.iter().next().bool()
    return SomeBool()


@analyser_for(print)
def builtin_print(*args_s):
    for s in args_s:
        if not isinstance(s, (SomeString, SomeInteger, SomeFloat)):
            s.str()  # print(x) writes str(x): an error if str(x) is one
    return s_None


@analyser_for(hash)
def builtin_hash(s):
    return s.hash()


@analyser_for(type)
def builtin_type(s):
    return SomeType()


@analyser_for(getattr)
def builtin_getattr(s_obj, s_attr, s_default=None):
    if not s_attr.is_constant():
        raise AnnotatorError(
            "getattr() with a non-constant attribute name is not RPython"
        )
    return s_obj.getattr(s_attr)


@analyser_for(setattr)
def builtin_setattr(s_obj, s_attr, s_value):
    if not s_attr.is_constant():
        raise AnnotatorError(
            "setattr() with a non-constant attribute name is not RPython"
        )
    return s_obj.setattr(s_attr, s_value)


@analyser_for(hasattr)
def builtin_hasattr(s_obj, s_attr):
    raise AnnotatorError("hasattr() is not RPython")


@analyser_for(divmod)
def builtin_divmod(s1, s2):
    from rpython.annotator.pairtype import pair

    return pair(s1, s2).divmod()


# exceptions of the builtins module are classes (ClassDesc), not analysers


# ____________________________________________________________
# methods of str and bytes


def _same_kind(s_self, s_other, what):
    if isinstance(s_self, SomeString) != isinstance(s_other, SomeString) or not (
        isinstance(s_other, SomeStringOrBytes)
    ):
        raise AnnotatorError(
            "%s: argument %s does not match %s"
            % (what, s_other.describe(), s_self.describe())
        )


def _plain(s_self):
    return SomeString() if isinstance(s_self, SomeString) else SomeBytes()


def str_join(s_self, s_list):
    s_item = s_list.iter().next()
    if s_item is not s_ImpossibleValue:
        _same_kind(s_self, s_item, "join")
    return _plain(s_self)


def str_split(s_self, s_sep=None, s_max=None):
    if s_sep is not None and not isinstance(s_sep, SomeNone):
        _same_kind(s_self, s_sep, "split")
    return _bk().newlist(_plain(s_self))


def str_strip(s_self, s_chars=None):
    if s_chars is not None and not isinstance(s_chars, SomeNone):
        _same_kind(s_self, s_chars, "strip")
    return _plain(s_self)


def str_startswith(s_self, s_prefix, s_start=None, s_end=None):
    if isinstance(s_prefix, SomeTuple):
        for s in s_prefix.items:
            _same_kind(s_self, s, "startswith")
    else:
        _same_kind(s_self, s_prefix, "startswith")
    return SomeBool()


def str_find(s_self, s_sub, s_start=None, s_end=None):
    _same_kind(s_self, s_sub, "find")
    return SomeInteger()


def str_count(s_self, s_sub, s_start=None, s_end=None):
    _same_kind(s_self, s_sub, "count")
    return SomeInteger(nonneg=True)


def str_replace(s_self, s_old, s_new, s_count=None):
    _same_kind(s_self, s_old, "replace")
    _same_kind(s_self, s_new, "replace")
    return _plain(s_self)


def str_noarg_str(s_self):
    return _plain(s_self)


def str_noarg_bool(s_self):
    return SomeBool()


def str_encode(s_self, s_encoding=None, s_errors=None):
    if not isinstance(s_self, SomeString):
        raise AnnotatorError("bytes has no method encode()")
    return SomeBytes()


def str_decode(s_self, s_encoding=None, s_errors=None):
    if not isinstance(s_self, SomeBytes):
        raise AnnotatorError("str has no method decode()")
    return SomeString()


def str_format(s_self, *args_s):
    return SomeString()


def str_ljust(s_self, s_width, s_fill=None):
    return _plain(s_self)


def str_splitlines(s_self, s_keepends=None):
    return _bk().newlist(_plain(s_self))


def str_partition(s_self, s_sep):
    _same_kind(s_self, s_sep, "partition")
    return SomeTuple([_plain(s_self)] * 3)


STR_METHODS = {
    "join": str_join,
    "split": str_split,
    "rsplit": str_split,
    "strip": str_strip,
    "lstrip": str_strip,
    "rstrip": str_strip,
    "startswith": str_startswith,
    "endswith": str_startswith,
    "find": str_find,
    "rfind": str_find,
    "index": str_find,
    "rindex": str_find,
    "count": str_count,
    "replace": str_replace,
    "lower": str_noarg_str,
    "upper": str_noarg_str,
    "capitalize": str_noarg_str,
    "swapcase": str_noarg_str,
    "title": str_noarg_str,
    "isdigit": str_noarg_bool,
    "isalpha": str_noarg_bool,
    "isalnum": str_noarg_bool,
    "isspace": str_noarg_bool,
    "isupper": str_noarg_bool,
    "islower": str_noarg_bool,
    "isdecimal": str_noarg_bool,
    "isidentifier": str_noarg_bool,
    "encode": str_encode,
    "format": str_format,
    "ljust": str_ljust,
    "rjust": str_ljust,
    "center": str_ljust,
    "zfill": str_ljust,
    "splitlines": str_splitlines,
    "partition": str_partition,
    "rpartition": str_partition,
}
BYTES_METHODS = dict(STR_METHODS)
del BYTES_METHODS["encode"]
del BYTES_METHODS["format"]
BYTES_METHODS["decode"] = str_decode
STR_METHODS = dict(STR_METHODS)
STR_METHODS["isprintable"] = str_noarg_bool


# ____________________________________________________________
# methods of lists


def list_append(s_list, s_value):
    s_list.listdef.resize()
    s_list.listdef.generalize(s_value)
    return s_None


def list_extend(s_list, s_other):
    s_list.listdef.resize()
    if isinstance(s_other, SomeList):
        s_list.listdef.generalize(s_other.listdef.read_item())
    else:
        s_list.listdef.generalize(s_other.iter().next())
    return s_None


def list_insert(s_list, s_index, s_value):
    if not isinstance(s_index, SomeInteger):
        raise AnnotatorError("list.insert() index must be an int")
    return list_append(s_list, s_value)


def list_pop(s_list, s_index=None):
    s_list.listdef.resize()
    return s_list.listdef.read_item()


def list_remove(s_list, s_value):
    s_list.listdef.resize()
    s_list.listdef.generalize(s_value)
    return s_None


def list_index(s_list, s_value):
    s_list.listdef.generalize(s_value)
    return SomeInteger(nonneg=True)


def list_count(s_list, s_value):
    s_list.listdef.generalize(s_value)
    return SomeInteger(nonneg=True)


def list_sort(s_list, *args_s):
    if args_s:
        raise AnnotatorError("list.sort() takes no arguments in RPython")
    s_list.listdef.mutate()
    return s_None


def list_reverse(s_list):
    s_list.listdef.mutate()
    return s_None


def list_clear(s_list):
    s_list.listdef.resize()
    return s_None


def list_copy(s_list):
    s_new = _bk().newlist()
    s_new.listdef.generalize(s_list.listdef.read_item())
    return s_new


LIST_METHODS = {
    "append": list_append,
    "extend": list_extend,
    "insert": list_insert,
    "pop": list_pop,
    "remove": list_remove,
    "index": list_index,
    "count": list_count,
    "sort": list_sort,
    "reverse": list_reverse,
    "clear": list_clear,
    "copy": list_copy,
}


# ____________________________________________________________
# methods of dicts


def dict_get(s_dict, s_key, s_default=None):
    s_dict.dictdef.generalize_key(s_key)
    s_value = s_dict.dictdef.read_value()
    if s_default is None:
        s_default = s_None
    return unionof(s_value, s_default)


def dict_setdefault(s_dict, s_key, s_default=None):
    s_dict.dictdef.generalize_key(s_key)
    s_dict.dictdef.generalize_value(s_default if s_default is not None else s_None)
    return s_dict.dictdef.read_value()


def dict_pop(s_dict, s_key, s_default=None):
    s_dict.dictdef.generalize_key(s_key)
    s_value = s_dict.dictdef.read_value()
    if s_default is not None:
        return unionof(s_value, s_default)
    return s_value


def dict_keys(s_dict):
    return SomeIterator(s_dict, "keys")


def dict_values(s_dict):
    return SomeIterator(s_dict, "values")


def dict_items(s_dict):
    return SomeIterator(s_dict, "items")


def dict_copy(s_dict):
    s_new = _bk().newdict()
    s_new.dictdef.union(s_dict.dictdef)
    return s_new


def dict_clear(s_dict):
    return s_None


def dict_update(s_dict, s_other):
    if not isinstance(s_other, SomeDict):
        raise AnnotatorError("dict.update() of %s" % s_other.describe())
    s_dict.dictdef.union(s_other.dictdef)
    return s_None


def dict_popitem(s_dict):
    return SomeTuple([s_dict.dictdef.read_key(), s_dict.dictdef.read_value()])


DICT_METHODS = {
    "get": dict_get,
    "setdefault": dict_setdefault,
    "pop": dict_pop,
    "keys": dict_keys,
    "values": dict_values,
    "items": dict_items,
    "copy": dict_copy,
    "clear": dict_clear,
    "update": dict_update,
    "popitem": dict_popitem,
}


# ____________________________________________________________
# rlib helpers (registered when rlib is importable)


def _register_rlib():
    try:
        from rpython.rlib import objectmodel, rarithmetic
    except ImportError:
        return
    # weakref.ref and rgc.FinalizerQueue are described by extregistry entries
    # in these modules: load them so that a program using `import weakref`
    # alone gets them too (not an error about a prebuilt slot wrapper).
    from rpython.rlib import rgc, rweakref  # noqa: F401

    def intmask(s):
        return SomeInteger()

    def r_dict_analyser(s_eq, s_hash, s_force_non_null=None, s_simple=None):
        bk = _bk()
        dictdef = bk.getdictdef(is_r_dict=True)
        dictdef.s_rdict_eqfn = s_eq
        dictdef.s_rdict_hashfn = s_hash
        dictdef.emulate_rdict_calls()
        return SomeDict(dictdef)

    def compute_hash(s):
        return SomeInteger()

    def instantiate(s_cls, s_nonmovable=None):
        if not s_cls.is_constant():
            raise AnnotatorError("instantiate() needs a constant class")
        return SomeInstance(_bk().getuniqueclassdef(s_cls.const))

    def newlist_hint(s_size=None):
        return _bk().newlist()

    def noop(*args_s):
        return s_None

    def identity(s, *rest):
        return s

    def we_are_translated():
        s = SomeBool()
        s.const = True
        return s

    table = {
        "intmask": (rarithmetic, intmask),
        "widen": (rarithmetic, intmask),
        "r_dict": (objectmodel, r_dict_analyser),
        "r_ordereddict": (objectmodel, r_dict_analyser),
        "compute_hash": (objectmodel, compute_hash),
        "compute_identity_hash": (objectmodel, compute_hash),
        "compute_unique_id": (objectmodel, compute_hash),
        "current_object_addr_as_int": (objectmodel, compute_hash),
        "instantiate": (objectmodel, instantiate),
        "newlist_hint": (objectmodel, newlist_hint),
        "keepalive_until_here": (objectmodel, noop),
        "we_are_translated": (objectmodel, we_are_translated),
        "is_valid_int": (rarithmetic, lambda s: SomeBool()),
    }
    for name, (module, analyser) in table.items():
        func = getattr(module, name, None)
        if func is not None:
            BUILTIN_ANALYZERS[func] = analyser
    for name in dir(rarithmetic):
        value = getattr(rarithmetic, name)
        if (
            isinstance(value, type)
            and issubclass(value, int)
            and hasattr(value, "BITS")
        ):
            BUILTIN_ANALYZERS[value] = _make_int_type_analyser(value)
    try:
        from rpython.rlib import debug, jit
    except ImportError:
        return
    for name in ("debug_print", "debug_start", "debug_stop", "ll_assert",
                 "fatalerror", "debug_flush", "check_nonneg", "have_debug_prints"):  # fmt: skip
        func = getattr(debug, name, None)
        if func is not None:
            BUILTIN_ANALYZERS[func] = noop
    for name in ("promote", "promote_string", "hint", "assert_green",
                 "record_known_result", "conditional_call_elidable"):  # fmt: skip
        func = getattr(jit, name, None)
        if func is not None:
            BUILTIN_ANALYZERS[func] = identity
    for name in ("isconstant", "isvirtual", "we_are_jitted"):
        func = getattr(jit, name, None)
        if func is not None:
            BUILTIN_ANALYZERS[func] = _const_false


def _register_math():
    import math

    def float_result(*args_s):
        for s in args_s:
            if not isinstance(s, (SomeFloat, SomeInteger)):
                raise AnnotatorError("math function of %s" % s.describe())
        return SomeFloat()

    def bool_result(s):
        return SomeBool()

    for name in ("isinf", "isnan", "isfinite"):
        BUILTIN_ANALYZERS[getattr(math, name)] = bool_result

    def int_result(s):
        if not isinstance(s, (SomeFloat, SomeInteger)):
            raise AnnotatorError("math function of %s" % s.describe())
        return SomeInteger()

    # floor/ceil give ints as in Python 3 (the rtyper rounds with
    # float_floor/float_ceil, then converts; OverflowError past a machine word)
    BUILTIN_ANALYZERS[math.floor] = int_result
    BUILTIN_ANALYZERS[math.ceil] = int_result
    for name in ("sqrt", "fabs", "fmod", "pow", "exp", "log",
                 "log10", "log2", "log1p", "expm1", "sin", "cos", "tan", "asin",
                 "acos", "atan", "atan2", "sinh", "cosh", "tanh", "asinh",
                 "acosh", "atanh", "hypot", "copysign", "ldexp", "erf", "erfc",
                 "gamma", "lgamma", "degrees", "radians"):  # fmt: skip
        func = getattr(math, name, None)
        if func is not None:
            BUILTIN_ANALYZERS[func] = float_result

    def frexp(s):
        return SomeTuple([SomeFloat(), SomeInteger()])

    def modf(s):
        return SomeTuple([SomeFloat(), SomeFloat()])

    BUILTIN_ANALYZERS[math.frexp] = frexp
    BUILTIN_ANALYZERS[math.modf] = modf


_register_math()


def _const_false(*args_s):
    s = SomeBool()
    s.const = False
    return s


def _make_int_type_analyser(tp):
    def analyser(s=None):
        if s is not None and not isinstance(s, (SomeInteger, SomeFloat)):
            raise AnnotatorError("%s() of %s" % (tp.__name__, s.describe()))
        return SomeInteger(knowntype=tp)

    return analyser


_register_rlib()


def _unused():
    return (SomeObject, SomePBC, s_Bool)


# ____________________________________________________________
# BaseException.__init__(self, ...) called by the __init__ of a user
# exception class (directly or through super()): the arguments are kept
# as a builtin exception constructor keeps them


def _register_exception_inits():
    import builtins

    def exception_init(s_self, *args_s):
        if not isinstance(s_self, SomeInstance):
            raise AnnotatorError("%s.__init__ of a non-instance" % s_self.describe())
        classdef = s_self.classdef
        classdef.classdesc.builtin_exception_init(classdef, list(args_s))
        return s_None

    for cls in vars(builtins).values():
        if isinstance(cls, type) and issubclass(cls, BaseException):
            BUILTIN_ANALYZERS[cls.__init__] = exception_init


_register_exception_inits()
