"""The STM API for RPython programs, with its meaning in a GIL build.

Without ``--stm`` a "transaction" is the stretch of code between two
releases of the GIL, which gives programs the same guarantees:

- ``transaction_break()`` ends the current transaction: the GIL is handed to
  a waiting thread (``rgil.yield_thread``), unless inside an atomic section;
- ``should_break_transaction()`` is true when another thread waits for the
  GIL and we are not atomic; ``possible_transaction_break()`` breaks then;
- ``increment_atomic()`` / ``decrement_atomic()`` nest per thread; while the
  depth is positive the GIL is never released (not even around blocking
  calls), so the section runs as one unit;
- ``become_inevitable()`` and ``hint_commit_soon()`` have nothing to do;
- ``getsegmentlimit()`` is 1 (one thread runs at a time); the abort
  statistics stay zero.

The ``--stm`` meaning (calls into stmgc) comes with the STM translation.
"""

from rpython.rlib import rgil
from rpython.rlib.objectmodel import we_are_translated
from rpython.rtyper import rptr  # noqa: F401  (registers how llop calls annotate)
from rpython.rtyper.lltypesystem import lltype
from rpython.rtyper.lltypesystem.lloperation import llop


class StmStats:
    """Counters reported by ``get_stats()`` (all zero under the GIL)."""

    def __init__(self):
        self.aborts = 0
        self.commits = 0
        self.inevitable = 0
        self.time_lost = 0.0


class _Counters:
    def __init__(self):
        self.breaks = 0


_counters = _Counters()


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


def should_break_transaction():
    if we_are_translated():
        return llop.stm_should_break_transaction(lltype.Bool)
    return is_atomic() == 0 and rgil.waiting_threads() > 0


def transaction_break():
    if we_are_translated():
        llop.stm_transaction_break(lltype.Void)
        return
    if is_atomic() == 0:
        _counters.breaks += 1
        rgil.yield_thread()


def possible_transaction_break():
    if should_break_transaction():
        transaction_break()


def become_inevitable():
    if we_are_translated():
        llop.stm_become_inevitable(lltype.Void)


def hint_commit_soon():
    if we_are_translated():
        llop.stm_hint_commit_soon(lltype.Void)


def getsegmentlimit():
    if we_are_translated():
        return llop.stm_get_segment_limit(lltype.Signed)
    return 1


def is_inevitable():
    return True


def get_stats():
    return StmStats()


def reset_stats():
    pass


def break_count():
    """How many transaction breaks this process made (diagnostics)."""
    return _counters.breaks


class atomic_section:
    """``with atomic_section():`` as increment/decrement_atomic."""

    def __enter__(self):
        increment_atomic()

    def __exit__(self, *args):
        decrement_atomic()
