"""Random text through a translated program: argv decoding (UTF-8), string
methods and output encoding agree with the untranslated run."""

import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rpython.translator.c.test.support import (  # noqa: F401
    require_toolchain,
    run_untranslated,
    translate_entry,
    translation_mode,
)


def entry_point(argv):
    s = argv[1]
    print(str(len(s)))
    print(s.upper())
    print(s.lower())
    print("|".join(s.split(" ")))
    print(str(s.find("a")))
    print(s.replace("a", "XY"))
    print(s[1:4] + s[-2:])
    print(str(len(s.encode("utf-8"))))
    return 0


@pytest.fixture(scope="module")
def exe(translation_mode):  # noqa: F811
    # built once per translation mode (plain, --stm)
    require_toolchain()
    return translate_entry(entry_point)


text = st.text(
    alphabet=st.characters(
        min_codepoint=32, max_codepoint=0x2FFF, blacklist_categories=("Cs",)
    ),
    max_size=20,
)


@given(text)
def test_string_methods_match(exe, s):
    proc = subprocess.run([exe, s], capture_output=True, timeout=60)
    assert proc.stdout.decode("utf-8") == run_untranslated(entry_point, [s])[1]
