"""rlib: rpython/rlib big integers and float repr against CPython's.

Benchmarks:

- issue 7's operations (rpython/rlib/bench/targetrbigbench.py against
  cpython_bench.py): multiply, floor-divide and str of 1,000- and
  100,000-digit numbers, and repr of 1M random floats.  Both sides print
  ``BENCH-METRIC seconds=`` (the timed operation alone, shown in the notes
  column: compare those; the wall time also counts building the inputs) and
  the same checksum.
- bench/programs/rlib_bigint.py, targetrlibbigint.py: N!, Fibonacci numbers
  and decimal conversion both ways, each run checking its digits.

Variants: CPython's int (the baseline); rbigint untranslated on CPython;
rbigint translated (when rpython/bin/rpython exists, translated once into
build/bench/rlib/ before measuring).

Skipped until rpython/rlib/rbigint.py exists.
"""

import os
import subprocess
import sys

from bench.measure import Benchmark, Variant
from bench.suites import SkipSuite
from bench.suites._translate import build_dir, rpython_command

DESCRIPTION = "rbigint (untranslated / translated) vs CPython int"
N = 1000
ROUNDS_NATIVE = 200  # rounds at scale 1.0 for native and translated code
ROUNDS_UNTRANSLATED = 2  # untranslated rbigint is much slower


def _newest_source(ctx, target):
    """The latest modification time of ``target`` and of rpython/rlib's
    modules (a changed rbigint must rebuild the benchmark)."""
    newest = os.path.getmtime(target)
    rlib = os.path.join(ctx.root, "rpython", "rlib")
    for name in os.listdir(rlib):
        if name.endswith(".py"):
            newest = max(newest, os.path.getmtime(os.path.join(rlib, name)))
    return newest


def translate(ctx, target, exe):
    """Translate ``target`` to ``exe`` unless it is already newer."""
    if os.path.isfile(exe) and os.path.getmtime(exe) >= _newest_source(ctx, target):
        return None
    rpython = rpython_command(ctx)
    proc = subprocess.run(
        rpython + ["--batch", "--output=" + exe, target],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    if proc.returncode != 0 or not os.path.isfile(exe):
        return proc.stdout.decode("utf-8", "replace")[-1500:]
    return None


def plan(ctx):
    if not os.path.isfile(os.path.join(ctx.root, "rpython", "rlib", "rbigint.py")):
        raise SkipSuite("rpython/rlib/rbigint.py does not exist yet")
    progdir = os.path.join(ctx.root, "bench", "programs")
    prog = os.path.join(progdir, "rlib_bigint.py")
    rounds = str(ctx.size(ROUNDS_NATIVE))
    slow_rounds = str(ctx.size(ROUNDS_UNTRANSLATED))
    py = sys.executable
    native = Benchmark(
        "bigint x%s" % rounds,
        [Variant("cpython-int", [py, prog, "native", str(N), rounds])],
    )
    untranslated = Benchmark(
        "bigint x%s (untranslated)" % slow_rounds,
        [
            Variant("cpython-int", [py, prog, "native", str(N), slow_rounds]),
            Variant("rbigint-untranslated", [py, prog, "rbigint", str(N), slow_rounds]),
        ],
    )
    if rpython_command(ctx) is None:
        ctx.notes.append(
            "rlib: rpython/bin/rpython does not exist yet, no translated rbigint"
        )
    else:
        target = os.path.join(progdir, "targetrlibbigint.py")
        exe = os.path.join(build_dir(ctx, "rlib"), "rlibbigint-c")
        error = translate(ctx, target, exe)
        if error:
            ctx.notes.append("rlib: translating targetrlibbigint.py failed:\n" + error)
        else:
            native.variants.append(Variant("rbigint-translated", [exe, str(N), rounds]))
    benches = [untranslated]
    if len(native.variants) > 1:
        benches.insert(0, native)
    return issue_benchmarks(ctx) + benches


# (operation, decimal digits or float count, repetitions at scale 1.0):
# repetitions chosen so that the operation, not building its inputs,
# takes most of the run
ISSUE_OPERATIONS = [
    ("mul", 1000, 20000),
    ("div", 1000, 20000),
    ("str", 1000, 5000),
    ("mul", 100000, 10),
    ("div", 100000, 10),
    ("str", 100000, 3),
    ("repr", 1000000, None),
]


def issue_benchmarks(ctx):
    """Issue 7's table: translated rbigint/float repr vs CPython."""
    if rpython_command(ctx) is None:
        return []
    benchdir = os.path.join(ctx.root, "rpython", "rlib", "bench")
    target = os.path.join(benchdir, "targetrbigbench.py")
    exe = os.path.join(build_dir(ctx, "rlib"), "rbigbench-c")
    error = translate(ctx, target, exe)
    if error:
        ctx.notes.append("rlib: translating targetrbigbench.py failed:\n" + error)
        return []
    cpython = [sys.executable, os.path.join(benchdir, "cpython_bench.py")]
    benches = []
    for op, size, reps in ISSUE_OPERATIONS:
        if reps is None:
            args = [op, str(ctx.size(size))]
            name = "float repr x%s" % args[1]
        else:
            args = [op, str(size), str(ctx.size(reps))]
            name = "rbigint %s %d digits x%s" % (op, size, args[2])
        benches.append(
            Benchmark(
                name,
                [
                    Variant("cpython", cpython + args),
                    Variant("translated", [exe] + args),
                ],
            )
        )
    return benches
