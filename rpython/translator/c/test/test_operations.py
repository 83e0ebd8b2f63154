"""Every low-level operation of lloperation.LL_OPERATIONS has a C form:
a method of FunctionCodeGenerator, a known no-op, or an OP_<NAME> macro in
src/*.h."""

import glob
import os
import re

from rpython.rtyper.lltypesystem.lloperation import LL_OPERATIONS
from rpython.translator.c.funcgen import NOOP_OPS, FunctionCodeGenerator

SRC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")


def defined_macros():
    macros = set()
    for path in glob.glob(os.path.join(SRC, "*.h")):
        with open(path) as f:
            macros.update(re.findall(r"#define (OP_[A-Z0-9_]+)\(", f.read()))
    return macros


def test_every_operation_is_implemented():
    macros = defined_macros()
    missing = [
        name
        for name in LL_OPERATIONS
        if not hasattr(FunctionCodeGenerator, "OP_" + name.upper())
        and name not in NOOP_OPS
        and "OP_" + name.upper() not in macros
    ]
    assert missing == []


def test_no_macro_shadows_a_method():
    # a macro and a method for the same op would mean two definitions
    macros = defined_macros()
    both = [m for m in macros if hasattr(FunctionCodeGenerator, m)]
    assert both == [], both


def test_every_op_header_is_included():
    from rpython.translator.c.genc import SUPPORT_HEADERS

    for path in glob.glob(os.path.join(SRC, "*.h")):
        with open(path) as f:
            if "#define OP_" in f.read():
                assert os.path.basename(path) in SUPPORT_HEADERS, path
