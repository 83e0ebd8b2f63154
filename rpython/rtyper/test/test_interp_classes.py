"""End-to-end: classes, prebuilt objects, PBCs, exceptions."""

import pytest

pytest.importorskip("rpython.annotator.annrpython")

from rpython.rtyper.test.tool import interpret  # noqa: E402


class Base:
    kind = 1

    def __init__(self, v):
        self.v = v


class Sub(Base):
    kind = 2


class Other(Base):
    kind = 3


prebuilt = Sub(42)


def test_class_attributes_and_prebuilt_instances():
    def f(n):
        if n == 0:
            x = Base(1)
        elif n == 1:
            x = Sub(2)
        else:
            x = prebuilt
        return x.kind * 100 + x.v

    assert interpret(f, [0]) == 101
    assert interpret(f, [1]) == 202
    assert interpret(f, [2]) == 242


def test_isinstance_and_type():
    def f(n):
        x = Sub(1) if n else Other(2)
        return isinstance(x, Sub) * 10 + isinstance(x, Other)

    assert interpret(f, [1]) == 10
    assert interpret(f, [0]) == 1

    def g(n):
        x = Sub(1) if n else Base(2)
        return type(x) is Sub

    assert interpret(g, [1]) is True
    assert interpret(g, [0]) is False

    def h(n):
        x = Sub(1) if n else Other(2)
        return isinstance(x, (Sub, Other))

    assert interpret(h, [1]) is True


class CodeError(Exception):
    def __init__(self, code):
        self.code = code


def raise_code(n):
    if n:
        raise CodeError(n)
    return 0


def test_exception_with_attributes():
    def f(n):
        try:
            return raise_code(n)
        except CodeError as e:
            return e.code + 1000

    assert interpret(f, [5]) == 1005
    assert interpret(f, [0]) == 0


def test_builtin_exception_and_assert():
    def f(n):
        if n:
            raise ValueError("boom")
        return 1

    with pytest.raises(ValueError):
        interpret(f, [1])

    def g(n):
        assert n > 0, "positive"
        return n

    assert interpret(g, [1]) == 1
    with pytest.raises(AssertionError):
        interpret(g, [0])


def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def test_function_pointers():
    def f(n):
        fn = add if n else sub
        return fn(10, 3)

    assert interpret(f, [1]) == 13
    assert interpret(f, [0]) == 7


class Frozen:
    def __init__(self, x):
        self.x = x

    def _freeze_(self):
        return True


FA = Frozen(5)
FB = Frozen(7)


def test_frozen_pbcs():
    def f(n):
        fr = FA if n else FB
        return fr.x

    assert interpret(f, [1]) == 5
    assert interpret(f, [0]) == 7


def test_none_instances():
    def f(n):
        x = None
        if n:
            x = Base(n)
        if x is None:
            return -1
        return x.v

    assert interpret(f, [0]) == -1
    assert interpret(f, [3]) == 3


class Shape:
    def area(self):
        return 0

    def describe(self):
        return self.area() * 2


class Square(Shape):
    def __init__(self, s):
        self.s = s

    def area(self):
        return self.s * self.s


class Rect(Shape):
    def __init__(self, w, h):
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h


def test_polymorphic_methods_through_base_method():
    def f(n):
        shapes = [Square(n), Rect(n, 2), Shape()]
        total = 0
        for s in shapes:
            total += s.describe()
        return total

    assert interpret(f, [3]) == (9 + 6 + 0) * 2


class Node:
    def __init__(self, v, nxt):
        self.v = v
        self.next = nxt


def test_recursive_instances():
    def f(n):
        head = None
        for i in range(n):
            head = Node(i, head)
        t = 0
        while head is not None:
            t += head.v
            head = head.next
        return t

    assert interpret(f, [5]) == 10


class W_Root:
    def int_w(self):
        raise TypeError

    def add(self, other):
        raise NotImplementedError


class W_Int(W_Root):
    def __init__(self, v):
        self.v = v

    def int_w(self):
        return self.v

    def add(self, other):
        return W_Int(self.v + other.int_w())


class W_Str(W_Root):
    def __init__(self, s):
        self.s = s

    def add(self, other):
        assert isinstance(other, W_Str)
        return W_Str(self.s + other.s)


def test_interpreter_style_objects():
    def f(n):
        a = W_Int(n)
        c = a.add(W_Int(2))
        s = W_Str("x").add(W_Str("y"))
        assert isinstance(s, W_Str)
        try:
            W_Str("z").int_w()
        except TypeError:
            n += 100
        return c.int_w() + len(s.s) + n

    assert interpret(f, [1]) == 3 + 2 + 101


def test_getattr_setattr_with_constant_names():
    def f(n):
        p = Base(1)
        setattr(p, "v", n)
        return getattr(p, "v")

    assert interpret(f, [7]) == 7
