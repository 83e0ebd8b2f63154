"""targetcompile.py run untranslated (the translated run needs the toolchain
fixes listed in README.md)."""

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
