"""The constants are the host's (CPython 3.11) numbering, and the fallback
name lists used on an older toolchain host agree with it."""

import _sre
from re import _constants

from rpython.rlib.rsre import constants


def test_magic_and_sizes():
    assert constants.MAGIC == _sre.MAGIC == _constants.MAGIC
    assert constants.MAXREPEAT == _constants.MAXREPEAT
    assert constants.MAXGROUPS == _constants.MAXGROUPS
    assert constants.CODESIZE == _sre.CODESIZE


def test_numbers_equal_host():
    for op in _constants.OPCODES:
        assert getattr(constants, "OPCODE_" + op.name) == int(op)
    for code in list(_constants.ATCODES) + list(_constants.CHCODES):
        assert getattr(constants, code.name) == int(code)


def test_fallback_lists_equal_host():
    assert constants.OPCODE_NAMES_3_11 == [op.name for op in _constants.OPCODES]
    assert constants.AT_NAMES_3_11 == [c.name for c in _constants.ATCODES]
    assert constants.CATEGORY_NAMES_3_11 == [c.name for c in _constants.CHCODES]
    for name, value in constants.FLAGS_3_11.items():
        assert getattr(_constants, name) == value


def test_case_mappings_equal_sre():
    # the engine folds with unicodedb.tolower: it must be _sre's lowercase
    from rpython.rlib.rsre import core

    for code in range(0, 0x110000, 7):
        assert core.lower_unicode(code) == _sre.unicode_tolower(code)
    for code in range(0x10000):
        assert core.lower_unicode(code) == _sre.unicode_tolower(code)


def test_ascii_fast_paths_equal_unicodedb():
    from rpython.rlib.rsre import core

    for code in range(0x300):
        ch = chr(code)
        assert core.is_uni_space(code) == ch.isspace()
        assert core.is_uni_digit(code) == ch.isdecimal()
        assert core.is_uni_word(code) == (ch.isalnum() or ch == "_")
        assert core.upper_unicode(code) == ord(ch.upper()[0])
