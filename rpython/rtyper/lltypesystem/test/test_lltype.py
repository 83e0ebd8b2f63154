import pytest

from rpython.rlib.rarithmetic import r_uint
from rpython.rtyper.lltypesystem import llmemory
from rpython.rtyper.lltypesystem.lltype import (
    Array,
    Bool,
    Char,
    FixedSizeArray,
    Float,
    FuncType,
    GcArray,
    GcForwardReference,
    GcOpaqueType,
    GcStruct,
    LowLevelTypeError,
    Ptr,
    Signed,
    Struct,
    UniChar,
    Unsigned,
    Void,
    cast_int_to_ptr,
    cast_opaque_ptr,
    cast_pointer,
    cast_primitive,
    cast_ptr_to_int,
    free,
    functionptr,
    malloc,
    normalizeptr,
    nullptr,
    typeOf,
)


def test_typeof_primitives():
    assert typeOf(3) is Signed
    assert typeOf(r_uint(3)) is Unsigned
    assert typeOf(True) is Bool
    assert typeOf(1.5) is Float
    assert typeOf("a") is Char
    assert typeOf("\u1234") is UniChar
    assert typeOf(None) is Void
    with pytest.raises(LowLevelTypeError):
        typeOf("ab")
    with pytest.raises(LowLevelTypeError):
        typeOf(1 << 70)


def test_struct_fields_and_type_checks():
    S = GcStruct("S", ("x", Signed), ("c", Char))
    s = malloc(S)
    assert s.x == 0 and s.c == "\x00"
    s.x = 42
    assert s.x == 42
    with pytest.raises(LowLevelTypeError):
        s.x = 1.5
    with pytest.raises(LowLevelTypeError):
        s.c = "\u1234"
    with pytest.raises(AttributeError):
        s.y
    with pytest.raises(LowLevelTypeError):
        GcStruct("Bad", ("_x", Signed))


def test_structural_equality():
    S1 = GcStruct("S", ("x", Signed))
    S2 = GcStruct("S", ("x", Signed))
    S3 = GcStruct("S", ("x", Float))
    assert S1 == S2 and hash(S1) == hash(S2)
    assert S1 != S3
    assert Ptr(S1) == Ptr(S2)
    assert {Ptr(S1): 1}[Ptr(S2)] == 1


def test_inheritance_casts():
    BASE = GcStruct("Base", ("tid", Signed))
    SUB = GcStruct("Sub", ("super", BASE), ("y", Float))
    OTHER = GcStruct("Other", ("super", BASE))
    sub = malloc(SUB)
    sub.y = 2.5
    base = cast_pointer(Ptr(BASE), sub)
    base.tid = 7
    assert sub.super.tid == 7
    back = cast_pointer(Ptr(SUB), base)
    assert back == sub and back.y == 2.5
    with pytest.raises(RuntimeError):
        cast_pointer(Ptr(OTHER), base)
    with pytest.raises(LowLevelTypeError):
        cast_pointer(Ptr(OTHER), sub)
    assert not cast_pointer(Ptr(SUB), nullptr(BASE))
    assert normalizeptr(base) == sub


def test_arrays():
    A = GcArray(Signed)
    a = malloc(A, 3)
    a[1] = 5
    assert len(a) == 3 and a[1] == 5 and a[0] == 0
    with pytest.raises(IndexError):
        a[3]
    with pytest.raises(LowLevelTypeError):
        a[0] = "x"
    STR = GcStruct("str", ("hash", Signed), ("chars", Array(Char)))
    s = malloc(STR, 2)
    s.chars[0] = "h"
    assert len(s.chars) == 2 and s.chars[0] == "h"
    with pytest.raises(LowLevelTypeError):
        malloc(STR)
    P = GcArray(("x", Signed), ("y", Signed))
    p = malloc(P, 2)
    p[1].y = 3
    assert p[1].y == 3
    F = FixedSizeArray(Signed, 4)
    f = malloc(F, flavor="raw")
    f[3] = 9
    assert len(f) == 4 and f[3] == 9
    free(f, "raw")
    with pytest.raises(RuntimeError):
        f[3]


def test_varsize_must_be_last():
    with pytest.raises(LowLevelTypeError):
        GcStruct("S", ("a", Array(Signed)), ("b", Signed))


def test_flavors():
    with pytest.raises(LowLevelTypeError):
        malloc(Struct("R", ("x", Signed)))
    with pytest.raises(LowLevelTypeError):
        malloc(GcStruct("G", ("x", Signed)), flavor="raw")


def test_recursive_type_and_null():
    FWD = GcForwardReference()
    NODE = GcStruct("Node", ("next", Ptr(FWD)), ("v", Signed))
    FWD.become(NODE)
    n = malloc(NODE)
    assert not n.next
    n.next = n
    assert n.next.next == n
    with pytest.raises(RuntimeError):
        nullptr(NODE).v
    assert "Node" in str(NODE)


def test_functionptr():
    F = FuncType([Signed, Signed], Signed)
    f = functionptr(F, "add", _callable=lambda a, b: a + b)
    assert f(2, 3) == 5
    with pytest.raises(LowLevelTypeError):
        f(2, 3.0)
    assert typeOf(f) == Ptr(F)


def test_opaque_roundtrip_identity():
    S = GcStruct("S", ("x", Signed))
    GCREF = Ptr(GcOpaqueType("GCREF"))
    s = malloc(S)
    g1 = cast_opaque_ptr(GCREF, s)
    g2 = cast_opaque_ptr(GCREF, s)
    assert g1 == g2
    assert cast_opaque_ptr(Ptr(S), g1) == s
    assert cast_int_to_ptr(Ptr(S), cast_ptr_to_int(s)) == s


def test_cast_primitive():
    assert cast_primitive(Signed, cast_primitive(Unsigned, -1)) == -1
    assert cast_primitive(Unsigned, -1) == (1 << 64) - 1
    assert cast_primitive(Char, 65 + 256) == "A"
    assert cast_primitive(Signed, -2.7) == -2
    assert cast_primitive(Float, True) == 1.0
    assert cast_primitive(Bool, 0) is False


def test_adtmeths():
    def ll_length(p):
        return p.n

    S = GcStruct("S", ("n", Signed), adtmeths={"ll_length": ll_length})
    s = malloc(S)
    s.n = 4
    assert s.ll_length() == 4
    assert S.ll_length is ll_length


def test_llmemory_offsets_and_addresses():
    S = GcStruct("S", ("x", Signed), ("a", Array(Signed)))
    assert llmemory.sizeof(Signed) == llmemory.ItemOffset(Signed)
    size = llmemory.sizeof(S, 3)
    assert isinstance(size, llmemory.CompositeOffset)
    assert typeOf(size) is Signed
    s = malloc(S, 1)
    adr = llmemory.cast_ptr_to_adr(s)
    assert typeOf(adr) is llmemory.Address
    assert llmemory.cast_adr_to_ptr(adr, Ptr(S)) == s
    assert adr == llmemory.cast_ptr_to_adr(s)
    assert not llmemory.NULL
    g = llmemory.cast_adr_to_ptr(adr, llmemory.GCREF)
    assert cast_opaque_ptr(Ptr(S), g) == s
