"""``unrolling_iterable``: a constant sequence whose ``for`` loops are unrolled.

    ops = unrolling_iterable([("add", operator.add), ("sub", operator.sub)])
    for name, fn in ops:      # translated: one copy of the body per item
        ...

Untranslated it is simply an iterable over a tuple of the items.  The flow
space recognises instances of this class (``_unroll_`` is True) and unrolls
the loop, so the items may differ in type.
"""


class SpecTag:
    """Base for marker objects that flow through unrolled loops as constants."""

    __slots__ = ()

    def __repr__(self):
        return "%sSpecTag(0x%x)" % (self.__class__.__name__, id(self))

    def _freeze_(self):
        return True


class unrolling_iterable(SpecTag):
    """A frozen tuple of items, iterated by unrolling at translation time."""

    __slots__ = ("_items",)
    _unroll_ = True

    def __init__(self, iterable=()):
        object.__setattr__(self, "_items", tuple(iterable))

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def __getitem__(self, index):
        return self._items[index]

    def get_unroller(self):
        return iter(self._items)

    def __repr__(self):
        return "unrolling_iterable(%r)" % (self._items,)
