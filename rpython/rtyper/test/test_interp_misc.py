"""End-to-end: statements and builtins from the RPython spec."""

import pytest

pytest.importorskip("rpython.annotator.annrpython")

from rpython.rtyper.test.tool import interpret, ll_to_host  # noqa: E402


class Ctx:
    def __init__(self):
        self.log = 0

    def __enter__(self):
        self.log += 1
        return self

    def __exit__(self, a, b, c):
        self.log += 10
        return False


def test_with_and_finally():
    def f(n):
        c = Ctx()
        with c:
            n += 1
        return c.log + n

    assert interpret(f, [1]) == 13

    def g(n):
        try:
            n += 1
            if n > 5:
                raise ValueError
        finally:
            n += 100
        return n

    assert interpret(g, [1]) == 102
    with pytest.raises(ValueError):
        interpret(g, [9])


def test_chained_comparison_and_builtins():
    def f(n):
        return 1 < n < 5

    assert interpret(f, [3]) is True
    assert interpret(f, [7]) is False

    def g(n):
        return max(n, 3) * 10 + min(n, 3) + abs(-n) + ord(chr(n + 70)) + len(hex(n))

    assert interpret(g, [-7]) == 30 + ord(chr(63)) + len(hex(-7))


def test_sorting_tuples_and_strings():
    def f(n):
        lst = [(2, "b"), (1, "z"), (2, "a")]
        lst.sort()
        words = ["pear", "apple", "fig"]
        words.sort()
        return lst[0][1] + lst[1][1] + lst[2][1] + words[0]

    assert ll_to_host(interpret(f, [0])) == "zabapple"


def test_enumerate_reversed_and_list_methods():
    def f(n):
        t = 0
        for i, x in enumerate([5, 6, 7]):
            t += i * x
        for x in reversed([1, 2, 3]):
            t = t * 10 + x
        return t

    assert interpret(f, [0]) == 20321

    def g(n):
        lst = [1, 2, 3, 4, 5]
        m = lst[1:n]
        lst.extend(m)
        lst.insert(0, 9)
        lst.remove(3)
        lst.reverse()
        return lst.index(9) * 100 + len(lst)

    assert interpret(g, [3]) == 607


def gen(n):
    i = 0
    while i < n:
        yield i
        i += 1


def test_generator_and_string_iteration():
    def f(n):
        t = 0
        for x in gen(n):
            t += x
        for c in "hello":
            if c in "aeiou":
                t += 100
        return t

    assert interpret(f, [5]) == 210


def test_float_formatting_uses_rlib_rfloat():
    def f(n):
        x = 1.5 * n
        return str(x) + " " + str(int(x)) + " %.3f" % x + " %e" % x

    assert ll_to_host(interpret(f, [3])) == "4.5 4 4.500 %e" % 4.5


def test_print_writes_stdout(capfd):
    def f(n):
        print("hello", n, "\u00e9")
        return 0

    interpret(f, [3])
    assert capfd.readouterr().out == "hello 3 \u00e9\n"


def test_min_max_sorted_sum_round_bin():
    def f(n):
        return max([3, n, 1]) * 100 + min(5, n, 7)

    assert interpret(f, [2]) == 302

    def g(n):
        return max("abc", "abd") + min(("a", 2), ("a", 1))[0]

    assert ll_to_host(interpret(g, [0])) == "abda"

    def h(n):
        lst = sorted([3, n, 1])
        return lst[0] * 100 + lst[2] + sum(lst)

    assert interpret(h, [9]) == 122

    def r(n):
        return round(2.5) * 10 + round(3.5) + int(round(1.234, 2) * 100)

    assert interpret(r, [0]) == 147

    def b(n):
        return bin(n) + oct(n) + hex(-n)

    assert ll_to_host(interpret(b, [5])) == bin(5) + oct(5) + hex(-5)


def varargs_sum(a, *args):
    t = a
    for x in args:
        t += x
    return t + len(args) * 100


def test_varargs_and_specialization():
    from rpython.rlib.objectmodel import specialize

    @specialize.argtype(0)
    def ident(x):
        return x

    @specialize.memo()
    def twice(x):
        return x * 2

    def f(n):
        return (
            varargs_sum(n) + varargs_sum(n, 1, 2) * 1000 + ident(n) * 10
            + len(ident("abc")) + twice(21) * 100000
        )  # fmt: skip

    assert interpret(f, [1]) == 1 + 204000 + 10 + 3 + 4200000


class WithDefaults:
    def m(self, a, b=5):
        return a + b


def test_method_defaults_and_keywords():
    def f(n):
        c = WithDefaults()
        return c.m(n) + c.m(1, b=2) * 100

    assert interpret(f, [1]) == 306
