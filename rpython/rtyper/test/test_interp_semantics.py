"""llinterp checks of the issue-5 semantic fixes that need the rtyper's
internals (translated checks live in translator/c/test/test_semantics_fm.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rpython.annotator import model as annmodel
from rpython.rtyper import rlist, rstr
from rpython.rtyper.lltypesystem import lltype
from rpython.rtyper.llinterp import LLInterpreter
from rpython.rtyper.test.tool import gengraph, interpret


class Base:
    def meth(self):
        return 1


class Sub1(Base):
    def meth(self):
        return 2


class Late(Base):
    """Only seen by a helper annotated after the first rtyping."""

    def meth(self):
        return 3


class LateNoOverride(Base):
    pass


def pick(n):
    if n:
        return Sub1()
    return Base()


def main(n):
    return pick(n).meth()


def late(n):
    if n == 1:
        x = Late()
    elif n == 2:
        x = LateNoOverride()
    else:
        x = pick(n)
    return x.meth()


def test_classdef_created_after_rtyping_gets_its_method_slot():
    t, typer, graph = gengraph(main, [int])
    interp = LLInterpreter(typer)
    assert interp.eval_graph(graph, [0]) == 1
    assert interp.eval_graph(graph, [1]) == 2
    late_graph = t.annotator.annotate_helper(late, [annmodel.SomeInteger()])
    typer.specialize_more_blocks()
    interp = LLInterpreter(typer)
    assert interp.eval_graph(late_graph, [1]) == 3  # the override
    assert interp.eval_graph(late_graph, [2]) == 1  # inherited
    assert interp.eval_graph(late_graph, [3]) == 2
    assert interp.eval_graph(graph, [1]) == 2  # older callers unaffected


class Exit:
    def __init__(self, log, suppress):
        self.log = log
        self.suppress = suppress

    def __enter__(self):
        return self

    def __exit__(self, etype, evalue, tb):
        if etype is None:
            self.log.append(0)
        elif etype is ValueError:
            self.log.append(1)
        else:
            self.log.append(2)
        return self.suppress


def with_statement(n):
    log = []
    try:
        with Exit(log, n >= 10):
            if n % 10 == 1:
                raise ValueError
            if n % 10 == 2:
                raise KeyError
            log.append(5)
        log.append(7)
    except ValueError:
        log.append(8)
    except KeyError:
        log.append(9)
    total = 0
    for x in log:
        total = total * 10 + x
    return total


@pytest.mark.parametrize("n", [0, 1, 2, 10, 11, 12])
def test_exit_receives_exception_and_may_suppress(n):
    assert interpret(with_statement, [n]) == with_statement(n)


def oserror_fields(n):
    e = OSError(n, "text %d" % n)
    return e.errno * 1000 + len(e.strerror)


def test_oserror_constructor_keeps_arguments():
    assert interpret(oserror_fields, [7]) == 7006


class Late2(Base):
    """Its meth is only ever called from a graph rtyped before it existed."""

    def meth(self):
        return 4


def call_meth(x):
    return x.meth()


def main2(n):
    return call_meth(pick(n))


def late2(n):
    if n:
        return call_meth(Late2())
    return 0


def test_override_only_called_from_old_graphs():
    t, typer, graph = gengraph(main2, [int])
    late_graph = t.annotator.annotate_helper(late2, [annmodel.SomeInteger()])
    typer.specialize_more_blocks()
    interp = LLInterpreter(typer)
    assert interp.eval_graph(late_graph, [1]) == 4
    assert interp.eval_graph(graph, [0]) == 1


def list_mul(n):
    a = [0] * n
    b = [False] * n
    c = [-0.0] * n
    d = [Base()] * n
    e = [7] * n
    f = [1, 2] * n
    a[n - 1] = 5
    total = sum(a) + len(b) + sum(e) + sum(f) + len(d)
    if b[0] or d[0] is not d[n - 1]:
        total = -1
    if str(c[0]) != "-0.0":
        total = -2
    return total


def test_list_multiplication_of_zero_items():
    assert interpret(list_mul, [4]) == list_mul(4) == 5 + 4 + 28 + 12 + 4


class Frozen:
    _immutable_ = True

    def __init__(self, x):
        self.x = x


class Partly:
    _immutable_fields_ = ["a", "items[*]", "maybe?"]

    def __init__(self, a, b):
        self.a = a
        self.b = b
        self.items = [a]
        self.maybe = b


def make_both(n):
    return Frozen(n).x + Partly(n, n).b + Partly(1, 2).maybe


def test_immutability_hints_reach_the_structs():
    from rpython.rtyper.rclass import getinstancerepr

    t, typer, graph = gengraph(make_both, [int])
    bk = t.annotator.bookkeeper
    frozen = getinstancerepr(typer, bk.getuniqueclassdef(Frozen)).object_type
    partly = getinstancerepr(typer, bk.getuniqueclassdef(Partly)).object_type
    assert frozen._hints.get("immutable") is True
    assert frozen._immutable_field("inst_x")
    assert partly._immutable_field("inst_a")
    assert partly._immutable_field("inst_items")
    assert not partly._immutable_field("inst_b")
    assert not partly._immutable_field("inst_maybe")


class Shape:
    def __init__(self, n, scale=5):
        self.n = n * scale

    def area(self):
        return self.n


class Square(Shape):
    def area(self):
        return self.n * self.n


class Circle(Shape):
    def __init__(self, n, scale=7):
        Shape.__init__(self, n * 10, scale)


class Blob(Shape):
    pass


def make_shape(n):
    if n == 0:
        cls = Shape
    elif n == 1:
        cls = Square
    elif n == 2:
        cls = Circle
    else:
        cls = Blob
    return cls(n).area() * 1000 + cls(n, 1).area()


@pytest.mark.parametrize("n", [0, 1, 2, 3])
def test_calling_one_of_several_classes(n):
    assert interpret(make_shape, [n]) == make_shape(n)


# ____________________________________________________________
# low-level helpers added for issue 5, against Python (hypothesis)

_spaced = st.text(alphabet="ab \t\n\u3000x", max_size=14)
_STRLIST = lltype.GcArray(lltype.Ptr(rstr.STR))


def _ll_text(s, T=rstr.STR):
    p = lltype.malloc(T, len(s))
    for i, c in enumerate(s):
        p.chars[i] = c
    return p


def _host(p):
    return "".join(p.chars[i] for i in range(len(p.chars)))


def _newlist(n):
    return lltype.malloc(_STRLIST, n)


def _items(lst):
    return lst


@given(_spaced, st.integers(-2, 4))
def test_split_whitespace_with_maxsplit(s, maxsplit):
    for func, expected in (
        (rlist.ll_split_whitespace_max, s.split(None, maxsplit)),
        (rlist.ll_rsplit_whitespace_max, s.rsplit(None, maxsplit)),
    ):
        result = func(_newlist, _items, _ll_text(s), maxsplit)
        assert [_host(result[i]) for i in range(len(result))] == expected


@given(st.binary(max_size=12))
def test_bytes_repr(b):
    p = _ll_text(b.decode("latin-1"), rstr.BYTES)
    assert _host(rstr.ll_bytes_repr(p)) == repr(b)


@given(
    st.integers(0, 12),
    st.one_of(st.none(), st.integers(-15, 15)),
    st.one_of(st.none(), st.integers(-15, 15)),
    st.integers(-5, 5).filter(lambda x: x != 0),
)
def test_slice_range_is_slice_indices(length, start, stop, step):
    from rpython.flowspace.rthelpers import _slice_range

    first, count = _slice_range(
        length, start or 0, stop or 0, step, start is not None, stop is not None
    )
    expected = range(*slice(start, stop, step).indices(length))
    assert count == len(expected)
    if count:
        assert first == expected[0]


def sliced(n):
    s = "abcdefgh"
    items = [1, 2, 3, 4, 5, n]
    return (
        s[::2] + s[::-1] + s[1:7:3] + s[n::-2] + str(items[::-1])
        + str(items[1::n]) + str(b"xyzw"[::-1])
    )  # fmt: skip


def test_slices_with_a_step():
    from rpython.rtyper.test.tool import ll_to_host

    assert ll_to_host(interpret(sliced, [3])) == sliced(3)
