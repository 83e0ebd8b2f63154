"""ListDef/DictDef: the shared, mutable item annotations of containers.

All lists that can ever meet (assigned to the same variable, stored in the
same attribute...) end up sharing one ListItem, so generalizing the item
type of one generalizes all of them.  Whoever reads the item type records its
position so that the annotator re-flows it when the item type grows.
"""

from rpython.annotator.model import (
    AnnotatorError,
    UnionError,
    not_const,
    s_ImpossibleValue,
    unionof,
)


class ListChangeUnallowed(AnnotatorError):
    pass


class SharedItem:
    """An item (or dict key/value) annotation shared by merged containers."""

    what = "list item"

    def __init__(self, bookkeeper, s_value):
        self.bookkeeper = bookkeeper
        self.s_value = s_value
        self.owners = {}  # ListDef/DictDef objects using this item
        self.read_locations = {}
        self.resized = False
        self.mutated = False
        self.range_step = None
        self.immutable = False

    def merge(self, other):
        if self is other:
            return
        for owner in list(other.owners):
            owner.replace_item(other, self)
            self.owners[owner] = True
        self.read_locations.update(other.read_locations)
        self.resized |= other.resized
        self.mutated |= other.mutated
        if self.range_step != other.range_step:
            self.range_step = None
        self.generalize(other.s_value)
        # the other side's readers must see our (possibly bigger) value
        self.notify_readers(other.read_locations)

    def generalize(self, s_other):
        # stored values are never constants: the container may change
        s_other = not_const(s_other)
        try:
            s_new = unionof(self.s_value, s_other)
        except UnionError as e:
            raise UnionError(
                e.s_obj1,
                e.s_obj2,
                "%s: %s" % (self.describe_mixing(), e.msg),
            )
        if s_new != self.s_value:
            self.s_value = s_new
            self.notify_readers(self.read_locations)
            return True
        return False

    def describe_mixing(self):
        return "mixed types in one %s" % self.what

    def notify_readers(self, locations):
        if self.bookkeeper is not None:
            for position in list(locations):
                self.bookkeeper.annotator.reflowfromposition(position)


class ListDef:
    def __init__(
        self, bookkeeper, s_item=s_ImpossibleValue, mutated=False, resized=False
    ):
        self.listitem = SharedItem(bookkeeper, s_item)
        self.listitem.owners[self] = True
        self.listitem.mutated = mutated or resized
        self.listitem.resized = resized
        self.bookkeeper = bookkeeper

    def replace_item(self, olditem, newitem):
        if self.listitem is olditem:
            self.listitem = newitem

    def read_item(self, position=None):
        if position is None and self.bookkeeper is not None:
            position = self.bookkeeper.position_key
        if position is not None:
            self.listitem.read_locations[position] = True
        return self.listitem.s_value

    def same_as(self, other):
        return self.listitem is other.listitem

    def union(self, other):
        self.listitem.merge(other.listitem)
        return self

    def generalize(self, s_value):
        self.listitem.generalize(s_value)

    def mutate(self):
        self.listitem.mutated = True

    def resize(self):
        self.listitem.mutated = True
        self.listitem.resized = True

    def never_resize(self):
        if self.listitem.resized:
            raise ListChangeUnallowed("list already resized")
        self.listitem.immutable = True

    def __repr__(self):
        return "<[%r]%s%s>" % (
            self.listitem.s_value,
            self.listitem.mutated and "m" or "",
            self.listitem.resized and "r" or "",
        )


class DictDef:
    def __init__(
        self,
        bookkeeper,
        s_key=s_ImpossibleValue,
        s_value=s_ImpossibleValue,
        is_r_dict=False,
        force_non_null=False,
    ):
        self.dictkey = SharedItem(bookkeeper, s_key)
        self.dictkey.what = "dict key"
        self.dictkey.owners[self] = True
        self.dictvalue = SharedItem(bookkeeper, s_value)
        self.dictvalue.what = "dict value"
        self.dictvalue.owners[self] = True
        self.bookkeeper = bookkeeper
        self.is_r_dict = is_r_dict
        self.force_non_null = force_non_null
        self.s_rdict_eqfn = s_ImpossibleValue
        self.s_rdict_hashfn = s_ImpossibleValue

    def replace_item(self, olditem, newitem):
        if self.dictkey is olditem:
            self.dictkey = newitem
        if self.dictvalue is olditem:
            self.dictvalue = newitem

    def _read(self, item, position):
        if position is None and self.bookkeeper is not None:
            position = self.bookkeeper.position_key
        if position is not None:
            item.read_locations[position] = True
        return item.s_value

    def read_key(self, position=None):
        return self._read(self.dictkey, position)

    def read_value(self, position=None):
        return self._read(self.dictvalue, position)

    def same_as(self, other):
        return self.dictkey is other.dictkey and self.dictvalue is other.dictvalue

    def union(self, other):
        self.dictkey.merge(other.dictkey)
        self.dictvalue.merge(other.dictvalue)
        if self.is_r_dict != other.is_r_dict:
            raise AnnotatorError("cannot mix r_dict and dict")
        return self

    def generalize_key(self, s_key):
        self.dictkey.generalize(s_key)
        self.emulate_rdict_calls()

    def emulate_rdict_calls(self):
        """r_dict: annotate the custom eq(key, key) and hash(key) functions."""
        if not self.is_r_dict or self.bookkeeper is None:
            return
        s_key = self.dictkey.s_value
        if s_key is s_ImpossibleValue:
            return
        bk = self.bookkeeper
        for fn_attr, args in (
            ("s_rdict_eqfn", [s_key, s_key]),
            ("s_rdict_hashfn", [s_key]),
        ):
            s_fn = getattr(self, fn_attr)
            if s_fn is s_ImpossibleValue:
                continue
            bk.emulate_pbc_call((self, fn_attr), s_fn, args)

    def generalize_value(self, s_value):
        self.dictvalue.generalize(s_value)

    def __repr__(self):
        return "<{%r: %r}>" % (self.dictkey.s_value, self.dictvalue.s_value)
