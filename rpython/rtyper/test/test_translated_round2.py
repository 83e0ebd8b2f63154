"""Translated (C, moving GC) checks of rtyper choices that llinterp cannot
see: there, objects never move."""

import pytest

from rpython.translator.c.test.support import run_noargs
from rpython.translator.c.test.support import translation_mode  # noqa: F401

pytestmark = pytest.mark.usefixtures("translation_mode")  # plain and --stm


class Box:
    def __init__(self, n):
        self.n = n


def _id_stays_the_same():
    # id() of a young object must not change when a minor collection moves
    # it; keys built from id() (the compiler's constant table) rely on it
    keep = []
    ids = {}
    failures = 0
    i = 0
    while i < 3000:
        b = Box(i)
        key = id(b)
        keep.append(b)
        if key in ids:
            failures += 1  # two live objects with one id
        ids[key] = i
        junk = [Box(j) for j in range(50)]  # many minor collections
        if len(junk) != 50 or id(b) != key:
            failures += 1
        i += 1
    i = 0
    while i < len(keep):
        if ids.get(id(keep[i]), -1) != i:
            failures += 1
        i += 1
    return 42 if failures == 0 else failures % 40


def test_id_is_stable_across_collections():
    status, expected = run_noargs(_id_stays_the_same)
    assert expected == 42
    assert status == 42
