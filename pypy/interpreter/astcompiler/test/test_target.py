"""targetcompile.py run untranslated, and (--slow) translated over the whole
stdlib, compared with CPython's compile()."""

import pytest

from pypy.interpreter.astcompiler.targetcompile import compile_file, entry_point


def test_compiles_files(tmp_path, capsys):
    good = tmp_path / "good.py"
    good.write_text("def f(x):\n    return [y for y in x]\n")
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    nonlocal q\n")
    assert entry_point(["compile", str(good)]) == 0
    out = capsys.readouterr().out
    assert "good.py: 3 code objects" in out
    assert "1 compiled, 0 failed" in out
    assert entry_point(["compile", str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert "bad.py:2: no binding for nonlocal 'q' found" in out
    assert "1 compiled, 1 failed" in out


def test_missing_file_and_usage(tmp_path, capsys):
    line, ok = compile_file(str(tmp_path / "missing.py"))
    assert not ok and "cannot read" in line
    assert entry_point(["compile"]) == 2


def _sources_hash():
    """Hash of the interpreter front end's sources (the translation cache key
    of translate_entry only covers rpython/ and this target's module)."""
    import hashlib
    import os

    import pypy.interpreter

    h = hashlib.sha256()
    base = os.path.dirname(pypy.interpreter.__file__)
    for dirpath, dirnames, filenames in sorted(os.walk(base)):
        dirnames[:] = sorted(d for d in dirnames if d not in ("test", "__pycache__"))
        for name in sorted(filenames):
            if name.endswith(".py"):
                with open(os.path.join(dirpath, name), "rb") as f:
                    h.update(name.encode() + f.read())
    return h.hexdigest()


@pytest.mark.slow
def test_translated_rejects_exactly_what_cpython_rejects():
    """Translated, every .py file of the stdlib is accepted or rejected as
    CPython's compile() does (the main job's "N compiled, M failed" line)."""
    import subprocess

    from pypy.interpreter.astcompiler import targetcompile
    from pypy.interpreter.astcompiler.tools.bench_translated import stdlib_files
    from rpython.translator.c.test.support import translate_entry

    targetcompile.entry_point._cache_key_ = _sources_hash()
    exe = translate_entry(targetcompile.entry_point, opt=2)
    libdir, paths = stdlib_files()
    proc = subprocess.run([exe] + paths, capture_output=True, timeout=900)
    assert proc.returncode in (0, 1), proc.stderr.decode("utf-8", "replace")[-2000:]
    lines = proc.stdout.decode("utf-8", "replace").splitlines()
    assert len(lines) == len(paths) + 1
    differ = []
    for path, line in zip(paths, lines):
        assert line.startswith(path + ":"), (path, line)
        ours = " code objects, " in line
        with open(path, "rb") as f:
            data = f.read()
        try:
            compile(data, path, "exec")
            host = True
        except (SyntaxError, ValueError):
            host = False
        if ours != host:
            differ.append(line)
    print(lines[-1])
    assert differ == []
