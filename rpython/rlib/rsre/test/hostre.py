"""Test helpers: compile a pattern with the host's `re` into the code list
the engine runs, and compare the engine's spans with the host's."""

import re
from re import _compiler, _parser

from rpython.rlib.rsre import core


def compile_code(pattern, flags=0):
    """(code list, host compiled pattern) for `pattern`."""
    compiled = re.compile(pattern, flags)
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, compiled.flags)
    return [int(word) for word in code], compiled


def make_context(subject):
    if isinstance(subject, str):
        return core.StrContext(subject)
    return core.BytesContext(subject)


def spans(m, groups):
    if m is None:
        return None
    return [m.span(g) for g in range(groups + 1)]


def engine_spans(how, pattern, subject, flags=0, pos=0, endpos=-1):
    code, compiled = compile_code(pattern, flags)
    func = getattr(core, how)
    return spans(func(code, make_context(subject), pos, endpos), compiled.groups)


class HostBug(Exception):
    """The host `re` itself failed (CPython 3.11 raises SystemError "The
    span of capturing group is wrong" for some stale-mark cases)."""


def host_spans(how, pattern, subject, flags=0, pos=0, endpos=-1):
    try:
        return _host_spans(how, pattern, subject, flags, pos, endpos)
    except SystemError as e:
        raise HostBug(str(e))


def _host_spans(how, pattern, subject, flags, pos, endpos):
    compiled = re.compile(pattern, flags)
    if endpos < 0:
        endpos = len(subject)
    return spans(getattr(compiled, how)(subject, pos, endpos), compiled.groups)
