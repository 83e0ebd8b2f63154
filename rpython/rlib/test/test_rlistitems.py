"""rlistitems.list_items: untranslated identity, annotation errors, and
translated use on fixed and resizable lists while the moving GC runs."""

import pytest

from rpython.annotator.model import AnnotatorError
from rpython.rlib.rlistitems import list_items


def test_untranslated_is_the_list():
    lst = [1, 2, 3]
    items = list_items(lst)
    assert items is lst
    items[1] = 7
    assert lst == [1, 7, 3]


def _annotate(func, argtypes):
    from rpython.translator.translator import TranslationContext

    t = TranslationContext()
    return t.buildannotator().build_types(func, argtypes)


def test_annotation_rejects_other_lists():
    def on_strs(n):
        lst = ["ab"] * n
        return list_items(lst)[0]

    def on_str(n):
        return list_items("abc")

    for func in (on_strs, on_str):
        with pytest.raises(AnnotatorError, match="list_items"):
            _annotate(func, [int])


def _sum_squares(lst):
    items = list_items(lst)
    total = 0
    i = 0
    while i < len(lst):
        total += items[i] * items[i]
        i += 1
    return total


def entry_point(argv):
    n = int(argv[1])
    fixed = [0] * n  # never resized: the list is the array
    resizable = []
    for i in range(n):
        resizable.append(i)
    resizable.pop()
    fi = list_items(fixed)
    ri = list_items(resizable)
    garbage = []
    i = 0
    while i < n:
        fi[i] = 3 * i
        # allocations in between: a moving collection must update fi and ri
        garbage.append([i] * 50)
        if len(garbage) > 200:
            garbage = []
        if i < len(resizable):
            ri[i] = ri[i] + 1
        i += 1
    print(str(_sum_squares(fixed)) + " " + str(_sum_squares(resizable)))
    print(str(fixed[n - 1]) + " " + str(resizable[len(resizable) - 1]))
    return 0


def expected(n):
    fixed = sum((3 * i) ** 2 for i in range(n))
    resizable = sum((i + 1) ** 2 for i in range(n - 1))
    return "%d %d\n%d %d\n" % (fixed, resizable, 3 * (n - 1), n - 1)


def test_entry_point_untranslated(capsys):
    assert entry_point(["x", "100"]) == 0
    assert capsys.readouterr().out == expected(100)


@pytest.mark.parametrize("gc", ["framework", "boehm"])
def test_translated(gc):
    support = pytest.importorskip("rpython.translator.c.test.support")
    support.require_toolchain()
    status, out = support.run_translated(entry_point, ["20000"], gc=gc)
    assert (status, out) == (0, expected(20000))


def entry_chars(argv):
    """list_items on a list of characters and of floats."""
    n = int(argv[1])
    chars = ["-"] * n
    ic = list_items(chars)
    floats = [0.0] * n
    ifl = list_items(floats)
    i = 0
    while i < n:
        ic[i] = chr(48 + i % 10)
        ifl[i] = i * 0.5
        i += 1
    total = 0.0
    i = 0
    while i < n:
        total += ifl[i]
        i += 1
    print("".join(chars) + " " + str(int(total)))
    return 0


def test_chars_and_floats_translated():
    support = pytest.importorskip("rpython.translator.c.test.support")
    support.require_toolchain()
    assert support.check_same(entry_chars, ["25"]) == (
        "0123456789012345678901234 150\n"
    )
