"""Regression tests for the toolchain fix round (annotator/rtyper bugs found
while translating the parser and compiler)."""

import math


import pytest

from rpython.rtyper.test.tool import interpret, ll_to_host


class Raiser:
    def fail(self, n):
        raise ValueError


def test_method_that_always_raises():
    def f(n):
        r = Raiser()
        try:
            r.fail(n)
        except ValueError:
            return 1
        return 0

    assert interpret(f, [3]) == 1


class Const:
    def __init__(self):
        pass


class ConstInt(Const):
    def __init__(self, v):
        self.value = v

    def show(self):
        return self.value + 1


class ConstFloat(Const):
    def __init__(self, v):
        self.value = v

    def show(self):
        return self.value * 2.0


def test_sibling_attributes_of_different_types():
    def f(n):
        a = ConstInt(n)
        b = ConstFloat(1.5)
        c = a if n > 100 else Const()
        return a.show() + int(b.show()) + (c is None)

    assert interpret(f, [3]) == 7


class Shape:
    def __init__(self, v):
        self.v = v

    def describe(self):
        return self.v


class Circle(Shape):
    def describe(self):
        return self.v * 10


def test_method_sharing_still_works():
    def f(n):
        s = Shape(n) if n > 5 else Circle(n)
        return s.describe()

    assert interpret(f, [7]) == 7
    assert interpret(f, [2]) == 20


def test_int_true_division():
    def f(total):
        return int(total / 4 * 100)

    assert interpret(f, [10]) == 250


def test_float_times_int():
    def f(n):
        x = 1.5
        return int(x * n) + int(n * x)

    assert interpret(f, [4]) == 12


def test_floor_ceil_give_ints():
    def f(n):
        x = n / 4
        return math.floor(x) * 10 + math.ceil(x)

    assert interpret(f, [10]) == 23


def test_str_of_floor():
    def f(n):
        return len(str(math.floor(n / 4)))

    assert interpret(f, [10]) == 1


def test_listslice_of_void_items():
    def f(n):
        lst = [None] * n
        sub = lst[1:]
        return len(sub)

    assert interpret(f, [4]) == 3


def _copy_of(lo):
    return lo[:]


def test_slice_of_empty_literal_list():
    def f(n):
        r = _copy_of([])
        r.append(n)
        q = [5][:] if n > 100 else []
        s = q[:] + [][:]
        s.append(n)
        return len(r) * 10 + len(s) + r[0]

    assert interpret(f, [3]) == 14


class Boomer:
    def boom(self):
        raise ValueError("boom")

    def use(self, n):
        if n > 0:
            return n
        return self.boom()


def test_returning_the_result_of_an_always_raising_method():
    def f(n):
        try:
            return Boomer().use(n)
        except ValueError:
            return -1

    assert interpret(f, [0]) == -1
    assert interpret(f, [5]) == 5


class Zanimal:
    # named to sort after the exception classes, whose numbering comes first
    def sound(self):
        return 1


class Zdog(Zanimal):
    def sound(self):
        return 2


class Zcat(Zanimal):
    def sound(self):
        return 3


def test_method_tables_follow_classdefs_created_while_rtyping():
    # float(str) is rtyped with an rlib helper that raises ParseFloatError,
    # a classdef made only while rtyping, after the method table of
    # Zanimal.sound and some vtables were built: all ids shift
    def f(n):
        a = Zanimal() if n == 0 else Zdog()
        r = a.sound()
        x = float(str(n))
        if n == 2:
            a = Zcat()
        return r * 10 + a.sound() + int(x) * 100

    assert interpret(f, [0]) == 11
    assert interpret(f, [1]) == 122
    assert interpret(f, [2]) == 223


SPLIT_CASES = ["", "a", "a,b", ",a,,b,", "a,b,c,d", ",,,"]


def _split_variants(s, n):
    return [s.split(",", n), s.rsplit(",", n), s.rsplit(","), s.split(",")]


@pytest.mark.parametrize("s", SPLIT_CASES)
def test_split_rsplit_with_maxsplit(s):
    def f(i, n):
        return _split_variants(SPLIT_CASES[i], n)[n % 4]

    i = SPLIT_CASES.index(s)
    for n in (-1, 0, 1, 2, 5):
        assert ll_to_host(interpret(f, [i, n])) == _split_variants(s, n)[n % 4]


LINES_CASES = ["", "a", "a\n", "a\r\nb\rc\n\nd", "x\x0by\x1cz\u2028w", "\n\r"]


@pytest.mark.parametrize("keep", [False, True])
def test_splitlines(keep):
    def f(i, k):
        return LINES_CASES[i].splitlines(bool(k))

    def g(i):
        return LINES_CASES[i].encode("utf-8").splitlines()

    for i, s in enumerate(LINES_CASES):
        assert ll_to_host(interpret(f, [i, int(keep)])) == s.splitlines(keep)
        assert ll_to_host(interpret(g, [i])) == s.encode("utf-8").splitlines()


def test_rindex_and_isprintable():
    words = ["abcabc", "", "a\tb", "h\xe9", "\u2028"]

    def f(i):
        s = words[i]
        try:
            r = s.rindex("b")
        except ValueError:
            r = -1
        return r * 10 + s.isprintable()

    for i, s in enumerate(words):
        expected = (s.rindex("b") if "b" in s else -1) * 10 + s.isprintable()
        assert interpret(f, [i]) == expected


def test_list_copy_is_independent():
    def f(n):
        a = [n, n + 1]
        b = a.copy()
        b.append(7)
        b[0] = 9
        return a[0] * 1000 + len(a) * 100 + len(b) * 10 + b[2]

    assert interpret(f, [3]) == 3237


def test_index_inside_try():
    def f(n):
        s = "abc" * n
        try:
            return s.index("c")
        except ValueError:
            return -1

    assert interpret(f, [1]) == 2
    assert interpret(f, [0]) == -1


def test_bad_utf8_raises_unicode_decode_error():
    datas = [b"ok", b"\xe9t\xe9", b"\xc3\x28", b"\xed\xa0\x80", b"\xc3\xa9"]

    def f(i):
        try:
            s = datas[i].decode("utf-8")
        except UnicodeDecodeError:
            return -1
        return len(s)

    def g(i):
        try:
            return len(datas[i].decode("utf-8"))
        except ValueError:
            return -2

    for i, data in enumerate(datas):
        try:
            expected = len(data.decode("utf-8"))
        except UnicodeDecodeError:
            expected = -1
        assert interpret(f, [i]) == expected
        assert interpret(g, [i]) == (expected if expected >= 0 else -2)


def test_latin1_and_ascii_codecs():
    texts = ["abc", "\xe9t\xe9", "\u20ac"]
    names = ["latin-1", "utf-8", "ascii", "Latin_1", "koi8-r"]

    def enc(i):
        try:
            return len(texts[i].encode("latin-1")) * 10 + len(texts[i].encode("ascii"))
        except UnicodeEncodeError:
            return -1

    def dec(i, j):
        b = texts[i].encode("utf-8")
        try:
            return b.decode(names[j])
        except UnicodeDecodeError:
            return "<bad>"
        except LookupError:
            return "<unknown>"

    def host_dec(i, j):
        try:
            return texts[i].encode("utf-8").decode(names[j])
        except UnicodeDecodeError:
            return "<bad>"
        except LookupError:
            return "<unknown>"

    for i in range(len(texts)):
        try:
            expected = len(texts[i].encode("latin-1")) * 10 + len(
                texts[i].encode("ascii")
            )
        except UnicodeEncodeError:
            expected = -1
        assert interpret(enc, [i]) == expected
        for j in range(len(names)):
            if names[j] == "koi8-r":
                assert ll_to_host(interpret(dec, [i, j])) == "<unknown>"
            else:
                assert ll_to_host(interpret(dec, [i, j])) == host_dec(i, j)
