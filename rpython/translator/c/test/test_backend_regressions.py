"""Whole programs for C backend bugs found while translating bigger targets.

Each test failed before its fix: Void arrays (lists that never get an item),
llexternal prototypes clashing with the system headers they include, and
writing text from bigger programs (print of a string built from many pieces).
Float floor division overflowing to inf is in test_opsemantics.py.
"""

import os

import pytest

from rpython.rtyper.lltypesystem import lltype, rffi
from rpython.translator.c.test.support import check_same, require_toolchain
from rpython.translator.tool.cbuild import ExternalCompilationInfo
from rpython.translator.c.test.support import translation_mode  # noqa: E402,F401

# every test runs in both modes: plain and --stm (support.py)
pytestmark = pytest.mark.usefixtures("translation_mode")


@pytest.fixture(autouse=True)
def toolchain():
    require_toolchain()


class Tree(object):
    def __init__(self, name):
        self.name = name
        self.ignored = []  # never receives an item: a GcArray of Void


def make_tree(name):
    return Tree(name)


def entry_empty_list(argv):
    t = make_tree(argv[0])
    total = len(t.ignored)
    for x in t.ignored:
        total += 1
    copy = t.ignored[:]
    print("%d %d %s" % (total, len(copy), t.name == argv[0]))
    return 0


def test_list_that_never_gets_an_item():
    assert check_same(entry_empty_list) == "0 0 True\n"


FCNTL_ECI = ExternalCompilationInfo(includes=["fcntl.h", "unistd.h", "stdlib.h"])
c_open = rffi.llexternal(
    "open",
    [rffi.CCHARP, rffi.INT, rffi.INT],
    rffi.INT,
    compilation_info=FCNTL_ECI,
)
c_close = rffi.llexternal("close", [rffi.INT], rffi.INT, compilation_info=FCNTL_ECI)
c_labs = rffi.llexternal("labs", [lltype.Signed], lltype.Signed)


def entry_external_with_includes(argv):
    path = rffi.str2charp(argv[1])
    fd = c_open(path, rffi.cast(rffi.INT, os.O_RDONLY), rffi.cast(rffi.INT, 0))
    rffi.free_charp(path)
    ok = rffi.cast(lltype.Signed, fd) >= 0
    if ok:
        c_close(fd)
    print("%s %d" % (ok, c_labs(-5)))
    return 0


def test_llexternal_from_an_included_header(tmp_path):
    f = tmp_path / "x"
    f.write_text("x")
    assert check_same(entry_external_with_includes, [str(f)]) == "True 5\n"


def entry_big_print(argv):
    parts = []
    for i in range(int(argv[1])):
        parts.append("item %d \u00e9\u20ac;" % i)
    text = " ".join(parts)
    print(text)
    print(text[3:40], len(text))
    words = {}
    for word in text.split(" "):
        words[word] = words.get(word, 0) + 1
    print(str(len(words)))
    return 0


def test_print_in_a_bigger_program():
    out = check_same(entry_big_print, [300])
    assert out.endswith("\n")


c_llabs = rffi.llexternal("llabs", [lltype.Signed], lltype.Signed)
c_strlen = rffi.llexternal("strlen", [rffi.CCHARP], lltype.Signed)


def entry_external_without_includes(argv):
    p = rffi.str2charp(argv[1])
    n = c_strlen(p)
    rffi.free_charp(p)
    print("%d %d" % (n, c_llabs(-n)))
    return 0


def test_llexternal_without_includes_is_declared():
    # no header names these functions: the backend must declare them itself
    assert check_same(entry_external_without_includes, ["hello"]) == "5 5\n"


@pytest.mark.parametrize("gc", ["framework", "boehm"])
def test_generated_c_compiles_without_warnings(tmp_path, gc):
    # -Wall -Wextra: main()'s argv and the stack-limit setup used to warn;
    # in the stm mode: %gs pointer casts, stmgc.c and the generated callbacks
    from rpython.translator.c.test.support import current_mode
    from rpython.translator.driver import TranslationDriver, default_config

    stm = current_mode() == "stm" and gc == "framework"
    with open(os.devnull, "w") as out:
        driver = TranslationDriver(default_config(gc=gc, opt=1, stm=stm), out=out)
        driver.setup(entry_external_without_includes)
        driver.source_dir = str(tmp_path / "src")
        os.makedirs(driver.source_dir)
        driver.run()
    assert "warning" not in driver.builder.compiler_output, (
        driver.builder.compiler_output[-3000:]
    )


def test_items_offset_of_a_void_array(tmp_path):
    # symbolic offsets of an array of Void must not name a missing items member
    from rpython.flowspace.model import Link
    from rpython.rtyper.lltypesystem import llmemory
    from rpython.translator.c.test.test_lowlevel import (
        compile_and_run,
        const,
        make_graph,
        op,
        var,
    )

    VOIDS = lltype.GcArray(lltype.Void)
    entry = make_graph("entry", [], lltype.Signed)
    a = var(lltype.Signed)
    b = var(lltype.Signed)
    r = var(lltype.Signed)
    block = entry.startblock
    block.operations.append(
        op(
            "int_sub",
            [
                const(llmemory.ArrayItemsOffset(VOIDS), lltype.Signed),
                const(llmemory.ArrayLengthOffset(VOIDS), lltype.Signed),
            ],
            a,
        )
    )
    block.operations.append(op("int_add", [a, const(34, lltype.Signed)], b))
    block.operations.append(op("int_add", [b, const(0, lltype.Signed)], r))
    block.closeblock(Link([r], entry.returnblock))
    proc = compile_and_run(entry, tmp_path)
    # the items would start right after the one-word length field
    assert proc.returncode == 42, proc.stderr


HALF_ECI = ExternalCompilationInfo(
    # defined in a separate C file that no header declares
    separate_module_sources=["double rpy_test_half(long x) { return x / 2.0; }"]
)
c_half = rffi.llexternal(
    "rpy_test_half", [lltype.Signed], lltype.Float, compilation_info=HALF_ECI
)


def entry_undeclared_external(argv):
    print(str(c_half(int(argv[1]))))
    return 0


def test_llexternal_without_any_declaration_returns_its_type():
    # an implicit declaration would make the double result an int
    with open(os.devnull, "w") as out:
        from rpython.translator.driver import TranslationDriver, default_config

        driver = TranslationDriver(default_config(gc="framework", opt=1), out=out)
        driver.setup(entry_undeclared_external)
        driver.run()
    assert "warning" not in driver.builder.compiler_output
    import subprocess

    proc = subprocess.run(
        [driver.executable, "7"], capture_output=True, text=True, timeout=60
    )
    assert proc.stdout == "3.5\n", proc.stdout + proc.stderr
