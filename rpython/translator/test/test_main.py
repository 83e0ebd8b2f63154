"""The rpython command's option handling and error reporting (no translation)."""

import os
import subprocess
import sys

from rpython.translator.main import ROOT, default_output_name, main, parse_args

RPYTHON = os.path.join(ROOT, "rpython", "bin", "rpython")


def run_command(*args, cwd=None):
    return subprocess.run(
        [sys.executable, RPYTHON] + list(args),
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=120,
    )


def test_parse_defaults():
    opts = parse_args(["targetfoo.py", "a", "--b"])
    assert opts.gc == "framework" and opts.opt == "2"
    assert opts.target == "targetfoo.py"
    assert opts.target_args == ["a", "--b"]


def test_parse_all_options():
    opts = parse_args(
        "--opt=3 --gc=boehm --stm-segments=8 --thread --output=x --source --lldebug --batch t.py".split()
    )
    assert (opts.opt, opts.gc, opts.stm_segments) == ("3", "boehm", 8)
    assert opts.thread and opts.source and opts.lldebug and opts.batch
    assert opts.output == "x"


def test_missing_target_is_a_short_error(tmp_path):
    proc = run_command(str(tmp_path / "nope.py"))
    assert proc.returncode == 2
    assert "target file not found" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_target_without_target_function(tmp_path):
    path = tmp_path / "targetempty.py"
    path.write_text("x = 1\n")
    proc = run_command(str(path))
    assert proc.returncode == 2
    assert "does not define target" in proc.stderr


def test_stm_runs_the_barrier_pass(tmp_path):
    from rpython.translator.c.test.support import require_toolchain

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
    proc = run_command("--stm", "--output=" + out, str(path))
    assert proc.returncode == 0, proc.stderr
    assert "stmgc is not linked yet" not in proc.stderr
    assert "stm barriers inserted" in proc.stdout
    run = subprocess.run([out, "a"], capture_output=True, text=True, timeout=60)
    assert run.stdout == "2\n"


def test_bad_gc_name(capsys):
    assert main(["--gc=nonsense", "t.py"]) == 2


def test_default_output_name():
    class M:
        pass

    assert default_output_name(M, "/x/targetfoo.py", None) == "foo-c"
    M.DEFAULT_OUTPUT_NAME = "pypy-c"
    assert default_output_name(M, "/x/targetfoo.py", None) == "pypy-c"


def test_error_inside_target_is_reported_without_traceback(tmp_path):
    path = tmp_path / "targetboom.py"
    path.write_text(
        "def target(driver, args):\n    raise ValueError('bad target args')\n"
    )
    proc = run_command(str(path))
    assert proc.returncode == 1
    assert "bad target args" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_internal_error_gets_a_hint(tmp_path):
    path = tmp_path / "targetcrash.py"
    path.write_text("def target(driver, args):\n    return {}['missing']\n")
    proc = run_command(str(path))
    assert proc.returncode == 1
    assert "KeyError" in proc.stderr
    assert "RPYTHON_TRACEBACK=1" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_target_in_a_package_is_imported_by_dotted_name():
    from rpython.translator.main import _package_module_name

    path = os.path.join(ROOT, "pypy", "interpreter", "astcompiler", "targetcompile.py")
    assert _package_module_name(path) == "pypy.interpreter.astcompiler.targetcompile"
    assert _package_module_name("/tmp/nowhere/targetx.py") is None


def test_sibling_module_does_not_shadow_the_stdlib(tmp_path):
    # astcompiler/ has an ast.py beside its target: the toolchain's own
    # `import ast` must still get the standard library's module
    (tmp_path / "ast.py").write_text("SHADOW = True\n")
    (tmp_path / "targetsib.py").write_text(
        "def entry_point(argv):\n"
        "    print('sibling ok')\n"
        "    return 0\n\n"
        "def target(driver, args):\n"
        "    return entry_point, None\n"
    )
    exe = tmp_path / "sib-c"
    proc = run_command("--output=%s" % exe, str(tmp_path / "targetsib.py"))
    assert proc.returncode == 0, proc.stderr
    out = subprocess.run([str(exe)], capture_output=True, text=True, timeout=60)
    assert out.stdout == "sibling ok\n"
