"""C thread support for rlib/rthread.py and rlib/rgil.py (translated side).

`src/thread.c` provides pthread threads, locks (as integers) and the GIL;
the functions below are their rffi declarations.  A new thread runs the
RPython function exported under the C name "rpy_thread_bootstrap":

    @export_c("rpy_thread_bootstrap")
    def bootstrap():          # no arguments; returns an int
        ...                   # fetch what to run from RPython-level state

`export_c(name)` marks a function so that the driver annotates it as an
extra entry point (no arguments) and the C backend gives it exactly that
C name.  A program that can start threads (calls `rpy_thread_spawn`, or
exports a function) is a threaded build (--thread); merely linking the
locks or the GIL calls (rposix releases the GIL around blocking calls) does
not make one: the GIL is never allocated without a thread start.

`stm_eci` declares the `--stm` runtime glue (`translator/stm/src/stm_rpy.h`;
the backend compiles stm_rpy.c and stmgc.c into every --stm build);
rlib/rstm.py declares its externals with it.  Only `--stm` programs reach
those externals.
"""

import os

from rpython.rtyper.lltypesystem import lltype, rffi
from rpython.translator.tool.cbuild import ExternalCompilationInfo

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "src")

eci = ExternalCompilationInfo(
    includes=["rpy_thread.h"],
    include_dirs=[SRC],
    separate_module_files=[os.path.join(SRC, "thread.c")],
    link_extra=["-pthread"],
)

EXPORTED = []  # functions marked with export_c, in registration order


def export_c(name):
    """Decorator: also translate this no-argument function, as C `name`."""

    def decorate(func):
        func._export_c_name_ = name
        if func not in EXPORTED:
            EXPORTED.append(func)
        return func

    return decorate


def _ext(name, args):
    return rffi.llexternal(name, args, lltype.Signed, compilation_info=eci)


S = lltype.Signed
c_thread_spawn = _ext("rpy_thread_spawn", [])
c_thread_get_ident = _ext("rpy_thread_get_ident", [])
c_lock_allocate = _ext("rpy_lock_allocate", [])
c_lock_try = _ext("rpy_lock_try", [S])
c_lock_acquire = _ext("rpy_lock_acquire", [S, S])
c_lock_release = _ext("rpy_lock_release", [S])
c_lock_locked = _ext("rpy_lock_locked", [S])
c_gil_allocate = _ext("rpy_gil_allocate", [])
c_gil_acquire = _ext("rpy_gil_acquire", [])
c_gil_release = _ext("rpy_gil_release", [])
c_gil_yield = _ext("rpy_gil_yield", [])


ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(SRC))))
STM_SRC = os.path.join(ROOT, "rpython", "translator", "stm", "src")
STMGC_DIR = os.path.join(ROOT, "stmgc")

# declarations only: a --stm build compiles stm_rpy.c and stmgc.c itself
stm_eci = ExternalCompilationInfo(
    includes=["stm_rpy.h"],
    include_dirs=[STM_SRC, STMGC_DIR],
)


c_stm_thread_spawn = rffi.llexternal(
    "pypy_stm_thread_spawn", [], lltype.Signed, compilation_info=stm_eci
)

SPAWN_FUNCTIONS = ("rpy_thread_spawn", "pypy_stm_thread_spawn")


def uses_threads(db):
    """Whether the program can start threads (then --thread is implied):
    it calls rpy_thread_spawn (pypy_stm_thread_spawn under --stm).  Locks
    and GIL calls alone do not count."""
    for node in db.containernode_order:
        if getattr(node, "kind", None) != "external":
            continue
        if getattr(node, "c_symbol", None) in SPAWN_FUNCTIONS:
            return True
    return False
