"""The GIL of a plain (non-STM) build, and its release around blocking calls.

Only the thread holding the GIL runs RPython code.  ``yield_thread()`` hands
it to a waiting thread (if any) and waits to get it back; blocking calls are
wrapped in ``before_external_call()`` / ``after_external_call()``.  The GIL
is off until ``allocate()`` (a single-threaded program pays nothing); the
first ``rthread.start_new_thread`` allocates it.  Inside an atomic section
(``rstm.increment_atomic``) the GIL is never released.

Untranslated the GIL is a condition variable over a host lock, so the same
exclusivity can be tested on CPython.  Translated, each function starts with
an ``if we_are_translated():`` branch calling the C GIL of
``translator/c/src/thread.c`` (through ``threadsupport``).

Under ``--stm`` (``stm_enabled()``, a translation-time constant) there is no
GIL: ``before_external_call()`` makes the transaction inevitable (the call
may read or allocate GC objects); ``before_blocking_call()`` /
``after_blocking_call()``, for calls that block and touch no GC object
(lock acquire, sleep), leave the transactional zone (commit, or become
inevitable inside an atomic section) and enter it again
(stm_leave/enter_transactional_zone operations, runtime in
``translator/stm/src/stm_rpy.c``); ``yield_thread()`` does nothing
(threads run in parallel).  Without --stm both pairs release the GIL.
"""

import threading

from rpython.annotator import model as annmodel
from rpython.rlib.objectmodel import not_rpython, we_are_translated
from rpython.rtyper import extregistry
from rpython.rtyper import rptr  # noqa: F401  (registers how llop calls annotate)
from rpython.rtyper.lltypesystem import lltype
from rpython.rtyper.lltypesystem.lloperation import llop
from rpython.translator.c import threadsupport as ts

# Translated GIL builds: should_break_transaction() is true every
# CHECK_INTERVAL calls (PyPy's "check interval": a thread that never blocks
# still lets the others run).
CHECK_INTERVAL = 200


def stm_enabled():
    """True in a program translated with ``--stm`` (a constant there, so the
    annotator only sees one meaning of rgil/rstm)."""
    return False


class Entry_stm_enabled(extregistry.ExtRegistryEntry):
    _about_ = stm_enabled

    def compute_result_annotation(self):
        config = self.bookkeeper.annotator.translator.config
        s = annmodel.SomeBool()
        s.const = bool(getattr(config, "stm", False))
        return s

    def specialize_call(self, hop):
        hop.exception_cannot_occur()
        return hop.inputconst(lltype.Bool, bool(hop.s_result.const))


class _GilState:
    @not_rpython
    def __init__(self):
        self.cond = threading.Condition(threading.Lock())
        self.enabled = False
        self.held = False
        self.holder = 0
        self.waiting = 0
        self.switches = 0  # counts hand-overs, to let yield_thread wait for one
        self.local = threading.local()  # per-thread atomic-section depth

    def _acquire(self, ident):
        with self.cond:
            self.waiting += 1
            while self.held:
                self.cond.wait()
            self.waiting -= 1
            self.held = True
            self.holder = ident
            self.switches += 1

    def _release(self):
        with self.cond:
            self.held = False
            self.holder = 0
            self.cond.notify()


_gil = _GilState()


class _TranslatedGil:
    def __init__(self):
        self.enabled = False
        self.ticks = CHECK_INTERVAL  # countdown of check_interval_elapsed()
        # ident of the thread holding the GIL, 0 while nobody does.  A thread
        # that kept the GIL across a blocking call (atomic section) finds its
        # own ident here afterwards; the atomic depth (one process-wide
        # counter) cannot tell it, because another thread may be inside an
        # atomic section by then.
        self.holder = 0


_tgil = _TranslatedGil()


def _ident():
    return threading.get_ident()


def _translated_atomic():
    return llop.stm_is_atomic(lltype.Signed) > 0


def allocate():
    """Turn the GIL on; the calling thread holds it."""
    if we_are_translated():
        if stm_enabled():
            return
        if not _tgil.enabled:
            _tgil.enabled = True
            ts.c_gil_allocate()
            _tgil.holder = ts.c_thread_get_ident()
        return
    if _gil.enabled:
        return
    _gil.enabled = True
    _gil._acquire(_ident())


def is_enabled():
    if we_are_translated():
        return _tgil.enabled
    return _gil.enabled


def holds_gil():
    """True if the GIL is off or held by the calling thread."""
    if we_are_translated():
        return True
    return not _gil.enabled or _gil.holder == _ident()


def acquire():
    """Take the GIL (a new thread's first action)."""
    if we_are_translated():
        if not stm_enabled():
            ts.c_gil_acquire()
            _tgil.holder = ts.c_thread_get_ident()
        return
    if _gil.enabled:
        _gil._acquire(_ident())


def release():
    """Give up the GIL (a thread's last action)."""
    if we_are_translated():
        if not stm_enabled():
            _tgil.holder = 0
            ts.c_gil_release()
        return
    if _gil.enabled:
        _gil._release()


def get_atomic_depth():
    """The calling thread's atomic-section depth (kept here for rstm)."""
    return getattr(_gil.local, "depth", 0)


def set_atomic_depth(depth):
    _gil.local.depth = depth


def _atomic():
    return get_atomic_depth() > 0


def before_external_call():
    """Release the GIL before a call that may block (not in atomic sections).
    Under --stm the call stays in the transaction, which becomes inevitable
    (the call may read or allocate GC objects: rposix.read/write)."""
    if we_are_translated():
        if stm_enabled():
            llop.stm_become_inevitable(lltype.Void)
        elif _tgil.enabled and not _translated_atomic():
            _tgil.holder = 0
            ts.c_gil_release()
        return
    if _gil.enabled and not _atomic():
        _gil._release()


def after_external_call():
    if we_are_translated():
        if not stm_enabled() and _tgil.enabled:
            ident = ts.c_thread_get_ident()
            if _tgil.holder != ident:  # released by before_external_call
                ts.c_gil_acquire()
                _tgil.holder = ident
        return
    if _gil.enabled and not _atomic():
        _gil._acquire(_ident())


def before_blocking_call():
    """Before a call that blocks and touches no GC object (lock acquire,
    sleep): release the GIL; under --stm commit first (leave the
    transactional zone; inside an atomic section become inevitable)."""
    if we_are_translated() and stm_enabled():
        llop.stm_leave_transactional_zone(lltype.Void)
        return
    before_external_call()


def after_blocking_call():
    """After before_blocking_call(): take the GIL again; under --stm start
    the next transaction (inevitable: see stm/src/stm_rpy.h)."""
    if we_are_translated() and stm_enabled():
        llop.stm_enter_transactional_zone(lltype.Void)
        return
    after_external_call()


def yield_thread():
    """Let another thread waiting for the GIL run, then continue."""
    if we_are_translated():
        if not stm_enabled() and _tgil.enabled and not _translated_atomic():
            _tgil.holder = 0
            ts.c_gil_yield()
            _tgil.holder = ts.c_thread_get_ident()
        return
    if not _gil.enabled or _atomic():
        return
    ident = _ident()
    with _gil.cond:
        if _gil.waiting == 0:
            return
        generation = _gil.switches
        _gil.held = False
        _gil.holder = 0
        _gil.cond.notify()
        # wait until somebody else took it, then queue up again
        while _gil.switches == generation:
            _gil.cond.wait()
        _gil.waiting += 1
        while _gil.held:
            _gil.cond.wait()
        _gil.waiting -= 1
        _gil.held = True
        _gil.holder = ident
        _gil.switches += 1


def check_interval_elapsed():
    """Translated GIL builds: true once every CHECK_INTERVAL calls while
    other threads exist (the caller then yields the GIL)."""
    if not _tgil.enabled:
        return False
    _tgil.ticks -= 1
    if _tgil.ticks > 0:
        return False
    _tgil.ticks = CHECK_INTERVAL
    return True


def waiting_threads():
    """How many threads wait for the GIL (used by rstm's should_break)."""
    if we_are_translated():
        return 0
    return _gil.waiting


@not_rpython
def _reset_for_tests():
    """Turn the GIL off again (tests only; the caller must hold it)."""
    if _gil.enabled:
        _gil.enabled = False
        _gil._release()
