"""Barrier insertion: placement, counts per elision rule, and unchanged
results through the llinterp (with a run-time barrier checker)."""

import pytest

from rpython.rlib import rstm
from rpython.rtyper.lltypesystem import lltype, rffi
from rpython.rtyper.lltypesystem.lloperation import llop
from rpython.rtyper.test.tool import gengraph
from rpython.translator.stm.test.stmcheck import CheckingLLInterpreter, MissingBarrier
from rpython.translator.stm.transform import StmOptions, transform_graphs

NO_ELISION = StmOptions(
    elide_fresh=False, elide_seen=False, elide_immutable=False, elide_inevitable=False
)


class Box:
    def __init__(self, x):
        self.x = x
        self.y = 0


class Frozen:
    _immutable_ = True

    def __init__(self, v):
        self.v = v


def build(func, argtypes, options=None):
    t, typer, graph = gengraph(func, argtypes)
    report = transform_graphs(t.graphs, options, typer)
    return t, typer, graph, report


def via_box(func):
    """An entry point (n, m) that builds an old Box(n) and calls func(b, m)."""

    def entry(n, m):
        b = Box(n)
        b.y = n * 2
        llop.stm_transaction_break(lltype.Void)  # b is no longer fresh
        return func(b, m)

    return entry


def graph_named(t, name):
    (graph,) = [g for g in t.graphs if g.name == name or g.name.endswith("." + name)]
    return graph


def ops_of(graph, *names):
    return [
        op
        for block in graph.iterblocks()
        for op in block.operations
        if op.opname in names
    ]


def run(typer, graph, args, check=True):
    interp = CheckingLLInterpreter(typer, check=check)
    return interp.eval_graph(graph, args), interp


def test_fresh_object_needs_no_barrier():
    def f(n):
        b = Box(n)  # Box.__init__ is a call: it may allocate? no -> fresh kept
        b.x += 1
        return b.x

    t, typer, graph, report = build(f, [int])
    counts = report.for_graph(graph.name)
    assert counts.total_inserted() == 0
    assert counts.elided["fresh"]["read"] >= 1
    assert counts.elided["fresh"]["write"] >= 1
    # __init__ gets `self` as an argument: it needs its own write barrier,
    # once (the second field write is elided as already written)
    init = report.for_graph("Box.__init__")
    assert init.inserted["write"] == 1 and init.elided["seen"]["write"] == 1
    res, interp = run(typer, graph, [4])
    assert res == 5


def test_seen_read_then_read_and_write_then_read():
    def g(b):
        return b.x + b.y

    def h(b):
        b.x = 3
        return b.x

    def f(n):
        b = Box(n)
        llop.stm_transaction_break(lltype.Void)  # b is no longer fresh
        return g(b) + h(b)

    t, typer, graph, report = build(f, [int])
    cg = report.for_graph("g")
    assert (cg.inserted["read"], cg.elided["seen"]["read"]) == (1, 1)
    ch = report.for_graph("h")
    assert ch.inserted == {"read": 0, "write": 1}
    assert ch.elided["seen"]["read"] == 1
    res, interp = run(typer, graph, [4])
    assert res == 4 + 0 + 3
    names = [name for name, _ in interp.trace]
    # Box.__init__ writes its argument first
    assert names == ["stm_write", "stm_transaction_break", "stm_read", "stm_write"]


def test_fresh_object_after_break_needs_barriers():
    def f(n):
        b = Box(n)
        b.x = n + 1
        llop.stm_transaction_break(lltype.Void)
        b.y = 2
        return b.x

    t, typer, graph, report = build(f, [int])
    c = report.for_graph(graph.name)
    assert c.inserted == {"read": 0, "write": 1}  # the read follows the write
    assert len(ops_of(graph, "stm_write")) == 1
    assert run(typer, graph, [4])[0] == 5


def test_allocation_forgets_write_knowledge_but_not_reads():
    def f(b, n):
        b.x = n
        c = Box(n)  # may run a minor collection
        b.x = b.x + c.x
        return b.x

    t, typer, graph, report = build(via_box(f), [int, int])
    c = report.for_graph("f")
    assert c.inserted == {"read": 0, "write": 2}
    assert c.elided["seen"]["read"] == 2


def test_join_needs_agreement_of_all_predecessors():
    def both(b, flag):
        if flag:
            n = b.x
        else:
            n = b.y
        return n + b.x

    def one(b, flag):
        n = 0
        if flag:
            n = b.x
        return n + b.y

    t, typer, graph, report = build(via_box(both), [int, int])
    assert report.for_graph("both").inserted["read"] == 2
    assert report.for_graph("both").elided["seen"]["read"] == 1
    t, typer, graph, report = build(via_box(one), [int, int])
    assert report.for_graph("one").inserted["read"] == 2
    assert report.for_graph("one").elided["seen"]["read"] == 0


def test_loop_keeps_knowledge_only_without_breaks():
    def quiet(b, n):
        s = 0
        while n > 0:
            s += b.x
            n -= 1
        return s

    def breaking(b, n):
        s = 0
        while n > 0:
            s += b.x
            rstm.transaction_break()
            n -= 1
        return s

    for func, expected in ((quiet, 1), (breaking, 1)):
        t, typer, graph, report = build(via_box(func), [int, int])
        c = report.for_graph(func.__name__)
        # one static barrier in the loop in both cases
        assert c.inserted["read"] == expected
        res, interp = run(typer, graph, [5, 3])
        assert res == 15


def test_immutable_instance_and_typeptr_and_length():
    def f(n):
        fr = Frozen(n)
        llop.stm_transaction_break(lltype.Void)
        lst = [fr, fr]
        llop.stm_transaction_break(lltype.Void)
        return fr.v + len(lst)

    t, typer, graph, report = build(f, [int])
    c = report.for_graph(graph.name)
    assert c.inserted["read"] == 0
    assert c.elided["immutable"]["read"] == 1  # fr.v
    # len(lst) is read in the list helper graph: array lengths never change
    assert report.total.elided["immutable"]["read"] >= 2
    assert run(typer, graph, [5])[0] == 7
    t, typer, graph, report = build(f, [int], StmOptions(elide_immutable=False))
    assert report.total.inserted["read"] >= 2


def test_lltype_immutable_fields_hint():
    from rpython.translator.stm.transform import _access_is_immutable
    from rpython.flowspace.model import SpaceOperation, Variable, Constant

    S = lltype.GcStruct("S", ("a", lltype.Signed), ("b", lltype.Signed),
                        hints={"immutable_fields": {"a": True}})  # fmt: skip
    v = Variable()
    v.concretetype = lltype.Ptr(S)
    res = Variable()
    res.concretetype = lltype.Signed
    get_a = SpaceOperation("getfield", [v, Constant("a", lltype.Void)], res)
    get_b = SpaceOperation("getfield", [v, Constant("b", lltype.Void)], res)
    assert _access_is_immutable(get_a)
    assert not _access_is_immutable(get_b)


def test_no_elision_inserts_every_candidate():
    def f(n):
        b = Box(n)
        b.x += b.y
        lst = [b]
        return lst[0].x + len(lst)

    t, typer, graph, report = build(f, [int], NO_ELISION)
    total = report.total
    assert total.total_inserted() == total.total_candidate() > 0
    _, typer2, graph2, report2 = build(f, [int])
    assert report2.total.total_inserted() < total.total_inserted()
    assert run(typer, graph, [3])[0] == run(typer2, graph2, [3])[0] == 4


def test_checker_catches_a_missing_barrier():
    def g(n):
        b = Box(n)
        llop.stm_transaction_break(lltype.Void)
        return b.x

    t, typer, graph = gengraph(g, [int])  # not transformed
    with pytest.raises(MissingBarrier):
        run(typer, graph, [1])
    transform_graphs(t.graphs)
    assert run(typer, graph, [1])[0] == 1


def test_raw_write_makes_transaction_inevitable_once():
    R = lltype.Struct("R", ("a", lltype.Signed), ("b", lltype.Signed))

    def f(n):
        p = lltype.malloc(R, flavor="raw")
        p.a = n
        p.b = n + 1
        res = p.a + p.b
        lltype.free(p, flavor="raw")
        return res

    t, typer, graph, report = build(f, [int])
    c = report.for_graph(graph.name)
    assert c.inevitable_inserted == 1
    assert c.inevitable_elided == 2
    assert c.total_inserted() == 0  # raw memory gets no barriers
    assert run(typer, graph, [2])[0] == 5


def test_external_calls_harmless_or_inevitable():
    c_sqrt = rffi.llexternal("sqrt", [lltype.Float], lltype.Float)
    c_getpid = rffi.llexternal("getpid", [], lltype.Signed)

    def f(b, m):
        x = b.x
        y = c_sqrt(4.0)
        z = b.x  # sqrt is harmless: no new barrier
        pid = c_getpid()
        w = b.x  # getpid may break: a new barrier
        return x + int(y) + z + w + pid * 0

    t, typer, graph, report = build(via_box(f), [int, int])
    c = report.for_graph("f")
    assert c.inevitable_inserted == 1
    assert c.inserted["read"] == 2 and c.elided["seen"]["read"] == 1
    calls = ops_of(graph_named(t, "f"), "direct_call", "stm_become_inevitable")
    names = [op.opname for op in calls]
    where = names.index("stm_become_inevitable")
    assert names.count("stm_become_inevitable") == 1
    assert calls[where + 1].args[0].value._obj._name == "getpid"
    assert calls[where - 1].args[0].value._obj._name == "sqrt"
    res, interp = run(typer, graph, [5, 0])
    assert res == 5 + 2 + 5 + 5


def test_break_analysis_through_call_graph():
    def leaf(b):
        return b.x * 2

    def breaker(b):
        rstm.transaction_break()
        return 1

    def f(b, flag):
        s = b.x
        s += leaf(b)  # leaf cannot break: b stays read
        s += b.x
        s += breaker(b)
        s += b.x  # read again after a possible break
        return s

    t, typer, graph, report = build(via_box(f), [int, int])
    c = report.for_graph("f")
    assert c.inserted["read"] == 2
    assert c.elided["seen"]["read"] == 1
    assert report.for_graph("leaf").inserted["read"] == 1


class Keyed:
    _immutable_fields_ = ["key"]

    def __init__(self, key):
        self.key = key
        self.value = 0


def test_immutable_fields_list_and_no_knowledge_from_immutable_reads():
    # regression: an elided immutable read used to mark the object as read,
    # which then wrongly elided the barrier of the mutable field read
    def f(n):
        k = Keyed(n)
        k.value = n + 1
        llop.stm_transaction_break(lltype.Void)
        return k.key * 10 + k.value

    t, typer, graph, report = build(f, [int])
    c = report.for_graph(graph.name)
    assert c.elided["immutable"]["read"] == 1
    assert c.inserted["read"] == 1
    res, interp = run(typer, graph, [2])
    assert res == 23


class Shape:
    def area(self):
        return 1


class Square(Shape):
    def area(self):
        return 4


class Breaking(Shape):
    def area(self):
        rstm.transaction_break()
        return 9


def test_indirect_calls_use_the_possible_targets():
    def quiet(b, m):
        s = Square() if m else Shape()
        x = b.x
        x += s.area()  # neither target breaks
        return x + b.x

    def loud(b, m):
        s = Breaking() if m > 1 else Square()
        x = b.x
        x += s.area()  # one target breaks
        return x + b.x

    for func, reads, expected in ((quiet, 1, 3 + 4 + 3), (loud, 2, 3 + 9 + 3)):
        t, typer, graph, report = build(via_box(func), [int, int])
        assert ops_of(graph_named(t, func.__name__), "indirect_call")
        assert report.for_graph(func.__name__).inserted["read"] == reads
        res, interp = run(typer, graph, [3, 2])
        assert res == expected


class Acc:
    pass


def test_local_objects_need_no_read_barrier_after_breaks():
    def local(n):
        acc = Acc()
        acc.total = 0
        while n > 0:
            rstm.transaction_break()
            acc.total = acc.total + n
            n -= 1
        return acc.total

    def escaping(n):
        acc = Acc()
        acc.total = 0
        keep = [acc]  # stored: escapes
        while n > 0:
            rstm.transaction_break()
            acc.total = acc.total + n
            n -= 1
        return acc.total + len(keep)

    t, typer, graph, report = build(local, [int])
    c = report.for_graph("local")
    assert c.elided["local"]["read"] == 2
    assert c.inserted == {"read": 0, "write": 1}  # the write after the break
    interp = CheckingLLInterpreter(typer, trusted_reads=report.local_reads)
    assert interp.eval_graph(graph, [4]) == 10
    # without trusting the escape analysis, the checker sees those reads
    with pytest.raises(MissingBarrier):
        CheckingLLInterpreter(typer).eval_graph(graph, [4])

    t, typer, graph, report = build(escaping, [int])
    c = report.for_graph("escaping")
    assert c.elided["local"]["read"] == 0
    # the read in the loop became the write barrier of `acc.total = ...`
    # (moved before it); the one after the loop is seen on both paths
    assert c.inserted["read"] == 0
    assert c.elided["seen"]["read"] == 2
    assert run(typer, graph, [4])[0] == 11
    t, typer, graph, report = build(local, [int], StmOptions(elide_local=False))
    # without the escape analysis, the loop's read becomes the write barrier
    # that follows it ("seen": read then write, nothing collects between)
    assert report.for_graph("local").inserted == {"read": 0, "write": 1}


def test_not_rtyped_graph_is_a_clear_error():
    from rpython.translator.stm.transform import StmTransformError
    from rpython.translator.translator import TranslationContext

    def f(n):
        return n + 1

    t = TranslationContext()
    t.buildannotator().build_types(f, [int])
    with pytest.raises(StmTransformError, match="not rtyped"):
        transform_graphs(t.graphs)


def test_read_then_write_becomes_one_write_barrier():
    def bump(a, n):
        a.total = a.total * 3 + n
        return a.total

    def bump_after_malloc(a, n):
        x = a.total
        keep = [n]  # may collect between the read and the write
        a.total = x + len(keep)
        return a.total

    def entry(n):
        a = Acc()
        a.total = n
        return bump(a, n) + bump_after_malloc(a, n)

    t, typer, graph, report = build(entry, [int])
    c = report.for_graph("bump")
    assert c.inserted == {"read": 0, "write": 1}
    assert c.elided["seen"]["read"] == 2
    (bump_graph,) = [g for g in t.graphs if g.name.split(".")[-1] == "bump"]
    ops = [op.opname for op in bump_graph.startblock.operations]
    assert ops.index("stm_write") < ops.index("getfield")
    c = report.for_graph("bump_after_malloc")
    assert c.inserted["read"] == 1  # the malloc between keeps both barriers
    assert run(typer, graph, [5])[0] == entry(5)
    # without the "seen" rule both barriers stay
    t, typer, graph, report = build(entry, [int], StmOptions(elide_seen=False))
    assert report.for_graph("bump").inserted == {"read": 2, "write": 1}


def test_call_collecting_only_when_raising_keeps_write_knowledge():
    import math

    def root(x):
        return math.sqrt(x)  # allocates its ValueError only when x < 0

    def alloc(x):
        return [x][0]  # allocates on the normal path

    def with_root(a, n):
        a.total = n
        y = root(float(n))
        a.total = int(y)  # no collection happened if we got here
        return a.total

    def with_alloc(a, n):
        a.total = n
        y = alloc(float(n))
        a.total = int(y)  # a minor collection may have run
        return a.total

    def catching(a, n):
        a.total = n
        try:
            y = root(float(n))
        except ValueError:
            y = 0.0  # the exception was allocated: collection possible
        a.total = int(y)
        return a.total

    def entry(n):
        a = Acc()
        a.total = 0
        return with_root(a, n) + with_alloc(a, n) + catching(a, n)

    t, typer, graph, report = build(entry, [int])
    assert report.for_graph("with_root").inserted["write"] == 1
    assert report.for_graph("with_alloc").inserted["write"] == 2
    assert report.for_graph("catching").inserted["write"] == 2
    assert run(typer, graph, [16])[0] == entry(16)
