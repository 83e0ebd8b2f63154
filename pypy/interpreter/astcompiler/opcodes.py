"""The project's bytecode: opcode numbers, operand rules and stack effects.

Format (see README.md for the reasons): the code is a byte string of 2-byte units,
`opcode, arg`.  Opcodes below HAVE_ARGUMENT ignore their arg byte.  An argument
above 255 is built with EXTENDED_ARG prefixes (arg = arg << 8 | next byte).  Opcodes
listed in CACHED are followed by one CACHE unit whose two bytes (little-endian)
hold the index of the instruction's inline-cache slot in the code object's cache
array (0xFFFF: no slot).  Jump arguments are absolute unit indices.

Exception handling is zero-cost: there is no block stack at run time; the
exception table maps instruction ranges to handlers.  The pseudo opcodes
(SETUP_FINALLY, SETUP_CLEANUP, SETUP_WITH, POP_BLOCK) exist only inside the
compiler and never appear in emitted code.  The exception-related opcodes follow the
semantics of CPython 3.11's opcodes of the same name.
"""

# ruff: noqa: F821  (opcode names are defined through globals() below)

HAVE_ARGUMENT = 90
PSEUDO_BASE = 256

opname = ["<%d>" % i for i in range(PSEUDO_BASE + 8)]
opmap = {}
hasjump = {}  # opcode -> None: argument is a jump target
hasconst = {}
hasname = {}
haslocal = {}
hasfree = {}
CACHED = {}  # opcode -> None: followed by one CACHE unit


def _def(name, num):
    opname[num] = name
    opmap[name] = num
    globals()[name] = num


_NO_ARG = [
    "CACHE",
    "NOP",
    "POP_TOP",
    "PUSH_NULL",
    "UNARY_POSITIVE",
    "UNARY_NEGATIVE",
    "UNARY_NOT",
    "UNARY_INVERT",
    "BINARY_SUBSCR",
    "STORE_SUBSCR",
    "DELETE_SUBSCR",
    "GET_ITER",
    "GET_YIELD_FROM_ITER",
    "GET_AITER",
    "GET_ANEXT",
    "END_ASYNC_FOR",
    "BEFORE_WITH",
    "BEFORE_ASYNC_WITH",
    "WITH_EXCEPT_START",
    "PUSH_EXC_INFO",
    "POP_EXCEPT",
    "CHECK_EXC_MATCH",
    "CHECK_EG_MATCH",
    "PREP_RERAISE_STAR",
    "RETURN_VALUE",
    "YIELD_VALUE",
    "YIELD_FROM",
    "LOAD_BUILD_CLASS",
    "LOAD_ASSERTION_ERROR",
    "SETUP_ANNOTATIONS",
    "IMPORT_STAR",
    "PRINT_EXPR",
    "LIST_TO_TUPLE",
    "MATCH_MAPPING",
    "MATCH_SEQUENCE",
    "MATCH_KEYS",
    "GET_LEN",
]

# In-place operators follow the binary ones in the same order, so that
# INPLACE_x == BINARY_x + len(BINARY_OPS).
BINARY_OPS = [
    "ADD",
    "SUBTRACT",
    "MULTIPLY",
    "MATRIX_MULTIPLY",
    "TRUE_DIVIDE",
    "FLOOR_DIVIDE",
    "MODULO",
    "POWER",
    "LSHIFT",
    "RSHIFT",
    "AND",
    "XOR",
    "OR",
]

_WITH_ARG = [
    "EXTENDED_ARG",
    "LOAD_CONST",
    "RETURN_CONST",
    "LOAD_FAST",
    "STORE_FAST",
    "DELETE_FAST",
    "LOAD_FAST_LOAD_FAST",
    "STORE_FAST_LOAD_FAST",
    "STORE_FAST_STORE_FAST",
    "LOAD_DEREF",
    "STORE_DEREF",
    "DELETE_DEREF",
    "LOAD_CLASSDEREF",
    "LOAD_CLOSURE",
    "LOAD_NAME",
    "STORE_NAME",
    "DELETE_NAME",
    "LOAD_GLOBAL",
    "STORE_GLOBAL",
    "DELETE_GLOBAL",
    "LOAD_ATTR",
    "STORE_ATTR",
    "DELETE_ATTR",
    "LOAD_METHOD",
    "CALL",
    "CALL_METHOD",
    "CALL_KW",
    "CALL_FUNCTION_EX",
    "MAKE_FUNCTION",
    "BUILD_TUPLE",
    "BUILD_LIST",
    "BUILD_SET",
    "BUILD_MAP",
    "BUILD_CONST_KEY_MAP",
    "BUILD_STRING",
    "BUILD_SLICE",
    "LIST_APPEND",
    "SET_ADD",
    "MAP_ADD",
    "LIST_EXTEND",
    "SET_UPDATE",
    "DICT_UPDATE",
    "DICT_MERGE",
    "FORMAT_VALUE",
    "UNPACK_SEQUENCE",
    "UNPACK_EX",
    "COMPARE_OP",
    "IS_OP",
    "CONTAINS_OP",
    "JUMP",
    "POP_JUMP_IF_FALSE",
    "POP_JUMP_IF_TRUE",
    "POP_JUMP_IF_NONE",
    "POP_JUMP_IF_NOT_NONE",
    "JUMP_IF_FALSE_OR_POP",
    "JUMP_IF_TRUE_OR_POP",
    "FOR_ITER",
    "RAISE_VARARGS",
    "RERAISE",
    "COPY",
    "SWAP",
    "IMPORT_NAME",
    "IMPORT_FROM",
    "MATCH_CLASS",
    "GET_AWAITABLE",
]

_PSEUDO = ["SETUP_FINALLY", "SETUP_CLEANUP", "SETUP_WITH", "POP_BLOCK"]

_num = 0
for _name in _NO_ARG:
    _def(_name, _num)
    _num += 1
for _prefix in ("BINARY_", "INPLACE_"):
    for _name in BINARY_OPS:
        _def(_prefix + _name, _num)
        _num += 1
assert _num <= HAVE_ARGUMENT
_num = HAVE_ARGUMENT
for _name in _WITH_ARG:
    _def(_name, _num)
    _num += 1
assert _num < PSEUDO_BASE
_num = PSEUDO_BASE
for _name in _PSEUDO:
    _def(_name, _num)
    _num += 1

for _name in (
    "JUMP",
    "POP_JUMP_IF_FALSE",
    "POP_JUMP_IF_TRUE",
    "POP_JUMP_IF_NONE",
    "POP_JUMP_IF_NOT_NONE",
    "JUMP_IF_FALSE_OR_POP",
    "JUMP_IF_TRUE_OR_POP",
    "FOR_ITER",
    "SETUP_FINALLY",
    "SETUP_CLEANUP",
    "SETUP_WITH",
):
    hasjump[opmap[_name]] = None
for _name in ("LOAD_CONST", "RETURN_CONST"):
    hasconst[opmap[_name]] = None
for _name in (
    "LOAD_NAME",
    "STORE_NAME",
    "DELETE_NAME",
    "LOAD_GLOBAL",
    "STORE_GLOBAL",
    "DELETE_GLOBAL",
    "LOAD_ATTR",
    "STORE_ATTR",
    "DELETE_ATTR",
    "LOAD_METHOD",
    "IMPORT_NAME",
    "IMPORT_FROM",
):
    hasname[opmap[_name]] = None
for _name in ("LOAD_FAST", "STORE_FAST", "DELETE_FAST"):
    haslocal[opmap[_name]] = None
for _name in (
    "LOAD_DEREF",
    "STORE_DEREF",
    "DELETE_DEREF",
    "LOAD_CLASSDEREF",
    "LOAD_CLOSURE",
):
    hasfree[opmap[_name]] = None
for _name in ("LOAD_GLOBAL", "LOAD_ATTR", "STORE_ATTR", "LOAD_METHOD"):
    CACHED[opmap[_name]] = None

NO_CACHE_SLOT = 0xFFFF

# COMPARE_OP arguments
CMP_LT = 0
CMP_LE = 1
CMP_EQ = 2
CMP_NE = 3
CMP_GT = 4
CMP_GE = 5
cmp_op = ("<", "<=", "==", "!=", ">", ">=")

# MAKE_FUNCTION flags
MAKE_DEFAULTS = 0x01
MAKE_KWDEFAULTS = 0x02
MAKE_ANNOTATIONS = 0x04
MAKE_CLOSURE = 0x08

# FORMAT_VALUE flags
FVC_MASK = 0x3
FVC_NONE = 0x0
FVC_STR = 0x1
FVC_REPR = 0x2
FVC_ASCII = 0x3
FVS_HAVE_SPEC = 0x4

# Code flags (same values as CPython's)
CO_OPTIMIZED = 0x0001
CO_NEWLOCALS = 0x0002
CO_VARARGS = 0x0004
CO_VARKEYWORDS = 0x0008
CO_NESTED = 0x0010
CO_GENERATOR = 0x0020
CO_NOFREE = 0x0040
CO_COROUTINE = 0x0080
CO_ITERABLE_COROUTINE = 0x0100
CO_ASYNC_GENERATOR = 0x0200
CO_FUTURE_ANNOTATIONS = 0x1000000


def _stack_effects():
    """opcode -> (effect, effect_when_jumping); a None entry is computed from the
    argument by stack_effect()."""
    fixed = {}

    def e(name, normal, jump=None):
        if jump is None:
            jump = normal
        fixed[opmap[name]] = (normal, jump)

    e("NOP", 0)
    e("CACHE", 0)
    e("EXTENDED_ARG", 0)
    e("POP_TOP", -1)
    e("PUSH_NULL", 1)
    for name in ("UNARY_POSITIVE", "UNARY_NEGATIVE", "UNARY_NOT", "UNARY_INVERT"):
        e(name, 0)
    for name in BINARY_OPS:
        e("BINARY_" + name, -1)
        e("INPLACE_" + name, -1)
    e("BINARY_SUBSCR", -1)
    e("STORE_SUBSCR", -3)
    e("DELETE_SUBSCR", -2)
    e("GET_ITER", 0)
    e("GET_YIELD_FROM_ITER", 0)
    e("GET_AITER", 0)
    e("GET_ANEXT", 1)
    e("GET_AWAITABLE", 0)
    e("END_ASYNC_FOR", -2)
    e("BEFORE_WITH", 1)
    e("BEFORE_ASYNC_WITH", 1)
    e("WITH_EXCEPT_START", 1)
    e("PUSH_EXC_INFO", 1)
    e("POP_EXCEPT", -1)
    e("CHECK_EXC_MATCH", 0)
    e("CHECK_EG_MATCH", 0)
    e("PREP_RERAISE_STAR", -1)
    e("RETURN_VALUE", -1)
    e("RETURN_CONST", 0)
    e("YIELD_VALUE", 0)
    e("YIELD_FROM", -1)
    e("LOAD_BUILD_CLASS", 1)
    e("LOAD_ASSERTION_ERROR", 1)
    e("SETUP_ANNOTATIONS", 0)
    e("IMPORT_STAR", -1)
    e("PRINT_EXPR", -1)
    e("LIST_TO_TUPLE", 0)
    e("MATCH_MAPPING", 1)
    e("MATCH_SEQUENCE", 1)
    e("MATCH_KEYS", 1)
    e("GET_LEN", 1)
    e("LOAD_CONST", 1)
    e("LOAD_FAST", 1)
    e("STORE_FAST", -1)
    e("DELETE_FAST", 0)
    e("LOAD_FAST_LOAD_FAST", 2)
    e("STORE_FAST_LOAD_FAST", 0)
    e("STORE_FAST_STORE_FAST", -2)
    e("LOAD_DEREF", 1)
    e("STORE_DEREF", -1)
    e("DELETE_DEREF", 0)
    e("LOAD_CLASSDEREF", 1)
    e("LOAD_CLOSURE", 1)
    e("LOAD_NAME", 1)
    e("STORE_NAME", -1)
    e("DELETE_NAME", 0)
    e("LOAD_GLOBAL", 1)
    e("STORE_GLOBAL", -1)
    e("DELETE_GLOBAL", 0)
    e("LOAD_ATTR", 0)
    e("STORE_ATTR", -2)
    e("DELETE_ATTR", -1)
    e("LOAD_METHOD", 1)
    e("MAP_ADD", -2)
    e("LIST_APPEND", -1)
    e("SET_ADD", -1)
    e("LIST_EXTEND", -1)
    e("SET_UPDATE", -1)
    e("DICT_UPDATE", -1)
    e("DICT_MERGE", -1)
    e("COMPARE_OP", -1)
    e("IS_OP", -1)
    e("CONTAINS_OP", -1)
    e("JUMP", 0)
    e("POP_JUMP_IF_FALSE", -1)
    e("POP_JUMP_IF_TRUE", -1)
    e("POP_JUMP_IF_NONE", -1)
    e("POP_JUMP_IF_NOT_NONE", -1)
    e("JUMP_IF_FALSE_OR_POP", -1, 0)
    e("JUMP_IF_TRUE_OR_POP", -1, 0)
    # FOR_ITER: pushes the next item, or pops the iterator and jumps
    e("FOR_ITER", 1, -1)
    e("RERAISE", -1)
    e("IMPORT_NAME", -1)
    e("IMPORT_FROM", 1)
    e("MATCH_CLASS", -2)
    # SETUP_*: no effect in the normal flow; the handler starts with the stack cut
    # back to the setup depth plus the exception (and lasti for CLEANUP/WITH)
    e("SETUP_FINALLY", 0, 1)
    e("SETUP_CLEANUP", 0, 2)
    e("SETUP_WITH", 0, 1)
    e("POP_BLOCK", 0)
    return fixed


_FIXED_EFFECTS = _stack_effects()


def stack_effect(opcode, arg, jump):
    """Net change of the stack depth; `jump` selects the effect along the jump."""
    if opcode in _FIXED_EFFECTS:
        normal, jumping = _FIXED_EFFECTS[opcode]
        if jump:
            return jumping
        return normal
    if opcode == RETURN_CONST:
        return 0
    if opcode == CALL:
        return -arg
    if opcode == CALL_METHOD:
        return -arg - 1
    if opcode == CALL_KW:
        return -arg - 1
    if opcode == CALL_FUNCTION_EX:
        return -1 - (arg & 1)
    if opcode == MAKE_FUNCTION:
        count = 0
        if arg & MAKE_DEFAULTS:
            count += 1
        if arg & MAKE_KWDEFAULTS:
            count += 1
        if arg & MAKE_ANNOTATIONS:
            count += 1
        if arg & MAKE_CLOSURE:
            count += 1
        return -count
    if (
        opcode == BUILD_TUPLE
        or opcode == BUILD_LIST
        or opcode == BUILD_SET
        or opcode == BUILD_STRING
    ):
        return 1 - arg
    if opcode == BUILD_MAP:
        return 1 - 2 * arg
    if opcode == BUILD_CONST_KEY_MAP:
        return -arg
    if opcode == BUILD_SLICE:
        return 1 - arg
    if opcode == FORMAT_VALUE:
        if arg & FVS_HAVE_SPEC:
            return -1
        return 0
    if opcode == UNPACK_SEQUENCE:
        return arg - 1
    if opcode == UNPACK_EX:
        return (arg & 0xFF) + (arg >> 8)
    if opcode == RAISE_VARARGS:
        return -arg
    if opcode == COPY:
        return 1
    if opcode == SWAP:
        return 0
    raise ValueError("stack_effect: unknown opcode %d" % opcode)
