"""Whole programs: the transformed graphs compute the same results as the
plain ones, and the run-time checker (stmcheck.py) finds every GC access
covered by a barrier, for every combination of elision switches."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rpython.rlib import rstm
from rpython.rtyper.test.tool import gengraph
from rpython.translator.stm.test.stmcheck import CheckingLLInterpreter
from rpython.translator.stm.transform import StmOptions, transform_graphs


class Node:
    _immutable_fields_ = ["key"]

    def __init__(self, key, value):
        self.key = key
        self.value = value
        self.next = None


class Counter(Node):
    def bump(self, n):
        self.value += n
        return self.value


def program(n, mode):
    head = None
    for i in range(n):
        node = Node(i, i * i) if i % 3 else Counter(i, i)
        node.next = head
        head = node
        if mode & 1:
            rstm.possible_transaction_break()
        if mode & 2 and i % 4 == 0:
            rstm.transaction_break()
    total = 0
    table = {}
    words = []
    node = head
    while node is not None:
        if isinstance(node, Counter):
            total += node.bump(node.key)
        else:
            total += node.value - node.key
        table[node.key % 5] = table.get(node.key % 5, 0) + node.value
        words.append(str(node.key))
        node = node.next
        if mode & 2:
            rstm.transaction_break()
    try:
        total += words.index("3")
    except ValueError:
        total -= 1
    for k in table:
        total += k * table[k]
    return total + len("-".join(words))


def run_graph(typer, graph, args, check, trusted=None):
    interp = CheckingLLInterpreter(typer, check=check, trusted_reads=trusted)
    return interp.eval_graph(graph, args), interp


EXPECTED = {(n, mode): program(n, mode) for n in (0, 1, 7) for mode in (0, 1, 2, 3)}

SWITCHES = list(itertools.product((False, True), repeat=4))


@pytest.mark.parametrize("switches", SWITCHES)
def test_program_same_results_and_all_barriers_present(switches):
    fresh, seen, immutable, inevitable = switches
    t, typer, graph = gengraph(program, [int, int])
    options = StmOptions(
        elide_fresh=fresh,
        elide_seen=seen,
        elide_immutable=immutable,
        elide_inevitable=inevitable,
    )
    report = transform_graphs(t.graphs, options, typer)
    for (n, mode), expected in EXPECTED.items():
        res, interp = run_graph(typer, graph, [n, mode], True, report.local_reads)
        assert res == expected
    if not (fresh or seen or immutable):
        assert report.total.total_inserted() == report.total.total_candidate()


def test_elision_reduces_dynamic_barriers():
    counts = {}
    for name, options in (
        ("none", StmOptions(False, False, False, False)),
        ("all", StmOptions()),
    ):
        t, typer, graph = gengraph(program, [int, int])
        transform_graphs(t.graphs, options, typer)
        res, interp = run_graph(typer, graph, [7, 0], check=True)
        counts[name] = sum(
            1 for op, _ in interp.trace if op in ("stm_read", "stm_write")
        )
    assert 0 < counts["all"] < counts["none"]


def test_report_format_lists_graphs_and_total():
    t, typer, graph = gengraph(program, [int, int])
    report = transform_graphs(t.graphs, None, typer)
    text = report.format()
    assert text.splitlines()[0].startswith("graph")
    assert "TOTAL" in text.splitlines()[-1]
    assert "program" in text
    c = report.total
    removed = sum(
        c.elided[rule][kind] for rule in c.elided for kind in ("read", "write")
    )
    assert c.total_inserted() + removed == c.total_candidate()


class Cell:
    def __init__(self):
        self.a = 0
        self.b = 0


class Tally:
    pass  # no __init__: a plain malloc that can stay local to the graph


def remember(tally, value):
    tally.total += value


def actions(cell, codes):
    """Interprets `codes`: each bit of a code is one conditional step, so the
    barrier knowledge meets at many joins inside one iteration, and the
    checker validates each dynamic path."""
    acc = 0
    other = Cell()
    mine = Tally()  # never escapes: its reads need no barrier
    mine.total = 0
    seen = Tally()  # escapes into remember(): its reads need barriers
    seen.total = 0
    for code in codes:
        acc += cell.a
        mine.total += code
        remember(seen, code)
        if code & 1:
            cell.b = acc
        if code & 2:
            rstm.transaction_break()
        acc += cell.a  # needs its barrier again only after the break
        if code & 4:
            acc += other.b
        cell.b = acc
        if code & 8:
            other = Cell()
            other.a = acc
        cell.b += 1  # needs its write barrier again only after the malloc
        if code & 16:
            other.b = cell.a + 1
        if code & 32:
            cell, other = other, cell
        if code & 64:
            acc -= other.a
        acc += mine.total - seen.total
    return acc + cell.a + cell.b + other.a + other.b


def actions_entry(codes):
    cell = Cell()
    cell.a = 3
    rstm.transaction_break()
    return actions(cell, codes)


_ACTIONS = {}


def _actions_graph():
    if not _ACTIONS:
        t, typer, graph = gengraph(actions_entry, [[int]])
        report = transform_graphs(t.graphs, None, typer)
        assert report.for_graph("actions").elided["local"]["read"] >= 1
        _ACTIONS["g"] = typer, graph, report.local_reads
    return _ACTIONS["g"]


def _ll_list(typer, graph, values):
    r = typer.bindingrepr(graph.getargs()[0])
    return r.convert_const(values)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=127), max_size=12))
def test_random_action_sequences(codes):
    typer, graph, trusted = _actions_graph()
    args = [_ll_list(typer, graph, codes)]
    res, interp = run_graph(typer, graph, args, True, trusted)
    assert res == actions_entry(list(codes))


def test_barrier_report_each_elision_helps():
    from rpython.translator.stm.barrier_report import CONFIGS, measure

    results = {}
    for name, kwds in CONFIGS:
        report, dynamic = measure(StmOptions(**kwds), args=(4, 0))
        results[name] = (report.total.total_inserted(), dynamic)
    assert results["local only"] == results["none"]  # nothing local there
    for name in ("fresh only", "seen only", "immutable only"):
        assert results["all"] <= results[name] < results["none"]
