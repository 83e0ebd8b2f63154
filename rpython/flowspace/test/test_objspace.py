"""Flow graphs built from live functions: shape checks, and running each
graph with the evaluator against calling the function on CPython."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rpython.flowspace.model import c_last_exception, checkgraph, summary
from rpython.flowspace.objspace import FlowingError, build_flow
from rpython.flowspace.test.evaluator import evaluate, run_both

small = st.integers(min_value=-20, max_value=20)


def same(func, *args):
    expected, got = run_both(func, *args)
    assert expected == got, (args, expected, got)


# ____________________________________________________________
# control flow


def f_if(x, y):
    if x < y:
        r = 1
    elif x == y:
        r = 2
    else:
        r = 3
    return r


def f_while(n):
    total = 0
    i = 0
    while i < n:
        i += 1
        if i == 7:
            continue
        if i > 15:
            break
        total += i * i
    else:
        total = -total
    return total


def f_for_range(n, k):
    acc = []
    for i in range(n):
        if i % 3 == k % 3:
            continue
        acc.append(i)
        if len(acc) > 5:
            break
    else:
        acc.append(-1)
    return acc


def f_boolops(x, y):
    a = x and y
    b = x or y
    c = not x
    d = x > 0 and y > 0 or x < -5
    e = 0 < x <= y < 10
    f = x is not None and x not in (1, 2, 3)
    return (a, b, c, d, e, f)


def f_ifexp(x):
    return x * 2 if x > 3 else -x if x < 0 else 0


def f_comprehension(n):
    squares = [i * i for i in range(n) if i % 2]
    pairs = [(i, j) for i in range(n) for j in range(i) if (i + j) % 3 == 0]
    d = {i: i * 2 for i in range(n)}
    return squares, pairs, d, sum(x for x in squares)


def f_unpack(x, y):
    a, b = y, x
    (c, d), e = (a + 1, b + 1), 7
    t = (a, b, c)
    p, q, r = t
    return p - q + r * d - e


def f_augassign(x):
    lst = [x, x + 1]
    lst[0] += 5
    lst[1] *= 2
    s = "a"
    s += "b" * x if x > 0 else "c"
    return lst, s


def f_strings(x):
    s = "x=%d and %s" % (x, "y")
    t = f"{x} {x:3d} {x!r} {'abc'} {x * 1.5:.2f} 100%"
    return s, t, "-".join(["a", str(x)])


@pytest.mark.parametrize(
    "func, argsets",
    [
        (f_if, [(1, 2), (2, 2), (3, 2)]),
        (f_while, [(0,), (5,), (10,), (30,)]),
        (f_for_range, [(0, 0), (4, 1), (20, 2)]),
        (f_boolops, [(0, 3), (2, 0), (4, 5), (-7, 1), (2, 2)]),
        (f_ifexp, [(-2,), (0,), (5,)]),
        (f_comprehension, [(0,), (6,)]),
        (f_unpack, [(1, 2), (-3, 5)]),
        (f_augassign, [(0,), (3,)]),
        (f_strings, [(0,), (42,)]),
    ],
)
def test_against_cpython(func, argsets):
    for args in argsets:
        same(func, *args)


@given(small, small)
def test_boolops_hypothesis(x, y):
    same(f_boolops, x, y)
    same(f_if, x, y)


@given(st.integers(min_value=-5, max_value=40))
def test_loops_hypothesis(n):
    same(f_while, n)
    same(f_for_range, n, n)


# ____________________________________________________________
# exceptions


def f_try(x, y):
    try:
        r = x // y
    except ZeroDivisionError:
        r = -1
    else:
        r += 100
    return r


def f_try_finally(x):
    log = []
    try:
        log.append(1)
        if x > 0:
            return log
        log.append(2)
    finally:
        log.append(3)
    log.append(4)
    return log


def raiser(x):
    if x == 1:
        raise ValueError("one")
    if x == 2:
        raise KeyError(x)
    return x


def f_try_many(x):
    try:
        v = raiser(x)
    except ValueError as e:
        v = len(str(e))
    except (KeyError, IndexError):
        v = -2
    return v


def f_nested_try(x):
    try:
        try:
            raiser(x)
        finally:
            x += 10
    except Exception:
        x += 100
    return x


def f_loop_finally(n):
    out = []
    for i in range(n):
        try:
            if i == 2:
                continue
            if i == 4:
                break
            out.append(i)
        finally:
            out.append(-i)
    return out


def f_reraise(x):
    try:
        raiser(x)
    except ValueError:
        raise
    return 0


def f_assert(x):
    assert x > 0, "must be positive"
    return x


class Managed:
    def __init__(self, log):
        self.log = log

    def __enter__(self):
        self.log.append("enter")
        return self

    def __exit__(self, etype, evalue, tb):
        self.log.append("exit")


def f_with(x):
    log = []
    try:
        with Managed(log) as m:
            m.log.append("body")
            raiser(x)
    except ValueError:
        log.append("caught")
    return log


@pytest.mark.parametrize(
    "func, argsets",
    [
        (f_try, [(7, 2), (7, 0)]),
        (f_try_finally, [(0,), (1,)]),
        (f_try_many, [(0,), (1,), (2,)]),
        (f_nested_try, [(0,), (1,)]),
        (f_loop_finally, [(3,), (6,)]),
        (f_reraise, [(0,), (1,), (2,)]),
        (f_assert, [(1,), (-1,)]),
        (f_with, [(0,), (1,)]),
    ],
)
def test_exceptions_against_cpython(func, argsets):
    for args in argsets:
        same(func, *args)


def test_try_makes_exception_switch():
    graph = build_flow(f_try)
    switches = [b for b in graph.iterblocks() if b.exitswitch is c_last_exception]
    assert len(switches) == 1
    assert switches[0].operations[-1].opname == "floordiv"
    assert switches[0].exits[0].exitcase is None


def test_no_exception_switch_outside_try():
    graph = build_flow(f_if)
    assert all(b.exitswitch is not c_last_exception for b in graph.iterblocks())


def test_raise_goes_to_exceptblock():
    graph = build_flow(raiser)
    links = [link for link in graph.iterlinks() if link.target is graph.exceptblock]
    assert len(links) == 2
    assert {link.args[0].value for link in links} == {ValueError, KeyError}


# ____________________________________________________________
# constants, closures, folding


GLOBAL_K = 5


class Frozen:
    def __init__(self, v):
        self.v = v

    def _freeze_(self):
        return True


FROZEN = Frozen(11)


def f_globals(x):
    return x + GLOBAL_K + FROZEN.v


def test_global_and_frozen_folded():
    graph = build_flow(f_globals)
    assert summary(graph) == {"add": 2}
    assert evaluate(graph, [1]) == 17


def make_adder(n):
    def adder(x):
        return x + n

    return adder


def test_closure_from_factory():
    add3 = make_adder(3)
    graph = build_flow(add3)
    assert summary(graph) == {"add": 1}
    op = graph.startblock.operations[0]
    assert op.args[1].value == 3
    same(add3, 4)


def deco(func):
    func.decorated = True
    return func


@deco
def decorated(x):
    return x - 1


def test_decorated_function():
    same(decorated, 5)


class Base:
    def meth(self, x):
        return x + 1


class Sub(Base):
    def meth(self, x):
        return super().meth(x) * 2


def test_method_and_super():
    graph = build_flow(Sub.meth)
    checkgraph(graph)
    calls = [op for b, op in graph.iterblockops() if op.opname == "simple_call"]
    assert calls[0].args[0].value is Base.meth
    assert evaluate(graph, [Sub(), 3]) == 8


def f_isinstance_const():
    if isinstance(GLOBAL_K, int):
        return 1
    return 2


def test_isinstance_on_constant_folds():
    graph = build_flow(f_isinstance_const)
    assert summary(graph) == {}
    assert graph.startblock.exits[0].args[0].value == 1


def f_we_are_translated():
    from rpython.flowspace.test import fake_rlib

    if fake_rlib.we_are_translated():
        return 1
    return 2


def test_we_are_translated_is_true():
    graph = build_flow(f_we_are_translated)
    assert evaluate(graph, []) == 1
    assert summary(graph) == {}


def f_ovf(a, b):
    from rpython.flowspace.test.fake_rlib import ovfcheck

    try:
        return ovfcheck(a * b)
    except OverflowError:
        return -1


def test_ovfcheck_becomes_mul_ovf():
    graph = build_flow(f_ovf)
    assert summary(graph)["mul_ovf"] == 1
    (block,) = [b for b in graph.iterblocks() if b.exitswitch is c_last_exception]
    assert block.exits[1].exitcase is OverflowError
    assert evaluate(graph, [3, 4]) == 12
    assert evaluate(graph, [2**40, 2**40]) == -1


def f_nested_const(x):
    k = 10

    def inner(y):
        return y + k

    return inner(x)


def test_nested_function_with_constant_closure():
    same(f_nested_const, 3)


def f_unrolled(x):
    total = 0
    for item in (1, "two", 3.0):
        if isinstance(item, int):
            total += item
        elif isinstance(item, str):
            total += len(item)
    return total + x


def test_unrolled_mixed_tuple():
    graph = build_flow(f_unrolled)
    assert "iter" not in summary(graph)
    same(f_unrolled, 1)


def f_keywords(x):
    return raiser(x=x) + kwtarget(1, c=x)


def kwtarget(a, b=5, c=7):
    return a * 100 + b * 10 + c


def test_keyword_arguments_resolved():
    graph = build_flow(f_keywords)
    calls = [op for b, op in graph.iterblockops() if op.opname == "simple_call"]
    assert [len(op.args) for op in calls] == [2, 4]
    same(f_keywords, 3)


# ____________________________________________________________
# errors


COUNTER = 0


def bad_global():
    global COUNTER
    COUNTER = COUNTER + 1


def bad_getattr(obj, name):
    return getattr(obj, name)


def bad_class():
    class Local:
        pass

    return Local


def bad_set(x):
    return {x}


def bad_closure(x):
    def inner():
        return x

    return inner


def bad_gen():
    yield 1


@pytest.mark.parametrize(
    "func, words",
    [
        (bad_global, "global 'COUNTER' is rebound"),
        (bad_getattr, "non-constant attribute name"),
        (bad_class, "created at run time"),
        (bad_set, "sets are not RPython"),
        (bad_closure, "not a constant"),
        (bad_gen, "generator"),
    ],
)
def test_flowing_errors_name_the_line(func, words):
    with pytest.raises(FlowingError) as e:
        build_flow(func)
    msg = str(e.value)
    assert words in msg
    assert "test_objspace.py:" in msg
    assert e.value.lineno >= func.__code__.co_firstlineno


def test_lambda():
    double = lambda x: x * 2  # noqa: E731
    same(double, 21)


def f_uses_os(path):
    import os

    fd = os.open(path, os.O_RDONLY, 0)
    os.close(fd)
    return fd


def test_os_calls_go_to_rposix():
    from rpython.rlib import rposix

    graph = build_flow(f_uses_os)
    called = [
        op.args[0].value for b, op in graph.iterblockops() if op.opname == "simple_call"
    ]
    assert called == [rposix.open, rposix.close]


def countdown(n, step=1):
    while n > 0:
        yield n
        n -= step
    if n == -100:
        return
    yield 1000


def evens(lst):
    for x in lst:
        if x % 2 == 0:
            yield x


def f_generator(n):
    total = 0
    for x in countdown(n):
        if x == 3:
            continue
        total = total * 2 + x
        if total > 10000:
            break
    else:
        total += 1
    for y in evens([1, 2, 3, 4, n]):
        total += y
    return total


@given(st.integers(min_value=-3, max_value=15))
def test_generator_inlined_in_for(n):
    same(f_generator, n)
    graph = build_flow(f_generator)
    assert "simple_call" not in summary(graph) or all(
        getattr(op.args[0], "value", None) not in (countdown, evens)
        for b, op in graph.iterblockops()
        if op.opname == "simple_call"
    )


def dividing(lst, d):
    for x in lst:
        yield x // d


def f_generator_in_try(d):
    total = 0
    try:
        for y in dividing([10, 20, 30], d):
            total += y
            if y == 6:
                raise ValueError
    except ZeroDivisionError:
        total = -1
    except ValueError:
        total = -2
    finally:
        total += 1000
    return total


def test_generator_loop_inside_try():
    for d in (0, 1, 5, 7):
        same(f_generator_in_try, d)


def test_function_generated_with_exec():
    from rpython.flowspace.flowcontext import exec_with_source

    namespace = {"K": 4}
    exec_with_source(
        """
        def generated(x):
            return x * K + 1
        """,
        namespace,
        "test",
    )
    same(namespace["generated"], 5)


def test_function_generated_with_plain_exec_fails_clearly():
    namespace = {}
    exec("def plain(x):\n    return x\n", namespace)
    with pytest.raises(FlowingError) as e:
        build_flow(namespace["plain"])
    assert "exec_with_source" in str(e.value)


def f_star_call(a, b):
    t = (a, b)
    return kwtarget(1, *t)


def test_star_call_evaluates_like_cpython():
    graph = build_flow(f_star_call)
    assert summary(graph).get("call_star") == 1
    same(f_star_call, 3, 4)


def f_method_keywords(x):
    m = Managed([])
    return m.__exit__(None, evalue=x, tb=None)


def test_method_keywords_evaluate_like_cpython():
    graph = build_flow(f_method_keywords)
    assert summary(graph).get("call_kw") == 1
    same(f_method_keywords, 3)


def f_print_keywords(n):
    import sys

    print("a", n, sep="-", end="")
    print("!", file=sys.stderr)
    return n


def test_print_with_keywords(capfd):
    from rpython.flowspace import rthelpers

    graph = build_flow(f_print_keywords)
    calls = [
        op.args[0].value for b, op in graph.iterblockops() if op.opname == "simple_call"
    ]
    assert calls == [rthelpers.print_text, rthelpers.print_text]
    assert evaluate(graph, [7]) == 7
    out, err = capfd.readouterr()
    assert out == "a-7" and err == "!\n"


def f_nested_with_default_and_decorator(x):
    k = 5
    tag = deco

    @tag
    def inner(y, z=k):
        return y + z

    return inner(x) + inner(x, 1) + int(inner.decorated)


def test_nested_function_defaults_and_decorators_from_locals():
    same(f_nested_with_default_and_decorator, 3)


class WithUnindentedString:
    def method(self, x):
        text = """first
second line at column 0"""
        return len(text) + x


def test_method_with_unindented_multiline_string():
    same(WithUnindentedString.method, WithUnindentedString(), 2)
    graph = build_flow(WithUnindentedString.method)
    op = graph.startblock.operations[0]
    assert op.offset == WithUnindentedString.method.__code__.co_firstlineno + 3


def f_generator_comprehension(n):
    squares = [x * 2 for x in countdown(n) if x != 3]
    pairs = {x: y for x in evens([1, 2, 4]) for y in countdown(x, step=2)}
    return squares, pairs, sum(y for y in evens(squares))


def test_generators_in_comprehensions():
    for n in (0, 1, 4, 9):
        same(f_generator_comprehension, n)


def f_consume_generator(n):
    return sum(countdown(n)), list(evens([1, 2, 3, 4])), max(countdown(n + 1))


def test_generator_consumed_by_builtins():
    for n in (0, 2, 5):
        same(f_consume_generator, n)
