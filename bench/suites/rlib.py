"""rlib: rpython/rlib big integers against CPython's.

Benchmarks (bench/programs/rlib_bigint.py, targetrlibbigint.py): N!,
Fibonacci numbers and decimal conversion both ways, each run checking its
digits.  Variants: CPython's int (the baseline); rbigint untranslated on
CPython; rbigint translated (when rpython/bin/rpython exists, translated
once into build/bench/rlib/ before measuring).  Float formatting is still
to come: it needs rpython/rlib/rfloat.py, and the suite says so while that
file is missing.

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


def translate(ctx, target, exe):
    """Translate ``target`` to ``exe`` unless it is already newer."""
    if os.path.isfile(exe) and os.path.getmtime(exe) >= os.path.getmtime(target):
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
    if not os.path.isfile(os.path.join(ctx.root, "rpython", "rlib", "rfloat.py")):
        ctx.notes.append(
            "rlib: rpython/rlib/rfloat.py does not exist yet, "
            "no float formatting benchmark yet"
        )
    benches = [untranslated]
    if len(native.variants) > 1:
        benches.insert(0, native)
    return benches
