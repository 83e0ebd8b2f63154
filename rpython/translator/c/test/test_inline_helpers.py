"""Small helpers (list getitem/setitem/length) are inlinable from every C file.

The backend splits function bodies over several implement_N.c files; a helper
defined in one of them could not be inlined into callers in another, so every
list access in rbigint was an out-of-line call.  genc.py therefore writes the
bodies of functions with at most INLINE_MAX_OPS operations as `static inline`
definitions in common_header.h.  These tests check the generated source and
that gcc stays quiet about it under -Wall -Wextra.
"""

import glob
import os
import re

import pytest

from rpython.translator.c.test.support import require_toolchain


@pytest.fixture(autouse=True)
def toolchain():
    require_toolchain()


def entry_sum_of_list(argv):
    digits = [0] * (len(argv) + 3)
    for i in range(len(digits)):
        digits[i] = i * 7
    total = 0
    for i in range(len(digits)):
        total += digits[i]
    print(total)
    return 0


def generate(tmp_path, opt):
    from rpython.translator.driver import TranslationDriver, default_config

    with open(os.devnull, "w") as out:
        driver = TranslationDriver(default_config(gc="framework", opt=opt), out=out)
        driver.setup(entry_sum_of_list)
        driver.source_dir = str(tmp_path / "src")
        os.makedirs(driver.source_dir)
        driver.run()
    return driver


def read(path):
    with open(path) as f:
        return f.read()


# a definition (not a prototype) of a list helper: the line opens the body
HELPER_DEF = re.compile(
    r"^(static inline )?\S.*\b(pypy_g_ll_(?:getitem|setitem|length)\w*)\(.*\)$",
    re.M,
)


def test_list_helpers_are_static_inline_in_the_header(tmp_path):
    driver = generate(tmp_path, opt=1)
    src = driver.source_dir
    header = read(os.path.join(src, "common_header.h"))
    inline_defs = [m.group(2) for m in HELPER_DEF.finditer(header) if m.group(1)]
    assert inline_defs, "no list helper defined static inline in the header"
    for path in glob.glob(os.path.join(src, "implement_*.c")):
        text = read(path)
        defined_here = [m.group(2) for m in HELPER_DEF.finditer(text)]
        assert defined_here == [], (path, defined_here)
    assert "warning" not in driver.builder.compiler_output, (
        driver.builder.compiler_output[-3000:]
    )
    import subprocess

    proc = subprocess.run([driver.executable, "a", "b"], capture_output=True)
    n = 3 + 3
    assert proc.stdout.decode() == "%d\n" % (7 * n * (n - 1) // 2)


def test_no_inlining_at_opt_0(tmp_path):
    driver = generate(tmp_path, opt=0)
    header = read(os.path.join(driver.source_dir, "common_header.h"))
    assert not re.search(r"^static inline .*\bpypy_g_", header, re.M)
    assert not [m for m in HELPER_DEF.finditer(header) if m.group(1)]
