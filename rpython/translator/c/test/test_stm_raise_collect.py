"""--stm: a call whose callee collects only on its way to raising (here
math.sqrt, which allocates its ValueError) pushes no roots and keeps the
write-barrier knowledge (stm/breakanalysis.py, collects_on_return).  Many
raising calls fill the nursery, so minor collections happen inside them;
the objects the callers use afterwards must be intact, and the output must
equal the plain build's."""

import math
import subprocess

import pytest

from rpython.translator.c.test import support


class Cell(object):
    def __init__(self, value):
        self.value = value
        self.log = []


def careful_root(cell, x):
    # cell is live across the call only on the normal path
    y = math.sqrt(x)
    cell.value += int(y)
    return y


def step(cells, i):
    cell = cells[i % len(cells)]
    try:
        careful_root(cell, float(i % 7 - 3))  # raises for 3 of 7 values
    except ValueError:
        cell.log.append(i)  # cell was rooted in this frame
        return 1
    return 0


def entry_point(argv):
    if len(argv) != 2 or not argv[1].isdigit():
        print("usage: %s N" % argv[0])
        return 2
    n = int(argv[1])
    cells = [Cell(i) for i in range(10)]
    errors = 0
    i = 0
    while i < n:
        errors += step(cells, i)
        i += 1
    total = 0
    logged = 0
    for cell in cells:
        total += cell.value
        logged += len(cell.log)
    print("errors %d logged %d total %d" % (errors, logged, total))
    return 0


@pytest.mark.parametrize("segments", [2, 4])
def test_stm_equals_plain(segments):
    plain = support.translate_entry(entry_point, stm=False)
    stm = support.translate_entry(entry_point, stm=True, stm_segments=segments)
    outs = []
    for exe in (plain, stm):
        proc = subprocess.run([exe, "300000"], capture_output=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        outs.append(proc.stdout.decode())
    expected_errors = sum(1 for i in range(300000) if i % 7 - 3 < 0)
    assert outs[0].startswith(
        "errors %d logged %d " % (expected_errors, expected_errors)
    )
    assert outs[1] == outs[0]
