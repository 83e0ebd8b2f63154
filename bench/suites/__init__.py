"""Benchmark suites: one small module each.

A suite module defines ``DESCRIPTION`` and ``plan(ctx)``, which returns a list
of ``bench.measure.Benchmark`` or raises ``SkipSuite`` with a message saying
what is missing (our interpreter not built, no toolchain yet, ...).  ``ctx``
is a ``Context``: the interpreters asked for, the thread counts, the size
scale and a list to append notes to.
"""

import importlib

NAMES = ("single", "scaling", "contention", "toolchain", "stmgc", "rlib", "stm")


class SkipSuite(Exception):
    """The suite's artefact does not exist yet; the message says which."""


class Context:
    def __init__(self, root, interps, explicit_interps, threads, scale=1.0):
        self.root = root
        self.interps = interps  # list of bench.interps.Interp that exist
        self.explicit_interps = explicit_interps  # True if given with --interp
        self.threads = threads  # list of ints
        self.scale = scale  # multiplies problem sizes (--scale)
        self.notes = []  # printed and written with the report

    def size(self, n):
        return max(1, int(n * self.scale))


def load(name):
    if name not in NAMES:
        raise ValueError("unknown suite %r; suites: %s" % (name, ", ".join(NAMES)))
    return importlib.import_module("bench.suites." + name)
