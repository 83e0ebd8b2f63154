"""The C backend on hand-built low-level graphs (no annotator or rtyper).

Each test builds FunctionGraphs whose Variables carry concretetypes, compiles
them with every GC policy where it matters, and checks the exit code or
output of the program.
"""

import subprocess

import pytest

from rpython.flowspace.model import (
    Block,
    Constant,
    FunctionGraph,
    Link,
    SpaceOperation,
    Variable,
)
from rpython.rtyper.lltypesystem import lltype
from rpython.rtyper.lltypesystem.lltype import Bool, Float, Ptr, Signed, Void
from rpython.translator.c.database import LowLevelDatabase
from rpython.translator.c.genc import CStandaloneBuilder


def var(T, name="v"):
    v = Variable(name)
    v.concretetype = T
    return v


def const(value, T):
    return Constant(value, T)


def op(name, args, result):
    return SpaceOperation(name, args, result)


def fnptr(graph, name=None):
    ARGS = [v.concretetype for v in graph.getargs()]
    RES = graph.getreturnvar().concretetype
    return lltype.functionptr(
        lltype.FuncType(ARGS, RES), name or graph.name, graph=graph
    )


def make_graph(name, args, RESULT):
    start = Block(args)
    ret = var(RESULT, "result")
    graph = FunctionGraph(name, start, ret)
    return graph


def compile_and_run(entry_graph, tmp_path, gc="framework", args=()):
    db = LowLevelDatabase(gcpolicy=gc)
    builder = CStandaloneBuilder(db, fnptr(entry_graph), opt=1)
    builder.generate_source(str(tmp_path / ("src_" + gc)))
    exe = builder.compile()
    proc = subprocess.run(
        [exe] + list(args), capture_output=True, text=True, timeout=60
    )
    return proc


def build_sum_loop():
    """sum(i for i in range(n)) with n = 100 -> 4950, as a while loop."""
    n = var(Signed, "n")
    graph = make_graph("entry", [], Signed)
    start = graph.startblock
    i0, acc0 = var(Signed, "i"), var(Signed, "acc")
    loop = Block([i0, acc0])
    cond = var(Bool, "cond")
    loop.operations.append(op("int_lt", [i0, const(100, Signed)], cond))
    body_i, body_acc = var(Signed, "i"), var(Signed, "acc")
    body = Block([body_i, body_acc])
    acc1, i1 = var(Signed, "acc"), var(Signed, "i")
    body.operations.append(op("int_add", [body_acc, body_i], acc1))
    body.operations.append(op("int_add", [body_i, const(1, Signed)], i1))
    body.closeblock(Link([i1, acc1], loop))
    loop.exitswitch = cond
    exit_false = Link([acc0], graph.returnblock, False)
    exit_true = Link([i0, acc0], body, True)
    loop.closeblock(exit_false, exit_true)
    start.closeblock(Link([const(0, Signed), const(0, Signed)], loop))
    del n
    return graph


def test_loop_exit_code(tmp_path):
    graph = build_sum_loop()
    proc = compile_and_run(graph, tmp_path, gc="none")
    assert proc.returncode == 4950 % 256


NODE = lltype.GcForwardReference()
NODE.become(lltype.GcStruct("node", ("next", Ptr(NODE)), ("value", Signed)))


def build_linked_list(count):
    """Build a linked list of `count` nodes (lots of garbage on the way), then
    walk it and return (sum of values) % 251."""
    graph = make_graph("entry", [], Signed)
    start = graph.startblock
    # build loop: i, head
    i0, head0 = var(Signed, "i"), var(Ptr(NODE), "head")
    build = Block([i0, head0])
    c = var(Bool)
    build.operations.append(op("int_lt", [i0, const(count, Signed)], c))
    bi, bhead = var(Signed, "i"), var(Ptr(NODE), "head")
    body = Block([bi, bhead])
    node = var(Ptr(NODE), "node")
    garbage = var(Ptr(NODE), "garbage")
    body.operations += [
        op("malloc", [const(NODE, Void), const({"flavor": "gc"}, Void)], node),
        op("malloc", [const(NODE, Void), const({"flavor": "gc"}, Void)], garbage),
        op("setfield", [node, const("value", Void), bi], var(Void)),
        op("setfield", [node, const("next", Void), bhead], var(Void)),
        op("setfield", [garbage, const("next", Void), node], var(Void)),
    ]
    i1 = var(Signed)
    body.operations.append(op("int_add", [bi, const(1, Signed)], i1))
    body.closeblock(Link([i1, node], build))
    # walk loop
    p0, s0 = var(Ptr(NODE), "p"), var(Signed, "s")
    walk = Block([p0, s0])
    nz = var(Bool)
    walk.operations.append(op("ptr_nonzero", [p0], nz))
    wp, ws = var(Ptr(NODE)), var(Signed)
    wbody = Block([wp, ws])
    val, s1, nxt = var(Signed), var(Signed), var(Ptr(NODE))
    wbody.operations += [
        op("getfield", [wp, const("value", Void)], val),
        op("int_add", [ws, val], s1),
        op("getfield", [wp, const("next", Void)], nxt),
    ]
    wbody.closeblock(Link([nxt, s1], walk))
    fin = var(Signed)
    rs = var(Signed)
    done = Block([rs])
    done.operations.append(op("int_mod", [rs, const(251, Signed)], fin))
    done.closeblock(Link([fin], graph.returnblock))
    walk.exitswitch = nz
    walk.closeblock(Link([s0], done, False), Link([p0, s0], wbody, True))
    build.exitswitch = c
    build.closeblock(
        Link([head0, const(0, Signed)], walk, False), Link([i0, head0], body, True)
    )
    start.closeblock(
        Link([const(0, Signed), const(lltype.nullptr(NODE), Ptr(NODE))], build)
    )
    return graph


@pytest.mark.parametrize("gc", ["framework", "boehm", "none"])
def test_linked_list_survives_collections(tmp_path, gc):
    count = 300000
    graph = build_linked_list(count)
    proc = compile_and_run(graph, tmp_path, gc=gc)
    expected = (count * (count - 1) // 2) % 251
    assert proc.returncode == expected, proc.stderr


def test_float_and_call(tmp_path):
    # helper(x) = x * 2.5 ; entry returns int(helper(4.0)) == 10
    x = var(Float, "x")
    helper = make_graph("helper", [x], Float)
    r = var(Float)
    helper.startblock.operations.append(op("float_mul", [x, const(2.5, Float)], r))
    helper.startblock.closeblock(Link([r], helper.returnblock))
    entry = make_graph("entry", [], Signed)
    f, i = var(Float), var(Signed)
    entry.startblock.operations += [
        op(
            "direct_call",
            [
                const(fnptr(helper), Ptr(lltype.typeOf(fnptr(helper)).TO)),
                const(4.0, Float),
            ],
            f,
        ),
        op("cast_float_to_int", [f], i),
    ]
    entry.startblock.closeblock(Link([i], entry.returnblock))
    proc = compile_and_run(entry, tmp_path)
    assert proc.returncode == 10, proc.stderr
