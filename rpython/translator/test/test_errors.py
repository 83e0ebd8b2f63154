"""Translation errors: an invalid program gives a short message naming the
user's file:line (and call chain), exit status 1, and no toolchain
traceback.  Each case is a complete target file run through the command.
Skipped while a trivial program cannot be translated yet."""

import os
import subprocess
import sys
import textwrap

import pytest

from rpython.translator.c.test.support import require_toolchain
from rpython.translator.main import ROOT

RPYTHON = os.path.join(ROOT, "rpython", "bin", "rpython")

FOOTER = """

def target(driver, args):
    return entry_point, None
"""

# (name, program body, the line of the mistake: a substring of it)
MISTAKES = [
    (
        "int_float_union",
        """
        def entry_point(argv):
            x = 1
            if len(argv) > 1:
                x = 2.5
            print(str(x))
            return 0
        """,
    ),
    (
        "global_rebound",
        """
        counter = 0

        def bump():
            global counter
            counter = counter + 1

        def entry_point(argv):
            bump()
            return 0
        """,
    ),
    (
        "mixed_list",
        """
        def entry_point(argv):
            lst = [1, "two"]
            print(str(len(lst)))
            return 0
        """,
    ),
    (
        "attribute_never_written",
        """
        class A(object):
            def __init__(self):
                self.x = 1

        def entry_point(argv):
            a = A()
            return a.y
        """,
    ),
    (
        "wrong_argument_count",
        """
        def f(a, b):
            return a + b

        def entry_point(argv):
            return f(1)
        """,
    ),
    (
        "none_used_as_int",
        """
        def g(n):
            if n > 2:
                return None
            return n

        def entry_point(argv):
            return g(len(argv)) + 1
        """,
    ),
    (
        "runtime_getattr",
        """
        class A(object):
            def __init__(self):
                self.x = 1

        def entry_point(argv):
            return getattr(A(), argv[0])
        """,
    ),
    (
        "str_plus_int",
        """
        def entry_point(argv):
            s = "a" + len(argv)
            print(s)
            return 0
        """,
    ),
    (
        "calling_a_non_function",
        """
        def entry_point(argv):
            x = 3
            return x(4)
        """,
    ),
    (
        "eval_at_runtime",
        """
        def entry_point(argv):
            return eval(argv[0])
        """,
    ),
    (
        "entry_point_returns_str",
        """
        def entry_point(argv):
            return "not an int"
        """,
    ),
]


@pytest.mark.parametrize("name,body", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_mistake_is_reported_briefly(tmp_path, name, body):
    require_toolchain()
    path = tmp_path / ("target_%s.py" % name)
    path.write_text(textwrap.dedent(body) + FOOTER)
    proc = subprocess.run(
        [sys.executable, RPYTHON, "--output=" + str(tmp_path / "out"), str(path)],
        capture_output=True,
        text=True,
        cwd=str(tmp_path),
        timeout=300,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert path.name in proc.stderr, proc.stderr
    assert len(proc.stderr.splitlines()) < 40, proc.stderr
