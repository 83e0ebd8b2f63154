"""Interpreters to compare: ``--interp NAME=CMD`` and the defaults.

CMD is split like a shell would (``pypy3-nojit=pypy3 --jit off``).  The
defaults are our translated interpreters when they exist (``pypy-stm`` and
``pypy-c`` at the repository root), the CPython running this harness, and
pypy3 with and without its JIT when installed.
"""

import os
import shlex
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OURS = ("pypy-stm", "pypy-c")


class Interp:
    def __init__(self, name, argv, ours=False):
        self.name = name
        self.argv = list(argv)
        self.ours = ours

    def __repr__(self):
        return "Interp(%r, %r)" % (self.name, self.argv)


def parse(spec):
    """'name=cmd args' -> Interp; ValueError with a clear message otherwise."""
    if "=" not in spec:
        raise ValueError("--interp wants NAME=CMD, got %r" % spec)
    name, cmd = spec.split("=", 1)
    name = name.strip()
    argv = shlex.split(cmd)
    if not name or not argv:
        raise ValueError("--interp wants NAME=CMD, got %r" % spec)
    ours = os.path.basename(argv[0]) in OURS
    return Interp(name, argv, ours)


def exists(interp):
    exe = interp.argv[0]
    if os.sep in exe:
        return os.path.isfile(exe) and os.access(exe, os.X_OK)
    return shutil.which(exe) is not None


def ours(root=ROOT):
    """Our translated interpreters that exist, STM first."""
    found = []
    for name in OURS:
        path = os.path.join(root, name)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            found.append(Interp(name, [path], ours=True))
    return found


def defaults(root=ROOT):
    found = ours(root)
    found.append(Interp("cpython", [sys.executable]))
    if shutil.which("pypy3"):
        found.append(Interp("pypy3-nojit", ["pypy3", "--jit", "off"]))
        found.append(Interp("pypy3", ["pypy3"]))
    return found
