"""The `_sre` opcode, AT-code, category and flag numbers of CPython 3.11.

The engine executes the code arrays that CPython 3.11's `re._compiler`
produces, so the numbers must be exactly that format's (`_sre.MAGIC`
20220615).  They are generated here at import time (import-time
metaprogramming: afterwards they are plain int globals, never rebound) from
the host's `re._constants` when the host speaks that format.  The toolchain
may also run on Debian's pypy3 (Python 3.9, an older format); there the
numbering comes from the name lists below, which `test_constants.py` checks
against a 3.11 host, entry by entry.
"""

import sys

# The code-array format this engine implements (CPython 3.11).
EXPECTED_MAGIC = 20220615

OPCODE_NAMES_3_11 = (
    "FAILURE SUCCESS ANY ANY_ALL ASSERT ASSERT_NOT AT BRANCH CATEGORY CHARSET "
    "BIGCHARSET GROUPREF GROUPREF_EXISTS IN INFO JUMP LITERAL MARK MAX_UNTIL "
    "MIN_UNTIL NOT_LITERAL NEGATE RANGE REPEAT REPEAT_ONE SUBPATTERN MIN_REPEAT_ONE "
    "ATOMIC_GROUP POSSESSIVE_REPEAT POSSESSIVE_REPEAT_ONE GROUPREF_IGNORE IN_IGNORE "
    "LITERAL_IGNORE NOT_LITERAL_IGNORE GROUPREF_LOC_IGNORE IN_LOC_IGNORE "
    "LITERAL_LOC_IGNORE NOT_LITERAL_LOC_IGNORE GROUPREF_UNI_IGNORE IN_UNI_IGNORE "
    "LITERAL_UNI_IGNORE NOT_LITERAL_UNI_IGNORE RANGE_UNI_IGNORE"
).split()
AT_NAMES_3_11 = (
    "AT_BEGINNING AT_BEGINNING_LINE AT_BEGINNING_STRING AT_BOUNDARY AT_NON_BOUNDARY "
    "AT_END AT_END_LINE AT_END_STRING AT_LOC_BOUNDARY AT_LOC_NON_BOUNDARY "
    "AT_UNI_BOUNDARY AT_UNI_NON_BOUNDARY"
).split()
CATEGORY_NAMES_3_11 = (
    "CATEGORY_DIGIT CATEGORY_NOT_DIGIT CATEGORY_SPACE CATEGORY_NOT_SPACE "
    "CATEGORY_WORD CATEGORY_NOT_WORD CATEGORY_LINEBREAK CATEGORY_NOT_LINEBREAK "
    "CATEGORY_LOC_WORD CATEGORY_LOC_NOT_WORD CATEGORY_UNI_DIGIT "
    "CATEGORY_UNI_NOT_DIGIT CATEGORY_UNI_SPACE CATEGORY_UNI_NOT_SPACE "
    "CATEGORY_UNI_WORD CATEGORY_UNI_NOT_WORD CATEGORY_UNI_LINEBREAK "
    "CATEGORY_UNI_NOT_LINEBREAK"
).split()
FLAGS_3_11 = {
    "SRE_FLAG_TEMPLATE": 1,
    "SRE_FLAG_IGNORECASE": 2,
    "SRE_FLAG_LOCALE": 4,
    "SRE_FLAG_MULTILINE": 8,
    "SRE_FLAG_DOTALL": 16,
    "SRE_FLAG_UNICODE": 32,
    "SRE_FLAG_VERBOSE": 64,
    "SRE_FLAG_DEBUG": 128,
    "SRE_FLAG_ASCII": 256,
    "SRE_INFO_PREFIX": 1,
    "SRE_INFO_LITERAL": 2,
    "SRE_INFO_CHARSET": 4,
}


def host_constants():
    """The host's `re._constants` if it is the 3.11 format, else None."""
    if sys.version_info[:2] < (3, 11):
        return None
    try:
        from re import _constants
    except ImportError:
        return None
    if _constants.MAGIC != EXPECTED_MAGIC:
        return None
    return _constants


def _export():
    names = globals()
    host = host_constants()
    if host is not None:
        opcodes = [op.name for op in host.OPCODES]
        atcodes = [code.name for code in host.ATCODES]
        chcodes = [code.name for code in host.CHCODES]
        flags = {}
        for name in dir(host):
            if name.startswith("SRE_FLAG_") or name.startswith("SRE_INFO_"):
                flags[name] = int(getattr(host, name))
    else:
        opcodes = OPCODE_NAMES_3_11
        atcodes = AT_NAMES_3_11
        chcodes = CATEGORY_NAMES_3_11
        flags = FLAGS_3_11
    for number, name in enumerate(opcodes):
        names["OPCODE_" + name] = number
    for number, name in enumerate(atcodes):
        names[name] = number
    for number, name in enumerate(chcodes):
        names[name] = number
    names.update(flags)


_export()
del _export

MAGIC = EXPECTED_MAGIC
MAXREPEAT = 4294967295  # CODESIZE 4: the largest code word
MAXGROUPS = 1073741823
CODESIZE = 4
