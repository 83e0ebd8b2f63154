"""Print barrier counts for the sample program of test/test_programs.py.

    .venv/bin/python -m rpython.translator.stm.barrier_report

Static counts (barrier operations in the graphs) and dynamic counts (barriers
executed by the llinterp for program(7, 0), checked by the run-time barrier
checker) with no elision, each elision alone, and all of them.
"""

from rpython.rtyper.test.tool import gengraph
from rpython.translator.stm.test.stmcheck import CheckingLLInterpreter
from rpython.translator.stm.test.test_programs import program
from rpython.translator.stm.transform import StmOptions, transform_graphs

RULE_SWITCHES = ("elide_fresh", "elide_seen", "elide_immutable", "elide_local")


def _only(switch):
    return {name: name == switch for name in RULE_SWITCHES}


CONFIGS = (
    ("none", _only(None)),
    ("fresh only", _only("elide_fresh")),
    ("seen only", _only("elide_seen")),
    ("immutable only", _only("elide_immutable")),
    ("local only", _only("elide_local")),
    ("all", dict()),
)


def measure(options, args=(7, 0)):
    t, typer, graph = gengraph(program, [int, int])
    report = transform_graphs(t.graphs, options, typer)
    interp = CheckingLLInterpreter(typer, trusted_reads=report.local_reads)
    interp.eval_graph(graph, list(args))
    dynamic = sum(1 for name, _ in interp.trace if name in ("stm_read", "stm_write"))
    return report, dynamic


def main():
    print("%-16s %14s %14s" % ("elision", "static r+w", "dynamic r+w"))
    report = None
    for name, kwds in CONFIGS:
        report, dynamic = measure(StmOptions(**kwds))
        print("%-16s %14d %14d" % (name, report.total.total_inserted(), dynamic))
    print()
    print(report.format())


if __name__ == "__main__":
    main()
