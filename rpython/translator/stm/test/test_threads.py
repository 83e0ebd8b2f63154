"""The multithreaded STM programs (rpython/translator/stm/programs/):
untranslated, translated in the GIL build, and translated with --stm at 2
and 4 segments; every run's output must equal the GIL build's.

Runs per build: RUNS by default, SLOW_RUNS (50, the acceptance figure) with
--slow.  Builds are cached by translator/c/test/support.py.  The --stm
variants are skipped (with the reason) until the C backend links stmgc.
"""

import os
import subprocess

import pytest

from rpython.rlib import rgil, rthread
from rpython.translator.c.test import support
from rpython.translator.stm.programs import targetstmprograms as target

RUNS = 10
SLOW_RUNS = 50
TIMEOUT = 120  # seconds per run of one program (it takes milliseconds)
PROGRAMS = target.PROGRAMS


def runs(request):
    return SLOW_RUNS if request.config.getoption("--slow") else RUNS


STM_BACKEND_NEEDS = [
    ("stm_setup(", "the C backend does not link stmgc yet"),
]


def stm_backend_missing():
    """Why a threaded --stm build cannot run yet (None when it can): the C
    backend must link stmgc and start threads through the runtime."""
    cdir = os.path.join(support.ROOT, "rpython", "translator", "c")
    text = []
    for dirpath, dirnames, filenames in os.walk(cdir):
        dirnames[:] = [d for d in dirnames if d != "test"]
        for name in filenames:
            if name.endswith((".py", ".h", ".c")) and name != "threadsupport.py":
                with open(os.path.join(dirpath, name)) as f:
                    text.append(f.read())
    text = "\n".join(text)
    for needle, reason in STM_BACKEND_NEEDS:
        if needle not in text:
            return reason
    return None


_builds = {}


def build(**options):
    key = tuple(sorted(options.items()))
    if key not in _builds:
        support.require_toolchain()
        target.reset_prebuilt_state()
        rthread.export_thread_bootstrap()
        try:
            _builds[key] = support.translate_entry(
                target.entry_point, gc="framework", **options
            )
        finally:
            rthread.unexport_thread_bootstrap()
    return _builds[key]


def run_exe(exe, program, *extra):
    proc = subprocess.run(
        [exe, program] + list(extra), capture_output=True, timeout=TIMEOUT
    )
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr


_untranslated = {}


def untranslated_output(program):
    if program not in _untranslated:
        try:
            status, out = support.run_untranslated(target.entry_point, [program])
        finally:
            if rgil.is_enabled():
                rgil._reset_for_tests()
        assert status == 0, out
        _untranslated[program] = out
    return _untranslated[program]


@pytest.mark.parametrize("program", PROGRAMS)
def test_untranslated(program):
    out = untranslated_output(program)
    assert out.endswith("  ok\n")
    assert "BAD" not in out


@pytest.mark.parametrize("program", PROGRAMS)
def test_gil_build(request, program):
    exe = build()
    expected = untranslated_output(program)
    for i in range(runs(request)):
        status, out, err = run_exe(exe, program)
        assert (status, out) == (0, expected), "run %d: %s" % (i, err[-2000:])


@pytest.mark.parametrize("segments", [2, 4])
@pytest.mark.parametrize("program", PROGRAMS)
def test_stm_build(request, program, segments):
    missing = stm_backend_missing()
    if missing:
        pytest.skip(missing)
    expected = run_exe(build(), program)
    assert expected[0] == 0
    exe = build(stm=True, stm_segments=segments)
    for i in range(runs(request)):
        status, out, err = run_exe(exe, program)
        assert (status, out) == (0, expected[1]), "run %d: %s" % (i, err[-2000:])


def test_bad_arguments_give_clear_errors():
    exe = build()
    status, out, _ = run_exe(exe, "nosuchprogram")
    assert status == 1 and out.startswith("unknown program nosuchprogram")
    status, out, _ = run_exe(exe, "counter", "-3")
    assert status == 2 and "SCALE must be a positive integer" in out
    proc = subprocess.run([exe], capture_output=True, timeout=TIMEOUT)
    assert proc.returncode == 2 and b"usage:" in proc.stdout


def test_stats_line_in_gil_build():
    exe = build()
    status, out, err = run_exe(exe, "counter", "--stats")
    assert status == 0
    assert b"stm-stats commits=0 aborts=0" in err
    assert b"segments=1" in err


@pytest.mark.parametrize("segments", [2, 4])
def test_stm_stats_and_conflict_markers(segments):
    missing = stm_backend_missing()
    if missing:
        pytest.skip(missing)
    exe = build(stm=True, stm_segments=segments)
    status, out, err = run_exe(exe, "counter", "--stats", "--conflicts")
    assert status == 0 and out.endswith("  ok\n")
    err = err.decode("utf-8", "replace")
    stats = [line for line in err.splitlines() if line.startswith("stm-stats ")]
    assert len(stats) == 1, err[-2000:]
    fields = dict(item.split("=") for item in stats[0].split()[1:])
    assert fields["segments"] == str(segments)
    assert int(fields["commits"]) > 0
    causes = sum(int(fields[c]) for c in rstm_causes())
    assert causes == int(fields["aborts"])
    # conflict lines name markers the threads set (0: none set yet)
    for line in err.splitlines():
        if line.startswith("stm: "):
            for part in line.split(" at marker ")[1:]:
                marker = int(part.split(",")[0])
                assert marker == 0 or 1000 <= marker < 1004, line


def rstm_causes():
    from rpython.rlib import rstm

    return rstm.ABORT_CAUSES
