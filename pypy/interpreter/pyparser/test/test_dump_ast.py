"""pypy/tool/dump_ast.py prints exactly what CPython's ast.dump prints."""

import ast
import os
import subprocess
import sys

TOOL = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tool", "dump_ast.py")

SOURCE = '''\
import os
def f(a, /, b=1, *c, d, **e) -> int:
    """doc"""
    return [x async for x in y] if a else f"{b!r:>{d}}"
class C(B, metaclass=M):
    x: int = 3
match p:
    case [1, *rest] | {"k": v}: pass
'''


def run_tool(tmp_path, source, *options):
    path = tmp_path / "sample.py"
    path.write_text(source, encoding="utf-8")
    return subprocess.run(
        [sys.executable, TOOL] + list(options) + [str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_dump_without_attributes(tmp_path):
    result = run_tool(tmp_path, SOURCE)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ast.dump(ast.parse(SOURCE)) + "\n"


def test_dump_with_attributes(tmp_path):
    result = run_tool(tmp_path, SOURCE, "--attributes")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ast.dump(ast.parse(SOURCE), include_attributes=True) + "\n"


def test_syntax_error_is_reported(tmp_path):
    result = run_tool(tmp_path, "x = (1,\ny = 2\n")
    assert result.returncode == 1
    assert "SyntaxError: '(' was never closed" in result.stderr
    assert "^" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors(tmp_path):
    result = subprocess.run(
        [sys.executable, TOOL], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert "usage" in result.stderr
    missing = subprocess.run(
        [sys.executable, TOOL, str(tmp_path / "missing.py")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert missing.returncode == 2
    assert "cannot read" in missing.stderr
