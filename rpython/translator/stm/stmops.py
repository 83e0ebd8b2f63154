"""The STM operations this package emits, and the harmless external calls.

The names exist in lloperation.py (owned by the toolchain); this table is the
list the stm transform relies on, checked at import time so that a renamed op
is noticed here and not in generated C.
"""

from rpython.rtyper.lltypesystem.lloperation import LL_OPERATIONS

# inserted by transform.py
STM_READ = "stm_read"
STM_WRITE = "stm_write"
STM_BECOME_INEVITABLE = "stm_become_inevitable"

# emitted by rlib/rstm and rthread; the transform treats them as boundaries
STM_TRANSACTION_BREAK = "stm_transaction_break"
STM_POSSIBLE_TRANSACTION_BREAK = "stm_possible_transaction_break"

EMITTED_OPS = (STM_READ, STM_WRITE, STM_BECOME_INEVITABLE)

# operations after which a new transaction may be running: all barrier
# knowledge is lost.  The gil_* ops become transaction boundaries in an STM
# build (the GIL is replaced by transactions).
TRANSACTION_BREAK_OPS = {
    STM_TRANSACTION_BREAK: True,
    STM_POSSIBLE_TRANSACTION_BREAK: True,
    "stm_enter_transactional_zone": True,
    "stm_leave_transactional_zone": True,
    "gil_acquire": True,
    "gil_release": True,
    "gil_yield": True,
    "gc_thread_run": True,
    # rgc.collect(): with --stm a major collection, then a commit (which
    # runs stmgc's finalizers) and a new transaction (translator/c/funcgen.py)
    "gc__collect": True,
    "gc_thread_start": True,
    "gc_thread_die": True,
}

# field and item accesses on GC objects
READ_OPS = {
    "getfield": True,
    "getarrayitem": True,
    "getarraysize": True,
    "getinteriorfield": True,
    "getinteriorarraysize": True,
}
WRITE_OPS = {
    "setfield": True,
    "bare_setfield": True,
    "setarrayitem": True,
    "bare_setarrayitem": True,
    "setinteriorfield": True,
    "bare_setinteriorfield": True,
}
# results that are the very same object as args[0]
ALIAS_OPS = {"same_as": True, "cast_pointer": True, "hint": True}
# results that point inside the GC object args[0] (interior pointers)
INTERIOR_OPS = {
    "getsubstruct": True,
    "getarraysubstruct": True,
    "direct_fieldptr": True,
    "direct_arrayitems": True,
    "direct_ptradd": True,
}
# raw-memory writes: the transaction must be inevitable first (raw memory is
# not rolled back on abort)
RAW_WRITE_OPS = {
    "raw_store": True,
    "raw_memclear": True,
    "raw_memset": True,
    "raw_memcopy": True,
    "raw_memmove": True,
    "raw_free": True,
}

# External C functions (rffi.llexternal names) that only compute on their
# arguments: no I/O, no global state, no blocking.  Calls to anything else
# make the transaction inevitable first, and count as possible transaction
# breaks (a blocking call commits around itself).
HARMLESS_EXTERNALS = {}
for _name in (
    "sqrt", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh",
    "cosh", "tanh", "asinh", "acosh", "atanh", "exp", "expm1", "log",
    "log1p", "log10", "log2", "pow", "fabs", "floor", "ceil", "fmod", "hypot",
    "ldexp", "frexp", "modf", "copysign", "round", "trunc", "erf", "erfc",
    "lgamma", "tgamma", "isnan", "isinf", "isfinite",
    "strlen", "strcmp", "strncmp", "memcmp", "memchr",
    "abs", "labs", "llabs",
    # weakrefs: init stores into a fresh object, deref reads an immutable
    # one (c/src/stm_ops.h under --stm)
    "rpy_gc_weakref_init", "rpy_gc_weakref_deref",
):  # fmt: skip
    HARMLESS_EXTERNALS[_name] = True

# the runtime's own helpers (rlib/rstm.py declares them): harmless, except
# those that do I/O
RUNTIME_PREFIX = "pypy_stm_"
RUNTIME_WITH_IO = {"pypy_stm_print_event_log": True}


def _check_ops_exist():
    missing = [
        name
        for name in list(EMITTED_OPS)
        + [STM_TRANSACTION_BREAK, STM_POSSIBLE_TRANSACTION_BREAK]
        if name not in LL_OPERATIONS
    ]
    if missing:
        raise ImportError("lloperation.py lacks the STM ops %s" % ", ".join(missing))


_check_ops_exist()
