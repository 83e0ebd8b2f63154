"""Weak references and weak dictionaries for RPython programs.

``weakref.ref(obj)`` to an instance is RPython as it is: the entry below
registers ``weakref.ref`` with the annotator, and ``r()`` gives the object
or None once the GC freed it (translated: rtyper/rweakref.py, with support
in every GC).  A weakref to an object waiting in a FinalizerQueue stays
valid until the object is really freed.  Prebuilt weakrefs are not
supported.

The dictionaries have fixed key and value classes so they can be typed:
``RWeakValueDictionary(str, W_Root)`` and ``RWeakKeyDictionary(Key, Value)``.
Untranslated they wrap CPython's weak dictionaries; they do not translate
yet.
"""

import weakref

from rpython.rlib.objectmodel import not_rpython

ref = weakref.ref


class RWeakValueDictionary:
    """key -> value, where an entry vanishes when its value dies."""

    @not_rpython
    def __init__(self, keyclass, valueclass):
        self._keyclass = keyclass
        self._valueclass = valueclass
        self._dict = weakref.WeakValueDictionary()

    def get(self, key):
        """The value, or None if absent or dead."""
        assert isinstance(key, self._keyclass)
        return self._dict.get(key, None)

    def set(self, key, value):
        """Store value (None deletes the entry)."""
        assert isinstance(key, self._keyclass)
        if value is None:
            self._dict.pop(key, None)
        else:
            assert isinstance(value, self._valueclass)
            self._dict[key] = value

    def length(self):
        return len(self._dict)


class RWeakKeyDictionary:
    """key -> value, where an entry vanishes when its key dies; keys are
    compared by identity."""

    @not_rpython
    def __init__(self, keyclass, valueclass):
        self._keyclass = keyclass
        self._valueclass = valueclass
        self._dict = {}

    def _cleanup(self):
        for k in [k for k, (r, v) in self._dict.items() if r() is None]:
            del self._dict[k]

    def get(self, key):
        assert isinstance(key, self._keyclass)
        entry = self._dict.get(id(key))
        if entry is None or entry[0]() is not key:
            return None
        return entry[1]

    def set(self, key, value):
        assert isinstance(key, self._keyclass)
        self._cleanup()
        if value is None:
            self._dict.pop(id(key), None)
        else:
            assert isinstance(value, self._valueclass)
            self._dict[id(key)] = (weakref.ref(key), value)

    def length(self):
        self._cleanup()
        return len(self._dict)


class _DeadObject:
    pass


_DEAD_REF = weakref.ref(_DeadObject())  # the instance dies at once


def dead_ref():
    """A weakref that is already dead."""
    return _DEAD_REF


# ---------------------------------------------------------------------------
# annotator and rtyper support of weakref.ref (see rtyper/rweakref.py)

from rpython.rtyper import extregistry  # noqa: E402


class _Entry_weakref_ref(extregistry.ExtRegistryEntry):
    _about_ = weakref.ref

    def compute_result_annotation(self, s_obj):
        from rpython.rtyper import rweakref as rtyper_rweakref

        return rtyper_rweakref.weakref_annotation(s_obj)

    def specialize_call(self, hop):
        from rpython.rtyper import rweakref as rtyper_rweakref

        return rtyper_rweakref.rtype_weakref_create(hop)


class _Entry_prebuilt_weakref(extregistry.ExtRegistryEntry):
    _type_ = weakref.ReferenceType

    def compute_annotation(self):
        from rpython.annotator.model import AnnotatorError

        raise AnnotatorError(
            "prebuilt weakref %r is not supported: create weak references at "
            "run time" % (self.instance,)
        )
