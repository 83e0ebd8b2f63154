"""The 4-thread acceptance program: untranslated, and translated (GIL build,
framework GC) run 100 times with exact totals."""

import pytest

from rpython.rlib import rgil
from rpython.rlib.bench import targetthreads


def expected_total(n):
    return sum(ident * 1000000 + i for ident in range(4) for i in range(n))


def test_untranslated(capsys):
    try:
        for _ in range(3):
            assert targetthreads.entry_point(["x", "300"]) == 0
            assert capsys.readouterr().out == "ok %d\n" % expected_total(300)
    finally:
        if rgil.is_enabled():
            rgil._reset_for_tests()


@pytest.mark.parametrize("gc", ["framework", "boehm"])
def test_translated_100_runs(gc):
    support = pytest.importorskip("rpython.translator.c.test.support")
    support.require_toolchain()
    from rpython.rlib import rthread

    # untranslated runs leave host locks in the prebuilt state: start clean
    targetthreads.current.shared = targetthreads.Shared()
    rthread.export_thread_bootstrap()
    try:
        support.translate_entry(targetthreads.entry_point, gc=gc)
    finally:
        rthread.unexport_thread_bootstrap()
    for _ in range(100):
        status, out = support.run_translated(targetthreads.entry_point, ["500"], gc=gc)
        assert status == 0 and out == "ok %d\n" % expected_total(500)
