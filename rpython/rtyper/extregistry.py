"""Registry of special objects the annotator and rtyper treat specially.

Subclass ExtRegistryEntry with `_about_ = obj` (a function, object or
tuple of them) or `_type_ = cls` (for every instance of cls).  The entry
then supplies `compute_result_annotation(*args_s)` for calls,
`compute_annotation()` for the object as a prebuilt value, and
`specialize_call(hop)` for the rtyper.  Registration happens when the
subclass is defined, by the metaclass.
"""

from rpython.annotator.model import SomeBuiltin


class AutoRegisteringType(type):
    def __init__(selfcls, name, bases, dict):
        type.__init__(selfcls, name, bases, dict)
        if "_about_" in dict:
            about = dict["_about_"]
            if isinstance(about, tuple):
                for x in about:
                    _register(EXT_REGISTRY_BY_VALUE, x, selfcls)
            else:
                _register(EXT_REGISTRY_BY_VALUE, about, selfcls)
        if "_type_" in dict:
            tp = dict["_type_"]
            if isinstance(tp, tuple):
                for x in tp:
                    _register(EXT_REGISTRY_BY_TYPE, x, selfcls)
            else:
                _register(EXT_REGISTRY_BY_TYPE, tp, selfcls)
        if "_metatype_" in dict:
            _register(EXT_REGISTRY_BY_METATYPE, dict["_metatype_"], selfcls)


EXT_REGISTRY_BY_VALUE = {}
EXT_REGISTRY_BY_TYPE = {}
EXT_REGISTRY_BY_METATYPE = {}


def _key(x):
    try:
        hash(x)
        return x
    except TypeError:
        return ("id", id(x))


def _register(table, key, cls):
    k = _key(key)
    if k in table and table[k][1] is not cls:
        previous = table[k][1]
        # re-registering the same name (module reload in tests) is allowed
        if previous.__name__ != cls.__name__ or previous.__module__ != cls.__module__:
            raise ValueError(
                "duplicate extregistry entry for %r: %s and %s"
                % (key, previous.__name__, cls.__name__)
            )
    table[k] = (key, cls)


class ExtRegistryEntry(metaclass=AutoRegisteringType):
    """Base class of registry entries (see module docstring)."""

    def __init__(self, type, instance=None):
        self.type = type
        self.instance = instance

    def compute_annotation_bk(self, bookkeeper):
        self.bookkeeper = bookkeeper
        return self.compute_annotation()

    def compute_annotation(self):
        # default: a callable special object, analysed at call sites
        if not hasattr(self, "compute_result_annotation"):
            raise NotImplementedError(
                "%s needs compute_annotation() or compute_result_annotation()"
                % self.__class__.__name__
            )
        func = self.instance

        def analyser(*args_s):
            return self.compute_result_annotation(*args_s)

        analyser.__name__ = getattr(func, "__name__", "ext")
        result = SomeBuiltin(analyser, methodname=getattr(func, "__name__", None))
        result.extregistry_entry = self
        try:
            result.const = func
        except Exception:
            pass
        return result

    def is_registered_instance(self):
        return self.instance is not None


def _lookup_cls(instance):
    try:
        k = _key(instance)
        if k in EXT_REGISTRY_BY_VALUE and EXT_REGISTRY_BY_VALUE[k][0] is instance:
            return EXT_REGISTRY_BY_VALUE[k][1]
    except Exception:
        pass
    for tp in type(instance).__mro__:
        try:
            if tp in EXT_REGISTRY_BY_TYPE:
                return EXT_REGISTRY_BY_TYPE[tp][1]
        except TypeError:
            pass
    try:
        mt = type(type(instance))
        if mt in EXT_REGISTRY_BY_METATYPE:
            return EXT_REGISTRY_BY_METATYPE[mt][1]
    except TypeError:
        pass
    raise KeyError(instance)


def lookup(instance):
    """The entry for a prebuilt object (by value, then by type)."""
    cls = _lookup_cls(instance)
    return cls(type(instance), instance)


def lookup_type(tp):
    for t in tp.__mro__:
        if t in EXT_REGISTRY_BY_TYPE:
            return EXT_REGISTRY_BY_TYPE[t][1](tp)
    raise KeyError(tp)


def is_registered(instance):
    try:
        _lookup_cls(instance)
    except KeyError:
        return False
    return True


def is_registered_type(tp):
    try:
        lookup_type(tp)
    except KeyError:
        return False
    return True
