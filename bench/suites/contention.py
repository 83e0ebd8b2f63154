"""contention: shared-state workloads under ``atomic``, with abort counts.

Workloads (bench/programs/contention.py): one shared counter (worst case),
per-thread keys of one dict (disjoint writes), bank transfers (some
conflicts).  Each runs with every --threads value; the ratios are against one
thread, read as parallel efficiency.  Interpreters without ``atomic`` run the
same program under one lock.  By default only our interpreter is measured.
"""

import os

from bench.measure import Benchmark, Variant
from bench.suites import SkipSuite

DESCRIPTION = "shared counters/dicts/accounts under atomic; aborts"
WORKLOADS = [("counter", 500000), ("striped", 500000), ("bank", 300000)]


def plan(ctx):
    interps = (
        ctx.interps if ctx.explicit_interps else [i for i in ctx.interps if i.ours]
    )
    if not interps:
        raise SkipSuite(
            "our interpreter (pypy-stm) is not built yet; "
            "pass --interp NAME=CMD to measure another one"
        )
    prog = os.path.join(ctx.root, "bench", "programs", "contention.py")
    benches = []
    for interp in interps:
        for workload, size in WORKLOADS:
            variants, params = [], {}
            for n in ctx.threads:
                label = "%s %dT" % (interp.name, n)
                # every thread does the full size: N copies on N threads, as
                # in the scaling suite, so efficiency 1.0 is perfect
                per_thread = ctx.size(size)
                variants.append(
                    Variant(
                        label, interp.argv + [prog, str(n), str(per_thread), workload]
                    )
                )
                params[label] = n
            benches.append(
                Benchmark(
                    "%s/%s" % (workload, interp.name),
                    variants,
                    kind="scaling",
                    params=params,
                    group=interp.name,
                )
            )
    return benches
