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

Skipped until rpython/bin/rpython exists.
"""

import ast
import glob
import os
import sys

from bench.measure import Benchmark, Variant
from bench.suites import SkipSuite
from bench.suites._translate import build_dir, rpython_command

DESCRIPTION = "translation time per stage; translated vs untranslated"


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
    return benches
