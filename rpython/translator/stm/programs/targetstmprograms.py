"""All STM test programs in one executable (one translation per build mode).

    python3 rpython/bin/rpython [--stm --stm-segments=N] \\
        rpython/translator/stm/programs/targetstmprograms.py
    ./targetstmprograms-c PROGRAM [SCALE] [--stats] [--conflicts]

PROGRAM is one of independent, counter, collections, prodcons, manythreads
or all; SCALE (default 1) multiplies the work.  Each program prints a
deterministic result ending in "ok" (or "BAD", exit status 1); the output
must be the same in the GIL build and in --stm builds.  With --stats the
global STM counters (commits, aborts by cause) go to stderr; with
--conflicts the recorded conflicts and aborts, with each thread's position
marker (the counter program sets 1000 + thread index).
"""

import os

from rpython.rlib import rstm, rthread
from rpython.rlib.objectmodel import not_rpython
from rpython.translator.stm.programs import (
    atomic_blocking,
    common,
    counter,
    independent,
    manythreads,
    prodcons,
    shared_collections,
)

PROGRAMS = [
    "independent",
    "counter",
    "collections",
    "prodcons",
    "manythreads",
    "atomic_blocking",
]


def run_program(name, scale):
    if name == "independent":
        return independent.run(4, 50 * scale)
    if name == "counter":
        return counter.run(4, 1000 * scale)
    if name == "collections":
        return shared_collections.run(4, 300 * scale)
    if name == "prodcons":
        return prodcons.run(3, 1000 * scale)
    if name == "manythreads":
        return manythreads.run(8, 100 * scale)
    if name == "atomic_blocking":
        return atomic_blocking.run(20 * scale)
    return ["unknown program %s; programs: %s, all" % (name, ", ".join(PROGRAMS))]


def print_stats():
    stats = rstm.get_global_stats()
    line = "stm-stats commits=%d aborts=%d" % (stats.commits, stats.aborts)
    for i in range(len(rstm.ABORT_CAUSES)):
        line += " %s=%d" % (rstm.ABORT_CAUSES[i], stats.aborts_by_cause[i])
    line += " time_lost_ms=%d segments=%d\n" % (
        int(stats.time_lost * 1000.0),
        rstm.getsegmentlimit(),
    )
    os.write(2, line.encode("utf-8"))


def entry_point(argv):
    if len(argv) < 2:
        print("usage: %s PROGRAM [SCALE] [--stats] [--conflicts]" % argv[0])
        return 2
    name = argv[1]
    scale = 1
    stats = False
    conflicts = False
    for arg in argv[2:]:
        if arg == "--stats":
            stats = True
        elif arg == "--conflicts":
            conflicts = True
        elif arg.isdigit() and len(arg) < 7:
            scale = int(arg)
        else:
            print("bad argument %s (SCALE must be a positive integer)" % arg)
            return 2
    if scale < 1:
        scale = 1
    if conflicts:
        rstm.enable_conflict_log(100000)
    names = [name]
    if name == "all":
        names = PROGRAMS
    status = 0
    for n in names:
        for line in run_program(n, scale):
            print(line)
            if line == "  BAD" or line.startswith("unknown program"):
                status = 1
    if stats:
        print_stats()
    if conflicts:
        rstm.print_conflict_log()
    return status


@not_rpython
def reset_prebuilt_state():
    """Untranslated runs leave host locks and results in the prebuilt state;
    call this before translating in the same process."""
    common.runner = common.Runner()
    for module in (
        independent,
        counter,
        shared_collections,
        prodcons,
        manythreads,
        atomic_blocking,
    ):
        module.state = module.State()


def target(driver, args):
    reset_prebuilt_state()
    rthread.export_thread_bootstrap()  # this program starts threads
    return entry_point, None
