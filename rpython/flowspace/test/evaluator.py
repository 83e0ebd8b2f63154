"""Runs a flow graph on concrete Python values (test support).

Each operation is computed with the CPython function recorded in
operation.OPERATIONS; calls go to the live Python objects.  Comparing
`evaluate(build_flow(f), args)` with `f(*args)` checks the graph builder.
"""

from rpython.flowspace.model import Constant, c_last_exception
from rpython.flowspace.operation import OPERATIONS


class GraphRaised(Exception):
    """The graph ended in its exceptblock; `.exc` is the exception value."""

    def __init__(self, exc):
        Exception.__init__(self, exc)
        self.exc = exc


def evaluate(graph, args, max_steps=1000000):
    env = {}

    def get(v):
        if isinstance(v, Constant):
            return v.value
        return env[v]

    block = graph.startblock
    values = list(args)
    argnames, vararg = getattr(graph, "signature", (None, None))
    if vararg is not None:
        n = len(argnames)
        values = values[:n] + [tuple(values[n:])]
    steps = 0
    while True:
        steps += 1
        assert steps < max_steps, "graph evaluation does not terminate"
        if block is graph.returnblock:
            return values[0]
        if block is graph.exceptblock:
            etype, evalue = values
            assert isinstance(evalue, etype)
            raise GraphRaised(evalue)
        env = dict(zip(block.inputargs, values))
        caught = None
        for i, op in enumerate(block.operations):
            opargs = [get(a) for a in op.args]
            try:
                result = OPERATIONS[op.opname].pyfunc(*opargs)
            except Exception as e:
                if (
                    block.exitswitch is c_last_exception
                    and i == len(block.operations) - 1
                ):
                    caught = e
                    break
                raise
            env[op.result] = result
        if block.exitswitch is None:
            link = block.exits[0]
        elif block.exitswitch is c_last_exception:
            if caught is None:
                link = block.exits[0]
            else:
                for link in block.exits[1:]:
                    if isinstance(caught, link.exitcase):
                        break
                else:
                    raise caught
                env[link.last_exception] = type(caught)
                env[link.last_exc_value] = caught
        else:
            switch = get(block.exitswitch)
            for link in block.exits:
                if link.exitcase == switch and type(link.exitcase) is type(switch):
                    break
            else:
                raise AssertionError("no exit for %r" % (switch,))
        values = [get(a) for a in link.args]
        block = link.target


def run_both(func, *args):
    """(outcome of func(*args), outcome of its graph); outcome is
    ('ok', value) or ('raise', exception class)."""
    from rpython.flowspace.model import checkgraph
    from rpython.flowspace.objspace import build_flow

    graph = build_flow(func)
    checkgraph(graph)
    try:
        expected = ("ok", func(*args))
    except Exception as e:
        expected = ("raise", type(e))
    try:
        got = ("ok", evaluate(graph, args))
    except GraphRaised as e:
        got = ("raise", type(e.exc))
    except Exception as e:
        # an operation raised outside any try: also propagates in Python
        got = ("raise", type(e))
    return expected, got
