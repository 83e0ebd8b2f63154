"""The `rpython` command's --stm options (translator/main.py, driver.py)."""

import os
import subprocess
import sys

from rpython.translator.c.test.support import ROOT, require_toolchain
from rpython.translator.main import main, parse_args

RPYTHON = os.path.join(ROOT, "rpython", "bin", "rpython")


def test_stm_options_parse():
    opts = parse_args(["--stm", "t.py"])
    assert opts.stm and opts.stm_segments == 2 and not opts.stm_no_elision
    opts = parse_args(["--stm", "--stm-segments=4", "--stm-no-elision", "t.py"])
    assert opts.stm_segments == 4 and opts.stm_no_elision


def test_bad_segment_count_is_a_usage_error(capsys):
    assert main(["--stm", "--stm-segments=0", "t.py"]) == 2
    assert "--stm-segments must be between 1 and 30" in capsys.readouterr().err


def test_stm_with_another_gc_is_a_usage_error(capsys):
    assert main(["--stm", "--gc=boehm", "t.py"]) == 2
    assert "--stm uses stmgc" in capsys.readouterr().err


def test_stm_translation_links_stmgc(tmp_path):
    require_toolchain()
    path = tmp_path / "targetx.py"
    path.write_text(
        "class A(object):\n"
        "    pass\n"
        "def entry_point(argv):\n"
        "    a = A()\n"
        "    a.x = len(argv)\n"
        "    print(str(a.x))\n"
        "    return 0\n"
        "def target(driver, args):\n"
        "    return entry_point, None\n"
    )
    out = str(tmp_path / "x-stm")
    proc = subprocess.run(
        [sys.executable, RPYTHON, "--stm", "--stm-segments=4", "--output=" + out]
        + [str(path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert "stm barriers inserted" in proc.stdout
    assert "gc=stm" in proc.stdout
    source_dir = proc.stdout.split(" C files in ")[1].split()[0]
    with open(os.path.join(source_dir, "Makefile")) as f:
        makefile = f.read()
    assert "-DSTM_NB_SEGMENTS=4" in makefile and "stmgc.c" in makefile
    run = subprocess.run([out, "a"], capture_output=True, text=True, timeout=60)
    assert run.stdout == "2\n"
