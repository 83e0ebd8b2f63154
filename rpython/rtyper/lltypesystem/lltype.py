"""Low-level types: the type system the rtyper targets and the C backend emits.

    LowLevelType
      +-- Primitive            Void, Bool, Char, UniChar, Float
      |     +-- Number         Signed, Unsigned, SignedLongLong, ... (build_number)
      +-- ContainerType        things a pointer can point to
      |     +-- Struct         named fields; the last one may be a var-sized Array
      |     |     +-- GcStruct           allocated and freed by the GC
      |     |     +-- FixedSizeArray     a Struct with fields item0..itemN-1
      |     +-- Array          items of one type, length known at malloc time
      |     |     +-- GcArray
      |     +-- FuncType       function signatures (pointed to by function ptrs)
      |     +-- OpaqueType     a C type the toolchain does not look into
      |     |     +-- GcOpaqueType
      |     +-- ForwardReference / GcForwardReference   for recursive types
      +-- Ptr                  a pointer to a ContainerType

Types compare structurally (two Structs with the same name and fields are the
same type), so they can be rebuilt freely and used as dict keys.

Values exist untranslated too: `malloc(T)` returns a `_ptr` whose fields can
be read and written like attributes (`p.x = 5`, `p.items[3]`), with type
checks on every store, so low-level helpers and the llinterp run on CPython
with the same meaning they have in C.  Inheritance is "first field is the
parent struct": `cast_pointer` walks up or down that chain.
"""

from rpython.rlib.objectmodel import Symbolic
from rpython.rlib.rarithmetic import LONG_BIT, r_int, r_longlong, r_uint, r_ulonglong

MAXINT = (1 << (LONG_BIT - 1)) - 1
MININT = -MAXINT - 1


class State:
    """Mutable module state lives here (module globals are never rebound)."""

    # (id(a), id(b)) pairs assumed equal while comparing recursive types
    comparing = None


_state = State()
_state.comparing = {}


class LowLevelTypeError(TypeError):
    """Raised for misuse of low-level types or values (a toolchain bug)."""


# ____________________________________________________________


class LowLevelType:
    """Base of every low-level type; compares structurally."""

    _gckind = "raw"

    def _equality_key(self):
        return tuple(sorted(self.__dict__.items(), key=lambda kv: kv[0]))

    def __eq__(self, other):
        if self is other:
            return True
        if self.__class__ is not other.__class__:
            return False
        pair = (id(self), id(other))
        if pair in _state.comparing:
            return True  # recursive types: assume equal while checking
        _state.comparing[pair] = True
        try:
            return self._equality_key() == other._equality_key()
        finally:
            del _state.comparing[pair]

    def __ne__(self, other):
        return not (self == other)

    def __hash__(self):
        # shallow on purpose: recursive types must not recurse forever
        return hash((self.__class__.__name__, self._short_name()))

    def __repr__(self):
        return "<%s>" % (self,)

    def __str__(self):
        return self.__class__.__name__

    def _short_name(self):
        return str(self)

    def _is_varsize(self):
        return False

    def _contains_value(self, value):
        try:
            return typeOf(value) == self
        except LowLevelTypeError:
            return False

    def _enforce(self, value):
        if not self._contains_value(value):
            raise LowLevelTypeError("%r instead of %s" % (value, self))
        return value

    def _defl(self, parent=None, parentindex=None):
        raise NotImplementedError

    def _allocate(self, initialization, parent=None, parentindex=None):
        return self._defl(parent=parent, parentindex=parentindex)

    def _freeze_(self):
        return True

    def _is_atomic(self):
        return False

    def __getattr__(self, name):
        # adtmeths are reachable from the type too: LIST.ll_newlist(n)
        if name.startswith("__"):
            raise AttributeError(name)
        adtmeths = self.__dict__.get("_adtmeths")
        if adtmeths is not None and name in adtmeths:
            meth = adtmeths[name]
            if isinstance(meth, typeMethod):
                return meth.bind(self)
            return meth
        raise AttributeError(
            "%s instance has no attribute %r" % (self.__class__.__name__, name)
        )


class Primitive(LowLevelType):
    def __init__(self, name, default):
        self._name = self.__name__ = name
        self._default = default

    def _equality_key(self):
        return (self._name,)

    def __str__(self):
        return self._name

    def _defl(self, parent=None, parentindex=None):
        return self._default

    def _is_atomic(self):
        return True

    def _example(self):
        return self._default


class Number(Primitive):
    """An integer type of the machine; `_type` is the Python class of values."""

    def __init__(self, name, type, cast=None):
        Primitive.__init__(self, name, type(0) if type is not int else 0)
        self._type = type
        self._cast = cast or type

    def _contains_value(self, value):
        if self._type is int:
            return (
                (type(value) is int or type(value) is r_int)
                and MININT <= value <= MAXINT
                or (isinstance(value, Symbolic) and value.lltype() == self)
            )
        return type(value) is self._type or (
            isinstance(value, Symbolic) and value.lltype() == self
        )


_numbertypes = {}


def build_number(name, type):
    """The Number type whose values are instances of `type` (one per class)."""
    try:
        return _numbertypes[type]
    except KeyError:
        pass
    if name is None:
        raise LowLevelTypeError("no Number type known for %r" % (type,))
    number = _numbertypes[type] = Number(name, type)
    return number


Signed = build_number("Signed", int)
_numbertypes[r_int] = Signed
Unsigned = build_number("Unsigned", r_uint)
SignedLongLong = build_number("SignedLongLong", r_longlong)
UnsignedLongLong = build_number("UnsignedLongLong", r_ulonglong)
# on 64-bit machines r_longlong is r_int: SignedLongLong is Signed (as in C's
# LP64 model, where long and long long have the same width)


class _Float(Primitive):
    def _contains_value(self, value):
        return type(value) is float


class _Char(Primitive):
    def _contains_value(self, value):
        return type(value) is str and len(value) == 1 and ord(value) < 256


class _UniChar(Primitive):
    def _contains_value(self, value):
        return type(value) is str and len(value) == 1


class _Bool(Primitive):
    def _contains_value(self, value):
        return type(value) is bool


class _Void(Primitive):
    def _contains_value(self, value):
        return True  # Void values are never stored; anything goes


Float = _Float("Float", 0.0)
Char = _Char("Char", "\x00")
UniChar = _UniChar("UniChar", "\x00")
Bool = _Bool("Bool", False)
Void = _Void("Void", None)


# ____________________________________________________________
# containers


class ContainerType(LowLevelType):
    _adtmeths = {}

    def _inline_is_varsize(self, last):
        raise LowLevelTypeError("%r cannot be inlined in a structure" % (self,))

    def _install_extras(self, adtmeths=None, hints=None):
        self._adtmeths = frozendict(adtmeths or {})
        self._hints = frozendict(hints or {})

    def _container_example(self):
        raise NotImplementedError


class frozendict(dict):
    """A hashable dict, for hints and adtmeths stored on types."""

    def __hash__(self):
        items = sorted(self.items(), key=lambda kv: kv[0])
        try:
            return hash(tuple(items))
        except TypeError:
            return hash(tuple(k for k, v in items))


def _check_field_name(typename, name):
    if not isinstance(name, str) or not name:
        raise LowLevelTypeError("%s: bad field name %r" % (typename, name))
    if name.startswith("_"):
        raise LowLevelTypeError(
            "%s: field name %r should not start with an underscore" % (typename, name)
        )


class Struct(ContainerType):
    _gckind = "raw"

    def __init__(self, name, *fields, **kwds):
        self._name = self.__name__ = name
        flds = {}
        names = []
        self._arrayfld = None
        for entry in fields:
            if not (isinstance(entry, tuple) and len(entry) == 2):
                raise LowLevelTypeError("%s: fields are (name, TYPE) pairs" % (name,))
            fname, FIELD = entry
            _check_field_name(name, fname)
            if fname in flds:
                raise LowLevelTypeError("%s: repeated field name %r" % (name, fname))
            if not isinstance(FIELD, LowLevelType):
                raise LowLevelTypeError(
                    "%s: field %r is not a low-level type: %r" % (name, fname, FIELD)
                )
            if isinstance(FIELD, ContainerType) and FIELD._gckind == "gc":
                # only the first field may inline a GC struct (inheritance)
                if names or self._gckind != "gc":
                    raise LowLevelTypeError(
                        "%s: cannot inline GC container %r" % (name, FIELD)
                    )
            flds[fname] = FIELD
            names.append(fname)
        # a var-sized item is allowed only in the last field
        for i, fname in enumerate(names):
            FIELD = flds[fname]
            if isinstance(FIELD, ContainerType) and FIELD._is_varsize():
                if i != len(names) - 1 or not FIELD._inline_is_varsize(True):
                    raise LowLevelTypeError(
                        "%s: var-sized field %r must be last" % (name, fname)
                    )
                self._arrayfld = fname
            elif isinstance(FIELD, ContainerType):
                FIELD._inline_is_varsize(False)
        self._flds = frozendict(flds)
        self._names = tuple(names)
        self._install_extras(**kwds)

    def _first_struct(self):
        if self._names:
            first = self._names[0]
            FIRST = self._flds[first]
            if isinstance(FIRST, Struct) and self._gckind == FIRST._gckind:
                return first, FIRST
        return None, None

    def _inline_is_varsize(self, last):
        if self._arrayfld:
            raise LowLevelTypeError("cannot inline a var-sized struct %r" % (self,))
        return False

    def _is_varsize(self):
        return self._arrayfld is not None

    def __getattr__(self, name):
        flds = self.__dict__.get("_flds")
        if flds is not None and name in flds:
            return flds[name]
        return ContainerType.__getattr__(self, name)

    def _nofield(self, name):
        raise AttributeError("struct %s has no field %r" % (self._name, name))

    def _names_without_voids(self):
        return [n for n in self._names if self._flds[n] is not Void]

    def _short_name(self):
        return "%s %s" % (self.__class__.__name__, self._name)

    def __str__(self):
        # recursion through Ptrs prints only the name
        if _state.comparing.get(("str", id(self))):
            return self._short_name()
        _state.comparing[("str", id(self))] = True
        try:
            fields = ", ".join("%s: %s" % (n, self._flds[n]) for n in self._names)
            return "%s %s { %s }" % (self.__class__.__name__, self._name, fields)
        finally:
            del _state.comparing[("str", id(self))]

    def _allocate(self, initialization, parent=None, parentindex=None):
        return _struct(
            self, None, initialization, parent=parent, parentindex=parentindex
        )

    def _container_example(self):
        n = 1 if self._arrayfld else None
        return _struct(self, n, "example")

    def _immutable_field(self, field):
        hint = self._hints.get("immutable")
        if hint:
            return True
        fields = self._hints.get("immutable_fields")
        return bool(fields) and field in fields


class RttiStruct(Struct):
    pass


class GcStruct(RttiStruct):
    _gckind = "gc"


class Array(ContainerType):
    _gckind = "raw"
    _anonym_struct = False

    def __init__(self, *fields, **kwds):
        if len(fields) == 1 and isinstance(fields[0], LowLevelType):
            self.OF = fields[0]
        else:
            self.OF = Struct("<arrayitem>", *fields)
            self._anonym_struct = True
        if isinstance(self.OF, ContainerType):
            if self.OF._gckind == "gc":
                raise LowLevelTypeError("cannot have a GC container as array item")
            self.OF._inline_is_varsize(False)
        self._install_extras(**kwds)

    def _inline_is_varsize(self, last):
        if not last:
            raise LowLevelTypeError("array %r can only be the last field" % (self,))
        return True

    def _is_varsize(self):
        return True

    def _str_fields(self):
        if self._anonym_struct:
            return ", ".join("%s: %s" % (n, self.OF._flds[n]) for n in self.OF._names)
        return str(self.OF)

    def __str__(self):
        key = ("str", id(self))
        if _state.comparing.get(key):
            return self._short_name()
        _state.comparing[key] = True
        try:
            return "%s of %s" % (self.__class__.__name__, self._str_fields())
        finally:
            del _state.comparing[key]

    def _short_name(self):
        OF = self.OF
        inner = OF._short_name() if isinstance(OF, LowLevelType) else str(OF)
        return "%s %s" % (self.__class__.__name__, inner)

    def __hash__(self):
        return hash((self.__class__.__name__, self.OF.__class__.__name__))

    def _allocate(self, initialization, parent=None, parentindex=None):
        raise LowLevelTypeError("cannot allocate a var-sized array without length")

    def _container_example(self):
        return _array(self, 1, "example")


class GcArray(Array):
    _gckind = "gc"

    def _inline_is_varsize(self, last):
        raise LowLevelTypeError("cannot inline a GC array %r" % (self,))


class FixedSizeArray(Struct):
    """`length` items of type OF, laid out like a C array; no length stored."""

    def __init__(self, OF, length, **kwds):
        fields = [("item%d" % i, OF) for i in range(length)]
        Struct.__init__(self, "array%d" % length, *fields, **kwds)
        self.OF = OF
        self.length = length
        if isinstance(OF, ContainerType) and OF._gckind == "gc":
            raise LowLevelTypeError("cannot have a GC container as array item")

    def _short_name(self):
        return "FixedSizeArray %s*%d" % (self.OF._short_name(), self.length)

    def __str__(self):
        return "%s of %d %s" % (self.__class__.__name__, self.length, self.OF)

    def _first_struct(self):
        return None, None


class FuncType(ContainerType):
    _gckind = "raw"

    def __init__(self, args, result):
        for ARG in args:
            if not isinstance(ARG, LowLevelType):
                raise LowLevelTypeError("function argument is not a type: %r" % (ARG,))
            if isinstance(ARG, ContainerType):
                raise LowLevelTypeError("function arguments must not be containers")
        if not isinstance(result, LowLevelType) or isinstance(result, ContainerType):
            raise LowLevelTypeError("bad function result type %r" % (result,))
        self.ARGS = tuple(args)
        self.RESULT = result

    def __str__(self):
        return "Func ( %s ) -> %s" % (
            ", ".join(A._short_name() for A in self.ARGS),
            self.RESULT._short_name(),
        )

    _short_name = __str__

    def __hash__(self):
        return hash(("Func", len(self.ARGS)))

    def _container_example(self):
        def example(*args):
            return self.RESULT._defl()

        return _func(self, _callable=example)


class OpaqueType(ContainerType):
    _gckind = "raw"

    def __init__(self, tag, hints=None):
        self.tag = tag
        self.__name__ = tag
        self._hints = frozendict(hints or {})

    def __str__(self):
        return "%s (opaque)" % self.tag

    def _inline_is_varsize(self, last):
        return False

    def _container_example(self):
        return _opaque(self)

    def _defl(self, parent=None, parentindex=None):
        return _opaque(self, parent=parent, parentindex=parentindex)

    def _allocate(self, initialization, parent=None, parentindex=None):
        return self._defl(parent, parentindex)


RuntimeTypeInfo = OpaqueType("RuntimeTypeInfo")


class GcOpaqueType(OpaqueType):
    _gckind = "gc"

    def __str__(self):
        return "%s (gcopaque)" % self.tag

    def _inline_is_varsize(self, last):
        raise LowLevelTypeError("%r cannot be inlined" % (self,))


class ForwardReference(ContainerType):
    """A placeholder for a recursive type; call `.become(TYPE)` once known."""

    _gckind = "raw"

    def become(self, realcontainertype):
        if not isinstance(realcontainertype, ContainerType):
            raise LowLevelTypeError("ForwardReference can only be to containers")
        if realcontainertype._gckind != self._gckind:
            raise LowLevelTypeError(
                "become() gives conflicting gckind, use the right "
                "ForwardReference class"
            )
        self.__class__ = realcontainertype.__class__
        self.__dict__ = realcontainertype.__dict__

    def __hash__(self):
        return hash(("ForwardReference", id(self)))

    def __eq__(self, other):
        return self is other

    def __str__(self):
        return "ForwardReference"


class GcForwardReference(ForwardReference):
    _gckind = "gc"


FORWARDREF_BY_FLAVOR = {"raw": ForwardReference, "gc": GcForwardReference}


class Ptr(LowLevelType):
    def __init__(self, TO):
        if not isinstance(TO, ContainerType):
            raise LowLevelTypeError(
                "can only point to a container type, not %r" % (TO,)
            )
        self.TO = TO

    def _needsgc(self):
        return self.TO._gckind == "gc"

    def _equality_key(self):
        return (self.TO,)

    def __hash__(self):
        return hash(("Ptr", LowLevelType.__hash__(self.TO)))

    def __str__(self):
        return "* %s" % (self.TO,)

    def _short_name(self):
        return "Ptr %s" % (self.TO._short_name(),)

    def _defl(self, parent=None, parentindex=None):
        return _ptr(self, None)

    def _example(self):
        return _ptr(self, self.TO._container_example())

    def _contains_value(self, value):
        return isinstance(value, _ptr) and value._TYPE == self


# ____________________________________________________________
# adt methods


class staticAdtMethod:
    """An adtmeth called without the pointer as first argument."""

    def __init__(self, obj):
        self.obj = obj

    def __get__(self, inst, typ=None):
        return self.obj

    def __eq__(self, other):
        return isinstance(other, staticAdtMethod) and self.obj is other.obj

    def __hash__(self):
        return hash(self.obj)


class typeMethod:
    """An adtmeth whose first argument is the low-level type itself."""

    def __init__(self, func):
        self.func = func

    def bind(self, TYPE):
        func = self.func
        return lambda *args: func(TYPE, *args)

    def __eq__(self, other):
        return isinstance(other, typeMethod) and self.func is other.func

    def __hash__(self):
        return hash(self.func)


# ____________________________________________________________
# run-time values


def typeOf(val):
    """The low-level type of an untranslated low-level value."""
    try:
        return val._TYPE
    except AttributeError:
        pass
    tp = type(val)
    if tp is bool:
        return Bool
    if tp is int:
        if not (MININT <= val <= MAXINT):
            raise LowLevelTypeError("integer %d does not fit in Signed" % (val,))
        return Signed
    if tp is float:
        return Float
    if tp is str:
        if len(val) != 1:
            raise LowLevelTypeError("a string is not a low-level value: %r" % (val,))
        return Char if ord(val) < 256 else UniChar
    if val is None:
        return Void
    if isinstance(val, Symbolic):
        result = val.lltype()
        if result is not None:
            return result
    if tp in _numbertypes:
        return _numbertypes[tp]
    raise LowLevelTypeError("not a low-level value: %r" % (val,))


class _container:
    __slots__ = ()

    def _parentstructure(self):
        return None

    def _check(self):
        pass

    def _normalizedcontainer(self):
        return self


class _parentable(_container):
    """A container that may live inline inside another one."""

    __slots__ = (
        "_TYPE",
        "_parent_type",
        "_parent_index",
        "_wrparent",
        "_freed",
        "_opaque_wrappers",
        "__weakref__",
    )

    def __init__(self, TYPE):
        self._TYPE = TYPE
        self._wrparent = None
        self._parent_type = None
        self._parent_index = None
        self._freed = False
        self._opaque_wrappers = None

    def _setparentstructure(self, parent, parentindex):
        # a strong reference: an inline substructure keeps its parent alive,
        # exactly like a pointer into the middle of a C struct
        self._wrparent = parent
        self._parent_type = parent._TYPE
        self._parent_index = parentindex

    def _parentstructure(self):
        return self._wrparent

    def _check(self):
        if self._freed:
            raise RuntimeError("accessing freed %r" % (self._TYPE,))
        parent = self._wrparent
        if parent is not None:
            parent._check()

    def _free(self):
        self._check()
        if self._wrparent is not None:
            raise RuntimeError("freeing an inline substructure")
        self._freed = True

    def _normalizedcontainer(self):
        # a Ptr to the first field of a struct points to the same place as a
        # Ptr to the struct itself: normalize to the outermost one
        obj = self
        while True:
            parent = obj._parentstructure()
            if parent is None or not isinstance(parent, _struct):
                return obj
            if parent._TYPE._names and parent._TYPE._names[0] == obj._parent_index:
                first, FIRST = parent._TYPE._first_struct()
                if first is not None:
                    obj = parent
                    continue
            return obj


def _allocate_field(FIELD, initialization, parent, index):
    if isinstance(FIELD, ContainerType):
        return FIELD._allocate(initialization, parent=parent, parentindex=index)
    if isinstance(FIELD, Ptr) or initialization != "example":
        return FIELD._defl()
    return FIELD._example() if hasattr(FIELD, "_example") else FIELD._defl()


class _struct(_parentable):
    __slots__ = ("_fields",)

    def __init__(
        self, TYPE, n=None, initialization=None, parent=None, parentindex=None
    ):
        _parentable.__init__(self, TYPE)
        if n is not None and TYPE._arrayfld is None:
            raise LowLevelTypeError("%r is not variable-sized" % (TYPE,))
        if n is None and TYPE._arrayfld is not None:
            raise LowLevelTypeError("%r is variable-sized" % (TYPE,))
        self._fields = {}
        for fname in TYPE._names:
            FIELD = TYPE._flds[fname]
            if fname == TYPE._arrayfld:
                value = _array(FIELD, n, initialization, parent=self, parentindex=fname)
            else:
                value = _allocate_field(FIELD, initialization, self, fname)
            self._fields[fname] = value
        if parent is not None:
            self._setparentstructure(parent, parentindex)

    def _getfield(self, name):
        try:
            return self._fields[name]
        except KeyError:
            self._TYPE._nofield(name)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return self._getfield(name)

    def _setfield(self, name, value):
        self._fields[name] = value

    def __repr__(self):
        return "<%s>" % (self._short(),)

    def _short(self):
        return "struct %s" % (self._TYPE._name,)

    def __str__(self):
        fields = []
        for name in self._TYPE._names:
            value = self._fields[name]
            if isinstance(value, _container):
                fields.append("%s=<%s>" % (name, value._TYPE._short_name()))
            else:
                fields.append("%s=%r" % (name, value))
        return "struct %s { %s }" % (self._TYPE._name, ", ".join(fields))

    def getlength(self):
        # FixedSizeArray support
        return self._TYPE.length

    def getitem(self, index):
        return self._fields["item%d" % index]

    def setitem(self, index, value):
        self._fields["item%d" % index] = value


class _array(_parentable):
    __slots__ = ("items",)

    def __init__(self, TYPE, n, initialization=None, parent=None, parentindex=None):
        _parentable.__init__(self, TYPE)
        if not isinstance(n, int) or isinstance(n, bool):
            raise LowLevelTypeError("array length must be an integer, got %r" % (n,))
        if n < 0:
            raise ValueError("negative array length")
        OF = TYPE.OF
        self.items = [_allocate_field(OF, initialization, self, i) for i in range(n)]
        if parent is not None:
            self._setparentstructure(parent, parentindex)

    def __repr__(self):
        return "<%s>" % (self._short(),)

    def _short(self):
        return "array [%d] of %s" % (len(self.items), self._TYPE.OF._short_name())

    def getlength(self):
        return len(self.items)

    def getitem(self, index):
        return self.items[index]

    def setitem(self, index, value):
        self.items[index] = value

    def shrinklength(self, newlength):
        del self.items[newlength:]


class _func(_container):
    """A function object; `graph` and/or `_callable` say what it does."""

    def __init__(self, TYPE, **attrs):
        self._TYPE = TYPE
        self._name = "?"
        self._callable = None
        self.__dict__.update(attrs)

    def __repr__(self):
        return "<%s>" % (self,)

    def __str__(self):
        return "fn %s" % (self._name,)

    def _check(self):
        pass


class _opaque(_parentable):
    """An opaque object; may wrap a container (cast_opaque_ptr to GCREF)."""

    __slots__ = ("_attrs",)

    def __init__(self, TYPE, parent=None, parentindex=None, **attrs):
        _parentable.__init__(self, TYPE)
        self._attrs = attrs
        if parent is not None:
            self._setparentstructure(parent, parentindex)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return self._attrs[name]
        except KeyError:
            raise AttributeError(name)

    def __repr__(self):
        return "<opaque %s>" % (self._TYPE.tag,)

    def _normalizedcontainer(self):
        container = self._attrs.get("container")
        if container is not None:
            return container._normalizedcontainer()
        return _parentable._normalizedcontainer(self)


_ptr_int_ids = {}  # id(container) -> (container, int); for cast_ptr_to_int
_ptr_int_values = {}


class _ptr:
    """An untranslated pointer: typed, checked, possibly NULL."""

    __slots__ = ("_TYPE", "_obj0", "__weakref__")

    def __init__(self, TYPE, pointing_to):
        object.__setattr__(self, "_TYPE", TYPE)
        object.__setattr__(self, "_obj0", pointing_to)

    @property
    def _obj(self):
        obj = self._obj0
        if obj is None:
            raise RuntimeError(
                "dereferencing a NULL pointer of type %s" % (self._TYPE,)
            )
        obj._check()
        return obj

    def _same_obj(self, other):
        return self._obj0 is other._obj0

    def __eq__(self, other):
        if not isinstance(other, _ptr):
            return NotImplemented
        if self._TYPE != other._TYPE:
            raise LowLevelTypeError("comparing %s and %s" % (self._TYPE, other._TYPE))
        o1 = self._obj0
        o2 = other._obj0
        if o1 is None or o2 is None:
            return o1 is o2
        return o1._normalizedcontainer() is o2._normalizedcontainer()

    def __ne__(self, other):
        result = self.__eq__(other)
        if result is NotImplemented:
            return result
        return not result

    def __hash__(self):
        obj = self._obj0
        if obj is None:
            return 0
        return hash(id(obj._normalizedcontainer()))

    def __bool__(self):
        return self._obj0 is not None

    def __getattr__(self, name):
        TO = self._TYPE.TO
        if isinstance(TO, Struct):
            if name in TO._flds:
                obj = self._obj
                value = obj._getfield(name)
                if isinstance(value, _container):
                    return _ptr(Ptr(value._TYPE), value)
                return value
        adtmeths = TO._adtmeths
        if name in adtmeths:
            meth = adtmeths[name]
            if isinstance(meth, staticAdtMethod):
                return meth.obj
            if isinstance(meth, typeMethod):
                return meth.bind(TO)
            ptr = self
            return lambda *args: meth(ptr, *args)
        raise AttributeError("%r instance has no field %r" % (self._TYPE.TO, name))

    def __setattr__(self, name, value):
        TO = self._TYPE.TO
        if isinstance(TO, Struct) and name in TO._flds:
            FIELD = TO._flds[name]
            if isinstance(FIELD, ContainerType):
                raise LowLevelTypeError("cannot assign to the substructure %r" % name)
            if not FIELD._contains_value(value):
                raise LowLevelTypeError(
                    "%r instance field %r: expects %s, got %r"
                    % (TO._name, name, FIELD, value)
                )
            self._obj._setfield(name, value)
            return
        raise AttributeError("%r instance has no field %r" % (TO, name))

    def _check_index(self, i):
        if not isinstance(i, int):
            raise LowLevelTypeError("array index must be an integer, got %r" % (i,))
        n = self._obj.getlength()
        if not (0 <= i < n):
            raise IndexError("array index %d out of bounds [0, %d)" % (i, n))

    def _arrayish(self):
        TO = self._TYPE.TO
        if isinstance(TO, (Array, FixedSizeArray)):
            return TO
        raise LowLevelTypeError("%r instance is not an array" % (TO,))

    def __getitem__(self, i):
        TO = self._arrayish()
        self._check_index(i)
        value = self._obj.getitem(i)
        if isinstance(value, _container):
            return _ptr(Ptr(TO.OF), value)
        return value

    def __setitem__(self, i, value):
        TO = self._arrayish()
        if isinstance(TO.OF, ContainerType):
            raise LowLevelTypeError("cannot assign to an array of structures")
        self._check_index(i)
        if not TO.OF._contains_value(value):
            raise LowLevelTypeError("array of %s: cannot store %r" % (TO.OF, value))
        self._obj.setitem(i, value)

    def __len__(self):
        self._arrayish()
        return self._obj.getlength()

    def __iter__(self):
        raise TypeError("low-level pointers are not iterable; use range(len(p))")

    def __call__(self, *args):
        TO = self._TYPE.TO
        if not isinstance(TO, FuncType):
            raise LowLevelTypeError("%r is not a function pointer" % (self,))
        if len(args) != len(TO.ARGS):
            raise LowLevelTypeError(
                "calling %r with %d arguments instead of %d"
                % (self, len(args), len(TO.ARGS))
            )
        for i, (ARG, value) in enumerate(zip(TO.ARGS, args)):
            if not ARG._contains_value(value):
                raise LowLevelTypeError(
                    "argument %d of %r: expects %s, got %r" % (i, self, ARG, value)
                )
        obj = self._obj
        callb = obj._callable
        if callb is None:
            raise RuntimeError("calling undefined function %r" % (obj,))
        return callb(*args)

    def __repr__(self):
        if self._obj0 is None:
            return "<* None of %s>" % (self._TYPE.TO._short_name(),)
        return "<* %r>" % (self._obj0,)

    def __str__(self):
        return "* %s" % (self._obj0,)

    def _cast_to_int(self):
        obj = self._obj0
        if obj is None:
            return 0
        obj = obj._normalizedcontainer()
        key = id(obj)
        try:
            return _ptr_int_ids[key][1]
        except KeyError:
            value = 0x1000 + 16 * len(_ptr_int_ids)
            _ptr_int_ids[key] = (obj, value)
            _ptr_int_values[value] = obj
            return value

    def _identityhash(self):
        return self._cast_to_int() >> 4


# ____________________________________________________________
# operations on values


def malloc(
    T,
    n=None,
    flavor="gc",
    immortal=False,
    zero=False,
    track_allocation=True,
    add_memory_pressure=False,
    nonmovable=False,
):
    """Allocate a T; var-sized T need `n`.  GC types need flavor='gc'."""
    if not isinstance(T, ContainerType) or isinstance(T, (FuncType, ForwardReference)):
        raise LowLevelTypeError("malloc: %r is not an allocatable type" % (T,))
    if flavor == "gc":
        if T._gckind != "gc" and not immortal:
            raise LowLevelTypeError("malloc: raw type %r needs flavor='raw'" % (T,))
    elif flavor == "raw":
        if T._gckind == "gc":
            raise LowLevelTypeError("malloc: GC type %r needs flavor='gc'" % (T,))
    else:
        raise LowLevelTypeError("malloc: unknown flavor %r" % (flavor,))
    if isinstance(T, Struct):
        obj = _struct(T, n, "malloc")
    elif isinstance(T, Array):
        if n is None:
            raise LowLevelTypeError("malloc: array %r needs a length" % (T,))
        obj = _array(T, n, "malloc")
    elif isinstance(T, OpaqueType):
        obj = _opaque(T)
    else:
        raise LowLevelTypeError("malloc: cannot allocate %r" % (T,))
    return _ptr(Ptr(T), obj)


def free(p, flavor="raw", track_allocation=True):
    """Release raw memory allocated by malloc(..., flavor='raw')."""
    T = typeOf(p)
    if not isinstance(T, Ptr) or T.TO._gckind != "raw" or flavor != "raw":
        raise LowLevelTypeError("free: %r is not a raw pointer" % (p,))
    p._obj._free()


def nullptr(T):
    return Ptr(T)._defl()


def functionptr(TYPE, name, **attrs):
    if not isinstance(TYPE, FuncType):
        raise LowLevelTypeError("functionptr() for FuncTypes only, not %r" % (TYPE,))
    return _ptr(Ptr(TYPE), _func(TYPE, _name=name, **attrs))


def opaqueptr(TYPE, name, **attrs):
    if not isinstance(TYPE, OpaqueType):
        raise LowLevelTypeError("opaqueptr() for OpaqueTypes only, not %r" % (TYPE,))
    return _ptr(Ptr(TYPE), _opaque(TYPE, initialization=name, **attrs))


def _castdepth(OUTSIDE, INSIDE):
    """How many first-field steps lead from struct OUTSIDE to INSIDE, or -1."""
    depth = 0
    while OUTSIDE != INSIDE:
        if not isinstance(OUTSIDE, Struct):
            return -1
        first, FIRST = OUTSIDE._first_struct()
        if first is None:
            return -1
        OUTSIDE = FIRST
        depth += 1
    return depth


def castable(PTRTYPE, CURTYPE):
    """>0: down-cast by that many steps; <0: up-cast; 0: same type."""
    if CURTYPE.TO._gckind != PTRTYPE.TO._gckind:
        raise LowLevelTypeError(
            "cast_pointer() cannot change the gc status: %s to %s" % (CURTYPE, PTRTYPE)
        )
    if CURTYPE == PTRTYPE:
        return 0
    up = _castdepth(CURTYPE.TO, PTRTYPE.TO)
    if up > 0:
        return -up
    down = _castdepth(PTRTYPE.TO, CURTYPE.TO)
    if down > 0:
        return down
    raise LowLevelTypeError("%s cannot be cast to %s" % (CURTYPE, PTRTYPE))


def cast_pointer(PTRTYPE, ptr):
    """Cast along the first-field inheritance chain (up or checked down)."""
    CURTYPE = typeOf(ptr)
    if not isinstance(CURTYPE, Ptr) or not isinstance(PTRTYPE, Ptr):
        raise LowLevelTypeError("cast_pointer() from %r to %r" % (CURTYPE, PTRTYPE))
    steps = castable(PTRTYPE, CURTYPE)
    if not ptr:
        return nullptr(PTRTYPE.TO)
    if steps == 0:
        return ptr
    obj = ptr._obj
    if isinstance(obj, _opaque) and "container" in obj._attrs:
        obj = obj._attrs["container"]
    if steps < 0:
        for _ in range(-steps):
            obj = obj._getfield(obj._TYPE._names[0])
    else:
        for _ in range(steps):
            parent = obj._parentstructure()
            if (
                parent is None
                or not isinstance(parent, _struct)
                or (parent._TYPE._names[0] != obj._parent_index)
            ):
                raise RuntimeError(
                    "bad down-cast: %r is not inside a %s" % (obj, PTRTYPE.TO)
                )
            obj = parent
        if obj._TYPE != PTRTYPE.TO:
            raise RuntimeError(
                "bad down-cast: the object is a %s, not a %s"
                % (obj._TYPE._short_name(), PTRTYPE.TO._short_name())
            )
    return _ptr(PTRTYPE, obj)


def cast_opaque_ptr(PTRTYPE, ptr):
    """Cast a GC pointer to or from an opaque GC pointer (like GCREF)."""
    CURTYPE = typeOf(ptr)
    if not isinstance(CURTYPE, Ptr) or not isinstance(PTRTYPE, Ptr):
        raise LowLevelTypeError("cast_opaque_ptr() from %r to %r" % (CURTYPE, PTRTYPE))
    if CURTYPE == PTRTYPE:
        return ptr
    if CURTYPE.TO._gckind != PTRTYPE.TO._gckind:
        raise LowLevelTypeError("cast_opaque_ptr() cannot change the gc status")
    if not ptr:
        return nullptr(PTRTYPE.TO)
    if isinstance(PTRTYPE.TO, OpaqueType):
        obj = ptr._obj._normalizedcontainer()
        if isinstance(obj, _opaque) and "container" in obj._attrs:
            obj = obj._attrs["container"]
        if isinstance(obj, _opaque) and obj._TYPE == PTRTYPE.TO:
            return _ptr(PTRTYPE, obj)
        # one wrapper per (object, opaque type) so that pointer identity holds
        wrappers = obj._opaque_wrappers
        if wrappers is None:
            wrappers = obj._opaque_wrappers = {}
        try:
            wrapper = wrappers[PTRTYPE.TO]
        except KeyError:
            wrapper = wrappers[PTRTYPE.TO] = _opaque(PTRTYPE.TO, container=obj)
        return _ptr(PTRTYPE, wrapper)
    obj = ptr._obj
    if isinstance(obj, _opaque) and "container" in obj._attrs:
        obj = obj._attrs["container"]
    else:
        raise LowLevelTypeError("cast_opaque_ptr(): %r has no real object" % (ptr,))
    real = _ptr(Ptr(obj._TYPE), obj)
    if isinstance(PTRTYPE.TO, OpaqueType):
        return cast_opaque_ptr(PTRTYPE, real)
    return cast_pointer(PTRTYPE, real)


def normalizeptr(p):
    """The same address seen as a pointer to its outermost first-field struct."""
    obj = p._obj0
    if obj is None:
        return p
    norm = obj._normalizedcontainer()
    if norm is obj:
        return p
    return _ptr(Ptr(norm._TYPE), norm)


def cast_ptr_to_int(ptr):
    return ptr._cast_to_int()


def cast_int_to_ptr(PTRTYPE, value):
    if value == 0:
        return nullptr(PTRTYPE.TO)
    try:
        obj = _ptr_int_values[value]
    except KeyError:
        raise RuntimeError("cast_int_to_ptr(%r): not a known address" % (value,))
    return (
        cast_pointer(PTRTYPE, _ptr(Ptr(obj._TYPE), obj))
        if not isinstance(PTRTYPE.TO, OpaqueType)
        else cast_opaque_ptr(PTRTYPE, _ptr(Ptr(obj._TYPE), obj))
    )


def identityhash(p):
    if not p:
        raise RuntimeError("identityhash(NULL)")
    return p._identityhash()


def parentlink(container):
    parent = container._parentstructure()
    if parent is None:
        return None, None
    return parent, container._parent_index


def enforce(TYPE, value):
    return TYPE._enforce(value)


def isCompatibleType(TYPE1, TYPE2):
    return TYPE1 == TYPE2


def _signed_wrap(value, bits):
    value &= (1 << bits) - 1
    if value >= 1 << (bits - 1):
        value -= 1 << bits
    return value


def _cast_integer(TGT, value):
    if TGT is Signed:
        return _signed_wrap(int(value), LONG_BIT)
    return TGT._type(int(value))


def cast_primitive(TGT, value):
    """C-like conversion between primitive types (truncating, wrapping)."""
    ORIG = typeOf(value)
    if not isinstance(TGT, Primitive) or not isinstance(ORIG, Primitive):
        raise LowLevelTypeError("cast_primitive() from %r to %r" % (ORIG, TGT))
    if ORIG is Char or ORIG is UniChar:
        value = ord(value)
    elif ORIG is Float:
        if TGT is Float:
            return value
        if TGT is Bool:
            return value != 0.0
        value = int(value)  # truncates toward zero like C
    if TGT is Float:
        return float(value)
    if TGT is Bool:
        return bool(value)
    if TGT is Char:
        return chr(int(value) & 0xFF)
    if TGT is UniChar:
        return chr(int(value) & 0x1FFFFF) if int(value) < 0x110000 else chr(0xFFFD)
    if isinstance(TGT, Number):
        return _cast_integer(TGT, value)
    raise LowLevelTypeError("cast_primitive() to %r" % (TGT,))


def _register_annotation_support():
    # the annotator learns about malloc/nullptr/cast_pointer/llop and prebuilt
    # pointers through extregistry entries that live in rtyper/rptr.py; load
    # them as soon as low-level types are in use (all names above exist now)
    import rpython.rtyper.rptr  # noqa: F401


_register_annotation_support()
