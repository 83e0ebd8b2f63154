"""Weak references and weak dictionaries for RPython programs.

``weakref.ref(obj)`` to an instance is RPython as it is: the entry below
registers ``weakref.ref`` with the annotator, and ``r()`` gives the object
or None once the GC freed it (translated: rtyper/rweakref.py, with support
in every GC).  A weakref to an object waiting in a FinalizerQueue stays
valid until the object is really freed.  Prebuilt weakrefs are not
supported.

The dictionaries ``RWeakValueDictionary(str, W_Root)`` and
``RWeakKeyDictionary(Key, Value)`` are written in RPython on top of
``weakref.ref`` (the class arguments are only checked untranslated); dead
entries are dropped lazily.
"""

import weakref

from rpython.rlib.objectmodel import compute_identity_hash, we_are_translated

ref = weakref.ref


class RWeakValueDictionary:
    """key -> value, where an entry vanishes when its value dies.

    RPython: create it at run time or as an empty prebuilt instance; keys
    are of one dict-key type, values instances of one class family.
    """

    def __init__(self, keyclass, valueclass):
        if not we_are_translated():
            self._keyclass = keyclass
            self._valueclass = valueclass
        self._dict = {}
        self._clean_at = 16

    def get(self, key):
        """The value, or None if absent or dead."""
        if not we_are_translated():
            assert isinstance(key, self._keyclass)
        r = self._dict.get(key, None)
        if r is None:
            return None
        return r()

    def set(self, key, value):
        """Store value (None deletes the entry)."""
        if not we_are_translated():
            assert isinstance(key, self._keyclass)
        if value is None:
            if key in self._dict:
                del self._dict[key]
            return
        if not we_are_translated():
            assert isinstance(value, self._valueclass)
        self._dict[key] = weakref.ref(value)
        if len(self._dict) >= self._clean_at:
            self._cleanup()

    def _cleanup(self):
        # drop entries whose value died; amortized over insertions
        dead = [k for k, r in self._dict.items() if r() is None]
        for k in dead:
            del self._dict[k]
        self._clean_at = 2 * len(self._dict) + 16

    def length(self):
        """Entries whose value is alive."""
        self._cleanup()
        return len(self._dict)


class _WeakKeyEntry:
    def __init__(self, key, value):
        self.ref = weakref.ref(key)
        self.value = value


class RWeakKeyDictionary:
    """key -> value, where an entry vanishes when its key dies; keys are
    compared by identity.  The value is held strongly: a value that refers
    to its key keeps the entry alive.

    RPython like RWeakValueDictionary (keys: instances of one class family).
    """

    def __init__(self, keyclass, valueclass):
        if not we_are_translated():
            self._keyclass = keyclass
            self._valueclass = valueclass
        # identity hash -> entries with that hash
        self._buckets = {}
        self._count = 0
        self._clean_at = 16

    def _find(self, bucket, key):
        i = 0
        while i < len(bucket):
            if bucket[i].ref() is key:
                return i
            i += 1
        return -1

    def get(self, key):
        if not we_are_translated():
            assert isinstance(key, self._keyclass)
        bucket = self._buckets.get(compute_identity_hash(key), None)
        if bucket is None:
            return None
        i = self._find(bucket, key)
        if i < 0:
            return None
        return bucket[i].value

    def set(self, key, value):
        """Store value (None deletes the entry)."""
        if not we_are_translated():
            assert isinstance(key, self._keyclass)
        h = compute_identity_hash(key)
        bucket = self._buckets.get(h, None)
        i = -1
        if bucket is not None:
            i = self._find(bucket, key)
        if value is None:
            if bucket is not None and i >= 0:
                del bucket[i]
                self._count -= 1
                if not bucket:
                    del self._buckets[h]
            return
        if not we_are_translated():
            assert isinstance(value, self._valueclass)
        if i >= 0:
            bucket[i].value = value
            return
        if bucket is None:
            bucket = []
            self._buckets[h] = bucket
        bucket.append(_WeakKeyEntry(key, value))
        self._count += 1
        if self._count >= self._clean_at:
            self._cleanup()

    def _cleanup(self):
        count = 0
        empty = []
        for h, bucket in self._buckets.items():
            alive = [e for e in bucket if e.ref() is not None]
            if alive:
                self._buckets[h] = alive
                count += len(alive)
            else:
                empty.append(h)
        for h in empty:
            del self._buckets[h]
        self._count = count
        self._clean_at = 2 * count + 16

    def length(self):
        """Entries whose key is alive."""
        self._cleanup()
        return self._count


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
    """A prebuilt weakref: only dead ones are supported (e.g. left in a
    prebuilt weak dictionary, or dead_ref())."""

    _type_ = weakref.ReferenceType

    def compute_annotation(self):
        from rpython.annotator.model import AnnotatorError, SomeWeakRef

        if self.instance() is not None:
            raise AnnotatorError(
                "prebuilt weakref %r is not supported: create weak references "
                "at run time (only dead prebuilt weakrefs translate)" % (self.instance,)
            )
        from rpython.rtyper import rweakref as rtyper_rweakref  # noqa: F401

        result = SomeWeakRef(None)
        result.const = self.instance
        return result
