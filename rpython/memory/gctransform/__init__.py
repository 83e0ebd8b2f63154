"""GC policies: how the C backend allocates, keeps roots and writes pointers.

The transform is applied while the C backend writes each function (see
translator/c/funcgen.py), one policy object per translation:

- `FrameworkGcPolicy` (--gc=framework, the default; also "generational"):
  our generational GC of memory/gc/.  Live GC references are pushed on the
  shadow stack around every operation that can collect and reloaded after it
  (objects move); stores of GC pointers into GC objects call the write
  barrier; allocations use the inline nursery fast path.
- `BoehmGcPolicy` (--gc=boehm): Debian's libgc, conservative, no roots, no
  barriers; links with -lgc.
- `NoneGcPolicy` (--gc=none): calloc and never free, for tests.
- `StmGcPolicy` (--stm, gc "stm"): stmgc (../../stmgc/).  Roots on the
  thread-local's shadow stack, no generational barrier here (the stm pass
  inserts `stm_write`, which is also stmgc's generational barrier), objects
  reached through %gs; see rpython/translator/stm/README.md.
"""

import os

GC_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "gc")
ROOT_DIR = os.path.dirname(os.path.dirname(os.path.dirname(GC_DIR)))
STM_SRC_DIR = os.path.join(ROOT_DIR, "rpython", "translator", "stm", "src")
STMGC_DIR = os.path.join(ROOT_DIR, "stmgc")


class GcPolicy(object):
    name = "?"
    needs_roots = False
    needs_write_barrier = False
    moving = False
    stm = False

    def __init__(self, db):
        self.db = db

    def c_defines(self):
        return []

    def c_sources(self):
        return []

    def include_dirs(self):
        return []

    def libraries(self):
        return []

    def setup_code(self):
        return ""

    def malloc_fixed(self, tid, sizeexpr, ctype):
        raise NotImplementedError

    def malloc_varsize(self, tid, lengthexpr, sizeexpr, lengthfield, ctype):
        raise NotImplementedError

    def identityhash(self, expr):
        return "(((long)(%s)) ^ (((long)(%s)) >> 4))" % (expr, expr)

    def gc_id(self, expr):
        return "((long)(%s))" % expr

    def collect(self, generation):
        return "/* no explicit collection */"


class FrameworkGcPolicy(GcPolicy):
    name = "framework"
    needs_roots = True
    needs_write_barrier = True
    moving = True

    def c_defines(self):
        return ["RPY_GC_FRAMEWORK"]

    def c_sources(self):
        return [os.path.join(GC_DIR, "rpygc.c")]

    def include_dirs(self):
        return [GC_DIR]

    def setup_code(self):
        return "rpy_gc_setup();"

    def malloc_fixed(self, tid, sizeexpr, ctype):
        return "(%s)rpy_gc_malloc_fixed(%d, %s)" % (ctype, tid, sizeexpr)

    def malloc_varsize(self, tid, lengthexpr, sizeexpr, lengthfield, ctype):
        # the GC reads item sizes from its type table
        return "(%s)rpy_gc_malloc_varsize(%d, %s)" % (ctype, tid, lengthexpr)

    def identityhash(self, expr):
        return "rpy_gc_identityhash(%s)" % expr

    def gc_id(self, expr):
        return "rpy_gc_id(%s)" % expr

    def collect(self, generation):
        return "rpy_gc_collect(%s);" % generation


class BoehmGcPolicy(GcPolicy):
    name = "boehm"

    def c_defines(self):
        return ["RPY_GC_BOEHM"]

    def libraries(self):
        return ["gc"]

    def setup_code(self):
        if self.db.thread:
            return "GC_INIT(); GC_allow_register_threads();"
        return "GC_INIT();"

    def malloc_fixed(self, tid, sizeexpr, ctype):
        return "(%s)rpy_boehm_malloc(%d, %s)" % (ctype, tid, sizeexpr)

    def malloc_varsize(self, tid, lengthexpr, sizeexpr, lengthfield, ctype):
        return "(%s)rpy_boehm_malloc_varsize(%d, %s, %s, %s)" % (
            ctype,
            tid,
            sizeexpr,
            lengthexpr,
            lengthfield,
        )

    def collect(self, generation):
        return "GC_gcollect();"


class NoneGcPolicy(BoehmGcPolicy):
    name = "none"

    def c_defines(self):
        return ["RPY_GC_NONE"]

    def libraries(self):
        return []

    def setup_code(self):
        return ""

    def collect(self, generation):
        return "/* --gc=none never collects */"


class StmGcPolicy(GcPolicy):
    """stmgc: the C backend switches to %gs pointers and the stmgc object
    header when `stm` is set (database.py, node.py, funcgen.py, genc.py)."""

    name = "stm"
    needs_roots = True
    needs_write_barrier = False  # the stm pass inserts stm_write
    moving = True
    stm = True

    def c_defines(self):
        return ["RPY_GC_STM"]

    def c_sources(self):
        # copied next to the generated files
        return [
            os.path.join(STM_SRC_DIR, "stm_rpy.c"),
            os.path.join(STM_SRC_DIR, "stm_prebuilt.c"),
        ]

    def compiled_in_place(self):
        # stmgc.c includes its src/*.c by relative path: compiled where it is
        return [os.path.join(STMGC_DIR, "stmgc.c")]

    def include_dirs(self):
        return [STM_SRC_DIR]

    def extra_headers(self):
        return [os.path.join(STMGC_DIR, "stmgc.h")]

    def tid(self, dbtid):
        # stmgc's callbacks use 1..N: 0 is never a valid type id
        return dbtid + 1

    def malloc_fixed(self, tid, sizeexpr, ctype):
        return "(%s)rpy_stm_malloc(%d, %s)" % (ctype, self.tid(tid), sizeexpr)

    def malloc_varsize_parts(
        self, tid, fixed, itemsize, lengthexpr, lengthfield, ctype
    ):
        return "(%s)rpy_stm_malloc_varsize(%d, %s, %s, %s, %s)" % (
            ctype,
            self.tid(tid),
            fixed,
            itemsize,
            lengthexpr,
            lengthfield,
        )

    def identityhash(self, expr):
        return "stm_identityhash((object_t *)(%s))" % expr

    def gc_id(self, expr):
        return "stm_id((object_t *)(%s))" % expr

    def collect(self, generation):
        return "stm_collect(%s);" % generation


POLICIES = {
    "framework": FrameworkGcPolicy,
    "generational": FrameworkGcPolicy,
    "minimark": FrameworkGcPolicy,
    "incminimark": FrameworkGcPolicy,
    "boehm": BoehmGcPolicy,
    "none": NoneGcPolicy,
    "stm": StmGcPolicy,
}


def gcpolicy_for(name, db):
    try:
        cls = POLICIES[name]
    except KeyError:
        raise ValueError(
            "unknown GC %r (choose one of: %s)" % (name, ", ".join(sorted(POLICIES)))
        )
    return cls(db)
