"""The example targets: known untranslated output, then the same output from
the translated executable (skipped while the annotator/rtyper are missing)."""

import importlib

import pytest

from rpython.translator.c.test.support import (  # noqa: F401
    check_same,
    require_toolchain,
    run_untranslated,
    translation_mode,
)

GOALS = "rpython.translator.goal."


def load(name):
    return importlib.import_module(GOALS + name)


@pytest.fixture
def needs_toolchain():
    require_toolchain()


def test_binarytrees_untranslated():
    status, out = run_untranslated(load("targetbinarytrees").entry_point, ["6"])
    assert status == 0
    assert out.splitlines()[0] == "stretch tree of depth 7\t check: 255"
    assert out.splitlines()[-1] == "long lived tree of depth 6\t check: 127"


def test_nbody_untranslated():
    status, out = run_untranslated(load("targetnbody").entry_point, ["1000"])
    assert out.split() == ["-0.169075164", "-0.169087605"]


def test_wordfreq_untranslated():
    status, out = run_untranslated(load("targetwordfreq").entry_point, ["--top", "3"])
    lines = out.splitlines()
    assert lines[0] == "119 words, 58 distinct"
    assert lines[1].split() == ["14", "the"]


def test_stacklang_untranslated():
    status, out = run_untranslated(load("targetstacklang").entry_point, [])
    lines = out.splitlines()
    assert lines[:3] == ["49", "3628800", "5"]
    assert "error: division by zero" in lines
    status, out = run_untranslated(load("targetstacklang").entry_point, ["drop"])
    assert out.splitlines()[0] == "error: stack underflow"


def test_big_program_is_long_enough():
    from rpython.translator.goal import genbig

    assert genbig.generate(1000).count("\n") >= 1000
    status, out = run_untranslated(load("targetbig1000").entry_point, [])
    assert out.splitlines()[-1].startswith("checksum ")


@pytest.mark.parametrize(
    "name,args",
    [
        ("targetbinarytrees", ["6"]),
        ("targetnbody", ["1000"]),
        ("targetwordfreq", ["--top", "5"]),
        ("targetstacklang", []),
        ("targetbig1000", ["3"]),
    ],
)
def test_goal_translated_matches(needs_toolchain, translation_mode, name, args):  # noqa: F811
    # both modes: plain and --stm (stmgc, barriers, %gs pointers)
    check_same(load(name).entry_point, args)


def test_wordfreq_translated_reads_utf8_file(
    needs_toolchain,
    translation_mode,  # noqa: F811  (the fixture: plain and --stm)
    tmp_path,
):
    path = tmp_path / "text.txt"
    path.write_text("caf\u00e9 na\u00efve caf\u00e9 \u00fcber\n", encoding="utf-8")
    out = check_same(load("targetwordfreq").entry_point, [str(path)])
    assert "café" in out
