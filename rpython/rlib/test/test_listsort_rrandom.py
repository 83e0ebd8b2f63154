import random

import pytest
from hypothesis import given, settings, strategies as st

from rpython.rlib.listsort import TimSort, make_timsort_class
from rpython.rlib.rbigint import rbigint
from rpython.rlib.rrandom import Random, random_from_key, seed_key_from_rbigint


@settings(max_examples=300)
@given(st.lists(st.integers(-5, 5), max_size=300))
def test_timsort_sorts(values):
    lst = list(values)
    TimSort(lst).sort()
    assert lst == sorted(values)


@settings(max_examples=200)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers()), max_size=400))
def test_timsort_stable_with_custom_lt(pairs):
    ByKey = make_timsort_class(lambda a, b: a[0] < b[0])
    lst = list(pairs)
    ByKey(lst).sort()
    assert lst == sorted(pairs, key=lambda p: p[0])


def test_timsort_structured_inputs():
    rnd = random.Random(5)
    cases = [
        list(range(1000)),
        list(range(1000, 0, -1)),
        [rnd.randrange(10) for _ in range(5000)],
        sorted(rnd.random() for _ in range(3000)) + [rnd.random() for _ in range(50)],
        [i % 7 for i in range(2000)],
        [],
        [1],
    ]
    for case in cases:
        lst = list(case)
        TimSort(lst).sort()
        assert lst == sorted(case)


def test_timsort_prefix_and_subclass():
    lst = [3, 2, 1, 0]
    TimSort(lst, 3).sort()
    assert lst == [1, 2, 3, 0]

    class Reverse(TimSort):
        def lt(self, a, b):
            return a > b

    lst = [1, 3, 2]
    Reverse(lst).sort()
    assert lst == [3, 2, 1]


SEEDS = [0, 1, 42, 2**32 - 1, 2**32, 2**100 + 17, -5, 123456789012345678901234567890]


def test_random_matches_cpython():
    for seed in SEEDS:
        ours = Random(seed)
        theirs = random.Random(seed)
        for _ in range(1000):
            assert ours.random() == theirs.random()


@settings(max_examples=100)
@given(st.integers(0, 2**80), st.lists(st.integers(0, 63), max_size=40))
def test_getrandbits_matches_cpython(seed, sizes):
    ours = Random(seed)
    theirs = random.Random(seed)
    for k in sizes:
        assert ours.getrandbits(k) == theirs.getrandbits(k)
    assert ours.getrandbits_rbigint(200).tolong() == theirs.getrandbits(200)
    assert ours.getrandbits_rbigint(33).tolong() == theirs.getrandbits(33)


def test_state_roundtrip():
    r = Random(7)
    theirs = random.Random(7)
    r.random()
    theirs.random()
    assert tuple(r.getstate()) == theirs.getstate()[1]
    saved = r.getstate()
    first = [r.random() for _ in range(700)]
    r.setstate(saved)
    assert [r.random() for _ in range(700)] == first
    with pytest.raises(ValueError):
        r.setstate([0] * 10)
    with pytest.raises(ValueError):
        r.getrandbits(-1)


def test_big_seed_key():
    seed = 3**90
    r = random_from_key(seed_key_from_rbigint(rbigint.fromlong(-seed)))
    assert r.random() == random.Random(seed).random()
