"""Double dispatch on the classes of two objects.

`pair(a, b).method()` looks `method` up on `pairtype(type(a), type(b))`, a
class whose bases are the pairtypes of the bases of both classes, so rules
for (SomeInteger, SomeInteger) win over rules for (SomeObject, SomeObject).
Extend with:

    class __extend__(pairtype(SomeFoo, SomeBar)):
        def union(pair_foo_bar): ...
"""


class extendabletype(type):
    """A type whose `class __extend__(cls)` statements add to `cls`."""

    def __new__(cls, name, bases, dict):
        if name == "__extend__":
            for base in bases:
                for key, value in dict.items():
                    if key in ("__module__", "__qualname__", "__dict__", "__doc__"):
                        continue
                    setattr(base, key, value)
            return None
        return type.__new__(cls, name, bases, dict)


def pair(a, b):
    """Return a pair object of the pairtype of type(a) and type(b)."""
    tp = pairtype(a.__class__, b.__class__)
    return tp((a, b))


_pairtypecache = {}


def pairtype(cls1, cls2):
    """The class of pairs (cls1, cls2), built on demand."""
    try:
        return _pairtypecache[cls1, cls2]
    except KeyError:
        pass
    name = "pairtype(%s, %s)" % (cls1.__name__, cls2.__name__)
    bases1 = [pairtype(base1, cls2) for base1 in cls1.__bases__]
    bases2 = [pairtype(cls1, base2) for base2 in cls2.__bases__]
    bases = tuple(bases1 + bases2) or (tuple,)
    try:
        tp = extendabletype(name, bases, {})
    except TypeError:
        # inconsistent MRO: fall back to the first-class-first order
        tp = extendabletype(name, tuple(bases1) or (tuple,), {})
    _pairtypecache[cls1, cls2] = tp
    return tp
