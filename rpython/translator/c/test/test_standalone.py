"""Whole programs translated and run: output must equal the untranslated run.

Each entry point exercises one area of RPYTHON.md; all are skipped while a
trivial program cannot be translated yet (see support.require_toolchain).
"""

import weakref

import pytest

from rpython.rlib import rgc, rweakref  # noqa: F401  (registers weakref.ref)

from rpython.translator.c.test.support import (
    check_same,
    require_toolchain,
    run_translated,
)
from rpython.translator.c.test.support import translation_mode  # noqa: E402,F401

# every test runs in both modes: plain and --stm (support.py)
pytestmark = pytest.mark.usefixtures("translation_mode")


@pytest.fixture(autouse=True)
def toolchain():
    require_toolchain()


def entry_arith(argv):
    n = int(argv[1])
    total = 0
    i = 0
    while i < n:
        total += i * i - (i // 3) + (i % 7)
        i += 1
    print(str(total))
    print(str(-7 // 2) + " " + str(-7 % 2) + " " + str(7 // -2))
    x = 1.5
    print(str(int(x * n)))
    return 0


def test_arith():
    check_same(entry_arith, [1000])


class Animal(object):
    def __init__(self, name):
        self.name = name

    def sound(self):
        return "..."

    def describe(self):
        return self.name + " says " + self.sound()


class Dog(Animal):
    def sound(self):
        return "woof"


class Cat(Animal):
    def sound(self):
        return "meow"


def entry_classes(argv):
    animals = [Dog("rex"), Cat("tom"), Animal("x")]
    for a in animals:
        print(a.describe())
        if isinstance(a, Dog):
            print("a dog")
    return 0


def test_classes():
    check_same(entry_classes, [])


class MyError(Exception):
    def __init__(self, code):
        self.code = code


def may_fail(n):
    if n > 3:
        raise MyError(n)
    if n < 0:
        raise ValueError
    return n * 2


def entry_exceptions(argv):
    total = 0
    for n in [1, 5, -1, 2]:
        try:
            total += may_fail(n)
        except MyError as e:
            total += 100 * e.code
        except ValueError:
            total += 1000
        finally:
            total += 1
    print(str(total))
    d = {1: 2}
    try:
        print(str(d[5]))
    except KeyError:
        print("key error")
    lst = [1, 2, 3]
    try:
        print(str(lst[10]))
    except IndexError:
        print("index error")
    try:
        print(str(10 // (len(argv) - 1)))
    except ZeroDivisionError:
        print("zero division")
    return 0


def test_exceptions():
    check_same(entry_exceptions, [])


def entry_strings_dicts(argv):
    words = "the quick brown fox jumps over the lazy dog the end".split(" ")
    counts = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    keys = list(counts.keys())
    keys.sort()
    for k in keys:
        print("%s=%d" % (k, counts[k]))
    s = "-".join(keys)
    print(s.upper() + " " + str(len(s)) + " " + str(s.find("fox")))
    print(s[2:7] + "|" + s[-3:])
    return 0


def test_strings_dicts():
    check_same(entry_strings_dicts, [])


def recurse(n):
    if n < 0:  # never true; gives the annotator a return value
        return 0
    return recurse(n + 1) + 1


def entry_recursion(argv):
    try:
        recurse(0)
    except RuntimeError:
        print("recursion caught")
    return 0


def test_deep_recursion_raises():
    status, out = run_translated(entry_recursion, [])
    assert status == 0
    assert out == "recursion caught\n"


def entry_exit_code(argv):
    return len(argv) + 40


def test_exit_code():
    assert check_same(entry_exit_code, ["a"]) == ""
    assert run_translated(entry_exit_code, ["a"])[0] == 42


def entry_allocation(argv):
    # many short-lived objects plus a long-lived list: exercises the GC
    keep = []
    i = 0
    while i < 200000:
        node = [i, i + 1]
        if i % 1000 == 0:
            keep.append(node)
        i += 1
    total = 0
    for node in keep:
        total += node[0] + node[1]
    print(str(total))
    return 0


@pytest.mark.parametrize("gc", ["framework", "boehm", "none"])
def test_allocation_all_gcs(gc):
    check_same(entry_allocation, [], gc=gc)


class WeakTarget(object):
    def __init__(self, v):
        self.v = v


def make_dead_weakref():
    return weakref.ref(WeakTarget(-1))


def entry_weakrefs(argv):
    # --stm: WEAKREF objects come from stm_allocate_weakref, whose referent
    # stmgc clears (c/src/stm_ops.h)
    keep = WeakTarget(5)
    alive = weakref.ref(keep)
    dead = make_dead_weakref()
    junk = 0
    for i in range(100000):
        junk += len([WeakTarget(i)])
    rgc.collect()
    x = alive()
    print(str(x is not None and x.v == 5) + " " + str(dead() is None) + " " + str(junk))
    return 0


def test_weakrefs():
    check_same(entry_weakrefs, [])
