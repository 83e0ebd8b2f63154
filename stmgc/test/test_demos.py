"""Run the real multithreaded C demos (stmgc/demo/demo.c).

Built by `make -C stmgc demo-build` at -O0 (with assertions) and -O2 for 2,
4, 8 and 16 segments, each run with as many threads as segments and with twice
as many (threads beyond N wait for a free segment).  Each demo checks its
own invariants and exits non-zero with a message if one breaks.
"""

import os
import shutil
import subprocess

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
STMGC = os.path.dirname(HERE)
BUILD = os.path.join(STMGC, "build")

ITERATIONS = {"list": 400, "random": 2000, "alloc": 8, "final": 150}


@pytest.fixture(scope="module")
def demos():
    r = subprocess.run(
        ["make", "-C", STMGC, "-j2", "demo-build"], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "warning" not in r.stderr
    return BUILD


def run_demo(build, opt, seg, mode, threads, n):
    exe = os.path.join(build, "demo-%s-seg%d" % (opt, seg))
    r = subprocess.run(
        [exe, mode, str(threads), str(n)], capture_output=True, text=True, timeout=300
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().endswith("OK")
    return r.stdout


@pytest.mark.parametrize("opt", ["O0", "O2"])
@pytest.mark.parametrize("seg", [2, 4, 8, 16])
@pytest.mark.parametrize("mode", ["list", "random", "alloc", "final"])
@pytest.mark.parametrize("factor", [1, 2], ids=["threads=seg", "threads=2seg"])
def test_demo(demos, opt, seg, mode, factor):
    run_demo(demos, opt, seg, mode, seg * factor, ITERATIONS[mode])


@pytest.mark.parametrize("opt", ["O0", "O2"])
def test_acceptance_50_major_collections(demos, opt):
    # a page-spanning object, a 1 MB array and 100k small objects survive 50
    # major collections while two threads mutate them
    out = run_demo(demos, opt, 2, "alloc", 2, 50)
    major = int(out.split("major=")[1].split()[0])
    assert major >= 50


def test_more_threads_than_segments_heavily(demos):
    run_demo(demos, "O2", 2, "list", 12, 300)


def test_bad_arguments(demos):
    exe = os.path.join(demos, "demo-O2-seg2")
    r = subprocess.run([exe, "nonsense"], capture_output=True, text=True)
    assert r.returncode == 2 and "usage" in r.stderr


@pytest.mark.skipif(shutil.which("clang") is None, reason="clang not installed")
def test_clang_build_without_warnings(tmp_path):
    import sys

    sys.path.insert(0, os.path.dirname(STMGC))
    from llvmfix.flags import seg_cflags

    exe = str(tmp_path / "demo-clang")
    r = subprocess.run(
        ["clang", "-O2", "-Wall", "-Wextra", "-Werror", "-pthread"]
        + seg_cflags("clang")
        + [os.path.join(STMGC, "demo", "demo.c"), "-o", exe],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    r = subprocess.run(
        [exe, "list", "4", "300"], capture_output=True, text=True, timeout=300
    )
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.slow
@pytest.mark.parametrize("seg", [2, 4, 8])
@pytest.mark.parametrize("mode", ["list", "random", "alloc"])
def test_demo_long(demos, seg, mode):
    run_demo(demos, "O2", seg, mode, seg * 2, ITERATIONS[mode] * 20)
