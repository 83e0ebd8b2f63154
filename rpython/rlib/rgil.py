"""The GIL of a plain (non-STM) build, and its release around blocking calls.

Only the thread holding the GIL runs RPython code.  ``yield_thread()`` hands
it to a waiting thread (if any) and waits to get it back; blocking calls are
wrapped in ``before_external_call()`` / ``after_external_call()``.  The GIL
is off until ``allocate()`` (a single-threaded program pays nothing); the
first ``rthread.start_new_thread`` allocates it.  Inside an atomic section
(``rstm.increment_atomic``) the GIL is never released.

Untranslated the GIL is a condition variable over a host lock, so the same
exclusivity can be tested on CPython.  Translated, each function starts with
an ``if we_are_translated():`` branch; the back end has no GIL operations
yet, so those branches do nothing for now (single-threaded programs are
unaffected; threaded ones need the back end's GIL: see CONTRACT-NOTES).
"""

import threading

from rpython.rlib.objectmodel import not_rpython, we_are_translated
from rpython.translator.c import threadsupport as ts


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


_tgil = _TranslatedGil()


def _ident():
    return threading.get_ident()


def allocate():
    """Turn the GIL on; the calling thread holds it."""
    if we_are_translated():
        if not _tgil.enabled:
            _tgil.enabled = True
            ts.c_gil_allocate()
        return
    if _gil.enabled:
        return
    _gil.enabled = True
    _gil._acquire(_ident())


def is_enabled():
    if we_are_translated():
        return False
    return _gil.enabled


def holds_gil():
    """True if the GIL is off or held by the calling thread."""
    if we_are_translated():
        return True
    return not _gil.enabled or _gil.holder == _ident()


def acquire():
    """Take the GIL (a new thread's first action)."""
    if we_are_translated():
        ts.c_gil_acquire()
        return
    if _gil.enabled:
        _gil._acquire(_ident())


def release():
    """Give up the GIL (a thread's last action)."""
    if we_are_translated():
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
    """Release the GIL before a call that may block (not in atomic sections)."""
    if we_are_translated():
        if _tgil.enabled:
            ts.c_gil_release()
        return
    if _gil.enabled and not _atomic():
        _gil._release()


def after_external_call():
    if we_are_translated():
        if _tgil.enabled:
            ts.c_gil_acquire()
        return
    if _gil.enabled and not _atomic():
        _gil._acquire(_ident())


def yield_thread():
    """Let another thread waiting for the GIL run, then continue."""
    if we_are_translated():
        if _tgil.enabled:
            ts.c_gil_yield()
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
