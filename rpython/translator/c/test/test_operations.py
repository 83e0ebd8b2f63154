"""Every low-level operation of lloperation.LL_OPERATIONS has a C form:
a method of FunctionCodeGenerator, a known no-op, or an OP_<NAME> macro in
src/*.h."""

import glob
import os
import re

import pytest

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
    from rpython.translator.c.genc import STM_HEADERS, SUPPORT_HEADERS

    for path in glob.glob(os.path.join(SRC, "*.h")):
        with open(path) as f:
            if "#define OP_" in f.read():
                assert os.path.basename(path) in SUPPORT_HEADERS + STM_HEADERS, path


@pytest.mark.parametrize("thread", [False, True])
@pytest.mark.parametrize("gc", ["framework", "boehm", "none", "stm"])
def test_every_macro_op_is_visible_to_generated_code(tmp_path, gc, thread):
    # the textual scan above would accept a macro hidden behind an #ifdef of
    # another configuration: ask the C preprocessor of a real generated tree
    import subprocess

    from rpython.flowspace.model import Link
    from rpython.rtyper.lltypesystem.lltype import Signed
    from rpython.translator.c.database import LowLevelDatabase
    from rpython.translator.c.genc import CStandaloneBuilder
    from rpython.translator.c.test.test_lowlevel import const, fnptr, make_graph

    entry = make_graph("entry", [], Signed)
    entry.startblock.closeblock(Link([const(0, Signed)], entry.returnblock))
    db = LowLevelDatabase(gcpolicy=gc, thread=thread)
    builder = CStandaloneBuilder(db, fnptr(entry), opt=0, thread=thread)
    src = tmp_path / "src"
    builder.generate_source(str(src))
    names = [
        "OP_" + name.upper()
        for name in LL_OPERATIONS
        if not hasattr(FunctionCodeGenerator, "OP_" + name.upper())
        and name not in NOOP_OPS
        and not (gc == "stm" and hasattr(FunctionCodeGenerator, "STM_" + name.upper()))
    ]
    assert names
    lines = ['#include "common_header.h"']
    for macro in names:
        lines += ["#ifndef %s" % macro, "#error missing %s" % macro, "#endif"]
    (src / "check_ops.c").write_text("\n".join(lines) + "\n")
    # common_header.h defines the configuration (RPY_GC_*, RPY_THREAD)
    cmd = ["gcc", "-fsyntax-only", "-I", str(src), str(src / "check_ops.c")]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-3000:]
