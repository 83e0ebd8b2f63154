"""stmgc: the C-level benchmarks of the STM library.

Plug-in convention for stmgc/: a ``bench`` target in stmgc/Makefile builds
the benchmark programs; every executable file named ``bench_*`` in
stmgc/bench/ or stmgc/bench/build/ afterwards is one benchmark.  Each is run
as ``bench_x THREADS`` for every --threads value, must exit 0 only when its
own result checks out, and may print ``BENCH-METRIC name=value`` lines
(aborts, commits, ...).  Ratios are against one thread and read as parallel
efficiency when the program gives each thread an independent copy of the
work.

Skipped until stmgc/Makefile has a ``bench`` target.
"""

import os
import re
import subprocess

from bench.measure import Benchmark, Variant
from bench.suites import SkipSuite

DESCRIPTION = "C-level stmgc benchmarks (make -C stmgc bench)"


def has_bench_target(makefile):
    if not os.path.isfile(makefile):
        return False
    with open(makefile) as f:
        return any(re.match(r"^bench\s*:", line) for line in f)


def find_binaries(stmgc_dir):
    found = []
    for sub in ("bench", os.path.join("bench", "build")):
        d = os.path.join(stmgc_dir, sub)
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            path = os.path.join(d, f)
            if (
                f.startswith("bench_")
                and os.path.isfile(path)
                and os.access(path, os.X_OK)
                and "." not in f
            ):
                found.append(path)
    return found


def plan(ctx):
    stmgc_dir = os.path.join(ctx.root, "stmgc")
    if not has_bench_target(os.path.join(stmgc_dir, "Makefile")):
        raise SkipSuite("stmgc/Makefile has no 'bench' target yet")
    proc = subprocess.run(
        ["make", "-C", stmgc_dir, "bench"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    if proc.returncode != 0:
        raise SkipSuite(
            "make -C stmgc bench failed:\n"
            + proc.stdout.decode("utf-8", "replace")[-2000:]
        )
    binaries = find_binaries(stmgc_dir)
    if not binaries:
        raise SkipSuite("make -C stmgc bench built no bench_* executable")
    benches = []
    for path in binaries:
        name = os.path.basename(path)
        variants, params = [], {}
        for n in ctx.threads:
            label = "%dT" % n
            variants.append(Variant(label, [path, str(n)]))
            params[label] = n
        benches.append(
            Benchmark(name, variants, kind="scaling", params=params, group=name)
        )
    return benches
