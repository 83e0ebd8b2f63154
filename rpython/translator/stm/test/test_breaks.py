"""Transaction breaks in translated --stm programs: restart after abort.

The program breaks its transactions inside nested calls, with int, float
and GC locals live across every break.  A helper in the program's own C
source arms stmgc's debug hook (-DSTM_DEBUG_FORCE_ABORTS) right after every
other break, so the new transaction aborts after its 1st..7th allocation or
write barrier and restarts at the break (funcgen.py, stm_break).  The
output must equal the untranslated run and the plain build's, and the
aborts must really have happened (counted by stmgc, printed on stderr).
"""

import subprocess

import pytest

from rpython.rlib import rstm
from rpython.rlib.objectmodel import we_are_translated
from rpython.rtyper.lltypesystem import lltype, rffi
from rpython.translator.c.test.support import (
    require_toolchain,
    run_untranslated,
    translate_entry,
)
from rpython.translator.tool.cbuild import ExternalCompilationInfo

# a thread-local call counter in C: not rolled back by an abort, so the
# restarted transaction (which calls this again) is not armed again
FORCE_ABORT_ECI = ExternalCompilationInfo(
    separate_module_sources=[
        """
#include "stmgc.h"
long pypy_stm_test_abort_soon(void)
{
    static __thread long calls;
    calls++;
    if (calls % 2 == 1)
        stm_debug_force_abort_after(1 + (calls / 2) % 7);
    return calls;
}
"""
    ],
    compile_extra=["-DSTM_DEBUG_FORCE_ABORTS"],
)
# named pypy_stm_*: the stm pass treats it as harmless (no inevitability)
abort_soon = rffi.llexternal(
    "pypy_stm_test_abort_soon", [], lltype.Signed, compilation_info=FORCE_ABORT_ECI
)


class Box(object):
    def __init__(self, v):
        self.v = v


def after_break():
    if we_are_translated() and rstm.stm_enabled():
        abort_soon()


def inner(box, n):
    total = 0
    f = 0.5
    other = Box(7)
    items = []
    for i in range(n):
        box.v += i
        total += i * 3
        f = f * 1.0001 + i
        items.append(Box(i))
        rstm.transaction_break()
        after_break()
        other.v += 1
        items[i // 2].v += total % 5
    s = 0
    for b in items:
        s += b.v
    return total + other.v + int(f) % 1000 + s


def middle(k):
    box = Box(k)
    names = {}
    s = 0
    for j in range(5):
        s += inner(box, 10 + j)
        names["n%d" % j] = s
        rstm.transaction_break()
        after_break()
        s += len(names)
    return s + box.v + names["n2"] % 97


def break_then_enter_atomic(box):
    # this frame anchors the transaction (after the break) and returns
    # inside an atomic section: the section must not be split by a commit
    rstm.transaction_break()
    rstm.increment_atomic()
    box.v += 1


def entry_point(argv):
    n = int(argv[1])
    res = 0
    for k in range(n):
        res += middle(k)
        rstm.possible_transaction_break()
    box = Box(0)
    break_then_enter_atomic(box)
    still_one_transaction = rstm.is_inevitable()
    box.v += 1
    rstm.decrement_atomic()
    print("result", res, box.v, still_one_transaction)
    stats = rstm.get_stats()
    if stats.aborts > 0:
        import os

        os.write(2, ("aborts %d\n" % stats.aborts).encode())
    return 0


@pytest.fixture(scope="module")
def expected():
    require_toolchain()
    return run_untranslated(entry_point, ["6"])


@pytest.mark.parametrize("segments", [None, 2, 4], ids=["plain", "stm2", "stm4"])
def test_breaks_restart_after_forced_aborts(expected, segments):
    if segments is None:
        exe = translate_entry(entry_point)
    else:
        exe = translate_entry(entry_point, stm=True, stm_segments=segments)
    proc = subprocess.run([exe, "6"], capture_output=True, timeout=120)
    assert (proc.returncode, proc.stdout.decode()) == expected
    err = proc.stderr.decode()
    if segments is not None:
        # every other transaction was aborted once (about 60 breaks)
        assert err.startswith("aborts "), err
        assert int(err.split()[1]) >= 20, err
