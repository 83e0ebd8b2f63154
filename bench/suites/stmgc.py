"""stmgc: the C-level benchmarks of the STM library.

Uses the programs that ``make -C stmgc bench`` builds, ``stmgc/build/bench-stm``
and ``stmgc/build/bench-nostm`` (same workload and GC, STM work compiled out),
built here with ``make -C stmgc build/bench-stm build/bench-nostm`` so that
stmgc's own report script does not run.  Their interface (stmgc/bench/bench.c):
``overhead[-short] ROUNDS | scale NTHREADS ROUNDS | conflict NTHREADS PERMILLE
ROUNDS``, printing ``name=value`` pairs (seconds, commits_per_s, aborts) that
the harness keeps as metrics.

- ``overhead``, ``overhead-short``: STM vs no-STM build, one thread (ratio =
  the single-thread cost of STM).
- ``scale``: N threads with N independent copies, STM build; efficiency
  T(1)/T(N).
- ``conflict/<permille>``: N threads where that per-mille of transactions
  writes one shared object; aborts in the notes column.

Skipped until stmgc/Makefile has a ``bench`` target building those programs.
"""

import os
import re
import subprocess

from bench.measure import Benchmark, Variant
from bench.suites import SkipSuite

DESCRIPTION = "C-level stmgc benchmarks: STM overhead, scaling, conflicts"
PROGRAMS = ("build/bench-stm", "build/bench-nostm")
OVERHEAD_ROUNDS = 5000
SCALE_ROUNDS = 3000
CONFLICT_ROUNDS = 20000
PERMILLES = (0, 10, 100)


def has_bench_target(makefile):
    if not os.path.isfile(makefile):
        return False
    with open(makefile) as f:
        text = f.read()
    return bool(re.search(r"^bench\s*:", text, re.M)) and all(
        os.path.basename(p) in text for p in PROGRAMS
    )


def scaling(name, argv_for, threads, group):
    variants, params = [], {}
    for n in threads:
        label = "%dT" % n
        variants.append(Variant(label, argv_for(n)))
        params[label] = n
    return Benchmark(name, variants, kind="scaling", params=params, group=group)


def plan(ctx):
    stmgc_dir = os.path.join(ctx.root, "stmgc")
    if not has_bench_target(os.path.join(stmgc_dir, "Makefile")):
        raise SkipSuite(
            "stmgc/Makefile has no 'bench' target building %s yet" % ", ".join(PROGRAMS)
        )
    proc = subprocess.run(
        ["make", "-C", stmgc_dir] + list(PROGRAMS),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    if proc.returncode != 0:
        raise SkipSuite(
            "building the stmgc bench programs failed:\n"
            + proc.stdout.decode("utf-8", "replace")[-2000:]
        )
    stm, nostm = [os.path.join(stmgc_dir, p) for p in PROGRAMS]
    benches = []
    for mode in ("overhead", "overhead-short"):
        rounds = str(ctx.size(OVERHEAD_ROUNDS))
        benches.append(
            Benchmark(
                mode,
                [
                    Variant("no-stm", [nostm, mode, rounds]),
                    Variant("stm", [stm, mode, rounds]),
                ],
            )
        )
    rounds = str(ctx.size(SCALE_ROUNDS))
    benches.append(
        scaling(
            "scale/stm", lambda n: [stm, "scale", str(n), rounds], ctx.threads, "stm"
        )
    )
    rounds = str(ctx.size(CONFLICT_ROUNDS))
    for permille in PERMILLES:
        benches.append(
            scaling(
                "conflict/%d-permille" % permille,
                lambda n, p=permille: [stm, "conflict", str(n), str(p), rounds],
                ctx.threads,
                "conflict %d" % permille,
            )
        )
    return benches
