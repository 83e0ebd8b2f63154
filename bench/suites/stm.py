"""stm: RPython programs translated plain and with --stm (issue 8).

The target is bench/programs/stm_target.py, translated once per mode into
build/bench/stm/ (plain, --stm, and --stm with barrier elision off: the
toolchain's ``--stm-no-elision`` when it has one, otherwise through
bench/programs/stm_translate.py); a mode that fails to translate is left
out with a note saying why.

- ``overhead``: one thread, allocation- and field-access-heavy; ratio of
  --stm (and --stm without elision) to the plain build (goal <= 1.25).
- ``scaling/<mode>``: N threads each running one copy (1 and 2 threads by
  default); efficiency T(1 copy, 1 thread) / T(2 copies, 2 threads), i.e.
  the wall ratio asked by issue 8 is 1 / efficiency (goal <= 1.10).
- ``counter/<mode>``: 2 and 4 threads x 100,000 increments of one shared
  counter in atomic sections; the program checks the exact count, aborts
  (by cause) appear in the notes column.

Skipped while rpython/bin/rpython does not exist.
"""

import os
import subprocess

from bench.measure import Benchmark, Variant
from bench.suites import SkipSuite
from bench.suites._translate import build_dir, rpython_command

DESCRIPTION = "RPython --stm vs plain: overhead, scaling, atomic counter aborts"
ALLOC_ROUNDS = 100000  # about 0.5 s of CPU, plain build, scale 1.0
SCALE_ROUNDS = 100000
COUNTER_INCREMENTS = 100000
COUNTER_THREADS = (2, 4)

MODES = [
    ("plain", []),
    ("stm", ["--stm"]),
    ("stm-no-elision", ["--stm", "--stm-no-elision"]),
]
# used for stm-no-elision while rpython has no --stm-no-elision option
NO_ELISION_WRAPPER = os.path.join("bench", "programs", "stm_translate.py")


def has_option(ctx, option):
    main = os.path.join(ctx.root, "rpython", "translator", "main.py")
    if not os.path.isfile(main):
        return False
    with open(main) as f:
        return option in f.read()


def newest_source(ctx, target):
    """The newest mtime of the target and of the toolchain's sources."""
    newest = os.path.getmtime(target)
    for dirpath, dirnames, filenames in os.walk(os.path.join(ctx.root, "rpython")):
        dirnames[:] = [d for d in dirnames if d not in ("test", "__pycache__")]
        for name in filenames:
            if name.endswith((".py", ".c", ".h")):
                newest = max(newest, os.path.getmtime(os.path.join(dirpath, name)))
    return newest


def translate(ctx, flags, exe):
    """Translate the target to ``exe`` unless it is newer than the sources
    it depends on; returns an error text or None."""
    target = os.path.join(ctx.root, "bench", "programs", "stm_target.py")
    if os.path.isfile(exe) and os.path.getmtime(exe) >= newest_source(ctx, target):
        return None
    command = rpython_command(ctx)
    if "--stm-no-elision" in flags and not has_option(ctx, "--stm-no-elision"):
        command = [command[0], os.path.join(ctx.root, NO_ELISION_WRAPPER)]
        flags = ["--no-elision"] + [f for f in flags if f != "--stm-no-elision"]
    proc = subprocess.run(
        command + flags + ["--batch", "--output=" + exe, target],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    if proc.returncode != 0 or not os.path.isfile(exe):
        return proc.stdout.decode("utf-8", "replace")[-1500:]
    return None


def works(exe, argv):
    """Whether ``exe argv`` runs and checks its result (a crash of a mode
    is reported once instead of failing every benchmark)."""
    try:
        proc = subprocess.run([exe] + argv, capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        return "timed out"
    if proc.returncode != 0:
        return "exit status %d: %s" % (
            proc.returncode,
            proc.stdout.decode("utf-8", "replace")[-300:],
        )
    return None


def plan(ctx):
    if rpython_command(ctx) is None:
        raise SkipSuite("rpython/bin/rpython does not exist yet")
    exes = []
    for name, flags in MODES:
        exe = os.path.join(build_dir(ctx, "stm"), "stm-" + name)
        error = translate(ctx, flags, exe)
        if error:
            ctx.notes.append("stm: translating with %s failed:\n%s" % (flags, error))
            continue
        exes.append((name, exe))
    if not exes:
        raise SkipSuite("stm: no mode of bench/programs/stm_target.py translates")
    benches = []
    rounds = str(ctx.size(ALLOC_ROUNDS))
    benches.append(
        Benchmark(
            "overhead (alloc x%s)" % rounds,
            [Variant(name, [exe, "alloc", rounds]) for name, exe in exes],
        )
    )
    threads = [n for n in ctx.threads if n >= 1] or [1, 2]
    for name, exe in exes:
        if name == "stm-no-elision":
            continue
        problem = works(exe, ["scale", "2", "10"])
        if problem:
            ctx.notes.append("stm: %s cannot run threads: %s" % (name, problem))
            continue
        variants, params = [], {}
        for n in threads:
            label = "%s %dT" % (name, n)
            argv = [exe, "scale", str(n), str(ctx.size(SCALE_ROUNDS))]
            variants.append(Variant(label, argv))
            params[label] = n
        benches.append(
            Benchmark(
                "scaling/" + name, variants, kind="scaling", params=params, group=name
            )
        )
        increments = str(ctx.size(COUNTER_INCREMENTS))
        benches.append(
            Benchmark(
                "counter/%s x%s" % (name, increments),
                [
                    Variant("%s %dT" % (name, n), [exe, "counter", str(n), increments])
                    for n in COUNTER_THREADS
                ],
            )
        )
    return benches
