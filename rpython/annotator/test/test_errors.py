"""Each kind of RPython mistake gives a short AnnotatorError (or
FlowingError) naming the user's file:line, the problem and the call chain."""

import pytest

from rpython.annotator.annrpython import RPythonAnnotator
from rpython.annotator.model import AnnotatorError
from rpython.flowspace.objspace import FlowingError


def annotate(func, argtypes):
    a = RPythonAnnotator()
    return a.build_types(func, argtypes)


def error_of(func, argtypes=(int,)):
    with pytest.raises((AnnotatorError, FlowingError)) as e:
        annotate(func, list(argtypes))
    return str(e.value)


# int/float union ----------------------------------------------------------


def int_or_float(n):
    if n > 0:
        x = 1
    else:
        x = 2.5
    return x


def entry_int_or_float(n):
    return int_or_float(n)


def test_int_float_union():
    msg = error_of(entry_int_or_float)
    assert "cannot unify float and int" in msg or "cannot unify int and float" in msg
    assert "test_errors.py:" in msg
    assert "entry_int_or_float -> int_or_float" in msg


# global rebound -------------------------------------------------------------

COUNTER = 0


def bump(n):
    global COUNTER
    COUNTER += n
    return COUNTER


def test_global_rebound():
    msg = error_of(bump)
    assert "global 'COUNTER' is rebound at run time" in msg
    assert "test_errors.py:%d" % (bump.__code__.co_firstlineno + 2) in msg


# mixed-type list ------------------------------------------------------------


def mixed_list(n):
    lst = [n]
    lst.append("two")
    return lst


def test_mixed_list():
    msg = error_of(mixed_list)
    assert "mixed types in one list item" in msg
    assert "int" in msg and "str" in msg
    assert "lst.append" in msg


# attribute read, never written --------------------------------------------


class Point:
    def __init__(self, x):
        self.x = x


def read_missing_attr(n):
    p = Point(n)
    return p.y


def test_attribute_never_written():
    msg = error_of(read_missing_attr)
    assert "attribute 'y' of class Point is read but never written" in msg
    assert "return p.y" in msg


# wrong argument count -------------------------------------------------------


def two_args(a, b):
    return a + b


def call_with_three(n):
    return two_args(n, n, n)


def test_wrong_argument_count():
    msg = error_of(call_with_three)
    assert "two_args() takes 2 arguments but 3 were given" in msg
    assert "two_args(n, n, n)" in msg


# None used as an int -------------------------------------------------------


def maybe_none(n):
    if n > 0:
        return None
    return n


def none_as_int(n):
    x = maybe_none(n)
    return x + 1


def test_none_as_int():
    msg = error_of(none_as_int)
    assert "None" in msg and "int" in msg


def none_plus(n):
    x = None
    return x + n


def test_plain_none_plus_int():
    msg = error_of(none_plus)
    assert "unsupported '+' between None and int" in msg


# runtime getattr with a non-constant name ----------------------------------


def dyn_getattr(n):
    p = Point(n)
    name = "x" if n else "y"
    return getattr(p, name)


def test_runtime_getattr():
    msg = error_of(dyn_getattr)
    assert "non-constant attribute name" in msg


# others ------------------------------------------------------------------


def call_an_int(n):
    return n(3)


def test_calling_non_callable():
    msg = error_of(call_an_int)
    assert "calling int, which is not callable" in msg


def uses_set(n):
    s = {n, 2}
    return len(s)


def test_unsupported_syntax():
    msg = error_of(uses_set)
    assert "sets are not RPython" in msg
    assert "test_errors.py:%d" % (uses_set.__code__.co_firstlineno + 1) in msg


def str_plus_bytes(n):
    return "abc" + b"def"


def test_mixing_str_and_bytes():
    msg = error_of(str_plus_bytes)
    assert "cannot mix str and bytes" in msg


def bad_method(n):
    lst = [n]
    return lst.push(3)


def test_unknown_method():
    msg = error_of(bad_method)
    assert "list has no method 'push'" in msg


class Other:
    pass


def unrelated_union(n):
    if n:
        x = Point(n)
    else:
        x = Other()
    return x


def test_unrelated_instances():
    msg = error_of(unrelated_union)
    assert "no common base class" in msg
    assert "Point" in msg and "Other" in msg


class Base1:
    pass


class Base2:
    pass


class Both(Base1, Base2):
    pass


def multiple_inheritance(n):
    return Both()


def test_multiple_inheritance():
    msg = error_of(multiple_inheritance)
    assert "multiple inheritance is not RPython" in msg


def test_message_is_short():
    msg = error_of(entry_int_or_float)
    assert len(msg.splitlines()) <= 5
    assert "Traceback" not in msg


def abs_two_args(n):
    return abs(n, n)


def test_builtin_with_wrong_arguments_names_the_line():
    msg = error_of(abs_two_args)
    assert "test_errors.py:%d" % (abs_two_args.__code__.co_firstlineno + 1) in msg
    assert "abs" in msg


def entry_returns_str(argv):
    return "not an int"


def test_entry_point_must_return_int():
    a = RPythonAnnotator()
    with pytest.raises(AnnotatorError) as e:
        a.build_types(entry_returns_str, [[str]], main_entry_point=True)
    msg = str(e.value)
    assert "entry point must return an int" in msg and "str" in msg
    assert 'return "not an int"' in msg
