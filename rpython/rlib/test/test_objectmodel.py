import math

import pytest
from hypothesis import given, strategies as st

from rpython.rlib import objectmodel
from rpython.rlib.objectmodel import (
    compute_hash,
    compute_identity_hash,
    compute_unique_id,
    enforceargs,
    import_from_mixin,
    instantiate,
    not_rpython,
    r_dict,
    r_ordereddict,
    specialize,
    we_are_translated,
)


def test_we_are_translated():
    assert we_are_translated() is False


def test_specialize_tags():
    @specialize.argtype(0)
    def f(x):
        return x

    @specialize.argtype(0, 2)
    def g(x, y, z):
        return x

    @specialize.memo()
    def h():
        return 1

    @specialize.arg(1)
    def k(a, b):
        return a

    @specialize.call_location()
    def m():
        pass

    assert f._annspecialcase_ == "specialize:argtype(0)"
    assert g._annspecialcase_ == "specialize:argtype(0, 2)"
    assert h._annspecialcase_ == "specialize:memo"
    assert k._annspecialcase_ == "specialize:arg(1)"
    assert m._annspecialcase_ == "specialize:call_location"
    assert f(5) == 5


def test_simple_markers():
    @not_rpython
    def a():
        pass

    @objectmodel.always_inline
    def b():
        pass

    @objectmodel.dont_inline
    def c():
        pass

    assert a._not_rpython_ is True
    assert b._always_inline_ is True
    assert c._dont_inline_ is True


def test_enforceargs():
    @enforceargs(int, None, z=str)
    def f(x, y, z):
        return z

    assert f._annenforceargs_ == (int, None, str)
    objectmodel.check_enforced_args(f, (1, object(), "a"))
    with pytest.raises(TypeError):
        objectmodel.check_enforced_args(f, ("no", 2, "a"))
    with pytest.raises(TypeError):

        @enforceargs(int, int)
        def g(x):
            pass

    with pytest.raises(TypeError):

        @enforceargs(nosuch=int)
        def h(x):
            pass


def test_instantiate():
    class A:
        def __init__(self):
            raise AssertionError("not called")

    a = instantiate(A)
    assert type(a) is A


def test_import_from_mixin():
    class Base:
        def shared(self):
            return "base"

    class M(Base):
        x = 42

        def __init__(self):
            self.made = True

        def method(self):
            return self.x

        def __repr__(self):
            return "not copied"

    class A:
        import_from_mixin(M)

    class B:
        import_from_mixin(M)

    assert A().method() == 42
    assert A().made
    assert A().shared() == "base"
    # each class gets its own copy of the function
    assert A.__dict__["method"] is not B.__dict__["method"]
    assert A.__dict__["method"] is not M.__dict__["method"]
    assert "__repr__" not in A.__dict__
    with pytest.raises(TypeError):
        import_from_mixin(42)


def test_r_dict():
    def eq(a, b):
        return a.lower() == b.lower()

    def hsh(a):
        return compute_hash(a.lower())

    d = r_dict(eq, hsh)
    d["Abc"] = 1
    d["ABC"] = 2
    d["x"] = 3
    assert len(d) == 2
    assert d["abc"] == 2
    assert "aBc" in d
    assert list(d) == ["Abc", "x"]
    assert d.get("nope", 7) == 7
    assert d.pop("X") == 3
    assert d.items() == [("Abc", 2)]
    del d["abc"]
    assert len(d) == 0
    with pytest.raises(KeyError):
        d["q"]
    od = r_ordereddict(eq, hsh)
    for k in "zyx":
        od[k] = k
    assert od.keys() == ["z", "y", "x"]
    c = od.copy()
    assert c.keys() == od.keys()


def test_compute_hash_matches_cpython_for_numbers():
    for x in [0, 1, -1, -2, 2**61 - 1, 2**61, -(2**63), 2**63 - 1, 12345678901]:
        assert compute_hash(x) == hash(x), x
    for f in [0.0, -0.0, 1.5, -2.25, 1e300, 1e-300, 3.14159, math.inf, -math.inf]:
        assert compute_hash(f) == hash(f), f
    for t in [(), (1,), (1, 2.5), ((1, 2), 3), (-1, -2)]:
        assert compute_hash(t) == hash(t), t
    assert compute_hash(True) == 1


@given(st.floats(allow_nan=False))
def test_hash_float_property(f):
    assert compute_hash(f) == hash(f)


@given(st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_hash_int_property(i):
    assert compute_hash(i) == hash(i)


@given(st.lists(st.one_of(st.integers(-(2**62), 2**62), st.floats(allow_nan=False))))
def test_hash_tuple_property(items):
    t = tuple(items)
    assert compute_hash(t) == hash(t)


def test_compute_hash_strings_deterministic():
    # fixed values: the translated program must produce the same numbers
    assert compute_hash("") == objectmodel._hash_string("")
    assert compute_hash("abc") == compute_hash("abc")
    assert compute_hash("abc") != compute_hash("abd")
    assert compute_hash(b"abc") == compute_hash("abc")
    # FNV-1a("a") = 0xaf63dc4c8601ec8c, then xor len 1, as signed
    assert compute_hash("a") == 0xAF63DC4C8601EC8D - 2**64
    assert compute_hash("\u20ac") != compute_hash("\xac")


def test_identity():
    class A:
        def __hash__(self):
            return 5

    a = A()
    assert compute_identity_hash(a) == compute_identity_hash(a)
    assert compute_identity_hash(a) != 5 or compute_identity_hash(A()) != 5
    assert compute_unique_id(a) != compute_unique_id(A())
    assert compute_hash(a) == compute_identity_hash(a)


def test_symbolic():
    s = objectmodel.CDefinedIntSymbolic("FOO", default=3)
    assert s.default == 3
    with pytest.raises(TypeError):
        bool(s)
    from rpython.rlib.rarithmetic import intmask

    assert intmask(s) is s


def test_hints_no_op():
    lst = objectmodel.newlist_hint(10)
    assert lst == []
    objectmodel.resizelist_hint(lst, 5)
    objectmodel.keepalive_until_here(lst, 1)
    g = objectmodel.func_with_new_name(test_hints_no_op, "other")
    assert g.__name__ == "other"
