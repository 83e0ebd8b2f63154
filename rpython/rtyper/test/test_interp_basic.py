"""End-to-end: annotate + rtype + llinterp small RPython functions."""

import pytest

pytest.importorskip("rpython.annotator.annrpython")

from rpython.rlib.rarithmetic import ovfcheck  # noqa: E402
from rpython.rtyper.test.tool import interpret, ll_to_host  # noqa: E402


def test_loop_and_arith():
    def f(n):
        total = 0
        while n > 0:
            total += n * 2 - 1
            n -= 1
        return total

    assert interpret(f, [10]) == 100


def test_floor_division_and_modulo_like_python():
    def f(a, b):
        return a // b * 1000 + a % b

    assert interpret(f, [-7, 2]) == (-7 // 2) * 1000 + (-7 % 2)
    with pytest.raises(ZeroDivisionError):
        interpret(f, [1, 0])


def test_calls_with_defaults():
    def g(a, b=3):
        return a * b

    def f(n):
        return g(n) + g(n, 2)

    assert interpret(f, [5]) == 25


class A:
    def __init__(self, x):
        self.x = x

    def m(self):
        return self.x + 1


class B(A):
    def m(self):
        return self.x * 10


def test_instances_and_overridden_methods():
    def f(n):
        if n > 0:
            a = A(n)
        else:
            a = B(-n)
        return a.m() + a.x

    assert interpret(f, [3]) == 7
    assert interpret(f, [-3]) == 33


def test_ovfcheck():
    def f(n):
        try:
            return ovfcheck(n + 1)
        except OverflowError:
            return -1

    assert interpret(f, [5]) == 6
    assert interpret(f, [2**63 - 1]) == -1


class MyErr(Exception):
    pass


def raiser(n):
    if n == 1:
        raise MyErr
    if n == 2:
        raise ValueError
    return n


def test_exceptions():
    def f(n):
        try:
            return raiser(n)
        except MyErr:
            return 100
        except ValueError:
            return 200

    assert interpret(f, [1]) == 100
    assert interpret(f, [2]) == 200
    assert interpret(f, [5]) == 5


def test_uncaught_exception_reaches_the_caller():
    def f(n):
        return raiser(n)

    with pytest.raises(MyErr):
        interpret(f, [1])


def test_strings():
    def f(n):
        s = "abc" + str(n)
        return len(s) + (s == "abc12")

    assert interpret(f, [12]) == 6

    def g(n):
        return str(n)

    assert ll_to_host(interpret(g, [-1234])) == "-1234"
    assert ll_to_host(interpret(g, [-(2**63)])) == str(-(2**63))
