"""rgc.FinalizerQueue translated plain and with --stm (src/stm_fq.h): the
--stm build must print what the plain build prints.

Known difference, not tested here (stmgc finalizes objects chosen at
allocation time, see src/stm_fq.h): with --stm every instance of a queue's
Class survives its first major collection once, so a weakref to an
unregistered one is cleared one collection later, and registered objects
that reference each other are queued by the same collection.
"""

import subprocess

import pytest

from rpython.rlib import rgc, rweakref  # noqa: F401  (registers weakref.ref)
from rpython.translator.c.test import support


class Item(object):
    def __init__(self, value, other=None):
        self.value = value
        self.other = other


class Unrelated(object):
    def __init__(self, value):
        self.value = value


class Counts(object):
    def __init__(self):
        self.triggered = 0


counts = Counts()


class ItemQueue(rgc.FinalizerQueue):
    Class = Item

    def finalizer_trigger(self):
        counts.triggered += 1


item_queue = ItemQueue()
prebuilt_item = Item(42)


def drain():
    n = 0
    total = 0
    while True:
        obj = item_queue.next_dead()
        if obj is None:
            break
        n += 1
        total += obj.value
        if obj.other is not None:
            total += obj.other.value  # what it references is intact
    return n, total


def register_many(n, keep):
    i = 0
    while i < n:
        item = Item(i, Unrelated(1000))
        item_queue.register_finalizer(item)
        if i % 3 == 0:
            keep.append(item)
        i += 1


def scenario_queue(n):
    keep = []
    register_many(n, keep)
    item_queue.register_finalizer(prebuilt_item)  # never dies
    counts.triggered = 0
    rgc.collect()
    got, total = drain()
    expected = 0
    i = 0
    while i < n:
        if i % 3 != 0:
            expected += i + 1000
        i += 1
    print("triggered %s" % (counts.triggered > 0,))
    print("queued %d of %d, values right %s" % (got, n - len(keep), total == expected))
    # unregistered instances of the class are never queued
    make_garbage(n)
    rgc.collect()
    print("unregistered queued %d" % drain()[0])
    print("kept %d, prebuilt %d" % (len(keep), prebuilt_item.value))
    return 0


def make_garbage(n):
    i = 0
    while i < n:
        Item(-1)
        i += 1


def entry_point(argv):
    if len(argv) != 2 or not argv[1].isdigit():
        print("usage: %s N" % argv[0])
        return 2
    return scenario_queue(int(argv[1]))


def run(stm):
    exe = support.translate_entry(entry_point, stm=stm)
    proc = subprocess.run([exe, "600"], capture_output=True, timeout=120)
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


def test_plain_output():
    status, out = run(False)
    assert status == 0
    assert out.splitlines() == [
        "triggered True",
        "queued 400 of 400, values right True",
        "unregistered queued 0",
        "kept 200, prebuilt 42",
    ]


@pytest.mark.parametrize("segments", [2, 4])
def test_stm_output_equals_plain(segments):
    exe = support.translate_entry(entry_point, stm=True, stm_segments=segments)
    proc = subprocess.run([exe, "600"], capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == run(False)[1]
