"""What issue 5 leaves refused: each gives a short error naming the
user's file:line (see "Known differences from Python" in
rpython/rtyper/README.md)."""

import pytest

from rpython.annotator.annrpython import RPythonAnnotator
from rpython.annotator.model import AnnotatorError
from rpython.flowspace.objspace import FlowingError
from rpython.rlib.objectmodel import specialize


def error_of(func, argtypes=(int,)):
    with pytest.raises((AnnotatorError, FlowingError)) as e:
        RPythonAnnotator().build_types(func, list(argtypes))
    return str(e.value)


def line_of(func, offset):
    return "test_semantic_limits.py:%d" % (func.__code__.co_firstlineno + offset)


@specialize.memo()
def doubled(x):
    return x * 2


def memo_with_variable(n):
    return doubled(n)


def test_memo_with_non_constant_argument():
    msg = error_of(memo_with_variable)
    assert "memo function doubled() needs constant arguments" in msg
    assert line_of(memo_with_variable, 1) in msg


class Walker:
    def __init__(self, items):
        self.items = items

    def walk(self):
        for x in self.items:
            yield x


def generator_method(n):
    total = 0
    for x in Walker([n, 2]).walk():
        total += x
    return total


def test_generator_method_is_refused():
    msg = error_of(generator_method)
    assert "generator function Walker.walk can only be used in a for loop" in msg


def countdown(n):
    while n > 0:
        yield n
        n -= 1


def generator_in_variable(n):
    g = countdown(n)
    total = 0
    for x in g:
        total += x
    return total


def test_generator_object_in_a_variable_is_refused():
    msg = error_of(generator_in_variable)
    assert "generator countdown() can only be used in a for loop" in msg
    assert line_of(generator_in_variable, 1) in msg


def takes_kwargs(n, **kwargs):
    return n


def star_star_call(n):
    options = {"a": 1}
    return takes_kwargs(n, **options)


def test_star_star_kwargs_is_refused():
    msg = error_of(star_star_call)
    assert "'**kwargs' in calls is not RPython" in msg
    assert line_of(star_star_call, 2) in msg


def sorted_bad_keyword(n):
    return sorted([n, 1], cmp=None)


def test_unknown_keyword_to_a_builtin():
    msg = error_of(sorted_bad_keyword)
    assert "sorted() got an unexpected keyword argument 'cmp'" in msg


def split_bad_keyword(n):
    return "a b".split(separator=" ")


def test_unknown_keyword_to_a_builtin_method():
    msg = error_of(split_bad_keyword)
    assert "split() got an unexpected keyword argument 'separator'" in msg
    assert line_of(split_bad_keyword, 1) in msg
