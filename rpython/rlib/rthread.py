"""Threads, locks and thread-local storage for RPython programs.

``start_new_thread(func, args)`` runs ``func(*args)`` in a new thread (and
turns the GIL on, see ``rgil``); the new thread takes the GIL, runs the GC's
thread-start hook, calls func, then the thread-exit hook, and releases the
GIL.  ``allocate_lock()`` gives a ``Lock`` whose blocking acquires release
the GIL while they wait.  ``ThreadLocalReference`` holds one instance per
thread.

Under ``--stm`` there is no GIL: the C thread trampoline runs the bootstrap
through ``pypy_stm_run_thread`` (translator/stm/src/stm_rpy.c: register the
thread's ``stm_thread_local_t``, run in a transaction, commit, unregister)
and a blocking acquire commits first (``rgil.before_blocking_call``).

Untranslated everything maps onto CPython's ``_thread``; translated the
``_ll_*`` functions become calls to the back end's C thread support (the
swap is local to that section).
"""

import _thread
import threading

from rpython.rlib import rgil
from rpython.rlib.objectmodel import not_rpython, we_are_translated
from rpython.rtyper import rptr  # noqa: F401  (registers how llop calls annotate)
from rpython.rtyper.lltypesystem import lltype
from rpython.rtyper.lltypesystem.lloperation import llop
from rpython.translator.c import threadsupport as ts

RPY_LOCK_FAILURE = 0
RPY_LOCK_ACQUIRED = 1
RPY_LOCK_INTR = 2


class error(Exception):
    """Thread creation or lock misuse failed."""

    def __init__(self, msg):
        self.msg = msg

    def __str__(self):
        return self.msg


# ____________________________________________________________
# GC hooks: every thread's shadow stack must be a root while it runs


class _GcHooks:
    @not_rpython
    def __init__(self):
        self.on_start = []
        self.on_die = []


_gc_hooks = _GcHooks()


@not_rpython
def register_gc_thread_hooks(on_start, on_die):
    """Untranslated stand-ins for the GC's per-thread set-up and tear-down."""
    _gc_hooks.on_start.append(on_start)
    _gc_hooks.on_die.append(on_die)


def gc_thread_start():
    """Called in a new thread before it runs RPython code."""
    if we_are_translated():
        llop.gc_thread_start(lltype.Void)
        return
    for hook in _gc_hooks.on_start:
        hook()


def gc_thread_die():
    """Called in a thread after its last RPython code."""
    if we_are_translated():
        llop.gc_thread_die(lltype.Void)
        return
    for hook in _gc_hooks.on_die:
        hook()


def gc_thread_before_fork():
    return 0


def gc_thread_after_fork(result_of_fork, opaqueaddr):
    pass


# ____________________________________________________________
# Threads


def _bootstrap(func, args):
    rgil.acquire()
    gc_thread_start()
    try:
        func(*args)
    finally:
        gc_thread_die()
        rgil.release()


class _PendingStarts:
    def __init__(self):
        self.funcs = []


_pending = _PendingStarts()


def _translated_bootstrap():
    """Runs in each new C thread (exported as rpy_thread_bootstrap)."""
    rgil.acquire()
    if rgil.stm_enabled():
        # the starter committed before spawning, unless it was inside an
        # atomic section: then wait for that commit
        while len(_pending.funcs) == 0:
            rgil.before_blocking_call()
            rgil.after_blocking_call()
    func = _pending.funcs.pop(0)
    if rgil.stm_enabled():
        # the pop conflicts with the other starting threads: commit it now
        # rather than at the end of the thread's first stretch of work
        llop.stm_transaction_break(lltype.Void)
    func()
    rgil.release()
    return 0


@not_rpython
def export_thread_bootstrap():
    """Call at import time in a target that starts threads (makes the build
    a threaded one).  Translated, thread functions take no arguments: pass
    data through prebuilt state (``args`` must be ``()``)."""
    if _translated_bootstrap not in ts.EXPORTED:
        ts.export_c("rpy_thread_bootstrap")(_translated_bootstrap)


@not_rpython
def unexport_thread_bootstrap():
    """Undo export_thread_bootstrap (tests translating several programs in
    one process)."""
    if _translated_bootstrap in ts.EXPORTED:
        ts.EXPORTED.remove(_translated_bootstrap)


def start_new_thread(func, args):
    """Start func(*args) in a new thread; returns its ident (0 translated)."""
    rgil.allocate()
    if we_are_translated():
        _pending.funcs.append(func)
        if rgil.stm_enabled():
            # commit first: the new thread must see the pending function
            rgil.before_blocking_call()
            res = ts.c_stm_thread_spawn()
            rgil.after_blocking_call()
        else:
            res = ts.c_thread_spawn()
        if res == -1:
            _pending.funcs.pop()
            raise error("can't start new thread")
        if res == -2:
            # never true (a pthread id or 0); makes the annotator follow the
            # bootstrap from the main entry point, because the driver
            # annotates exported functions only after it (CONTRACT-NOTES)
            _translated_bootstrap()
        return 0
    return _ll_start_thread(_bootstrap, (func, args))


def get_ident():
    return _ll_get_ident()


def get_stacksize():
    return _thread.stack_size()


def set_stacksize(size):
    """Set the stack size of new threads (0: default); error if invalid."""
    try:
        _thread.stack_size(size)
    except ValueError:
        raise error("size not valid: %d bytes" % size)


# ____________________________________________________________
# Locks


class Lock:
    """A non-recursive lock (``allocate_lock()``)."""

    def __init__(self, ll_lock):
        self._lock = ll_lock

    def acquire(self, blocking):
        """Take the lock; with blocking=False return False if it is held."""
        if _ll_lock_try(self._lock):
            return True
        if not blocking:
            return False
        ll_lock = self._lock  # read before leaving the transaction (--stm)
        rgil.before_blocking_call()
        try:
            _ll_lock_acquire(ll_lock, -1)
        finally:
            rgil.after_blocking_call()
        return True

    def acquire_timed(self, timeout_us):
        """Wait at most timeout_us microseconds (-1: forever); returns
        RPY_LOCK_ACQUIRED or RPY_LOCK_FAILURE."""
        if _ll_lock_try(self._lock):
            return RPY_LOCK_ACQUIRED
        if timeout_us == 0:
            return RPY_LOCK_FAILURE
        ll_lock = self._lock  # read before leaving the transaction (--stm)
        rgil.before_blocking_call()
        try:
            ok = _ll_lock_acquire(ll_lock, timeout_us)
        finally:
            rgil.after_blocking_call()
        if ok:
            return RPY_LOCK_ACQUIRED
        return RPY_LOCK_FAILURE

    def release(self):
        if not _ll_lock_release(self._lock):
            raise error("release unlocked lock")

    def locked(self):
        return _ll_lock_locked(self._lock)

    def __enter__(self):
        self.acquire(True)

    def __exit__(self, *args):
        self.release()


def allocate_lock():
    return Lock(_ll_allocate_lock())


# ____________________________________________________________
# Thread-local storage


class ThreadLocalReference:
    """One reference per thread to an instance of ``Cls`` (None initially)."""

    @not_rpython
    def __init__(self, Cls, loop_invariant=False):
        self.Cls = Cls
        self._local = threading.local()

    def get(self):
        return getattr(self._local, "value", None)

    def set(self, value):
        assert value is None or isinstance(value, self.Cls)
        self._local.value = value

    def _freeze_(self):
        return True


class ThreadLocalField:
    """A per-thread integer (e.g. the atomic-section depth)."""

    @not_rpython
    def __init__(self, default=0):
        self.default = default
        self._local = threading.local()

    def getraw(self):
        return getattr(self._local, "value", self.default)

    def setraw(self, value):
        self._local.value = value

    def _freeze_(self):
        return True


# ____________________________________________________________
# Low-level calls (host threads untranslated)


def _ll_start_thread(bootstrap, args):
    try:
        return _thread.start_new_thread(bootstrap, args)
    except RuntimeError as e:
        raise error("can't start new thread: %s" % (e,))


def _ll_get_ident():
    if we_are_translated():
        return ts.c_thread_get_ident()
    return _thread.get_ident()


def _ll_allocate_lock():
    if we_are_translated():
        return ts.c_lock_allocate()
    return _thread.allocate_lock()


def _ll_lock_try(lock):
    if we_are_translated():
        return ts.c_lock_try(lock) != 0
    return lock.acquire(False)


def _ll_lock_acquire(lock, timeout_us):
    if we_are_translated():
        return ts.c_lock_acquire(lock, timeout_us) != 0
    if timeout_us < 0:
        return lock.acquire(True)
    return lock.acquire(True, timeout_us * 1e-6)


def _ll_lock_release(lock):
    if we_are_translated():
        return ts.c_lock_release(lock) != 0
    try:
        lock.release()
    except RuntimeError:
        return False
    return True


def _ll_lock_locked(lock):
    if we_are_translated():
        return ts.c_lock_locked(lock) != 0
    return lock.locked()
