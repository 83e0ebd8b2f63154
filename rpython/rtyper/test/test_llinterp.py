"""The llinterp on hand-built low-level graphs (no annotator needed)."""

import pytest

from rpython.flowspace.model import (
    Block,
    Constant,
    FunctionGraph,
    Link,
    SpaceOperation,
    Variable,
    c_last_exception,
)
from rpython.rtyper.lltypesystem import lltype
from rpython.rtyper.llinterp import LLException, LLFatalError, LLInterpreter


def var(T, name="v"):
    v = Variable(name)
    v.concretetype = T
    return v


def const(value, T):
    return Constant(value, T)


def make_graph(name, inputargs, RESULT=lltype.Signed):
    start = Block(inputargs)
    graph = FunctionGraph(name, start)
    graph.getreturnvar().concretetype = RESULT
    for v in graph.exceptblock.inputargs:
        v.concretetype = lltype.Void
    return graph


def build_sum_to_n():
    """def f(n): total = 0; while n > 0: total += n; n -= 1; return total"""
    n0 = var(lltype.Signed, "n")
    graph = make_graph("sum_to_n", [n0])
    n1, t1 = var(lltype.Signed, "n"), var(lltype.Signed, "t")
    loop = Block([n1, t1])
    cond = var(lltype.Bool, "c")
    loop.operations.append(
        SpaceOperation("int_gt", [n1, const(0, lltype.Signed)], cond)
    )
    n2, t2 = var(lltype.Signed, "n"), var(lltype.Signed, "t")
    body = Block([n2, t2])
    t3, n3 = var(lltype.Signed, "t"), var(lltype.Signed, "n")
    body.operations.append(SpaceOperation("int_add", [t2, n2], t3))
    body.operations.append(SpaceOperation("int_sub", [n2, const(1, lltype.Signed)], n3))
    body.closeblock(Link([n3, t3], loop))
    loop.exitswitch = cond
    loop.closeblock(Link([t1], graph.returnblock, False), Link([n1, t1], body, True))
    graph.startblock.closeblock(Link([n0, const(0, lltype.Signed)], loop))
    return graph


def test_loop():
    graph = build_sum_to_n()
    assert LLInterpreter().eval_graph(graph, [10]) == 55
    assert LLInterpreter().eval_graph(graph, [0]) == 0


def build_add_ovf_or_minus_one():
    """def f(a, b): try: return ovfcheck(a + b) except OverflowError: return -1"""
    a, b = var(lltype.Signed, "a"), var(lltype.Signed, "b")
    graph = make_graph("addovf", [a, b])
    r = var(lltype.Signed, "r")
    graph.startblock.operations.append(SpaceOperation("int_add_ovf", [a, b], r))
    graph.startblock.exitswitch = c_last_exception
    normal = Link([r], graph.returnblock)
    handler = Link([const(-1, lltype.Signed)], graph.returnblock, OverflowError)
    graph.startblock.closeblock(normal, handler)
    return graph


def test_exception_caught():
    graph = build_add_ovf_or_minus_one()
    interp = LLInterpreter()
    assert interp.eval_graph(graph, [2, 3]) == 5
    assert interp.eval_graph(graph, [lltype.MAXINT, 1]) == -1


def test_exception_escapes():
    a = var(lltype.Signed, "a")
    graph = make_graph("neg", [a])
    r = var(lltype.Signed, "r")
    graph.startblock.operations.append(SpaceOperation("int_neg_ovf", [a], r))
    graph.startblock.closeblock(Link([r], graph.returnblock))
    with pytest.raises(LLException) as info:
        LLInterpreter().eval_graph(graph, [lltype.MININT])
    assert info.value.etype is OverflowError


def test_structs_and_calls():
    S = lltype.GcStruct("S", ("x", lltype.Signed))
    PS = lltype.Ptr(S)
    # callee(p) -> p.x * 2
    p = var(PS, "p")
    callee = make_graph("callee", [p])
    x, y = var(lltype.Signed, "x"), var(lltype.Signed, "y")
    callee.startblock.operations += [
        SpaceOperation("getfield", [p, const("x", lltype.Void)], x),
        SpaceOperation("int_mul", [x, const(2, lltype.Signed)], y),
    ]
    callee.startblock.closeblock(Link([y], callee.returnblock))
    FT = lltype.FuncType([PS], lltype.Signed)
    fptr = lltype.functionptr(FT, "callee", graph=callee)
    # caller(n): s = malloc(S); s.x = n; return callee(s)
    n = var(lltype.Signed, "n")
    caller = make_graph("caller", [n])
    s, v, res = var(PS, "s"), var(lltype.Void, "v"), var(lltype.Signed, "res")
    caller.startblock.operations += [
        SpaceOperation(
            "malloc", [const(S, lltype.Void), const({"flavor": "gc"}, lltype.Void)], s
        ),
        SpaceOperation("setfield", [s, const("x", lltype.Void), n], v),
        SpaceOperation("direct_call", [const(fptr, lltype.Ptr(FT)), s], res),
    ]
    caller.startblock.closeblock(Link([res], caller.returnblock))
    assert LLInterpreter().eval_graph(caller, [21]) == 42


def test_type_error_is_reported():
    a = var(lltype.Signed, "a")
    graph = make_graph("bad", [a])
    r = var(lltype.Signed, "r")
    graph.startblock.operations.append(
        SpaceOperation("int_lt", [a, const(1, lltype.Signed)], r)
    )
    graph.startblock.closeblock(Link([r], graph.returnblock))
    with pytest.raises(LLFatalError):
        LLInterpreter().eval_graph(graph, [0])
