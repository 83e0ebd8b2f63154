import pytest

from rpython.annotator.listdef import ListDef
from rpython.annotator.model import (
    SomeBool,
    SomeBytes,
    SomeChar,
    SomeFloat,
    SomeInteger,
    SomeList,
    SomeString,
    SomeTuple,
    UnionError,
    s_ImpossibleValue,
    s_None,
    unionof,
)


def test_int_bool_union():
    assert unionof(SomeBool(), SomeInteger()) == SomeInteger()
    assert unionof(SomeInteger(nonneg=True), SomeInteger()) == SomeInteger()
    assert unionof(s_ImpossibleValue, SomeFloat()) == SomeFloat()


def test_int_float_do_not_unify():
    with pytest.raises(UnionError) as e:
        unionof(SomeInteger(), SomeFloat())
    assert "int" in str(e.value) and "float" in str(e.value)


def test_none_nullable():
    assert unionof(s_None, SomeString()) == SomeString(can_be_None=True)
    assert unionof(SomeChar(), SomeString()) == SomeString()
    with pytest.raises(UnionError):
        unionof(s_None, SomeInteger())


def test_str_bytes_do_not_mix():
    with pytest.raises(UnionError) as e:
        unionof(SomeString(), SomeBytes())
    assert "str and bytes" in str(e.value)


def test_constants_survive_equal_union():
    a = SomeInteger()
    a.const = 3
    b = SomeInteger()
    b.const = 3
    assert unionof(a, b).const == 3
    c = SomeInteger()
    c.const = 4
    assert not unionof(a, c).is_constant()


def test_tuples():
    t1 = SomeTuple([SomeInteger(), SomeString()])
    t2 = SomeTuple([SomeBool(), SomeChar()])
    assert unionof(t1, t2) == t1
    with pytest.raises(UnionError):
        unionof(t1, SomeTuple([SomeInteger()]))


def test_lists_share_items():
    l1 = SomeList(ListDef(None, SomeInteger()))
    l2 = SomeList(ListDef(None, SomeBool()))
    s = unionof(l1, l2)
    assert s.listdef.listitem is l1.listdef.listitem is l2.listdef.listitem
    l3 = SomeList(ListDef(None, SomeFloat()))
    with pytest.raises(UnionError) as e:
        unionof(l1, l3)
    assert "list item" in str(e.value)
