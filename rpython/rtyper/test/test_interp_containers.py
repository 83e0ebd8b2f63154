"""End-to-end: lists, tuples, strings, ranges through the llinterp."""

import pytest

pytest.importorskip("rpython.annotator.annrpython")

from rpython.rtyper.test.tool import interpret, ll_to_host  # noqa: E402


def test_list_append_index_len():
    def f(n):
        lst = []
        for i in range(n):
            lst.append(i * i)
        return lst[-1] + len(lst) + lst[0]

    assert interpret(f, [5]) == 21


def test_list_index_error():
    def f(n):
        lst = [1, 2, 3]
        try:
            return lst[n]
        except IndexError:
            return -1

    assert interpret(f, [1]) == 2
    assert interpret(f, [-3]) == 1
    assert interpret(f, [3]) == -1


def test_list_sort_and_contains():
    def f(n):
        lst = [3, 1, 2, n]
        lst.sort()
        return lst[0] * 1000 + lst[3] * 10 + (2 in lst)

    assert interpret(f, [0]) == 31
    assert interpret(f, [9]) == 1091


def test_list_comprehension_and_pop():
    def f(n):
        lst = [i for i in range(n) if i % 2]
        last = lst.pop()
        return len(lst) * 100 + last

    assert interpret(f, [10]) == 409


def test_list_str():
    def f(n):
        return str([1, n])

    assert ll_to_host(interpret(f, [2])) == "[1, 2]"


def test_tuples():
    def f(n):
        t = (n, "x")
        a, b = t
        return a + len(b)

    assert interpret(f, [4]) == 5


def test_string_methods():
    def f(n):
        s = "hello"
        return s[1:3] + s[-2:] + s.upper()

    assert ll_to_host(interpret(f, [0])) == "elloHELLO"

    def g(n):
        parts = "a b  c".split()
        return "-".join(parts)

    assert ll_to_host(interpret(g, [0])) == "a-b-c"

    def h(n):
        s = "abcabc"
        return s.find("c") * 100 + s.rfind("b") * 10 + s.count("bc")

    assert interpret(h, [0]) == 242


def test_formatting():
    def f(n):
        return "x=%d y=%s %%" % (n, "hi")

    assert ll_to_host(interpret(f, [3])) == "x=3 y=hi %"

    def g(n):
        return f"n={n}!"

    assert ll_to_host(interpret(g, [42])) == "n=42!"

    def h(n):
        return "%5d|%-4s|%x" % (n, "a", 255)

    assert ll_to_host(interpret(h, [7])) == "%5d|%-4s|%x" % (7, "a", 255)


def test_repr_of_strings():
    def f(n):
        return repr("a'b") + repr("c")

    assert ll_to_host(interpret(f, [0])) == repr("a'b") + repr("c")


def test_str_int_roundtrip():
    def f(n):
        return int(str(n)) + int("-12") + int(" 7 ")

    assert interpret(f, [123]) == 118

    def g(n):
        try:
            return int("x%d" % n)
        except ValueError:
            return -1

    assert interpret(g, [1]) == -1


def test_utf8():
    def f(n):
        s = "h\u00e9\u20ac" + chr(n)
        b = s.encode("utf-8")
        return len(b) * 100 + len(b.decode("utf-8"))

    assert interpret(f, [0x1F600]) == (
        len("h\u00e9\u20ac\U0001f600".encode()) * 100 + 4
    )


def test_more_string_methods():
    def f(n):
        s = "ab"
        return (
            s.ljust(5, "*") + "|" + s.rjust(4) + "|" + s.center(7, "-") + "|"
            + "7".zfill(3) + "|" + "hello world".title() + "|" + "aBc".swapcase()
            + "|" + "abc".capitalize()
        )  # fmt: skip

    s = "ab"
    expected = (
        s.ljust(5, "*") + "|" + s.rjust(4) + "|" + s.center(7, "-") + "|"
        + "7".zfill(3) + "|" + "hello world".title() + "|" + "aBc".swapcase()
        + "|" + "abc".capitalize()
    )  # fmt: skip
    assert ll_to_host(interpret(f, [0])) == expected


def test_methods_of_two_constant_receivers():
    # regression: the bound-method repr is shared between receivers; each
    # call must use its own receiver
    def f(n):
        a, b, c = "k=v=w".partition("=")
        d, e, g = "k=v=w".rpartition("=")
        return a + b + c + "|" + d + "|" + g + "|" + "none".partition("x")[0]

    assert ll_to_host(interpret(f, [0])) == "k=v=w|k=v|w|none"


def test_str_format():
    def f(n):
        return "{0} + {1:>4} = {2:.2f} {{x}} % {1}".format(n, "ab", 1.5)

    assert ll_to_host(interpret(f, [3])) == f(3)


class Item:
    def __init__(self, v):
        self.v = v


NAMES = {"a": 1, "b": 2}


def test_none_lists_nested_lists_prebuilt_dicts_unsigned():
    from rpython.rlib.rarithmetic import intmask, r_uint

    def f(n):
        lst = [None] * n
        lst[1] = Item(5)
        t = 0
        for x in lst:
            if x is not None:
                t += x.v
        grid = [[0] * 3 for i in range(n)]
        grid[1][2] = 7
        u = r_uint(n) - r_uint(4)
        return (
            t + grid[1][2] * 10 + len(grid) * 100 + NAMES.get("b", 0) * 1000
            + intmask(u >> 60) * 10000
        )  # fmt: skip

    assert interpret(f, [3]) == 5 + 70 + 300 + 2000 + 150000


def test_unicode_case_and_predicates():
    def f(n):
        s = "\u00e9 stra\u00dfe \u03a3" + chr(n)
        return (
            s.upper() + "|" + s.lower() + "|" + str(int("\u0663".isdigit()))
            + str(int("x\u00b2".isalnum())) + str(int("\u00c0B".isupper()))
            + str(int("a1".isalpha())) + str(int(" \u3000".isspace()))
        )  # fmt: skip

    assert ll_to_host(interpret(f, [0x41])) == f(0x41)
