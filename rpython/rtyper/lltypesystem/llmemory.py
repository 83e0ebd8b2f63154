"""Addresses and symbolic sizes/offsets, for the GC transform and raw memory.

`sizeof(T)`, `offsetof(T, "field")`, `itemoffsetof(A, n)` are Symbolic
integers (AddressOffset): the C backend writes them as `sizeof(...)` /
`offsetof(...)` expressions, and they add up into CompositeOffsets.
Untranslated, an Address is a `fakeaddress`: a pointer plus an offset, enough
to round-trip `cast_ptr_to_adr` / `cast_adr_to_ptr` and to compare addresses.
"""

from rpython.rlib.objectmodel import Symbolic
from rpython.rtyper.lltypesystem import lltype


class AddressOffset(Symbolic):
    """A Signed whose value is a byte offset known only to the C compiler."""

    def annotation(self):
        from rpython.annotator import model

        return model.SomeInteger()

    def lltype(self):
        return lltype.Signed

    def __add__(self, other):
        if not isinstance(other, AddressOffset):
            if other == 0:
                return self
            return NotImplemented
        return CompositeOffset(self, other)

    def __radd__(self, other):
        if other == 0:
            return self
        return NotImplemented

    def __eq__(self, other):
        return self.__class__ is other.__class__ and self._key() == other._key()

    def __ne__(self, other):
        return not (self == other)

    def __hash__(self):
        return hash((self.__class__.__name__, self._key()))

    def _key(self):
        return tuple(sorted(self.__dict__.items(), key=lambda kv: kv[0]))


class ItemOffset(AddressOffset):
    """`repeat` times the size of TYPE."""

    def __init__(self, TYPE, repeat=1):
        self.TYPE = TYPE
        self.repeat = repeat

    def __repr__(self):
        return "<ItemOffset %r %r>" % (self.TYPE, self.repeat)

    def __mul__(self, other):
        if not isinstance(other, int):
            return NotImplemented
        return ItemOffset(self.TYPE, self.repeat * other)

    __rmul__ = __mul__

    def __neg__(self):
        return ItemOffset(self.TYPE, -self.repeat)

    def _key(self):
        return (self.TYPE, self.repeat)


class FieldOffset(AddressOffset):
    def __init__(self, TYPE, fldname):
        if fldname not in TYPE._flds:
            raise lltype.LowLevelTypeError("%r has no field %r" % (TYPE, fldname))
        self.TYPE = TYPE
        self.fldname = fldname

    def __repr__(self):
        return "<FieldOffset %r %r>" % (self.TYPE, self.fldname)

    def _key(self):
        return (self.TYPE, self.fldname)


class ArrayItemsOffset(AddressOffset):
    """Offset of item 0 of an Array (after the length, if any)."""

    def __init__(self, TYPE):
        self.TYPE = TYPE

    def __repr__(self):
        return "<ArrayItemsOffset %r>" % (self.TYPE,)

    def _key(self):
        return (self.TYPE,)


class ArrayLengthOffset(AddressOffset):
    def __init__(self, TYPE):
        self.TYPE = TYPE

    def __repr__(self):
        return "<ArrayLengthOffset %r>" % (self.TYPE,)

    def _key(self):
        return (self.TYPE,)


class CompositeOffset(AddressOffset):
    def __init__(self, *offsets):
        flat = []
        for item in offsets:
            if isinstance(item, CompositeOffset):
                flat.extend(item.offsets)
            else:
                flat.append(item)
        self.offsets = tuple(flat)

    def __repr__(self):
        return "<CompositeOffset %r>" % (self.offsets,)

    def _key(self):
        return self.offsets


class GCHeaderOffset(AddressOffset):
    """The size of the GC header the GC puts in front of every object."""

    def __init__(self, gcheaderbuilder=None):
        self.gcheaderbuilder = gcheaderbuilder

    def __repr__(self):
        return "<GCHeaderOffset>"

    def _key(self):
        return (id(self.gcheaderbuilder),)


def sizeof(TYPE, n=None):
    """The size in bytes of TYPE (with n items if it is var-sized)."""
    if n is None:
        if TYPE._is_varsize():
            raise lltype.LowLevelTypeError("%r is var-sized: give a length" % (TYPE,))
        return ItemOffset(TYPE)
    if isinstance(TYPE, lltype.Array):
        return itemoffsetof(TYPE, n)
    if isinstance(TYPE, lltype.Struct) and TYPE._arrayfld:
        return offsetof(TYPE, TYPE._arrayfld) + itemoffsetof(
            TYPE._flds[TYPE._arrayfld], n
        )
    raise lltype.LowLevelTypeError("sizeof(%r, n): not var-sized" % (TYPE,))


def offsetof(TYPE, fldname):
    return FieldOffset(TYPE, fldname)


def itemoffsetof(TYPE, n=0):
    result = ArrayItemsOffset(TYPE)
    if n != 0:
        result = result + ItemOffset(TYPE.OF, n)
    return result


# ____________________________________________________________
# addresses


class fakeaddress:
    """An untranslated address: a pointer (or None for NULL) and an offset."""

    def __init__(self, ptr, offset=None):
        if ptr is not None and not ptr:
            ptr = None
        self.ptr = ptr
        self.offset = offset

    def __bool__(self):
        return self.ptr is not None

    def _key(self):
        if self.ptr is None:
            return None
        return (id(self.ptr._obj0._normalizedcontainer()), self.offset)

    def __eq__(self, other):
        if not isinstance(other, fakeaddress):
            return NotImplemented
        return self._key() == other._key()

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self):
        return hash(self._key())

    def __add__(self, other):
        if isinstance(other, AddressOffset):
            if self.ptr is None:
                raise RuntimeError("offset %r added to NULL" % (other,))
            offset = other if self.offset is None else self.offset + other
            return fakeaddress(self.ptr, offset)
        if other == 0:
            return self
        return NotImplemented

    def __sub__(self, other):
        if isinstance(other, AddressOffset):
            return self + (-other)
        if isinstance(other, fakeaddress):
            if self == other:
                return 0
            raise RuntimeError("subtracting unrelated fake addresses")
        if other == 0:
            return self
        return NotImplemented

    def __repr__(self):
        if self.ptr is None:
            return "NULL"
        return "<fakeaddr %r + %r>" % (self.ptr, self.offset)

    def _cast_to_ptr(self, EXPECTED_TYPE):
        if self.ptr is None:
            return lltype.nullptr(EXPECTED_TYPE.TO)
        if self.offset is not None:
            raise RuntimeError("cast_adr_to_ptr of an interior address")
        PTRTYPE = lltype.typeOf(self.ptr)
        if PTRTYPE == EXPECTED_TYPE:
            return self.ptr
        if isinstance(EXPECTED_TYPE.TO, lltype.OpaqueType) or isinstance(
            PTRTYPE.TO, lltype.OpaqueType
        ):
            return lltype.cast_opaque_ptr(EXPECTED_TYPE, self.ptr)
        return lltype.cast_pointer(EXPECTED_TYPE, self.ptr)

    def _cast_to_int(self):
        if self.ptr is None:
            return 0
        if self.offset is not None:
            raise RuntimeError("cast_adr_to_int of an interior address")
        return lltype.cast_ptr_to_int(self.ptr)


class _AddressType(lltype.Primitive):
    def _contains_value(self, value):
        return isinstance(value, fakeaddress)


NULL = fakeaddress(None)
Address = _AddressType("Address", NULL)
fakeaddress._TYPE = Address

GCREF = lltype.Ptr(lltype.GcOpaqueType("GCREF", hints={"gcref": True}))


def cast_ptr_to_adr(p):
    T = lltype.typeOf(p)
    if not isinstance(T, lltype.Ptr):
        raise lltype.LowLevelTypeError("cast_ptr_to_adr(%r)" % (p,))
    return fakeaddress(p)


def cast_adr_to_ptr(adr, EXPECTED_TYPE):
    return adr._cast_to_ptr(EXPECTED_TYPE)


def cast_adr_to_int(adr, mode="emulated"):
    return adr._cast_to_int()


def cast_int_to_adr(value):
    if value == 0:
        return NULL
    obj = lltype._ptr_int_values.get(value)
    if obj is None:
        raise RuntimeError("cast_int_to_adr(%r): not a known address" % (value,))
    return fakeaddress(lltype._ptr(lltype.Ptr(obj._TYPE), obj))


def raw_malloc_usage(size):
    return size
