"""C-level tests of the generational GC (memory/gc/rpygc.c).

gc_test_main.c holds the scenarios; this file compiles it once (with -Wall
-Wextra -Werror, so a warning fails too) and runs each scenario with a tiny
nursery so that collections happen often.
"""

import os
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

HERE = os.path.dirname(os.path.abspath(__file__))
GCDIR = os.path.join(os.path.dirname(HERE), "gc")


def build(tmp_path_factory, extra=()):
    exe = str(tmp_path_factory.mktemp("rpygc") / "gc_test")
    cmd = [
        "gcc",
        "-O2",
        "-g",
        "-Wall",
        "-Wextra",
        "-Werror",
        "-I" + GCDIR,
        os.path.join(GCDIR, "rpygc.c"),
        os.path.join(HERE, "gc_test_main.c"),
        "-o",
        exe,
    ] + list(extra)
    subprocess.run(cmd, check=True)
    return exe


@pytest.fixture(scope="module")
def gc_test_exe(tmp_path_factory):
    return build(tmp_path_factory)


@pytest.fixture(scope="module")
def gc_thread_test_exe(tmp_path_factory):
    return build(tmp_path_factory, ["-DRPY_THREAD", "-pthread"])


def run_scenario(exe, name, nursery=65536):
    env = dict(os.environ, RPY_GC_NURSERY=str(nursery))
    proc = subprocess.run(
        [exe, name], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1].startswith("ok"), proc.stdout
    return proc.stdout


def run_scenario_args(exe, args, nursery):
    env = dict(os.environ, RPY_GC_NURSERY=str(nursery))
    proc = subprocess.run(
        [exe] + args, capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1].startswith("ok"), proc.stdout
    return proc.stdout


@pytest.mark.parametrize("name", ["trees", "barrier", "cards", "identity"])
def test_scenario(gc_test_exe, name):
    out = run_scenario(gc_test_exe, name)
    minor = int(out.split("minor=")[1].split()[0])
    assert minor >= 1


def test_reclaim_keeps_old_generation_small(gc_test_exe):
    out = run_scenario(gc_test_exe, "reclaim")
    major = int(out.split("major=")[1].split()[0])
    assert major >= 2


def test_weakrefs_cleared_and_updated(gc_test_exe):
    out = run_scenario(gc_test_exe, "weakrefs")
    assert int(out.split("weakrefs tracked ")[1].split()[0]) <= 10


def test_finalizer_queues(gc_test_exe):
    out = run_scenario(gc_test_exe, "finalizers")
    assert int(out.split("triggers ")[1].split()[0]) >= 5
    # 1M queued objects of 32 bytes never all lived at once (the old
    # generation is collected every 16 MB)
    assert int(out.split("peak_old_bytes ")[1].split()[0]) < 24 * 1024 * 1024


@pytest.mark.parametrize("nursery", [65536, 4 * 1024 * 1024])
def test_weakref_scenarios_with_other_nursery_sizes(gc_test_exe, nursery):
    run_scenario(gc_test_exe, "weakrefs", nursery=nursery)
    run_scenario(gc_test_exe, "finalizers", nursery=nursery)


@pytest.mark.parametrize("nursery", [65536, 1024 * 1024])
@settings(max_examples=8, deadline=None)
@given(seed=st.integers(min_value=1, max_value=2**32))
def test_random_weakrefs_and_finalizers(gc_test_exe, nursery, seed):
    # random heap operations, checked against reachability computed by the
    # driver after every explicit collection (see scenario_random)
    run_scenario_args(gc_test_exe, ["random", str(seed), "20000"], nursery)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(100, 120))
def test_random_weakrefs_and_finalizers_long(gc_test_exe, seed):
    run_scenario_args(gc_test_exe, ["random", str(seed), "300000"], 65536)


def test_unknown_scenario_is_an_error(gc_test_exe):
    proc = subprocess.run([gc_test_exe, "nope"], capture_output=True, text=True)
    assert proc.returncode == 2


def test_threads_share_the_heap(gc_thread_test_exe):
    out = run_scenario(gc_thread_test_exe, "threads")
    assert int(out.split("minor=")[1].split()[0]) >= 3


@pytest.mark.parametrize("name", ["trees", "barrier", "cards", "identity"])
def test_scenarios_in_thread_build(gc_thread_test_exe, name):
    run_scenario(gc_thread_test_exe, name)
