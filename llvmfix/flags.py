"""Read the segment-safe compiler flags from ``segflags.mk``.

One source of truth for every C build that touches ``%gs`` memory: stmgc's
Makefile includes ``segflags.mk`` and Python build code calls ``seg_cflags``.
"""

import os

_HERE = os.path.dirname(os.path.abspath(__file__))
MK_FILE = os.path.join(_HERE, "segflags.mk")


def _read():
    flags = {}
    with open(MK_FILE) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or ":=" not in line:
                continue
            name, value = line.split(":=", 1)
            flags[name.strip()] = value.split()
    return flags


def seg_cflags(compiler="gcc"):
    """List of flags for `compiler` ("gcc", "cc", or a path/name containing "clang")."""
    key = (
        "SEG_CFLAGS_CLANG"
        if "clang" in os.path.basename(compiler)
        else "SEG_CFLAGS_GCC"
    )
    return list(_read()[key])
