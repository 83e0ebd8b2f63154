"""Helpers that RPython programs use to talk to the translation toolchain.

Untranslated (on CPython) every helper here has a plain Python meaning, so
that programs can be run and tested directly.  The toolchain recognises the
decorators through the function attributes they set (the contract is written
down in ``rpython/README.md`` and ``rpython/CONTRACT-NOTES.md``):

    specialize.argtype(0)  ->  func._annspecialcase_ = "specialize:argtype(0)"
    not_rpython            ->  func._not_rpython_ = True
    always_inline          ->  func._always_inline_ = True
    dont_inline            ->  func._dont_inline_ = True
    enforceargs(int, str)  ->  func._annenforceargs_ = (int, str)

``compute_hash`` uses hash functions written here in RPython for strings,
bytes, floats and tuples, so that a translated program computes exactly the
same hashes as the untranslated one.  Integers, floats and tuples of them hash
like CPython's ``hash()``; strings use our own deterministic FNV-1a hash
(CPython's string hash is randomised per process, so it cannot be matched).
"""

import inspect
import math
import sys
import types

from rpython.rlib import rarithmetic


# ____________________________________________________________
# Translation state


def we_are_translated():
    """True only in the translated program; the annotator folds it to True."""
    return False


def we_are_translated_to_c():
    return we_are_translated()


def running_on_llinterp():
    return False


# ____________________________________________________________
# Annotation hints carried by function attributes


def _spec_tag(name, args):
    return "specialize:%s(%s)" % (name, ", ".join([repr(a) for a in args]))


class _Specialize:
    """Decorator factories: ``@specialize.argtype(0)`` etc.

    Each sets ``func._annspecialcase_`` to ``"specialize:NAME(ARGS)"`` where
    ARGS are the ``repr`` of the arguments joined by ``", "``; with no
    arguments the tag is ``"specialize:NAME"``.
    """

    def _make(self, name, args):
        if args:
            tag = _spec_tag(name, args)
        else:
            tag = "specialize:" + name

        def decorated(func):
            func._annspecialcase_ = tag
            return func

        return decorated

    def memo(self):
        """Results are computed at annotation time for every constant argument."""
        return self._make("memo", ())

    def arg(self, *args):
        """One copy of the function per constant value of the given arguments."""
        return self._make("arg", args)

    def argtype(self, *args):
        """One copy of the function per annotation of the given arguments."""
        return self._make("argtype", args)

    def arglistitemtype(self, *args):
        return self._make("arglistitemtype", args)

    def arg_or_var(self, *args):
        return self._make("arg_or_var", args)

    def call_location(self):
        """One copy of the function per call site."""
        return self._make("call_location", ())

    def ll(self):
        return self._make("ll", ())

    def ll_and_arg(self, *args):
        return self._make("ll_and_arg", args)

    def __call__(self, *args):
        raise TypeError("use specialize.argtype(...), specialize.memo() etc.")


specialize = _Specialize()


def not_rpython(func):
    """Mark a helper as host-only: the annotator refuses to follow a call to it."""
    func._not_rpython_ = True
    return func


def always_inline(func):
    func._always_inline_ = True
    return func


def dont_inline(func):
    func._dont_inline_ = True
    return func


def try_inline(func):
    func._always_inline_ = "try"
    return func


def enforceargs(*types_, **kwds):
    """Declare the argument types of a function: ``@enforceargs(int, str)``.

    ``None`` leaves an argument unconstrained; keyword arguments name
    parameters.  Sets ``func._annenforceargs_`` to a tuple with one entry
    per positional parameter.  With ``typecheck=True`` (the default) calls
    made untranslated are checked too, without wrapping the function (the
    flow space must still see the original source).
    """
    typecheck = kwds.pop("typecheck", True)

    def decorator(func):
        params = list(inspect.signature(func).parameters)
        if len(types_) > len(params):
            raise TypeError(
                "enforceargs: %s takes %d arguments, %d types given"
                % (func.__name__, len(params), len(types_))
            )
        spec = list(types_) + [None] * (len(params) - len(types_))
        for name, typ in kwds.items():
            if name not in params:
                raise TypeError(
                    "enforceargs: %s has no parameter %r" % (func.__name__, name)
                )
            spec[params.index(name)] = typ
        func._annenforceargs_ = tuple(spec)
        func._annenforceargs_typecheck_ = typecheck
        return func

    return decorator


@not_rpython
def check_enforced_args(func, args):
    """Untranslated check of a call against ``func._annenforceargs_``."""
    spec = getattr(func, "_annenforceargs_", None)
    if spec is None:
        return
    for i, (typ, value) in enumerate(zip(spec, args)):
        if typ is None:
            continue
        if isinstance(typ, list):
            ok = isinstance(value, list)
        else:
            ok = isinstance(value, typ)
        if not ok:
            raise TypeError(
                "%s argument %d must be %s, got %s"
                % (func.__name__, i, typ, type(value).__name__)
            )


def is_annotation_constant(thing):
    """True when the annotator can prove ``thing`` constant (untranslated: True)."""
    return True


@not_rpython
def func_with_new_name(func, newname):
    """A copy of ``func`` under another name (a separate function to annotate)."""
    f = types.FunctionType(
        func.__code__, func.__globals__, newname, func.__defaults__, func.__closure__
    )
    f.__dict__.update(func.__dict__)
    f.__qualname__ = newname
    f.__kwdefaults__ = func.__kwdefaults__
    f.__module__ = func.__module__
    f.__doc__ = func.__doc__
    return f


# ____________________________________________________________
# Mixins


@not_rpython
def import_from_mixin(M, special_methods=("__init__", "__del__")):
    """Copy the contents of mixin class ``M`` into the class being defined.

    Used in a class body: ``import_from_mixin(SomeMixin)``.  Functions are
    copied as new function objects, so each importing class gets its own
    copy to annotate.  Special methods other than ``special_methods`` are not
    copied.  ``M``'s own bases (except ``object``) are imported first.
    """
    if not isinstance(M, type):
        raise TypeError("import_from_mixin: %r is not a class" % (M,))
    target = sys._getframe(1).f_locals
    _import_mixin_into(M, target, tuple(special_methods))


def _import_mixin_into(M, target, special_methods):
    for base in reversed(M.__mro__[1:]):
        if base is not object:
            _import_mixin_into_one(base, target, special_methods)
    _import_mixin_into_one(M, target, special_methods)


def _import_mixin_into_one(M, target, special_methods):
    for key, value in M.__dict__.items():
        if key in ("__module__", "__dict__", "__weakref__", "__doc__", "__qualname__"):
            continue
        if key.startswith("__") and key.endswith("__") and key not in special_methods:
            continue
        if isinstance(value, types.FunctionType):
            value = func_with_new_name(value, value.__name__)
        elif isinstance(value, staticmethod):
            value = staticmethod(
                func_with_new_name(value.__func__, value.__func__.__name__)
            )
        elif isinstance(value, classmethod):
            value = classmethod(
                func_with_new_name(value.__func__, value.__func__.__name__)
            )
        target[key] = value


# ____________________________________________________________
# Object creation and lists


def instantiate(cls, nonmovable=False):
    """A new instance of ``cls`` without calling ``__init__``."""
    return cls.__new__(cls)


def newlist_hint(sizehint=0):
    """An empty list that is expected to grow to about ``sizehint`` items."""
    return []


def resizelist_hint(lst, sizehint):
    """Hint that ``lst`` will grow to ``sizehint`` items (no-op untranslated)."""
    pass


def keepalive_until_here(*values):
    """Keep the given objects alive (not collected) until this point."""
    pass


# ____________________________________________________________
# Hashing and identity


FNV_OFFSET = -3750763034362895579  # 0xcbf29ce484222325 as a signed 64-bit int
FNV_PRIME = 0x100000001B3
_MASK64 = (1 << 64) - 1
_HASH_MODULUS = (1 << 61) - 1  # CPython's numeric hash modulus on 64-bit
_HASH_INF = 314159


def _wrap64(x):
    x &= _MASK64
    if x >= 1 << 63:
        x -= 1 << 64
    return x


def _hash_finish(x):
    if x == -1:
        x = -2
    return x


def _hash_string(s):
    """FNV-1a over the code points of ``s``, as a signed machine word."""
    h = rarithmetic.r_uint(FNV_OFFSET)
    for ch in s:
        h = (h ^ rarithmetic.r_uint(ord(ch))) * rarithmetic.r_uint(FNV_PRIME)
    h ^= rarithmetic.r_uint(len(s))
    return _hash_finish(rarithmetic.intmask(h))


def _hash_bytes(b):
    """FNV-1a over the bytes of ``b`` (equal to ``_hash_string`` of latin-1)."""
    h = rarithmetic.r_uint(FNV_OFFSET)
    for byte in b:
        h = (h ^ rarithmetic.r_uint(byte)) * rarithmetic.r_uint(FNV_PRIME)
    h ^= rarithmetic.r_uint(len(b))
    return _hash_finish(rarithmetic.intmask(h))


def _hash_int(i):
    """CPython's ``hash()`` of a machine-sized int."""
    if i >= 0:
        r = i % _HASH_MODULUS
    else:
        r = -((-i) % _HASH_MODULUS)
    return _hash_finish(r)


def _hash_float(f):
    """CPython's ``hash()`` of a float (nan hashes to 0 here)."""
    if math.isinf(f):
        if f > 0.0:
            return _HASH_INF
        return -_HASH_INF
    if math.isnan(f):
        return 0
    m, e = math.frexp(f)
    sign = 1
    if m < 0.0:
        sign = -1
        m = -m
    # process 28 bits at a time, as CPython does, keeping x < modulus
    x = 0
    while m != 0.0:
        x = ((x << 28) & _HASH_MODULUS) | x >> (61 - 28)
        m *= 268435456.0
        e -= 28
        y = int(m)
        m -= float(y)
        x += y
        if x >= _HASH_MODULUS:
            x -= _HASH_MODULUS
    if e >= 0:
        e = e % 61
    else:
        e = 61 - 1 - ((-1 - e) % 61)
    x = ((x << e) & _HASH_MODULUS) | x >> (61 - e)
    x = x * sign
    return _hash_finish(x)


_XXPRIME_1 = 11400714785074694791
_XXPRIME_2 = 14029467366897019727
_XXPRIME_5 = 2870177450012600261


def _hash_tuple_of_hashes(hashes):
    """CPython 3.8+'s tuple hash (xxHash-based) of the item hashes."""
    acc = rarithmetic.r_uint(_XXPRIME_5)
    for h in hashes:
        lane = rarithmetic.r_uint(h)
        acc += lane * rarithmetic.r_uint(_XXPRIME_2)
        acc = (acc << 31) | (acc >> 33)
        acc *= rarithmetic.r_uint(_XXPRIME_1)
    acc += rarithmetic.r_uint(len(hashes)) ^ (
        rarithmetic.r_uint(_XXPRIME_5) ^ rarithmetic.r_uint(3527539)
    )
    if acc == rarithmetic.r_uint(_MASK64):
        return 1546275796
    return rarithmetic.intmask(acc)


def compute_hash(x):
    """The hash of ``x``, identical untranslated and translated.

    ints, floats, bools and tuples of those hash like CPython's ``hash()``
    (None hashes to 0); ``str`` and ``bytes`` use ``_hash_string``/``_hash_bytes``;
    instances use their identity hash.
    """
    if isinstance(x, str):
        return _hash_string(x)
    if isinstance(x, bytes):
        return _hash_bytes(x)
    if isinstance(x, bool):
        return int(x)
    if isinstance(x, int):
        return _hash_int(int(x)) if -(1 << 63) <= x < (1 << 63) else hash(x)
    if isinstance(x, float):
        return _hash_float(x)
    if isinstance(x, tuple):
        return _hash_tuple_of_hashes([compute_hash(item) for item in x])
    if x is None:
        return 0  # CPython 3.11 hashes None by address; we pick a constant
    return compute_identity_hash(x)


def compute_identity_hash(x):
    """A hash that depends only on the object's identity (stable for life)."""
    assert x is not None
    return object.__hash__(x)


def compute_unique_id(x):
    """An integer that no other live object has (stable across GC moves)."""
    return id(x)


def current_object_addr_as_int(x):
    """The object's current address; may change if the GC moves it."""
    return id(x)


# ____________________________________________________________
# Dictionaries with custom equality and hash


class _r_dictkey:
    __slots__ = ("dic", "key", "hash")

    def __init__(self, dic, key, hash=None):
        self.dic = dic
        self.key = key
        if hash is None:
            hash = dic.key_hash(key)
        self.hash = hash

    def __eq__(self, other):
        if not isinstance(other, _r_dictkey):
            return NotImplemented
        return bool(self.dic.key_eq(self.key, other.key))

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return self.hash

    def __repr__(self):
        return repr(self.key)


class r_dict:
    """A dict whose keys are compared with ``key_eq`` and hashed with ``key_hash``.

    Both are RPython functions of the keys; iteration is in insertion order.
    """

    def __init__(self, key_eq, key_hash, force_non_null=False, simple_hash_eq=False):
        self._dict = {}
        self.key_eq = key_eq
        self.key_hash = key_hash
        self.force_non_null = force_non_null
        self.simple_hash_eq = simple_hash_eq

    def _wrap(self, key):
        return _r_dictkey(self, key)

    def __getitem__(self, key):
        return self._dict[self._wrap(key)]

    def __setitem__(self, key, value):
        self._dict[self._wrap(key)] = value

    def __delitem__(self, key):
        del self._dict[self._wrap(key)]

    def __len__(self):
        return len(self._dict)

    def __iter__(self):
        for dk in self._dict:
            yield dk.key

    def __contains__(self, key):
        return self._wrap(key) in self._dict

    def get(self, key, default=None):
        return self._dict.get(self._wrap(key), default)

    def setdefault(self, key, default):
        return self._dict.setdefault(self._wrap(key), default)

    def pop(self, key, *default):
        return self._dict.pop(self._wrap(key), *default)

    def popitem(self):
        dk, value = self._dict.popitem()
        return dk.key, value

    def clear(self):
        self._dict.clear()

    def keys(self):
        return [dk.key for dk in self._dict]

    def values(self):
        return list(self._dict.values())

    def items(self):
        return [(dk.key, value) for dk, value in self._dict.items()]

    iterkeys = __iter__

    def itervalues(self):
        return iter(list(self._dict.values()))

    def iteritems(self):
        return iter(self.items())

    def copy(self):
        result = self.__class__(self.key_eq, self.key_hash)
        result.update(self)
        return result

    def update(self, other):
        for key, value in other.items():
            self[key] = value

    def __repr__(self):
        return "r_dict(%r)" % (self._dict,)

    def __eq__(self, other):
        raise TypeError("cannot compare r_dict instances")

    __hash__ = None


class r_ordereddict(r_dict):
    """An ``r_dict`` that documents its reliance on insertion order."""


# ____________________________________________________________
# Dict helpers that take a precomputed hash


def iterkeys_with_hash(d):
    for k in d:
        yield (k, compute_hash(k) if not isinstance(d, r_dict) else d.key_hash(k))


def contains_with_hash(d, key, h):
    return key in d


def setitem_with_hash(d, key, h, value):
    d[key] = value


def getitem_with_hash(d, key, h):
    return d[key]


def delitem_with_hash(d, key, h):
    del d[key]


# ____________________________________________________________
# Symbolic values: constants whose machine value is only known after translation


class Symbolic:
    """A value the C backend writes as an expression (e.g. a sizeof)."""

    def annotation(self):
        return None

    def lltype(self):
        return None

    def __bool__(self):
        raise TypeError("Symbolic value used as a boolean: %r" % (self,))

    def __hash__(self):
        return object.__hash__(self)


class CDefinedIntSymbolic(Symbolic):
    """An integer given by a C expression; ``default`` is its untranslated value."""

    def __init__(self, expr, default=0):
        self.expr = expr
        self.default = default

    def annotation(self):
        from rpython.annotator import model

        return model.SomeInteger()

    def lltype(self):
        from rpython.rtyper.lltypesystem import lltype

        return lltype.Signed

    def __repr__(self):
        return "CDefinedIntSymbolic(%r, %r)" % (self.expr, self.default)


malloc_zero_filled = CDefinedIntSymbolic("MALLOC_ZERO_FILLED", default=0)


def fetch_translated_config():
    """The translation config, or None untranslated."""
    return None


def likely(cond):
    return cond


def unlikely(cond):
    return cond
