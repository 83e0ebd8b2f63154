"""Signals: the handler only sets a flag; the program polls for it.

``pypysig_setflag(signum)`` installs that handler, ``pypysig_poll()`` returns
the number of a signal that arrived since the last poll (lowest first) or
-1.  ``pypysig_ignore``/``pypysig_default`` restore the other dispositions.
Untranslated the handler is a host Python function; translated it is the C
function in ``src/rlib_os.c`` that sets the flag (the ``we_are_translated()``
branches).
"""

import signal as _signal

from rpython.rlib import _oscalls as c
from rpython.rlib.objectmodel import not_rpython, we_are_translated

NSIG = int(_signal.NSIG)
SIGINT = int(_signal.SIGINT)  # plain ints: the enum members are not RPython
SIGTERM = int(_signal.SIGTERM)  # plain ints: the enum members are not RPython
SIGUSR1 = int(_signal.SIGUSR1)  # plain ints: the enum members are not RPython
SIGUSR2 = int(_signal.SIGUSR2)  # plain ints: the enum members are not RPython
SIGALRM = int(_signal.SIGALRM)  # plain ints: the enum members are not RPython
SIGCHLD = int(_signal.SIGCHLD)  # plain ints: the enum members are not RPython
SIGPIPE = int(_signal.SIGPIPE)  # plain ints: the enum members are not RPython


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
    if we_are_translated():
        return c.c_sig_poll()
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
    if we_are_translated():
        return c.c_sig_occurred() != 0
    return _flags.occurred


def _set_flag(signum):
    _flags.pending[signum] = True
    _flags.occurred = True


# ____________________________________________________________
# Low-level calls


def _ll_install_flag_handler(signum):
    if we_are_translated():
        if c.c_sig_setflag(signum) < 0:
            raise c.oserror()
        return
    _signal.signal(signum, _host_handler)


def _host_handler(signum, frame):
    _set_flag(signum)


def _ll_set_disposition(signum, which):
    if we_are_translated():
        if c.c_sig_setdisposition(signum, which) < 0:
            raise c.oserror()
        return
    if which == 1:
        _signal.signal(signum, _signal.SIG_IGN)
    else:
        _signal.signal(signum, _signal.SIG_DFL)
