"""Checks a code array before the engine runs it.

The engine indexes the code list without bounds checks (translated, a bad
index would read garbage), so every entry point first walks the code: each
opcode known, its operands inside the array, every skip landing inside its
enclosing block, set items well formed, REPEAT bodies closed by an UNTIL.
Nested blocks go on an explicit work list, so deeply nested code needs no
C stack either.  A bad array raises RSREError with a message.
"""

from rpython.rlib.rsre.constants import (
    AT_NAMES_3_11,
    CATEGORY_NAMES_3_11,
    OPCODE_ANY,
    OPCODE_ANY_ALL,
    OPCODE_ASSERT,
    OPCODE_ASSERT_NOT,
    OPCODE_AT,
    OPCODE_ATOMIC_GROUP,
    OPCODE_BIGCHARSET,
    OPCODE_BRANCH,
    OPCODE_CATEGORY,
    OPCODE_CHARSET,
    OPCODE_FAILURE,
    OPCODE_GROUPREF,
    OPCODE_GROUPREF_EXISTS,
    OPCODE_GROUPREF_IGNORE,
    OPCODE_GROUPREF_LOC_IGNORE,
    OPCODE_GROUPREF_UNI_IGNORE,
    OPCODE_IN,
    OPCODE_IN_IGNORE,
    OPCODE_IN_LOC_IGNORE,
    OPCODE_IN_UNI_IGNORE,
    OPCODE_INFO,
    OPCODE_JUMP,
    OPCODE_LITERAL,
    OPCODE_LITERAL_IGNORE,
    OPCODE_LITERAL_LOC_IGNORE,
    OPCODE_LITERAL_UNI_IGNORE,
    OPCODE_MARK,
    OPCODE_MAX_UNTIL,
    OPCODE_MIN_REPEAT_ONE,
    OPCODE_MIN_UNTIL,
    OPCODE_NEGATE,
    OPCODE_NOT_LITERAL,
    OPCODE_NOT_LITERAL_IGNORE,
    OPCODE_NOT_LITERAL_LOC_IGNORE,
    OPCODE_NOT_LITERAL_UNI_IGNORE,
    OPCODE_POSSESSIVE_REPEAT,
    OPCODE_POSSESSIVE_REPEAT_ONE,
    OPCODE_RANGE,
    OPCODE_RANGE_UNI_IGNORE,
    OPCODE_REPEAT,
    OPCODE_REPEAT_ONE,
    OPCODE_SUCCESS,
    SRE_INFO_CHARSET,
    SRE_INFO_PREFIX,
)


class RSREError(Exception):
    """A code array the engine cannot run (corrupt or unsupported)."""

    def __init__(self, msg):
        self.msg = msg

    def __str__(self):
        return self.msg


def single_char_width(code, pc):
    """Code words taken by a single-character opcode, or 0 if it is not one."""
    op = code[pc]
    if op == OPCODE_ANY or op == OPCODE_ANY_ALL:
        return 1
    if (
        op == OPCODE_LITERAL
        or op == OPCODE_NOT_LITERAL
        or op == OPCODE_LITERAL_IGNORE
        or op == OPCODE_NOT_LITERAL_IGNORE
        or op == OPCODE_LITERAL_UNI_IGNORE
        or op == OPCODE_NOT_LITERAL_UNI_IGNORE
        or op == OPCODE_LITERAL_LOC_IGNORE
        or op == OPCODE_NOT_LITERAL_LOC_IGNORE
        or op == OPCODE_CATEGORY
    ):
        return 2
    if (
        op == OPCODE_IN
        or op == OPCODE_IN_IGNORE
        or op == OPCODE_IN_UNI_IGNORE
        or op == OPCODE_IN_LOC_IGNORE
    ):
        return 1 + code[pc + 1]
    return 0


NUM_AT_CODES = len(AT_NAMES_3_11)
NUM_CATEGORIES = len(CATEGORY_NAMES_3_11)


def _fail(msg, pc):
    raise RSREError("invalid pattern code at %d: %s" % (pc, msg))


def _need(code, pc, words, end):
    """code[pc .. pc+words-1] must exist inside the block ending at `end`."""
    if words < 0 or pc + words > end or end > len(code):
        _fail("truncated", pc)


def _skip_target(code, pc, end):
    """pc + 1 + code[pc] (a forward skip), checked to stay in the block."""
    skip = code[pc]
    if skip < 1 or pc + skip > end:
        _fail("skip out of range", pc)
    return pc + skip


def validate_charset(code, pc, end):
    """The set items from pc up to a FAILURE, which must come before end."""
    while True:
        _need(code, pc, 1, end)
        op = code[pc]
        if op == OPCODE_FAILURE:
            return pc + 1
        elif op == OPCODE_LITERAL:
            _need(code, pc, 2, end)
            pc += 2
        elif op == OPCODE_CATEGORY:
            _need(code, pc, 2, end)
            if not 0 <= code[pc + 1] < NUM_CATEGORIES:
                _fail("bad category", pc)
            pc += 2
        elif op == OPCODE_CHARSET:
            _need(code, pc, 9, end)
            pc += 9
        elif op == OPCODE_RANGE or op == OPCODE_RANGE_UNI_IGNORE:
            _need(code, pc, 3, end)
            if code[pc + 1] > code[pc + 2]:
                _fail("empty range", pc)
            pc += 3
        elif op == OPCODE_NEGATE:
            pc += 1
        elif op == OPCODE_BIGCHARSET:
            _need(code, pc, 2, end)
            count = code[pc + 1]
            if count < 0 or count > 256:
                _fail("bad BIGCHARSET size", pc)
            _need(code, pc, 2 + 64 + 8 * count, end)
            i = 0
            while i < 256:
                if (code[pc + 2 + (i >> 2)] >> (8 * (i & 3))) & 255 >= count:
                    _fail("BIGCHARSET block out of range", pc)
                i += 1
            pc += 2 + 64 + 8 * count
        else:
            _fail("unknown set item %d" % op, pc)


def validate(code):
    """Raise RSREError unless `code` is an array the engine can run.

    Every block is walked op by op.  Each op's operands must lie inside its
    block, and where execution goes next (the following op, a skip or a
    jump) must be inside the array unless the op ends execution (SUCCESS,
    FAILURE).  Jump targets must be op starts, and the JUMPs that end the
    alternatives of a BRANCH must all lead just past it."""
    length = len(code)
    if length == 0:
        raise RSREError("empty pattern code")
    for word in code:
        if word < 0 or word > 4294967295:
            raise RSREError("invalid pattern code: word out of range")
    op_starts = {}
    jump_targets = []
    jump_sources = []
    # blocks to check, with whether an UNTIL may end them
    starts = [0]
    ends = [length]
    in_repeat = [0]
    while len(starts) > 0:
        pc = starts.pop()
        end = ends.pop()
        repeat_depth = in_repeat.pop()
        while pc < end:
            op_starts[pc] = True
            op = code[pc]
            next_pc = -1  # where execution continues; -1: it stops here
            if op == OPCODE_SUCCESS or op == OPCODE_FAILURE:
                pc += 1
                continue
            elif op == OPCODE_MAX_UNTIL or op == OPCODE_MIN_UNTIL:
                if repeat_depth == 0:
                    _fail("UNTIL outside of a REPEAT", pc)
                next_pc = pc + 1
            elif op == OPCODE_ANY or op == OPCODE_ANY_ALL:
                next_pc = pc + 1
            elif (
                op == OPCODE_LITERAL
                or op == OPCODE_NOT_LITERAL
                or op == OPCODE_LITERAL_IGNORE
                or op == OPCODE_NOT_LITERAL_IGNORE
                or op == OPCODE_LITERAL_UNI_IGNORE
                or op == OPCODE_NOT_LITERAL_UNI_IGNORE
                or op == OPCODE_LITERAL_LOC_IGNORE
                or op == OPCODE_NOT_LITERAL_LOC_IGNORE
            ):
                _need(code, pc, 2, end)
                next_pc = pc + 2
            elif op == OPCODE_CATEGORY:
                _need(code, pc, 2, end)
                if not 0 <= code[pc + 1] < NUM_CATEGORIES:
                    _fail("bad category", pc)
                next_pc = pc + 2
            elif op == OPCODE_AT:
                _need(code, pc, 2, end)
                if not 0 <= code[pc + 1] < NUM_AT_CODES:
                    _fail("bad AT code", pc)
                next_pc = pc + 2
            elif op == OPCODE_MARK:
                _need(code, pc, 2, end)
                if code[pc + 1] >= length:
                    _fail("mark number too large", pc)
                next_pc = pc + 2
            elif (
                op == OPCODE_GROUPREF
                or op == OPCODE_GROUPREF_IGNORE
                or op == OPCODE_GROUPREF_UNI_IGNORE
                or op == OPCODE_GROUPREF_LOC_IGNORE
            ):
                _need(code, pc, 2, end)
                if code[pc + 1] >= length:
                    _fail("group number too large", pc)
                next_pc = pc + 2
            elif (
                op == OPCODE_IN
                or op == OPCODE_IN_IGNORE
                or op == OPCODE_IN_UNI_IGNORE
                or op == OPCODE_IN_LOC_IGNORE
            ):
                _need(code, pc, 2, end)
                target = _skip_target(code, pc + 1, end)
                if validate_charset(code, pc + 2, target) != target:
                    _fail("set does not fill its skip", pc)
                next_pc = target
            elif op == OPCODE_INFO:
                _need(code, pc, 5, end)
                target = _skip_target(code, pc + 1, end)
                flags = code[pc + 2]
                if flags & SRE_INFO_PREFIX:
                    _need(code, pc, 7, target)
                    _need(code, pc + 7, 2 * code[pc + 5], target)
                elif flags & SRE_INFO_CHARSET:
                    validate_charset(code, pc + 5, target)
                next_pc = target
            elif op == OPCODE_JUMP:
                _need(code, pc, 2, end)
                jump_targets.append(_skip_target(code, pc + 1, length))
                jump_sources.append(pc)
                next_pc = pc + 2
            elif op == OPCODE_BRANCH:
                # alternatives: skip word, code ending in JUMP, ..., 0
                _need(code, pc, 2, end)
                alt = pc + 1
                alt_jumps = []
                while True:
                    _need(code, alt, 1, end)
                    if code[alt] == 0:
                        break
                    nxt = _skip_target(code, alt, end)
                    if nxt - 2 <= alt or code[nxt - 2] != OPCODE_JUMP:
                        _fail("alternative does not end with JUMP", alt)
                    op_starts[nxt - 2] = True
                    starts.append(alt + 1)
                    ends.append(nxt - 2)
                    in_repeat.append(repeat_depth)
                    alt_jumps.append(_skip_target(code, nxt - 1, length))
                    alt = nxt
                for target in alt_jumps:
                    if target != alt + 1:
                        _fail("alternative does not jump past the branch", pc)
                next_pc = alt + 1
            elif (
                op == OPCODE_REPEAT_ONE
                or op == OPCODE_MIN_REPEAT_ONE
                or op == OPCODE_POSSESSIVE_REPEAT_ONE
            ):
                _need(code, pc, 5, end)
                target = _skip_target(code, pc + 1, end)
                if code[pc + 2] > code[pc + 3]:
                    _fail("min above max", pc)
                width = single_char_width(code, pc + 4)
                if (
                    width == 0
                    or pc + 4 + width != target - 1
                    or code[target - 1] != OPCODE_SUCCESS
                ):
                    _fail("repeated item is not one character", pc)
                starts.append(pc + 4)
                ends.append(target - 1)
                in_repeat.append(repeat_depth)
                next_pc = target
            elif op == OPCODE_REPEAT or op == OPCODE_POSSESSIVE_REPEAT:
                _need(code, pc, 4, end)
                until = _skip_target(code, pc + 1, end)
                if code[pc + 2] > code[pc + 3]:
                    _fail("min above max", pc)
                _need(code, until, 1, end)
                op_starts[until] = True
                if op == OPCODE_REPEAT:
                    if (
                        code[until] != OPCODE_MAX_UNTIL
                        and code[until] != OPCODE_MIN_UNTIL
                    ):
                        _fail("REPEAT not closed by an UNTIL", pc)
                    in_repeat.append(repeat_depth + 1)
                else:
                    if code[until] != OPCODE_SUCCESS:
                        _fail("possessive body not closed by SUCCESS", pc)
                    in_repeat.append(0)
                starts.append(pc + 4)
                ends.append(until)
                next_pc = until + 1
            elif op == OPCODE_ATOMIC_GROUP:
                _need(code, pc, 2, end)
                target = _skip_target(code, pc + 1, end)
                starts.append(pc + 2)
                ends.append(target)
                in_repeat.append(0)
                next_pc = target
            elif op == OPCODE_ASSERT or op == OPCODE_ASSERT_NOT:
                _need(code, pc, 3, end)
                target = _skip_target(code, pc + 1, end)
                starts.append(pc + 3)
                ends.append(target)
                in_repeat.append(0)
                next_pc = target
            elif op == OPCODE_GROUPREF_EXISTS:
                _need(code, pc, 3, end)
                if code[pc + 1] >= length:
                    _fail("group number too large", pc)
                # the "no" branch is at pc + 1 + skip (the skip word is
                # at pc + 2)
                target = pc + 1 + code[pc + 2]
                if code[pc + 2] < 2 or target > end:
                    _fail("skip out of range", pc)
                jump_targets.append(target)
                jump_sources.append(pc)
                next_pc = pc + 3
            else:
                _fail("unknown opcode %d" % op, pc)
            if next_pc >= length:
                _fail("execution runs past the end", pc)
            pc = next_pc
    i = 0
    while i < len(jump_targets):
        target = jump_targets[i]
        if target >= length or target not in op_starts:
            _fail("jump into the middle of an op", jump_sources[i])
        i += 1
