import pytest

from rpython.flowspace.model import (
    Block,
    Constant,
    FunctionGraph,
    Link,
    SpaceOperation,
    Variable,
    c_last_exception,
    checkgraph,
    copygraph,
    mkentrymap,
    summary,
)


def build_abs_graph():
    # def f(x): if x < 0: return -x ; return x   -- built by hand
    x = Variable("x")
    start = Block([x])
    cond = Variable("cond")
    start.operations.append(SpaceOperation("lt", [x, Constant(0)], cond))
    start.exitswitch = cond
    graph = FunctionGraph("f", start)
    x2 = Variable("x")
    negblock = Block([x2])
    r = Variable()
    negblock.operations.append(SpaceOperation("neg", [x2], r))
    negblock.closeblock(Link([r], graph.returnblock))
    start.closeblock(Link([x], graph.returnblock, False), Link([x], negblock, True))
    return graph


def test_handbuilt_graph_checks():
    graph = build_abs_graph()
    checkgraph(graph)
    assert len(list(graph.iterblocks())) == 3
    assert len(list(graph.iterlinks())) == 3
    assert summary(graph) == {"lt": 1, "neg": 1}
    entry = mkentrymap(graph)
    assert len(entry[graph.returnblock]) == 2


def test_checkgraph_catches_undefined_variable():
    graph = build_abs_graph()
    bogus = Variable()
    graph.startblock.exits[0].args = [bogus]
    with pytest.raises(AssertionError):
        checkgraph(graph)


def test_checkgraph_catches_double_definition():
    graph = build_abs_graph()
    x = graph.startblock.inputargs[0]
    graph.startblock.operations.append(SpaceOperation("pos", [x], x))
    with pytest.raises(AssertionError):
        checkgraph(graph)


def test_constant_equality_keeps_types_apart():
    assert Constant(1) == Constant(1)
    assert Constant(1) != Constant(True)
    assert Constant(1) != Constant(1.0)
    assert hash(Constant("a")) == hash(Constant("a"))
    assert Constant([]) != Constant([])  # mutable: identity


def test_exception_block_and_copy():
    x = Variable("x")
    start = Block([x])
    r = Variable()
    start.operations.append(SpaceOperation("simple_call", [Constant(len), x], r))
    start.exitswitch = c_last_exception
    graph = FunctionGraph("g", start)
    normal = Link([r], graph.returnblock)
    etype, evalue = Variable("etype"), Variable("evalue")
    exc = Link([etype, evalue], graph.exceptblock, TypeError)
    exc.last_exception = etype
    exc.last_exc_value = evalue
    start.closeblock(normal, exc)
    checkgraph(graph)
    assert start.canraise and start.raising_op is start.operations[0]
    g2 = copygraph(graph)
    checkgraph(g2)
    assert g2.startblock is not start
    assert g2.startblock.inputargs[0] is not x


def test_exception_link_may_not_use_raising_result():
    x = Variable("x")
    start = Block([x])
    r = Variable()
    start.operations.append(SpaceOperation("simple_call", [Constant(len), x], r))
    start.exitswitch = c_last_exception
    graph = FunctionGraph("g", start)
    start.closeblock(
        Link([r], graph.returnblock), Link([r], graph.returnblock, TypeError)
    )
    with pytest.raises(AssertionError):
        checkgraph(graph)
