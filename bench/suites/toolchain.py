"""toolchain: translation time, and translated vs untranslated programs.

For every target in rpython/translator/goal/target*.py:

- ``translate/<name>``: ``rpython --batch --output=EXE target.py``, timed as a
  whole; the time of each stage comes from the toolchain's output lines
  ``[rpython] STAGE done: ... (SECONDS s)`` and appears as the metric
  ``stage_STAGE`` (notes column and JSON).
- ``run/<name>``: the translated executable vs the same entry point run
  untranslated on CPython (bench/programs/run_untranslated.py).  Arguments
  come from the target module's ``BENCH_ARGS`` list of strings if it has one.
  The goal targets do not check themselves, so the translated run must print
  exactly what the untranslated one printed (``same_output``).
- ``speed/nbody``: n-body for ``NBODY_STEPS`` steps, translated against
  untranslated on CPython (the generated-code speed figure; the goal is at
  least 30x).
- ``gc/binarytrees``: targetbinarytrees translated with our generational GC
  (the default) against the same program with ``--gc=boehm`` (Debian's
  libgc), at depth ``GC_DEPTH``; the table shows time and peak RSS of both.

Skipped until rpython/bin/rpython exists.
"""

import ast
import glob
import os
import sys

from bench.measure import Benchmark, Variant
from bench.suites import SkipSuite
from bench.suites._translate import build_dir, rpython_command

DESCRIPTION = "translation time per stage; translated vs untranslated; GC vs Boehm"

# Depth of the binary-trees run that compares our GC with Boehm's: deep enough
# that allocation dominates (about a second per run).
GC_DEPTH = "17"
# Steps of the n-body speed comparison: about a second untranslated.
NBODY_STEPS = "300000"


def bench_args(path):
    """BENCH_ARGS of a target, read without importing it."""
    with open(path) as f:
        tree = ast.parse(f.read(), path)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "BENCH_ARGS" for t in node.targets
        ):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return []
            return [str(v) for v in value]
    return []


def plan(ctx):
    rpython = rpython_command(ctx)
    if rpython is None:
        raise SkipSuite("rpython/bin/rpython does not exist yet")
    targets = sorted(
        glob.glob(os.path.join(ctx.root, "rpython", "translator", "goal", "target*.py"))
    )
    if not targets:
        raise SkipSuite("no targets in rpython/translator/goal/ yet")
    runner = os.path.join(ctx.root, "bench", "programs", "run_untranslated.py")
    benches = []
    for target in targets:
        name = os.path.basename(target)[len("target") : -3]
        exe = os.path.join(build_dir(ctx, "toolchain", name), name + "-c")
        benches.append(
            Benchmark(
                "translate/" + name,
                [Variant("rpython", rpython + ["--batch", "--output=" + exe, target])],
            )
        )
        args = bench_args(target)
        benches.append(
            Benchmark(
                "run/" + name,
                [
                    Variant("untranslated", [sys.executable, runner, target] + args),
                    Variant("translated", [exe] + args),
                ],
                same_output=True,
            )
        )
    nbody_target = os.path.join(
        ctx.root, "rpython", "translator", "goal", "targetnbody.py"
    )
    if nbody_target in targets:
        nbody_exe = os.path.join(build_dir(ctx, "toolchain", "nbody"), "nbody-c")
        benches.append(
            Benchmark(
                "speed/nbody",
                [
                    Variant(
                        "untranslated",
                        [sys.executable, runner, nbody_target, NBODY_STEPS],
                    ),
                    Variant("translated", [nbody_exe, NBODY_STEPS]),
                ],
                same_output=True,
            )
        )
    benches.extend(gc_benchmarks(ctx, rpython))
    return benches


def gc_benchmarks(ctx, rpython):
    """Our generational GC against Boehm on binary-trees (Boehm when installed)."""
    target = os.path.join(
        ctx.root, "rpython", "translator", "goal", "targetbinarytrees.py"
    )
    if not os.path.isfile(target):
        return []
    if not (
        os.path.isfile("/usr/include/gc.h") or os.path.isfile("/usr/include/gc/gc.h")
    ):
        print("toolchain: libgc-dev missing (make installs it): gc/binarytrees skipped")
        return []
    folder = build_dir(ctx, "toolchain", "gc")
    ours = os.path.join(folder, "binarytrees-ourgc")
    boehm = os.path.join(folder, "binarytrees-boehm")
    return [
        Benchmark(
            "translate/binarytrees-boehm",
            [
                Variant(
                    "rpython",
                    rpython + ["--batch", "--gc=boehm", "--output=" + boehm, target],
                )
            ],
        ),
        Benchmark(
            "translate/binarytrees-ourgc",
            [Variant("rpython", rpython + ["--batch", "--output=" + ours, target])],
        ),
        Benchmark(
            "gc/binarytrees",
            [
                Variant("boehm", [boehm, GC_DEPTH]),
                Variant("ourgc", [ours, GC_DEPTH]),
            ],
            same_output=True,
        ),
    ]
