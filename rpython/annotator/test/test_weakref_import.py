"""`import weakref` alone is enough to use weakref.ref in RPython code.

The extregistry entries for weakref.ref live in rpython/rlib/rweakref.py; the
annotator loads that module itself.  Checked in a fresh interpreter, because
in this test process other tests may already have imported it.
"""

import os
import subprocess
import sys

ROOT = os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
)

PROGRAM = """
import sys, weakref
from rpython.annotator.annrpython import RPythonAnnotator
class A(object):
    pass
def f():
    a = A()
    r = weakref.ref(a)
    return r() is a
s = RPythonAnnotator().build_types(f, [])
print(s.knowntype.__name__)
"""


def test_weakref_ref_annotates_without_importing_rlib_rweakref(tmp_path):
    script = tmp_path / "prog.py"
    script.write_text(PROGRAM)
    env = dict(os.environ, PYTHONPATH=ROOT)
    proc = subprocess.run(
        [sys.executable, str(script)],
        cwd=str(tmp_path),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "bool"
