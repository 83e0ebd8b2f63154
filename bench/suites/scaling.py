"""scaling: N threads each running an independent copy of the same work.

For every interpreter, the program runs with N = each --threads value
(default 1, 2, ..., cores, 2*cores); parallel efficiency is
T(1 copy, 1 thread) / T(N copies, N threads): 1.0 means perfect scaling, 1/N
means none (a GIL).  By default only our interpreter is measured; give
--interp to measure others (e.g. CPython to see the GIL line).
"""

import os

from bench.measure import Benchmark, Variant
from bench.suites import SkipSuite

DESCRIPTION = "N threads x independent work; parallel efficiency T(1)/T(N)"
ROUNDS = 200  # work per thread at scale 1.0 (about 0.6 s on CPython here)


def plan(ctx):
    interps = (
        ctx.interps if ctx.explicit_interps else [i for i in ctx.interps if i.ours]
    )
    if not interps:
        raise SkipSuite(
            "our interpreter (pypy-stm) is not built yet; "
            "pass --interp NAME=CMD to measure another one"
        )
    prog = os.path.join(ctx.root, "bench", "programs", "threads_independent.py")
    benches = []
    for interp in interps:
        variants, params = [], {}
        for n in ctx.threads:
            label = "%s %dT" % (interp.name, n)
            variants.append(
                Variant(label, interp.argv + [prog, str(n), str(ctx.size(ROUNDS))])
            )
            params[label] = n
        benches.append(
            Benchmark(
                "independent/" + interp.name,
                variants,
                kind="scaling",
                params=params,
                group=interp.name,
            )
        )
    return benches
