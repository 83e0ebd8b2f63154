"""pypy/tool/dis.py as a command: output, exit codes, clean errors."""

import os
import subprocess
import sys

ROOT = os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
)
TOOL = os.path.join(ROOT, "pypy", "tool", "dis.py")


def run_tool(*args):
    proc = subprocess.run(
        [sys.executable, TOOL] + list(args),
        capture_output=True,
        text=True,
        timeout=120,
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_disassembles_a_file(tmp_path):
    path = tmp_path / "sample.py"
    path.write_text("def f(a, b):\n    return a + b\nprint(f(1, 2))\n")
    code, out, err = run_tool(str(path))
    assert code == 0, err
    assert "Disassembly of <code object <module>, line 1>:" in out
    assert "Disassembly of <code object f, line 1>:" in out
    assert "LOAD_FAST_LOAD_FAST     1 (a, b)" in out
    assert "CALL                    2" in out


def test_host_parser_gives_the_same_output():
    src = "for i in range(3):\n    x = [i, *y]\n"
    code1, out1, _ = run_tool("-c", src)
    code2, out2, _ = run_tool("--host-parser", "-c", src)
    assert code1 == code2 == 0
    assert out1 == out2


def test_syntax_error_is_reported_cleanly():
    code, out, err = run_tool("-c", "def f():\n    nonlocal x\n")
    assert code == 1
    assert "no binding for nonlocal 'x' found" in err
    assert "Traceback" not in err


def test_missing_file_and_usage():
    code, out, err = run_tool("/nonexistent/file.py")
    assert code == 2 and "cannot read" in err and "Traceback" not in err
    code, out, err = run_tool()
    assert code == 2 and "usage" in err
