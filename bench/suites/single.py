"""single: single-thread Python programs, ours vs CPython vs pypy3.

Every program in bench/programs/ listed below runs once per interpreter per
round; ratios are against the first interpreter (ours when it is built,
otherwise CPython).
"""

import os

from bench.measure import Benchmark, Variant
from bench.suites import SkipSuite

DESCRIPTION = "single-thread programs: ours, CPython, pypy3 --jit off, pypy3"

# program file, arguments at scale 1.0 (about half a second on CPython here)
PROGRAMS = [
    ("nbody.py", [100000]),
    ("wordfreq.py", [400000]),
    ("sieve.py", [1000000, 4]),
    ("objects.py", [16, 4]),
]


def plan(ctx):
    if not ctx.interps:
        raise SkipSuite("no interpreter to run")
    if not any(i.ours for i in ctx.interps) and not ctx.explicit_interps:
        ctx.notes.append(
            "our interpreter (pypy-stm / pypy-c) is not built yet: "
            "comparing the reference interpreters only"
        )
    progdir = os.path.join(ctx.root, "bench", "programs")
    benches = []
    for filename, args in PROGRAMS:
        sized = [str(ctx.size(args[0]))] + [str(a) for a in args[1:]]
        path = os.path.join(progdir, filename)
        variants = [Variant(i.name, i.argv + [path] + sized) for i in ctx.interps]
        benches.append(Benchmark(filename[:-3], variants))
    return benches
