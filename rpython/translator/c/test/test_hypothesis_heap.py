"""Random heap workloads: a translated program runs a random sequence of
allocations and mutations of lists, dicts and linked objects (with a small
nursery, so objects move often) and prints the same checksums as the
untranslated run."""

import os
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rpython.translator.c.test.support import (  # noqa: F401
    require_toolchain,
    run_untranslated,
    translate_entry,
    translation_mode,
)


class Obj(object):
    def __init__(self, value, link):
        self.value = value
        self.link = link


def checksum(objs, table):
    total = 0
    for o in objs:
        p = o
        depth = 0
        while p is not None and depth < 5:
            total = (total * 31 + p.value) % 1000003
            p = p.link
            depth += 1
    for key, o in table.items():
        total = (total + key * 7 + o.value) % 1000003
    return total


def entry_point(argv):
    objs = []
    table = {}
    for cmd in argv[1].split(" "):
        if not cmd:
            continue
        op = cmd[0]
        n = int(cmd[1:])
        if op == "a":  # allocate n objects chained to existing ones
            i = 0
            while i < n:
                link = objs[(i * 7) % len(objs)] if objs else None
                objs.append(Obj(i + len(objs), link))
                i += 1
        elif op == "d" and objs:  # drop references
            objs = objs[min(n, len(objs)) :]
        elif op == "t" and objs:  # put objects in the dict
            i = 0
            while i < n:
                table[(i * 13 + n) % 997] = objs[i % len(objs)]
                i += 1
        elif op == "l" and objs:  # relink old objects to fresh ones
            i = 0
            while i < n:
                objs[i % len(objs)].link = Obj(n + i, None)
                i += 1
        elif op == "g":  # garbage
            junk = [Obj(i, None) for i in range(n * 10)]
            if len(junk) < 0:
                return 1
        print(str(checksum(objs, table)))
    return 0


@pytest.fixture(scope="module")
def exe(translation_mode):  # noqa: F811
    # built once per translation mode (plain, --stm)
    require_toolchain()
    return translate_entry(entry_point)


command = st.tuples(st.sampled_from("adtlg"), st.integers(min_value=0, max_value=400))


@given(st.lists(command, min_size=1, max_size=25))
def test_heap_workload_matches(exe, commands):
    program = " ".join("%s%d" % c for c in commands)
    env = dict(os.environ, RPY_GC_NURSERY="65536")
    proc = subprocess.run([exe, program], capture_output=True, timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == run_untranslated(entry_point, [program])[1]
