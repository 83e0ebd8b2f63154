"""The STM API for RPython programs: STM meaning under ``--stm``, GIL meaning
otherwise.

Under ``--stm`` (``stm_enabled()`` is a translation-time constant, so only
one meaning is annotated) every function maps to an ``stm_*`` operation or
to the runtime in ``rpython/translator/stm/src/stm_rpy.c``:

- ``transaction_break()`` commits and starts a new transaction (inside an
  atomic section the transaction becomes inevitable instead);
- ``possible_transaction_break()`` breaks only when
  ``should_break_transaction()`` says so (nursery filled past stmgc's
  adaptive threshold, never inside an atomic section);
- ``increment_atomic()`` / ``decrement_atomic()`` nest per thread (stmgc's
  ``tl->atomic``); an atomic section is one transaction;
- ``become_inevitable()``, ``hint_commit_soon()`` (the next
  ``should_break_transaction()`` is true), ``getsegmentlimit()`` (the number
  of segments: transactions that can run at once);
- ``get_stats()``: the calling thread's counters from stmgc (commits, aborts
  by cause, time lost in aborted transactions, time waiting);
  ``get_global_stats()`` the sum over every thread ever registered;
- ``set_marker(n)`` / ``clear_marker()``: the thread's position marker (a
  reserved shadow-stack entry), so that stmgc's conflict events carry
  program locations;
  ``enable_conflict_log(capacity)`` starts recording and
  ``print_conflict_log()`` writes the recorded conflicts and aborts to
  stderr, one line each with both threads' markers.

Without ``--stm`` a "transaction" is the stretch of code between two
releases of the GIL, which gives programs the same guarantees:

- ``transaction_break()`` hands the GIL to a waiting thread
  (``rgil.yield_thread``), unless inside an atomic section;
- ``should_break_transaction()``: untranslated, another thread waits for
  the GIL; translated, every ``rgil.CHECK_INTERVAL``-th call (not atomic);
- an atomic section never releases the GIL (not even around blocking
  calls, see ``rgil``), so it runs as one unit.  Translated, the depth is
  one process-wide counter (``rpy_atomic_depth``): only the GIL holder runs,
  and it keeps the GIL while the depth is positive, so the counter is in
  effect the running thread's;
- ``become_inevitable()`` and ``hint_commit_soon()`` do nothing;
  ``getsegmentlimit()`` is 1; the statistics stay zero; set_marker does nothing.
"""

from rpython.rlib import rgil
from rpython.rlib.objectmodel import we_are_translated
from rpython.rtyper import rptr  # noqa: F401  (registers how llop calls annotate)
from rpython.rtyper.lltypesystem import lltype, rffi
from rpython.rtyper.lltypesystem.lloperation import llop
from rpython.translator.c import threadsupport as ts

# The abort causes of stmgc (enum stm_abort_cause in stmgc/stmgc.h).
ABORT_CAUSES = ["explicit", "write-write", "write-read", "inevitable", "other"]

# Index of each counter for pypy_stm_get_stat() (see stm_rpy.h).
STAT_COMMITS = 0
STAT_ABORTS_BASE = 1  # + cause
STAT_TIME_LOST_NS = 6
STAT_TIME_WAITING_NS = 7
STAT_MINOR_COLLECTIONS = 8
STAT_MAJOR_COLLECTIONS = 9


stm_enabled = rgil.stm_enabled  # True in a program translated with --stm


# ____________________________________________________________
# C runtime of --stm builds (only reachable when stm_enabled())

S = lltype.Signed


def _stm_ext(name, args, result=S):
    return rffi.llexternal(
        name, args, result, compilation_info=ts.stm_eci, _nowrapper=True
    )


c_get_stat = _stm_ext("pypy_stm_get_stat", [S])
c_get_global_stat = _stm_ext("pypy_stm_get_global_stat", [S])
c_set_marker = _stm_ext("pypy_stm_set_marker", [S])
c_enable_event_log = _stm_ext("pypy_stm_enable_event_log", [S])
c_print_event_log = _stm_ext("pypy_stm_print_event_log", [])


# ____________________________________________________________
# Statistics


class StmStats:
    """Counters reported by ``get_stats()`` (all zero under the GIL)."""

    def __init__(self):
        self.commits = 0
        self.aborts = 0
        self.aborts_by_cause = [0] * len(ABORT_CAUSES)
        self.time_lost = 0.0  # seconds spent in transactions that aborted
        self.time_waiting = 0.0  # seconds blocked (free segment, inevitable)
        self.inevitable = 0


class _Counters:
    def __init__(self):
        self.breaks = 0


_counters = _Counters()


def _fill_stats(stats, getter):
    stats.commits = getter(STAT_COMMITS)
    total = 0
    for cause in range(len(ABORT_CAUSES)):
        n = getter(STAT_ABORTS_BASE + cause)
        stats.aborts_by_cause[cause] = n
        total += n
    stats.aborts = total
    stats.time_lost = getter(STAT_TIME_LOST_NS) / 1e9
    stats.time_waiting = getter(STAT_TIME_WAITING_NS) / 1e9


def _thread_stat(which):
    return c_get_stat(which)


def _global_stat(which):
    return c_get_global_stat(which)


def get_stats():
    """The calling thread's STM counters (zero without --stm)."""
    stats = StmStats()
    if we_are_translated() and stm_enabled():
        _fill_stats(stats, _thread_stat)
    return stats


def get_global_stats():
    """The counters summed over every thread (zero without --stm)."""
    stats = StmStats()
    if we_are_translated() and stm_enabled():
        _fill_stats(stats, _global_stat)
    return stats


def reset_stats():
    pass


def break_count():
    """How many GIL-mode transaction breaks this process made (untranslated
    diagnostics)."""
    return _counters.breaks


# ____________________________________________________________
# Atomic sections


def is_atomic():
    """The atomic-section nesting depth of the calling thread (0: none)."""
    if we_are_translated():
        return llop.stm_is_atomic(lltype.Signed)
    return rgil.get_atomic_depth()


def increment_atomic():
    if we_are_translated():
        llop.stm_increment_atomic(lltype.Void)
        return
    rgil.set_atomic_depth(rgil.get_atomic_depth() + 1)


def decrement_atomic():
    depth = is_atomic()
    if depth <= 0:
        raise RuntimeError("decrement_atomic() without increment_atomic()")
    if we_are_translated():
        llop.stm_decrement_atomic(lltype.Void)
        return
    rgil.set_atomic_depth(depth - 1)


class atomic_section:
    """``with atomic_section():`` as increment/decrement_atomic."""

    def __enter__(self):
        increment_atomic()

    def __exit__(self, *args):
        decrement_atomic()


# ____________________________________________________________
# Transaction boundaries


def should_break_transaction():
    if we_are_translated():
        result = llop.stm_should_break_transaction(lltype.Bool)
        if not stm_enabled():
            # (the GIL build's operation is constant false)
            result = rgil.check_interval_elapsed() and is_atomic() == 0
        return result
    return is_atomic() == 0 and rgil.waiting_threads() > 0


def transaction_break():
    if we_are_translated():
        # the operation in both builds (the GIL build's is a no-op) keeps
        # the graphs the same for the STM pass; GIL-only work in rgil,
        # which does nothing while the GIL is off or inside atomic sections
        llop.stm_transaction_break(lltype.Void)
        if not stm_enabled():
            rgil.yield_thread()
        return
    if is_atomic() == 0:
        _counters.breaks += 1
        rgil.yield_thread()


def possible_transaction_break():
    if we_are_translated():
        llop.stm_possible_transaction_break(lltype.Void)
        if not stm_enabled() and rgil.check_interval_elapsed():
            rgil.yield_thread()
        return
    if should_break_transaction():
        transaction_break()


def become_inevitable():
    if we_are_translated():
        llop.stm_become_inevitable(lltype.Void)


def is_inevitable():
    if we_are_translated():
        return llop.stm_is_inevitable(lltype.Bool)
    return True


def hint_commit_soon():
    """Make the next ``should_break_transaction()`` true (STM only)."""
    if we_are_translated():
        llop.stm_hint_commit_soon(lltype.Void)


def getsegmentlimit():
    """How many transactions can run at the same time (1 under the GIL)."""
    if we_are_translated():
        return llop.stm_get_segment_limit(lltype.Signed)
    return 1


# ____________________________________________________________
# Position markers and the conflict log


def set_marker(position):
    """Mark what the calling thread does from now on with ``position`` (an
    int >= 0 below 2**62, e.g. a line number; 0 = none): stmgc's conflict
    events report each thread's marker.  One value per thread, not nested,
    not rolled back by aborts (diagnostics only).  Returns the previous
    marker (0 without --stm)."""
    if position < 0:
        raise ValueError("position marker must be >= 0")
    if we_are_translated() and stm_enabled():
        return c_set_marker(position)
    return 0


def clear_marker():
    set_marker(0)


def enable_conflict_log(capacity):
    """Record up to ``capacity`` STM events (a ring; 0 stops)."""
    if we_are_translated() and stm_enabled():
        c_enable_event_log(capacity)


def print_conflict_log():
    """Write the recorded conflicts and aborts to stderr, oldest first, as
    ``stm: <kind> <cause> thread T at marker M, other thread U at marker V``;
    returns how many lines were written (0 without --stm)."""
    if we_are_translated() and stm_enabled():
        return c_print_event_log()
    return 0
