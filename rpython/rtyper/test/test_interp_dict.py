"""End-to-end: dicts through the llinterp."""

import pytest

pytest.importorskip("rpython.annotator.annrpython")

from rpython.rlib.objectmodel import r_dict  # noqa: E402
from rpython.rtyper.test.tool import interpret  # noqa: E402


def test_int_keys_iteration_get_contains():
    def f(n):
        d = {}
        for i in range(n):
            d[i] = i * 2
        total = 0
        for k in d:
            total += d[k]
        return total + len(d) + (3 in d) + d.get(100, -5)

    assert interpret(f, [10]) == 96


def test_str_keys_items_and_del():
    def f(n):
        d = {"a": 1, "bb": 2}
        d["ccc"] = n
        s = 0
        for k, v in d.items():
            s += v * len(k)
        del d["a"]
        return s * 100 + len(d)

    assert interpret(f, [5]) == (1 + 4 + 15) * 100 + 2


def test_keyerror():
    def f(n):
        d = {1: 2}
        try:
            return d[n]
        except KeyError:
            return -1

    assert interpret(f, [1]) == 2
    assert interpret(f, [2]) == -1


class Key:
    pass


def test_instance_keys():
    def f(n):
        a = Key()
        b = Key()
        d = {a: 1, b: 2}
        return d[a] * 10 + d[b]

    assert interpret(f, [0]) == 12


def test_many_deletions_keep_order():
    def f(n):
        d = {}
        for i in range(100):
            d[i] = i
        for i in range(0, 100, 2):
            del d[i]
        t = 0
        prev = -1
        ordered = 1
        for v in d.values():
            t += v
            if v < prev:
                ordered = 0
            prev = v
        return t + len(d) + ordered * 100000

    assert interpret(f, [0]) == 2550 + 100000


def test_tuple_keys():
    def f(n):
        d = {(1, "a"): 5}
        return d.get((n, "a"), -1)

    assert interpret(f, [1]) == 5
    assert interpret(f, [2]) == -1


def test_setdefault_pop():
    def f(n):
        d = {}
        d.setdefault(n, 3)
        d.setdefault(n, 4)
        x = d.pop(n)
        return x * 10 + len(d) + d.pop(7, 1)

    assert interpret(f, [2]) == 31


def eq_mod10(a, b):
    return a % 10 == b % 10


def hash_mod10(a):
    return a % 10


def test_r_dict():
    def f(n):
        d = r_dict(eq_mod10, hash_mod10)
        d[n] = 1
        d[n + 10] = 2
        return len(d) * 10 + d[n + 20]

    assert interpret(f, [3]) == 12


def test_list_of_dict_views():
    def f(n):
        d = {"x": 1, "y": n}
        keys = list(d.keys())
        values = list(d.values())
        items = list(d.items())
        return len(keys) * 100 + values[1] * 10 + items[0][1] + len(list(d))

    assert interpret(f, [5]) == 200 + 50 + 1 + 2
