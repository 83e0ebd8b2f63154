"""Signals: the handler only sets a flag; the program polls for it.

``pypysig_setflag(signum)`` installs that handler, ``pypysig_poll()`` returns
the number of a signal that arrived since the last poll (lowest first) or
-1.  ``pypysig_ignore``/``pypysig_default`` restore the other dispositions.
Untranslated the handler is a host Python function; translated it is a C
function that sets the flag (the swap is in the ``_ll_*`` functions).
"""

import signal as _signal

from rpython.rlib.objectmodel import not_rpython

NSIG = _signal.NSIG
SIGINT = _signal.SIGINT
SIGTERM = _signal.SIGTERM
SIGUSR1 = _signal.SIGUSR1
SIGUSR2 = _signal.SIGUSR2
SIGALRM = _signal.SIGALRM
SIGCHLD = _signal.SIGCHLD
SIGPIPE = _signal.SIGPIPE


class _Flags:
    @not_rpython
    def __init__(self):
        self.pending = [False] * NSIG
        self.occurred = False


_flags = _Flags()


def _check(signum):
    if signum < 1 or signum >= NSIG:
        raise ValueError("signal number out of range")


def pypysig_setflag(signum):
    _check(signum)
    _ll_install_flag_handler(signum)


def pypysig_ignore(signum):
    _check(signum)
    _ll_set_disposition(signum, 1)


def pypysig_default(signum):
    _check(signum)
    _ll_set_disposition(signum, 0)


def pypysig_poll():
    """A pending signal number (clearing it), or -1."""
    if not _flags.occurred:
        return -1
    _flags.occurred = False
    i = 1
    while i < NSIG:
        if _flags.pending[i]:
            _flags.pending[i] = False
            # others may still be pending
            j = i + 1
            while j < NSIG:
                if _flags.pending[j]:
                    _flags.occurred = True
                j += 1
            return i
        i += 1
    return -1


def pypysig_getaddr_occurred():
    """Whether any signal is pending (the interpreter polls this cheaply)."""
    return _flags.occurred


def _set_flag(signum):
    _flags.pending[signum] = True
    _flags.occurred = True


# ____________________________________________________________
# Low-level calls


def _ll_install_flag_handler(signum):
    _signal.signal(signum, _host_handler)


def _host_handler(signum, frame):
    _set_flag(signum)


def _ll_set_disposition(signum, which):
    if which == 1:
        _signal.signal(signum, _signal.SIG_IGN)
    else:
        _signal.signal(signum, _signal.SIG_DFL)
