"""Debugging aids for RPython programs: assertions, logging and fatal errors.

``debug_print`` / ``debug_start`` / ``debug_stop`` write to a log that is
enabled by the ``PYPYLOG`` environment variable in translated programs
(``PYPYLOG=category:file``; ``-`` for stderr).  Untranslated the log is kept
in memory (``debuglog``) so that tests can inspect it, and echoed to stderr
when ``PYPYLOG`` is set.
"""

import os
import sys


class FatalError(Exception):
    """Raised untranslated by ``fatalerror``; translated it aborts the process."""


def ll_assert(condition, message):
    """Assert a low-level invariant (checked untranslated and with --lldebug)."""
    if not condition:
        raise AssertionError(message)


def fatalerror(message):
    """Print ``message`` and abort (untranslated: raise FatalError)."""
    raise FatalError(message)


def fatalerror_notb(message):
    """Like ``fatalerror`` but without a traceback dump in the translated program."""
    raise FatalError(message)


class DebugLog(list):
    """Collected log entries: ``("debug_print", text)`` and nested sections."""

    def __init__(self):
        list.__init__(self)
        self._stack = []

    def debug_print(self, text):
        self.append(("debug_print", text))

    def debug_start(self, category):
        section = DebugLog()
        self.append((category, section))
        return section

    def reset(self):
        del self[:]


class _LogState:
    def __init__(self):
        self.root = DebugLog()
        self.stack = [self.root]

    def current(self):
        return self.stack[-1]


_log_state = _LogState()
debuglog = _log_state.root


def _echo(text):
    if os.environ.get("PYPYLOG"):
        sys.stderr.write(text + "\n")


def debug_print(*args):
    """Write the arguments, separated by spaces, as one line of the log."""
    text = " ".join([str(a) for a in args])
    _log_state.current().debug_print(text)
    _echo(text)


def debug_start(category, timestamp=False):
    """Open a log section named ``category`` (closed by ``debug_stop``)."""
    section = _log_state.current().debug_start(category)
    _log_state.stack.append(section)
    _echo("{%s" % category)
    return 0


def debug_stop(category, timestamp=False):
    """Close the section opened by ``debug_start(category)``."""
    if len(_log_state.stack) <= 1:
        raise AssertionError("debug_stop(%r) without debug_start" % (category,))
    parent = _log_state.stack[-2]
    opened = parent[-1][0]
    if opened != category:
        raise AssertionError("debug_stop(%r) closes section %r" % (category, opened))
    _log_state.stack.pop()
    _echo("%s}" % category)
    return 0


def have_debug_prints():
    """True when debug_print output is enabled for the current section."""
    return True


def have_debug_prints_for(category_prefix):
    return True


def debug_flush():
    sys.stderr.flush()


def debug_offset():
    return -1


def make_sure_not_resized(lst):
    """Hint: ``lst`` is never resized, so it can be a fixed-size array."""
    return lst


def make_sure_not_modified(lst):
    return lst


def mark_dict_non_null(d):
    """Hint: keys and values of ``d`` are never None."""
    return d


def check_nonneg(x):
    """Assert that ``x`` is a non-negative int."""
    ll_assert(x >= 0, "check_nonneg: negative value")
    return x


def check_annotation(arg, checker):
    """Identity untranslated; the annotator calls ``checker(annotation, bk)``."""
    return arg


def check_list_of_chars(lst):
    return lst
