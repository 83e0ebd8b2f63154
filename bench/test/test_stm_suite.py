"""The ``stm`` suite (bench/suites/stm.py) and its target
(bench/programs/stm_target.py): untranslated runs of every mode, bad
arguments, the skip message, and a plan built with the real toolchain whose
plain build runs and reports its metrics."""

import os
import subprocess
import sys

import pytest

from bench import interps, suites
from bench.measure import parse_metrics
from bench.suites import stm as stm_suite

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench", "programs"))
import stm_target  # noqa: E402

from rpython.rlib import rgil  # noqa: E402
from rpython.translator.c.test import support  # noqa: E402


def run(argv):
    try:
        return support.run_untranslated(stm_target.entry_point, argv)
    finally:
        if rgil.is_enabled():
            rgil._reset_for_tests()


def test_untranslated_modes():
    status, out = run(["alloc", "3"])
    assert status == 0 and out.startswith("alloc total ")
    assert parse_metrics(out)["aborts"] == 0
    status, out = run(["scale", "2", "3"])
    assert status == 0 and out.startswith("scale threads 2 result ")
    status, out = run(["counter", "3", "200"])
    assert status == 0 and out.startswith("counter 600 expected 600\n")
    assert parse_metrics(out)["commits"] == 0


def test_bad_arguments():
    assert run(["alloc"])[0] == 2
    status, out = run(["alloc", "x"])
    assert status == 2 and "bad number x" in out
    status, out = run(["nosuchmode", "1"])
    assert status == 2 and "unknown mode" in out


def test_skips_without_the_toolchain(tmp_path):
    ctx = suites.Context(
        str(tmp_path), [interps.Interp("cpython", [sys.executable])], False, [1, 2]
    )
    with pytest.raises(suites.SkipSuite, match="rpython/bin/rpython"):
        stm_suite.plan(ctx)


def test_plan_with_the_toolchain():
    support.require_toolchain()
    ctx = suites.Context(ROOT, [], False, [1, 2], scale=0.01)
    benches = stm_suite.plan(ctx)
    overhead = benches[0]
    assert overhead.name.startswith("overhead")
    labels = [v.label for v in overhead.variants]
    assert labels[0] == "plain", ctx.notes
    plain = overhead.variants[0].argv[0]
    proc = subprocess.run(
        [plain, "counter", "2", "1000"], capture_output=True, timeout=60
    )
    assert proc.returncode == 0
    metrics = parse_metrics(proc.stdout.decode())
    assert metrics["aborts"] == 0 and "aborts_write-write" in metrics
    names = [b.name for b in benches]
    assert "scaling/plain" in names
    # every mode that is missing says why
    for mode in ("stm", "stm-no-elision"):
        if mode not in labels:
            assert any(
                mode.split("-")[-1] in note or "--stm" in note for note in ctx.notes
            )


def test_no_elision_wrapper_turns_every_elision_off(tmp_path):
    support.require_toolchain()
    wrapper = os.path.join(ROOT, "bench", "programs", "stm_translate.py")
    target = os.path.join(ROOT, "bench", "programs", "stm_target.py")
    outputs = {}
    for extra in (["--no-elision"], []):
        proc = subprocess.run(
            [sys.executable, wrapper]
            + extra
            + ["--stm", "--batch", "--source", target],
            cwd=str(tmp_path),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        outputs[bool(extra)] = proc.stdout + proc.stderr
    assert "elided: 0 " in outputs[True]
    assert "elided: 0 " not in outputs[False]
