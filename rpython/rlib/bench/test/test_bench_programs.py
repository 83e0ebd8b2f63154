"""The benchmark program computes what CPython computes (run untranslated)."""

import subprocess
import sys

from rpython.rlib.bench import cpython_bench, targetrbigbench


def _checksum(out):
    return [line for line in out.splitlines() if line.startswith("checksum")]


def _run_untranslated(capsys, argv):
    assert targetrbigbench.entry_point(argv) == 0
    return capsys.readouterr().out


def test_checksums_match_cpython(capsys):
    for argv in [["x", "mul", "1000", "2"], ["x", "div", "1000", "2"],
                 ["x", "str", "1000", "1"], ["x", "repr", "2000"]]:  # fmt: skip
        ours = _checksum(_run_untranslated(capsys, argv))
        cpython_bench.main(argv)
        theirs = _checksum(capsys.readouterr().out)
        assert ours == theirs and ours, argv


def test_usage_errors(capsys):
    assert targetrbigbench.entry_point(["x"]) == 2
    assert targetrbigbench.entry_point(["x", "pow", "10"]) == 2
    out = subprocess.run(
        [sys.executable, cpython_bench.__file__, "str", "50"],
        capture_output=True,
        text=True,
    ).stdout
    assert "checksum 50" in out
